// Renders a vega-lite spec to SVG (vega, headless) and then to PNG (resvg) with the DejaVu fonts shipped from npm.
import { createRequire } from 'node:module';
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { CHART_FONT } from './chart-config.ts';

export { CHART_FONT, chartConfig } from './chart-config.ts';

const require = createRequire(import.meta.url);
// resvg draws no text without a font and a fresh machine may have none: always pass these files explicitly.
const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => require.resolve(`dejavu-fonts-ttf/ttf/${f}`));

export interface RenderedChart {
  svg: string;
  png: Buffer;
  width: number;
  height: number;
}

/** Compiles and renders a vega-lite spec; `scale` enlarges the PNG for sharper text (2 = twice the SVG size). */
export async function renderVegaLite(spec: TopLevelSpec, scale = 2): Promise<RenderedChart> {
  const vgSpec = compile(spec).spec;
  const view = new vega.View(vega.parse(vgSpec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    const resvg = new Resvg(svg, {
      font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: CHART_FONT },
      fitTo: { mode: 'zoom', value: scale },
      background: 'white',
    });
    const image = resvg.render();
    return { svg, png: image.asPng(), width: image.width, height: image.height };
  } finally {
    view.finalize();
  }
}

/** Compiles and renders a vega-lite spec to SVG only (a web page draws it; no PNG is made). */
export async function renderVegaLiteSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
