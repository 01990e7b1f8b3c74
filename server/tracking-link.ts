// The submitter's own tracking link, for the receipt: the tracking page with the code and secret in
// the fragment, which browsers never send to a server (so it reaches no log, no Referer), and which
// the tracking page's island reads to look the opinion up at once. Scanned from the receipt's QR
// code, or saved as a bookmark or home-screen icon, it opens the progress in one tap.
// The QR code is drawn here as SVG with the same package and settings as the posters' (no script,
// no other origin); the receipt shows it as an image.
import QRCode from 'qrcode';

export function trackingLink(publicBaseUrl: string, trackingCode: string, secret: string): string {
  return `${publicBaseUrl}/track/#code=${encodeURIComponent(trackingCode)}&secret=${encodeURIComponent(secret)}`;
}

/** Level M and a quiet zone, as on the posters: it survives a phone photographing another's screen. */
export function trackingQrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 4, color: { dark: '#000000', light: '#ffffff' } });
}
