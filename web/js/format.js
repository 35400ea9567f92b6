// Number formatting for everything the page shows (readouts, ticks, legends):
// 4 significant digits, exponents outside [1e-3, 1e5); durations in words.

export function fmt(v) {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(3).replace(/\.?0+e/, 'e').replace('e+', 'e');
  return String(+v.toPrecision(4));
}

/**
 * A duration as people say it: "850 ms", "4.2 s", "3 min 17 s", "2 h 5 min".
 * Rounded down to the unit shown, so a countdown never reads longer than it is.
 */
export function duration(ms) {
  if (!(ms >= 0)) return String(ms);
  if (Math.round(ms) < 1000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms) / 1000;
  if (s < 10) return `${Math.floor(s * 10) / 10} s`;
  if (s < 60) return `${Math.floor(s)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${Math.floor(s - 60 * m)} s`;
  const h = Math.floor(m / 60);
  return `${h} h ${m - 60 * h} min`;
}
