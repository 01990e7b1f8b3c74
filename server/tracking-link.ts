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
 * time of the QR code, for a symbol no smaller. The SVG is the package's text, written below
 * without its garbage (tests/unit/tracking-qr.test.ts; tests/bench/PERFORMANCE.md, Serving, "what
 * an opinion allocates").
 */
export function trackingQrSvg(url: string): Promise<string> {
  return Promise.resolve(qrSvgOf(trackingQrSegments(url)));
}

/** The link as QR segments: byte mode, with its long alphanumeric runs in that mode. */
export function trackingQrSegments(url: string): QRCodeSegment[] {
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

/** Level M and a quiet zone, as on the posters. */
const QR_OPTIONS = { errorCorrectionLevel: 'M', margin: 4 } as const;

// The path is written as ASCII into this buffer (grown when a symbol needs more) and read out as
// one string: the package's renderer builds it from a string per module run, about 50 KB of
// garbage per receipt.
let pathBytes = new Uint8Array(16 * 1024);

function writeNumber(bytes: Uint8Array, at: number, value: number): number {
  if (value >= 10) at = writeNumber(bytes, at, Math.floor(value / 10));
  bytes[at] = 48 + (value % 10);
  return at + 1;
}

/**
 * The package's SVG of a QR code (the same text as QRCode.toString with these options and colours):
 * one white square, then each row's runs of dark modules as one stroked path.
 */
function qrSvgOf(segments: QRCodeSegment[]): string {
  const { modules } = QRCode.create(segments, { errorCorrectionLevel: QR_OPTIONS.errorCorrectionLevel });
  const { size, data } = modules;
  const margin = QR_OPTIONS.margin;
  // At most: an absolute move per row, and a relative move and a line per two modules.
  const bound = size * size * 4 + size * 16;
  if (pathBytes.length < bound) pathBytes = new Uint8Array(bound);
  const bytes = pathBytes;
  let at = 0;
  for (let row = 0; row < size; row++) {
    let gap = 0;
    let rowStarted = false;
    for (let column = 0; column < size; column++) {
      if (!data[row * size + column]) {
        gap++;
        continue;
      }
      const runStart = column;
      while (column + 1 < size && data[row * size + column + 1]) column++;
      if (!rowStarted) {
        // M<x> <y>.5: the stroke runs along the middle of the row.
        bytes[at++] = 77;
        at = writeNumber(bytes, at, runStart + margin);
        bytes[at++] = 32;
        at = writeNumber(bytes, at, row + margin);
        bytes[at++] = 46;
        bytes[at++] = 53;
        rowStarted = true;
      } else {
        // m<gap> 0 from the end of the last run.
        bytes[at++] = 109;
        at = writeNumber(bytes, at, gap);
        bytes[at++] = 32;
        bytes[at++] = 48;
      }
      bytes[at++] = 104;
      at = writeNumber(bytes, at, column - runStart + 1);
      gap = 0;
    }
  }
  const path = Buffer.from(bytes.buffer, bytes.byteOffset, at).toString('latin1');
  const side = size + margin * 2;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${side} ${side}" shape-rendering="crispEdges"><path fill="#ffffff" d="M0 0h${side}v${side}H0z"/><path stroke="#000000" d="${path}"/></svg>\n`;
}
