import { useEffect, useRef, useState } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { themeStore } from "../../state/theme";
import { useStore } from "../common/useStore";

interface LineChartProps {
  /** Read out instead of the drawing; the numbers are in a table beside it too. */
  label: string;
  /** Days as Unix seconds (UTC midnight). */
  days: number[];
  values: number[];
  /** A CSS custom property of the theme, e.g. "--accent". */
  color: string;
}

/** The theme's colour as the browser resolves it now (custom properties hold light-dark() unresolved). */
function resolve(probe: HTMLElement, variable: string): string {
  probe.style.color = `var(${variable})`;
  return getComputedStyle(probe).color;
}

/** One series per day, drawn with uPlot to the width of its box, in the colours of the current theme. */
export function LineChart({ label, days, values, color }: LineChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const probe = useRef<HTMLSpanElement>(null);
  const theme = useStore(themeStore);
  const [systemDark, setSystemDark] = useState(() => window.matchMedia("(prefers-color-scheme: dark)").matches);

  useEffect(() => {
    const query = window.matchMedia("(prefers-color-scheme: dark)");
    const follow = () => setSystemDark(query.matches);
    query.addEventListener("change", follow);
    return () => query.removeEventListener("change", follow);
  }, []);

  useEffect(() => {
    const element = box.current!;
    const line = resolve(probe.current!, color);
    const text = resolve(probe.current!, "--muted");
    const grid = resolve(probe.current!, "--border");
    const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
    const chart = new uPlot(
      {
        width: Math.max(element.clientWidth, 200),
        height: 200,
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, Math.ceil(max * 1.1))] } },
        axes: [
          { ...axis, space: 60 },
          { ...axis, size: 44 },
        ],
        series: [{}, { label, stroke: line, width: 2, fill: `color-mix(in srgb, ${line} 18%, transparent)`, points: { size: 5 } }],
      },
      [days, values],
      element,
    );
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(element.clientWidth, 200), height: 200 }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [days, values, color, label, theme, systemDark]);

  return (
    <figure className="admin-chart">
      <figcaption>{label}</figcaption>
      <span ref={probe} hidden />
      <div ref={box} className="admin-chart-plot" role="img" aria-label={`${label}, last ${days.length} days: ${values.at(-1) ?? 0} today`} />
    </figure>
  );
}
