// SVG -> PNG through resvg, with the DejaVu font files of the `dejavu-fonts-ttf` dependency passed explicitly:
// resvg draws no text at all when it finds no font (TOOLCHAIN.md §4), so system fonts are never relied on.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';

export function fontFiles(): string[] {
  const dir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  return ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => join(dir, f));
}

/** The PNG of an SVG, `width` pixels wide; `fonts: false` renders with no font at all (for the text test). */
export function svgToPng(svg: string, width = 1440, fonts = true): Buffer {
  const r = new Resvg(svg, {
    background: 'white',
    fitTo: { mode: 'width', value: width },
    font: { loadSystemFonts: false, fontFiles: fonts ? fontFiles() : [], defaultFontFamily: 'DejaVu Sans' },
  });
  return r.render().asPng();
}

/** Raw RGBA pixels of an SVG render (tests look for text pixels in a region). */
export function svgToPixels(
  svg: string,
  width: number,
  fonts = true,
): { width: number; height: number; pixels: Buffer } {
  const r = new Resvg(svg, {
    background: 'white',
    fitTo: { mode: 'width', value: width },
    font: { loadSystemFonts: false, fontFiles: fonts ? fontFiles() : [], defaultFontFamily: 'DejaVu Sans' },
  });
  const img = r.render();
  return { width: img.width, height: img.height, pixels: Buffer.from(img.pixels) };
}
