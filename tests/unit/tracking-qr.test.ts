// The receipt's QR code (server/tracking-link.ts): a scanner reads the tracking link from it, and
// the segments chosen without the package's search never make a larger symbol than that search, and
// the SVG written without the package's renderer is the renderer's text.
import jsQR from 'jsqr';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { newSecret, newTrackingCode } from '../../server/domain/tracking-code.ts';
import { trackingLink, trackingQrSegments, trackingQrSvg } from '../../server/tracking-link.ts';

const SCALE = 4;

/** Draws the SVG's one dark path (M, m and h commands, as the package writes it) and decodes it as a scanner would. */
function decodeSvg(svg: string): string | null {
  const side = Number(/viewBox="0 0 (\d+) \1"/.exec(svg)![1]);
  const path = /<path stroke="#000000" d="([^"]*)"/.exec(svg)![1]!;
  const width = side * SCALE;
  const pixels = new Uint8ClampedArray(width * width * 4).fill(255);
  let x = 0;
  let y = 0;
  for (const [, command, first, second] of path.matchAll(/([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?/g)) {
    if (command === 'M') [x, y] = [Number(first), Number(second)];
    else if (command === 'm') x += Number(first);
    else {
      // A stroke one module wide along the row whose middle is y.
      const row = Math.floor(y);
      for (let column = x; column < x + Number(first); column++)
        for (let dy = 0; dy < SCALE; dy++)
          for (let dx = 0; dx < SCALE; dx++) pixels.fill(0, ((row * SCALE + dy) * width + column * SCALE + dx) * 4, ((row * SCALE + dy) * width + column * SCALE + dx) * 4 + 3);
      x += Number(first);
    }
  }
  return jsQR.default(pixels, width, width)?.data ?? null;
}

const modules = (svg: string) => Number(/viewBox="0 0 (\d+)/.exec(svg)![1]);

// Addresses of every length a bureau might have, across the symbol versions' boundaries, with a
// port, an IP address (a long alphanumeric run) and the local default.
const BASES = ['http://localhost:4321', 'http://10.20.30.40:8080', 'https://jyj.example.gov.cn', ...Array.from({ length: 30 }, (_, index) => `https://edu.example.gov.cn/${'p'.repeat(20 + index * 6)}`)];

describe("the receipt's QR code", () => {
  it('reads back as the tracking link, at every address length', async () => {
    for (const base of BASES) {
      const url = trackingLink(base, newTrackingCode(new Date()), newSecret());
      expect(decodeSvg(await trackingQrSvg(url))).toBe(url);
    }
  });

  it("is never larger than the symbol of the package's own search for the best segments", async () => {
    for (const base of BASES) {
      for (let index = 0; index < 8; index++) {
        const url = trackingLink(base, newTrackingCode(new Date()), newSecret());
        const searched = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
        expect(modules(await trackingQrSvg(url)), url).toBeLessThanOrEqual(modules(searched));
      }
    }
  });

  it("is, character for character, the package's own SVG of the same segments", async () => {
    for (const base of BASES) {
      const url = trackingLink(base, newTrackingCode(new Date()), newSecret());
      const packages = await QRCode.toString(trackingQrSegments(url), { type: 'svg', errorCorrectionLevel: 'M', margin: 4, color: { dark: '#000000', light: '#ffffff' } });
      expect(await trackingQrSvg(url)).toBe(packages);
    }
  });

  it('is smaller than all in byte mode where the tracking code tips the version', async () => {
    // At this length the alphanumeric tracking code keeps the link in version 8 (49 modules and
    // the quiet zone); in byte mode alone it needs version 9.
    const url = trackingLink('https://edu.some-very-long-county-name.example.gov.cn/portal/zuofeng-zhenggai', 'FK20261208-88UQ', 'wds6nc69t3');
    const byteOnly = await QRCode.toString([{ data: Buffer.from(url), mode: 'byte' }], { type: 'svg', errorCorrectionLevel: 'M', margin: 4 });
    expect(modules(await trackingQrSvg(url))).toBe(53);
    expect(modules(byteOnly)).toBe(57);
  });
});
