// The engine's errors, and how they cross the worker boundary intact.
//
// A failure inside C is an EngineError: `status` is the dlab_status code (so a
// caller can tell a divergence from a bad argument) and `detail` holds
// structured facts where the engine has them (a divergence: step, lr, stableLr).
// A bad parameter caught in JS is a RangeError naming it; a cancel is an AbortError.

/** Error thrown for a non-zero dlab_status; `status` keeps the code, `detail` plain data. */
export class EngineError extends Error {
  constructor(message, status, detail) {
    super(message);
    this.name = 'EngineError';
    this.status = status;
    if (detail !== undefined) this.detail = detail;
  }
}

/** The error a cancelled computation rejects with. */
export function aborted(message = 'cancelled') {
  return Object.assign(new Error(message), { name: 'AbortError' });
}

/**
 * An error as structured-clonable data: name, message and the error's own
 * fields (status, detail, a CSV error's line and column, ...).
 */
export function errorToData(e) {
  if (!(e instanceof Error)) return { name: 'Error', message: String(e), fields: {} };
  let fields = {};
  try {
    fields = structuredClone({ ...e });   // own enumerable fields; drop them if they do not clone
  } catch { /* plain message only */ }
  delete fields.name;
  return { name: e.name, message: e.message, fields };
}

// A CSVError (csv.js) is a RangeError with line and column fields.
const REBUILT = { EngineError, RangeError, TypeError, CSVError: RangeError };

/** Rebuilds an error from errorToData's output: same class where the engine has it, same fields. */
export function errorFromData({ name = 'Error', message = '', fields = {} } = {}) {
  const e = new (REBUILT[name] ?? Error)(message);
  return Object.assign(e, fields, { name });
}
