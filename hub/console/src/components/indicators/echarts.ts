import { use, init, type ECharts } from 'echarts/core';
import { BarChart, HeatmapChart } from 'echarts/charts';
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
// The canvas renderer, not the SVG one: the SVG renderer may put a `<style>` element (its CSS
// animations) into the page, which the console's CSP (style-src 'self', no 'unsafe-inline')
// refuses; the canvas renderer sets styles through the CSSOM only, which the CSP does not govern
// (the spec's CSP watch holds it to that). A canvas says nothing to a screen reader: the table
// under each chart carries its figures.
import { CanvasRenderer } from 'echarts/renderers';

/**
 * ECharts with only what the indicator charts use (tree-shaken). The page imports this module
 * dynamically, so the console's first load carries none of it.
 */
use([
  BarChart,
  HeatmapChart,
  AriaComponent,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

/** A chart drawn in `element` (an empty block with a size), in the canvas renderer. */
export function createChart(element: HTMLElement): ECharts {
  return init(element, null, { renderer: 'canvas' });
}

export type { ECharts };
