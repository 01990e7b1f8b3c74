// Chart geometry for SVG drawn at build time: scales from d3-scale and paths from d3-shape, so
// no page hand-computes axes. Every chart is also given as a table and a sentence on its page.
import { scaleBand, scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';

export interface ChartSize {
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
}

export const DEFAULT_SIZE: ChartSize = { width: 640, height: 260, margin: { top: 16, right: 12, bottom: 40, left: 40 } };

export interface BarSeries {
  label: string;
  /** A CSS class for the fill (colours live in global.css). */
  className: string;
  values: number[];
}

export interface GroupedBars {
  size: ChartSize;
  bars: { x: number; y: number; width: number; height: number; className: string; value: number }[];
  xTicks: { x: number; label: string }[];
  yTicks: { y: number; label: string }[];
  /** A line over the last series (for trends), as an SVG path; null with fewer than two points. */
  trend: string | null;
}

/** Vertical bars, one group per category label, one bar per series. */
export function groupedBars(labels: readonly string[], series: readonly BarSeries[], size: ChartSize = DEFAULT_SIZE): GroupedBars {
  const { width, height, margin } = size;
  const x = scaleBand<string>().domain(labels).range([margin.left, width - margin.right]).paddingInner(0.2).paddingOuter(0.1);
  const inner = scaleBand<string>().domain(series.map((s) => s.label)).range([0, x.bandwidth()]).padding(0.05);
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const y = scaleLinear().domain([0, max]).nice().range([height - margin.bottom, margin.top]);
  const bars = series.flatMap((s) =>
    s.values.map((value, index) => ({
      x: (x(labels[index]!) ?? 0) + (inner(s.label) ?? 0),
      y: y(value),
      width: inner.bandwidth(),
      height: y(0) - y(value),
      className: s.className,
      value,
    })),
  );
  const yTicks = y.ticks(Math.min(5, max)).filter((tick) => Number.isInteger(tick)).map((tick) => ({ y: y(tick), label: String(tick) }));
  const xTicks = labels.map((label) => ({ x: (x(label) ?? 0) + x.bandwidth() / 2, label }));
  const last = series.at(-1);
  const trend =
    last && last.values.length > 1
      ? line<number>()
          .x((_value, index) => (x(labels[index]!) ?? 0) + x.bandwidth() / 2)
          .y((value) => y(value))(last.values)
      : null;
  return { size, bars, xTicks, yTicks, trend };
}

export interface HorizontalBars {
  width: number;
  height: number;
  rows: { label: string; y: number; barWidth: number; value: number; labelX: number; barX: number; barHeight: number }[];
}

/** Horizontal bars with their labels on the left, one per row. */
export function horizontalBars(rows: readonly { label: string; value: number }[], width = 640, rowHeight = 28, labelWidth = 150): HorizontalBars {
  const height = rows.length * rowHeight + 8;
  const max = Math.max(1, ...rows.map((row) => row.value));
  const x = scaleLinear().domain([0, max]).range([0, width - labelWidth - 48]);
  const y = scaleBand<number>().domain(rows.map((_row, index) => index)).range([4, height - 4]).padding(0.2);
  return {
    width,
    height,
    rows: rows.map((row, index) => ({
      label: row.label,
      value: row.value,
      y: y(index) ?? 0,
      barHeight: y.bandwidth(),
      barX: labelWidth,
      barWidth: x(row.value),
      labelX: labelWidth - 8,
    })),
  };
}
