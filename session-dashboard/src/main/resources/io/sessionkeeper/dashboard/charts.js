// Charts drawn as SVG by the page itself (ADR 39): each point is an element a test or a screen reader can find.
import { svg, el, clear } from './dom.js';
import { kbps, shortTime, time } from './format.js';

const W = 640;
const H = 220;
const PAD = { left: 84, right: 12, top: 12, bottom: 28 };

/** An axis label: whole numbers where they are enough (10 Mbps, 500 kbps). */
function axisLabel(v) {
  const trim = (x) => String(Number(x.toFixed(2)));
  return v >= 1000 ? trim(v / 1000) + ' Mbps' : trim(v) + ' kbps';
}

/** A rounded-up axis maximum: 1, 2 or 5 times a power of ten. */
function niceMax(value) {
  if (!(value > 0)) {
    return 1;
  }
  const power = Math.pow(10, Math.floor(Math.log10(value)));
  for (const step of [1, 2, 5, 10]) {
    if (value <= step * power) {
      return step * power;
    }
  }
  return 10 * power;
}

/**
 * The bandwidth series as a line chart: download and upload in kbps over time, a line broken where a bucket has no
 * rate (a gap in the samples), a circle per known point. Returns the number of points drawn.
 */
export function bandwidthChart(container, points) {
  clear(container);
  const known = points.filter((p) => p.downloadKbps !== null || p.uploadKbps !== null);
  if (known.length === 0) {
    return 0;
  }
  const times = points.map((p) => Date.parse(p.timestamp));
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  const max = niceMax(Math.max(...known.flatMap((p) => [p.downloadKbps || 0, p.uploadKbps || 0])));
  const x = (t) => PAD.left + (t1 === t0 ? (W - PAD.left - PAD.right) / 2
      : (t - t0) / (t1 - t0) * (W - PAD.left - PAD.right));
  const y = (v) => H - PAD.bottom - v / max * (H - PAD.top - PAD.bottom);

  const chart = svg('svg', {
    viewBox: `0 0 ${W} ${H}`, role: 'img', class: 'line-chart',
    'aria-label': `Bandwidth from ${time(points[0].timestamp)} to ${time(points[points.length - 1].timestamp)}, ` +
        `at most ${kbps(Math.max(...known.map((p) => Math.max(p.downloadKbps || 0, p.uploadKbps || 0))))}`,
  });
  for (const fraction of [0, 0.5, 1]) {
    const v = max * fraction;
    chart.appendChild(svg('line', { class: 'grid', x1: PAD.left, x2: W - PAD.right, y1: y(v), y2: y(v) }));
    chart.appendChild(svg('text', { class: 'axis', x: PAD.left - 6, y: y(v) + 4, 'text-anchor': 'end' }, axisLabel(v)));
  }
  chart.appendChild(svg('text', { class: 'axis', x: PAD.left, y: H - 8 }, shortTime(points[0].timestamp)));
  chart.appendChild(svg('text', { class: 'axis', x: W - PAD.right, y: H - 8, 'text-anchor': 'end' },
      shortTime(points[points.length - 1].timestamp)));

  let drawn = 0;
  for (const [field, cls, label] of [['downloadKbps', 'dl', 'download'], ['uploadKbps', 'ul', 'upload']]) {
    let d = '';
    let pen = false;
    points.forEach((p, i) => {
      const v = p[field];
      if (v === null || v === undefined) {
        pen = false;
        return;
      }
      d += (pen ? ' L' : ' M') + x(times[i]).toFixed(1) + ' ' + y(v).toFixed(1);
      pen = true;
    });
    if (d) {
      chart.appendChild(svg('path', { class: 'series ' + cls, d: d.trim() }));
    }
    points.forEach((p, i) => {
      const v = p[field];
      if (v === null || v === undefined) {
        return;
      }
      chart.appendChild(svg('circle', { class: 'pt ' + cls, cx: x(times[i]).toFixed(1), cy: y(v).toFixed(1), r: 3 },
          svg('title', {}, `${time(p.timestamp)}: ${label} ${kbps(v)}`)));
      drawn++;
    });
  }
  container.appendChild(chart);
  container.appendChild(el('p', { class: 'legend-line' },
      el('span', { class: 'key dl' }), ' download ', el('span', { class: 'key ul' }), ' upload'));
  return drawn;
}

/** The value at quantile q (0..1) of sorted numbers, interpolated between neighbours. */
export function quantile(sorted, q) {
  if (sorted.length === 0) {
    return 0;
  }
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * A colour scale of five classes from the quintiles of the values, not from their maximum: one busy hour does not
 * wash every other hour out to the palest colour.
 */
export function quantileScale(values) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const thresholds = [0.2, 0.4, 0.6, 0.8].map((q) => quantile(sorted, q));
  return {
    thresholds,
    classOf(value) {
      let k = 0;
      for (const t of thresholds) {
        if (value > t) {
          k++;
        }
      }
      return 'q' + k;
    },
  };
}
