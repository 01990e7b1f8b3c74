// Reads a QR code on a page as a scanner would: draws the picture onto a canvas and decodes it.
import jsQR from 'jsqr';
import type { Page } from 'playwright-core';

/** A printed poster's QR code, drawn inline as SVG. */
export function decodePosterQr(page: Page, selector = '.poster__qr svg'): Promise<string | null> {
  return decodeQr(page, selector, 'svg');
}

/** The QR code an <img> shows (the receipt's, an SVG as a data: URL). */
export function decodeImageQr(page: Page, selector: string): Promise<string | null> {
  return decodeQr(page, selector, 'img');
}

async function decodeQr(page: Page, selector: string, kind: 'svg' | 'img'): Promise<string | null> {
  const size = 400;
  const pixels = await page.evaluate(
    async ({ side, pictureSelector, pictureKind }) => {
      const picture = document.querySelector(pictureSelector)!;
      const image = new Image();
      image.src =
        pictureKind === 'img'
          ? (picture as HTMLImageElement).src
          : `data:image/svg+xml;base64,${btoa(new XMLSerializer().serializeToString(picture))}`;
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
    { side: size, pictureSelector: selector, pictureKind: kind },
  );
  // jsqr is CommonJS: its function is the default export's `default` for TypeScript (and at run time too).
  return jsQR.default(Uint8ClampedArray.from(pixels), size, size)?.data ?? null;
}
