// A sweep: one demo run at every point of a grid of its parameters (what
// `depthlab sweep` runs). An axis is written
//   key=a..b:log:n   n values spaced evenly in log between a and b
//   key=a..b:n       n values spaced evenly between a and b
//   key=a..b         every whole number from a to b (int parameters)
//   key=v1,v2,...    a list (a single value fixes the parameter)
// Every value is checked with the parameter table's own validation (state.js
// coerce) before anything runs. This file has no Node dependencies: the grid,
// the cost order, the summary and the CSV cells are plain functions.
import { coerce, defaults, toHash } from './state.js';
import { exp, log } from '../engine/dmath.js';

/** A sweep's parameter values keep 12 significant digits, so links and CSV stay short and exact. */
const tidy = (v) => Number(v.toPrecision(12));

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** Parses one `key=...` argument against `demo`: { key, values }. Throws a RangeError sentence naming the parameter. */
export function parseAxis(demo, arg) {
  const m = /^([A-Za-z0-9_]+)=(.*)$/s.exec(arg);
  if (!m) throw new RangeError(`a sweep axis is key=a..b:log:n, key=a..b:n, key=a..b or key=v1,v2,…; got "${arg}"`);
  const [, key, spec] = m;
  const prop = demo.params.find((p) => p.key === key);
  if (!prop) throw new RangeError(`${demo.id} has no parameter "${key}"; its parameters are ${demo.params.map((p) => p.key).join(', ')}`);
  const what = `${prop.label} (${key})`;
  let values;
  if (spec.includes('..')) {
    if (prop.type !== 'int' && prop.type !== 'real') {
      throw new RangeError(`${what} is a ${prop.type} parameter: list its values instead, e.g. ${key}=${(prop.options ?? ['a', 'b']).slice(0, 2).join(',')}`);
    }
    const [lo, rest] = spec.split('..', 2);
    const [hi, ...opts] = rest.split(':');
    const scale = opts[0] === 'log' || opts[0] === 'lin' ? opts.shift() : 'lin';
    const count = opts.shift();
    if (spec.split('..').length > 2 || !NUMBER.test(lo) || !NUMBER.test(hi) || opts.length || (count !== undefined && !/^\d+$/.test(count))) {
      throw new RangeError(`${what}: cannot read the range "${spec}"; write a..b:log:n, a..b:n or a..b (whole numbers)`);
    }
    const a = Number(lo), b = Number(hi);
    if (count === undefined && prop.type !== 'int') {
      throw new RangeError(`${what} takes real values: say how many, e.g. ${key}=${lo}..${hi}:10 or ${key}=${lo}..${hi}:log:10`);
    }
    const n = count === undefined ? Math.floor(Math.abs(b - a)) + 1 : Number(count);
    if (!(n >= 1 && n <= 100000)) throw new RangeError(`${what}: a range has 1 to 100000 values, got ${n} in ${spec}`);
    if (scale === 'log' && !(a > 0 && b > 0)) throw new RangeError(`${what}: a log range needs a > 0 and b > 0, got ${spec}`);
    values = Array.from({ length: n }, (_, k) => {
      if (k === 0 || n === 1) return a;
      if (k === n - 1) return b;
      const f = k / (n - 1);
      return tidy(scale === 'log' ? exp(log(a) + f * (log(b) - log(a))) : a + f * (b - a));
    });
    // Whole-number parameters take the nearest whole numbers, once each.
    if (prop.type === 'int') values = [...new Set(values.map((v) => Math.round(v)))];
  } else {
    values = spec.split(',').map((s) => s.trim());
    if (values.some((s) => s === '')) throw new RangeError(`${what}: an empty value in "${spec}"`);
  }
  values = values.map((raw) => {
    const { value, error } = coerce(prop, String(raw));
    if (error) throw new RangeError(`${what} ${error}, got ${raw} (from ${key}=${spec})`);
    return value;
  });
  return { key, values };
}

/**
 * The estimated relative work of a point: the product of its whole-number
 * parameters other than the seed (depths, widths, steps, layers and points are
 * what a run's time grows with). Only the order matters: the costliest go first.
 */
export function pointCost(demo, values) {
  return demo.params.reduce((c, p) => (p.type === 'int' && p.key !== 'seed' ? c * Math.max(1, Math.abs(values[p.key])) : c), 1);
}

/**
 * The grid's points, in grid order (the last axis varies fastest):
 * [{ index, values (every parameter), hash (the page link), cost }].
 */
export function sweepPoints(demo, axes) {
  const seen = new Set();
  for (const { key } of axes) {
    if (seen.has(key)) throw new RangeError(`${key} is given twice; give each parameter once (a list takes several values: ${key}=a,b)`);
    seen.add(key);
  }
  let points = [defaults(demo)];
  for (const { key, values } of axes) points = points.flatMap((p) => values.map((v) => ({ ...p, [key]: v })));
  return points.map((values, index) => ({ index, values, hash: toHash(demo, values), cost: pointCost(demo, values) }));
}

/**
 * The order independent jobs are dealt to a pool in: the indices of `items`,
 * costliest first (ties keep their order), so no long job is left for the end
 * while the other workers idle. Used by the sweep and by every `call.many`.
 */
export function costliestFirst(items, cost) {
  const c = items.map(cost);
  return items.map((_, i) => i).sort((a, b) => c[b] - c[a] || a - b);
}

/** A sweep's points in the order they are dealt. */
export const dealOrder = (points) => costliestFirst(points, (p) => p.cost).map((i) => points[i]);

/** The value at a dotted path of a result: numeric segments index arrays (negative from the end); an array at the end gives its last element. */
function field(data, name) {
  let v = data;
  for (const seg of name.split('.')) {
    const arrayLike = Array.isArray(v) || ArrayBuffer.isView(v);
    if (arrayLike && /^-?\d+$/.test(seg)) v = v.at(Number(seg));
    else if (v && typeof v === 'object' && !arrayLike && Object.hasOwn(v, seg)) v = v[seg];
    else return { missing: seg, at: v };
  }
  if (Array.isArray(v) || ArrayBuffer.isView(v)) v = v.at(-1);
  return { value: v };
}

/**
 * A point's summary, [[column, value], ...]. Without `names`: the demo's readout,
 * the label and text the page shows under its charts. With `names`: those fields
 * of the computed result (dotted paths, see `field`), numbers in full precision.
 * An unknown name throws a RangeError that lists what is there.
 */
export function summarize(demo, data, values, names) {
  if (!names?.length) return demo.readout ? demo.readout(data, values) : [];
  return names.map((name) => {
    const { value, missing, at } = field(data, name);
    if (missing !== undefined) {
      const keys = at && typeof at === 'object' && !ArrayBuffer.isView(at) && !Array.isArray(at) ? Object.keys(at) : [];
      throw new RangeError(`--summary ${name}: the result of ${demo.id} has no "${missing}"${keys.length ? `; there: ${keys.join(', ')}` : ''}`);
    }
    if (value !== null && typeof value === 'object') {
      throw new RangeError(`--summary ${name} is an object in the result of ${demo.id}, not a number; name one of its fields: ${Object.keys(value).join(', ')}`);
    }
    return [name, value];
  });
}

/** One CSV line; cells with a comma, quote, line break or outer space are quoted. */
export function csvLine(cells) {
  return cells.map((c) => {
    const s = c === undefined || c === null ? '' : String(c);
    return /[",\n\r]|^\s|\s$/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  }).join(',') + '\n';
}
