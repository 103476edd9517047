// Charts for the reports: inline SVG built node by node (no libraries, nothing parsed from
// strings), each one an image with a title and a description, always shown next to a table
// with the same numbers. Series differ by shape and by the words of the legend, not only colour.
import { h } from '../../shared/dom.js';

const NS = 'http://www.w3.org/2000/svg';
let serial = 0;

/** An SVG element; attributes as an object, children as nodes or text. */
export function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value !== null && value !== undefined && value !== false) el.setAttribute(key, String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** A round upper bound for an axis (1, 2, 5 × 10^n). */
export function niceMax(value) {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (value <= step * power) return step * power;
  return 10 * power;
}

/** An axis of four steps for counts: each step a whole, round number (1, 2, 5 × 10^n). */
function countMax(value) {
  return niceMax(Math.max(1, Math.ceil(value / 4))) * 4;
}

/** Every label when they fit, else every n-th (the table beside the chart has them all). */
function labelEvery(count, room) {
  return Math.max(1, Math.ceil(count / Math.max(1, room)));
}

/** The chart's <svg role="img"> with <title> and <desc> it is labelled by. */
function frame(width, height, title, description) {
  const id = `chart-${++serial}`;
  return svg('svg', {
    class: 'chart', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-labelledby': `${id}-title ${id}-desc`, focusable: 'false',
    preserveAspectRatio: 'xMinYMin meet',
  }, svg('title', { id: `${id}-title` }, title), svg('desc', { id: `${id}-desc` }, description));
}

function legend(series) {
  return h('ul', { class: 'chart-legend' }, series.map((s, i) =>
    h('li', {}, h('span', { class: `chart-key chart-key-${i}`, 'aria-hidden': 'true' }), s.name)));
}

/**
 * Vertical grouped bars: categories along the bottom (e.g. weeks), one bar per series.
 * { title, description, categories: [label], series: [{ name, values: [number] }], format(n) }
 */
export function columnChart({ title, description, categories, series, format = String, counts = false }) {
  const width = Math.max(360, 60 + categories.length * (series.length * 16 + 20));
  const height = 240;
  const left = 44;
  const bottom = 40;
  const top = 12;
  const plot = height - bottom - top;
  const highest = Math.max(0, ...series.flatMap((s) => s.values));
  const max = counts ? countMax(highest) : niceMax(highest);
  const chart = frame(width, height, title, description);
  const group = (width - left - 8) / Math.max(1, categories.length);
  const every = labelEvery(categories.length, Math.floor((width - left) / 56));
  const bar = Math.min(18, (group - 6) / series.length);
  for (let i = 0; i <= 4; i++) {
    const y = top + plot - (plot * i) / 4;
    chart.append(
      svg('line', { class: 'chart-grid', x1: left, x2: width - 4, y1: y, y2: y }),
      svg('text', { class: 'chart-axis', x: left - 6, y: y + 4, 'text-anchor': 'end' }, format((max * i) / 4)));
  }
  categories.forEach((label, c) => {
    const x0 = left + c * group + (group - bar * series.length) / 2;
    series.forEach((s, i) => {
      const value = s.values[c] ?? 0;
      const barHeight = (plot * value) / max;
      chart.append(svg('rect', {
        class: `chart-bar chart-s${i}`, x: x0 + i * bar, y: top + plot - barHeight, width: Math.max(1, bar - 2), height: barHeight,
      }, svg('title', {}, `${label} · ${s.name}: ${format(value)}`)));
    });
    if (c % every === 0) chart.append(svg('text', { class: 'chart-axis', x: left + c * group + group / 2, y: height - bottom + 16, 'text-anchor': 'middle' }, label));
  });
  chart.append(svg('line', { class: 'chart-baseline', x1: left, x2: width - 4, y1: top + plot, y2: top + plot }));
  return h('figure', { class: 'chart-figure' }, h('div', { class: 'chart-scroll' }, chart), legend(series));
}

/**
 * Lines over categories with a different marker per series (circle, square); missing values
 * (null) break the line. { title, description, categories, series, max, format }
 */
export function lineChart({ title, description, categories, series, max = null, format = String }) {
  const width = Math.max(360, 60 + categories.length * 48);
  const height = 240;
  const left = 44;
  const bottom = 40;
  const top = 12;
  const plot = height - bottom - top;
  const top100 = max ?? niceMax(Math.max(0, ...series.flatMap((s) => s.values.filter((v) => v !== null))));
  const chart = frame(width, height, title, description);
  const step = (width - left - 44) / Math.max(1, categories.length - 1);
  const x = (c) => left + 10 + (categories.length === 1 ? 0 : c * step);
  const y = (v) => top + plot - (plot * v) / top100;
  for (let i = 0; i <= 4; i++) {
    const value = (top100 * i) / 4;
    chart.append(
      svg('line', { class: 'chart-grid', x1: left, x2: width - 4, y1: y(value), y2: y(value) }),
      svg('text', { class: 'chart-axis', x: left - 6, y: y(value) + 4, 'text-anchor': 'end' }, format(value)));
  }
  const every = labelEvery(categories.length, Math.floor((width - left) / 56));
  categories.forEach((label, c) => {
    if (c % every === 0) chart.append(svg('text', { class: 'chart-axis', x: x(c), y: height - bottom + 16, 'text-anchor': 'middle' }, label));
  });
  series.forEach((s, i) => {
    let path = '';
    let pen = false;
    s.values.forEach((v, c) => {
      if (v === null || v === undefined) { pen = false; return; }
      path += `${pen ? 'L' : 'M'}${x(c).toFixed(1)},${y(v).toFixed(1)} `;
      pen = true;
    });
    if (path) chart.append(svg('path', { class: `chart-line chart-s${i}`, d: path.trim() }));
    s.values.forEach((v, c) => {
      if (v === null || v === undefined) return;
      const tip = svg('title', {}, `${categories[c]} · ${s.name}: ${format(v)}`);
      chart.append(i % 2 === 0
        ? svg('circle', { class: `chart-dot chart-s${i}`, cx: x(c), cy: y(v), r: 4 }, tip)
        : svg('rect', { class: `chart-dot chart-s${i}`, x: x(c) - 4, y: y(v) - 4, width: 8, height: 8 }, tip));
    });
  });
  chart.append(svg('line', { class: 'chart-baseline', x1: left, x2: width - 4, y1: top + plot, y2: top + plot }));
  return h('figure', { class: 'chart-figure' }, h('div', { class: 'chart-scroll' }, chart), legend(series));
}

/**
 * Horizontal bars, one per row, with the row's name and value written beside the bar (so
 * the numbers are read, not guessed from lengths). { title, description, rows: [{ label, value }], format }
 */
export function barChart({ title, description, rows, format = String }) {
  const width = 640;
  const rowHeight = 26;
  const labelWidth = 190;
  const height = Math.max(1, rows.length) * rowHeight + 8;
  const max = Math.max(0, ...rows.map((r) => r.value)) || 1;
  const chart = frame(width, height, title, description);
  rows.forEach((r, i) => {
    const y = 4 + i * rowHeight;
    const length = ((width - labelWidth - 90) * r.value) / max;
    const name = r.label.length > 28 ? `${r.label.slice(0, 27)}…` : r.label;
    chart.append(
      svg('text', { class: 'chart-label', x: labelWidth - 8, y: y + 16, 'text-anchor': 'end' }, name),
      svg('rect', { class: 'chart-bar chart-s0', x: labelWidth, y: y + 3, width: Math.max(1, length), height: rowHeight - 8 },
        svg('title', {}, `${r.label}: ${format(r.value)}`)),
      svg('text', { class: 'chart-value', x: labelWidth + Math.max(1, length) + 6, y: y + 16 }, format(r.value)));
  });
  return h('figure', { class: 'chart-figure' }, h('div', { class: 'chart-scroll' }, chart));
}
