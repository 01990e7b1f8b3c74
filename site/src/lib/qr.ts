// QR codes for printed posters, drawn as SVG at build time (no script, no other origin).
import QRCode from 'qrcode';

/** Level M survives a crease or a smudge on a printed page; the margin is the quiet zone scanners need. */
export function posterQrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 4, color: { dark: '#000000', light: '#ffffff' } });
}
