// The submitter's own tracking link, for the receipt: the tracking page with the code and secret in
// the fragment, which browsers never send to a server (so it reaches no log, no Referer), and which
// the tracking page's island reads to look the opinion up at once. Scanned from the receipt's QR
// code, or saved as a bookmark or home-screen icon, it opens the progress in one tap.
// The QR code is drawn here as SVG with the same package and settings as the posters' (no script,
// no other origin); the receipt shows it as an image.
import QRCode, { type QRCodeSegment } from 'qrcode';

export function trackingLink(publicBaseUrl: string, trackingCode: string, secret: string): string {
  return `${publicBaseUrl}/track/#code=${encodeURIComponent(trackingCode)}&secret=${encodeURIComponent(secret)}`;
}

/**
 * Runs of characters the QR code's alphanumeric mode holds (digits, capitals, space and $%*+-./:),
 * long enough that the mode's 5.5 bits a character pay for leaving byte mode and coming back
 * (25–35 bits of headers): the tracking code (FK20261207-AB3D) and an address such as
 * 10.20.30.40:8080/.
 */
const ALPHANUMERIC_RUN = /[0-9A-Z $%*+\-./:]{14,}/g;

/**
 * Level M and a quiet zone, as on the posters: it survives a phone photographing another's screen.
 * The link goes in as byte-mode segments (it is ASCII: encodeURIComponent) with its long
 * alphanumeric runs in that mode. Given a plain string, the package itself searches every way of
 * splitting it into numeric, alphanumeric and byte segments (a graph solved with Dijkstra's
 * algorithm, per receipt): that search was 60% of what a submitted opinion allocated and half the
 * time of the QR code, for a symbol no smaller (tests/unit/tracking-qr.test.ts; tests/bench/PERFORMANCE.md,
 * Memory, "The receipt's QR code").
 */
export function trackingQrSvg(url: string): Promise<string> {
  return QRCode.toString(qrSegments(url), { type: 'svg', errorCorrectionLevel: 'M', margin: 4, color: { dark: '#000000', light: '#ffffff' } });
}

function qrSegments(url: string): QRCodeSegment[] {
  const segments: QRCodeSegment[] = [];
  let from = 0;
  for (const run of url.matchAll(ALPHANUMERIC_RUN)) {
    if (run.index > from) segments.push({ data: Buffer.from(url.slice(from, run.index)), mode: 'byte' });
    segments.push({ data: run[0], mode: 'alphanumeric' });
    from = run.index + run[0].length;
  }
  if (from < url.length) segments.push({ data: Buffer.from(url.slice(from)), mode: 'byte' });
  return segments;
}
