// Reads a printed poster's QR code as a scanner would: draws the page's SVG onto a canvas and decodes it.
import jsQR from 'jsqr';
import type { Page } from 'playwright-core';

export async function decodePosterQr(page: Page, selector = '.poster__qr svg'): Promise<string | null> {
  const size = 400;
  const pixels = await page.evaluate(
    async ({ side, svgSelector }) => {
      const svg = document.querySelector(svgSelector)!;
      const image = new Image();
      image.src = `data:image/svg+xml;base64,${btoa(new XMLSerializer().serializeToString(svg))}`;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = side;
      canvas.height = side;
      const context2d = canvas.getContext('2d')!;
      context2d.fillStyle = '#fff';
      context2d.fillRect(0, 0, side, side);
      context2d.drawImage(image, 0, 0, side, side);
      return Array.from(context2d.getImageData(0, 0, side, side).data);
    },
    { side: size, svgSelector: selector },
  );
  // jsqr is CommonJS: its function is the default export's `default` for TypeScript (and at run time too).
  return jsQR.default(Uint8ClampedArray.from(pixels), size, size)?.data ?? null;
}

/** Reads the QR code an <img> shows (the receipt's, an SVG as a data: URL), as a scanner would. */
export async function decodeImageQr(page: Page, selector: string): Promise<string | null> {
  const size = 400;
  const pixels = await page.evaluate(
    async ({ side, imageSelector }) => {
      const shown = document.querySelector<HTMLImageElement>(imageSelector)!;
      const image = new Image();
      image.src = shown.src;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = side;
      canvas.height = side;
      const context2d = canvas.getContext('2d')!;
      context2d.fillStyle = '#fff';
      context2d.fillRect(0, 0, side, side);
      context2d.drawImage(image, 0, 0, side, side);
      return Array.from(context2d.getImageData(0, 0, side, side).data);
    },
    { side: size, imageSelector: selector },
  );
  return jsQR.default(Uint8ClampedArray.from(pixels), size, size)?.data ?? null;
}
