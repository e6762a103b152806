import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * The only module that touches uPlot: its browser build and stylesheet are read from the
 * installed package and inlined into the page, so the page loads nothing from anywhere else
 * (no CDN, works offline, and the static report is one self-contained file).
 */
export interface ChartAssets {
  script: string;
  css: string;
}

let cached: ChartAssets | undefined;

export function chartAssets(): ChartAssets {
  if (cached === undefined) {
    const require = createRequire(import.meta.url);
    const read = (file: string): string => readFileSync(require.resolve(`uplot/dist/${file}`), 'utf8');
    // `</script` cannot occur in minified JS outside strings, but the page is inlined: make sure.
    cached = { script: read('uPlot.iife.min.js').replaceAll('</script', '<\\/script'), css: read('uPlot.min.css') };
  }
  return cached;
}
