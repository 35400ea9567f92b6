// Parameter checks shared by the engine's solver wrappers. Messages follow the
// C library's form ("depth must be an integer in [1, 200], got 400") so a user
// sees the same sentence whichever layer caught the mistake.
import { DLAB_MAX_WHOLE } from './c-constants.js';

// Describes a bad value without calling anything on it (a hostile object's toString may throw).
function show(v) {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (v === null || ['number', 'boolean', 'undefined', 'bigint'].includes(typeof v)) return String(v);
  if (Array.isArray(v)) return `an array of ${v.length}`;
  return `a value of type ${typeof v}`;
}

/** A finite number in [min, max] (open ends with minOpen/maxOpen), or the default. */
export function real(params, name, { min = -Infinity, max = Infinity, minOpen = false, maxOpen = false, def } = {}) {
  const v = params[name] ?? def;
  const lo = minOpen ? '(' : '[', hi = maxOpen ? ')' : ']';
  const range = `${lo}${min}, ${max}${hi}`;
  if (v === undefined) throw new RangeError(`${name} is required: a number in ${range}`);
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new RangeError(`${name} must be a finite number in ${range}, got ${show(v)}`);
  }
  if (v < min || v > max || (minOpen && v === min) || (maxOpen && v === max)) {
    throw new RangeError(`${name} must be in ${range}, got ${v}`);
  }
  return v;
}

/** An integer in [min, max], or the default. */
export function int(params, name, { min, max, def } = {}) {
  const v = params[name] ?? def;
  if (v === undefined) throw new RangeError(`${name} is required: an integer in [${min}, ${max}]`);
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new RangeError(`${name} must be an integer in [${min}, ${max}], got ${show(v)}`);
  }
  return v;
}

/** A non-empty array (or typed array) of finite numbers, each checked by `each`. */
export function reals(params, name, { minLength = 1, maxLength, each = {} } = {}) {
  const v = params[name];
  if (!(Array.isArray(v) || ArrayBuffer.isView(v)) || v.length < minLength || v.length > maxLength) {
    throw new RangeError(`${name} must be an array of ${minLength} to ${maxLength} numbers, got ${
      Array.isArray(v) || ArrayBuffer.isView(v) ? `${v.length} numbers` : show(v)}`);
  }
  const out = Float64Array.from(v);   // non-numbers become NaN and fail below
  const { min = -Infinity, max = Infinity, minOpen = false, maxOpen = false } = each;
  for (let i = 0; i < out.length; i++) {
    const x = out[i];
    // The plain comparison passes nearly always; only a failure builds the sentence.
    if (!(Number.isFinite(x) && x >= min && x <= max) || (minOpen && x === min) || (maxOpen && x === max) ||
        (typeof v[i] !== 'number' && !ArrayBuffer.isView(v))) {
      real({ [`${name}[${i}]`]: v[i] }, `${name}[${i}]`, each);
    }
  }
  return out;
}

/** One of a fixed set of strings. */
export function choice(params, name, options, def) {
  const v = params[name] ?? def;
  if (!options.includes(v)) throw new RangeError(`${name} must be one of ${options.join(', ')}, got ${show(v)}`);
  return v;
}

/** A random seed: an integer in [0, 2^53 - 1] (JS numbers carry every one exactly). */
export function seed(params, def = 1) {
  return int(params, 'seed', { min: 0, max: DLAB_MAX_WHOLE, def });
}
