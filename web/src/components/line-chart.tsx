/**
 * Figures over time as lines, drawn as SVG by hand (as ranking-chart.tsx draws its bars): days
 * along the bottom, a whole-number scale up the side, one line per series told apart by colour
 * AND by dash pattern and marker (never by colour alone). It is drawn at the width of its box
 * (measured, and again when the box changes), so its text stays readable on a phone rather than
 * shrinking with a scaled picture; it is one image to screen readers (its summary), and the page
 * gives the figures as a table beside it (its text alternative).
 */
import type { RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { formatNumber } from '../format.ts';
import { currentLocale } from '../i18n.ts';

export interface LineSeries {
  label: string;
  values: number[];
  /** 0–5: colour, dash and marker of the line. */
  style: number;
}

/** The width drawn before the box is measured, and the bounds of the width drawn. */
const DEFAULT_W = 640;
const MIN_W = 260;
const MAX_W = 1200;
const PAD = { left: 44, right: 12, top: 12, bottom: 34 };
const COLOURS = ['#2747d6', '#167a45', '#b42318', '#8a5a00', '#6b3fa0', '#0f6e7a'];
const DASHES = ['', '6 4', '2 3', '10 3 2 3', '1 5', '8 6'];

/** A round number of steps (1, 2, 5 × 10ⁿ) that covers `max` in about four. */
export function niceTicks(max: number): number[] {
  if (max <= 0) return [0, 1];
  const raw = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? magnitude * 10);
  const ticks: number[] = [];
  for (let t = 0; t <= max + step / 2 && ticks.length < 12; t += step) ticks.push(t);
  if (ticks.at(-1)! < max) ticks.push(ticks.at(-1)! + step);
  return ticks;
}

/** `2026-12-03` as `3 Dec` (`3 déc.`, `3. Dez.`: in the reader's language). */
export const shortDay = (day: string) => new Date(`${day}T00:00:00Z`).toLocaleDateString(currentLocale() === 'en' ? 'en-GB' : currentLocale(), { day: 'numeric', month: 'short', timeZone: 'UTC' });

/** The content width of the element, followed as it changes. */
function useWidth<T extends HTMLElement>(): [RefObject<T>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(DEFAULT_W);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const measure = () => setWidth(Math.round(el.clientWidth));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

export function LineChart({ days, series, caption, summary, describedBy }: { days: string[]; series: LineSeries[]; caption: string; summary: string; describedBy?: string }) {
  const [box, measured] = useWidth<HTMLDivElement>();
  const W = Math.max(MIN_W, Math.min(MAX_W, measured || DEFAULT_W));
  const H = W < 480 ? 200 : 240;
  const max = Math.max(0, ...series.flatMap((s) => s.values));
  const ticks = niceTicks(max);
  const top = ticks.at(-1)!;
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (days.length <= 1 ? plotW / 2 : (i / (days.length - 1)) * plotW);
  const y = (v: number) => PAD.top + plotH - (v / top) * plotH;
  // About one date label per 110 px, whatever the number of days (the first and the last among them).
  const every = Math.max(1, Math.ceil(days.length / Math.max(2, Math.floor(plotW / 110))));
  const labelled = days.map((_, i) => i).filter((i) => i % every === 0 || i === days.length - 1);
  if (labelled.length > 1 && labelled.at(-1)! - labelled.at(-2)! < every / 2) labelled.splice(-2, 1);
  const markers = days.length <= 45;
  return (
    <figure class="line-chart">
      <figcaption>{caption}</figcaption>
      <div ref={box} class="line-chart-box">
      <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={summary} aria-describedby={describedBy} class="line-chart-svg">
        <g aria-hidden="true">
          {ticks.map((t) => (
            <g key={t}>
              <line x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} class={t === 0 ? 'line-chart-axis' : 'line-chart-grid'} />
              <text x={PAD.left - 6} y={y(t) + 4} text-anchor="end" class="line-chart-tick">
                {formatNumber(t)}
              </text>
            </g>
          ))}
          {labelled.map((i) => (
            <text key={days[i]} x={x(i)} y={H - PAD.bottom + 18} text-anchor={i === 0 && days.length > 1 ? 'start' : i === days.length - 1 && days.length > 1 ? 'end' : 'middle'} class="line-chart-tick">
              {shortDay(days[i]!)}
            </text>
          ))}
          {series.map((s) => {
            const colour = COLOURS[s.style % COLOURS.length];
            const points = s.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
            return (
              <g key={s.label} class="line-chart-series" data-series={s.label}>
                <polyline points={points} fill="none" stroke={colour} stroke-width="2.5" stroke-dasharray={DASHES[s.style % DASHES.length]} stroke-linejoin="round" />
                {markers && s.values.map((v, i) => <Marker key={i} shape={s.style} cx={x(i)} cy={y(v)} colour={colour!} />)}
              </g>
            );
          })}
        </g>
      </svg>
      </div>
      <ul class="line-chart-legend" aria-hidden="true">
        {series.map((s) => (
          <li key={s.label}>
            <svg viewBox="0 0 28 10" width="28" height="10">
              <line x1="1" x2="27" y1="5" y2="5" stroke={COLOURS[s.style % COLOURS.length]} stroke-width="2.5" stroke-dasharray={DASHES[s.style % DASHES.length]} />
              <Marker shape={s.style} cx={14} cy={5} colour={COLOURS[s.style % COLOURS.length]!} />
            </svg>
            {s.label} <strong>{formatNumber(s.values.at(-1) ?? 0)}</strong>
          </li>
        ))}
      </ul>
    </figure>
  );
}

function Marker({ shape, cx, cy, colour }: { shape: number; cx: number; cy: number; colour: string }) {
  switch (shape % 3) {
    case 0:
      return <circle cx={cx} cy={cy} r="3" fill={colour} />;
    case 1:
      return <rect x={cx - 3} y={cy - 3} width="6" height="6" fill={colour} />;
    default:
      return <path d={`M${cx} ${cy - 3.5} L${cx + 3.5} ${cy + 3} L${cx - 3.5} ${cy + 3} Z`} fill={colour} />;
  }
}
