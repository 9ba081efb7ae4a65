// ECharts, only the parts we use (tree-shaken).
import * as echarts from "echarts/core";
import { LineChart, PieChart } from "echarts/charts";
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";

echarts.use([LineChart, PieChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, CanvasRenderer]);

export type Chart = echarts.ECharts;

/** ECharts' default palette, named so a queue's forecast can take its actual line's colour. */
export const PALETTE = ["#5470c6", "#91cc75", "#fac858", "#ee6666", "#73c0de", "#3ba272", "#fc8452", "#9a60b4", "#ea7ccc"];

const charts: Record<string, Chart> = {};
let dark = false;
// Tests read the rendered series from here.
(window as unknown as { __charts: Record<string, Chart> }).__charts = charts;

export function chart(id: string): Chart {
  if (!charts[id]) {
    charts[id] = echarts.init(document.getElementById(id)!, dark ? "dark" : undefined, { renderer: "canvas" });
    // Updated every second or so: animating each update would never settle.
    charts[id].setOption({ animation: false, backgroundColor: "transparent" });
    window.addEventListener("resize", () => charts[id]?.resize());
  }
  return charts[id];
}

/** Light or dark charts: every chart is made again on its next draw (the caller redraws). */
export function setChartTheme(toDark: boolean): void {
  if (toDark === dark) return;
  dark = toDark;
  for (const id of Object.keys(charts)) {
    charts[id].dispose();
    delete charts[id];
  }
}
