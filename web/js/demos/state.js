// URL state: `#/<demo>?key=value&...&v=1`. Each demo declares its parameters
// in one table (key, type, range, default, label); that table drives parsing,
// validation, the controls and the docs. Parsing never throws: a value that is
// malformed or out of range is replaced by its default and reported in `notices`.

export const STATE_VERSION = 1;

/** Parameter kinds: 'real' and 'int' (with min, max), 'choice' (options), 'text' (maxLength). */
export function coerce(prop, raw) {
  if (prop.type === 'choice') {
    return prop.options.includes(raw) ? { value: raw } : { error: `must be one of ${prop.options.join(', ')}` };
  }
  if (prop.type === 'text') {
    const text = String(raw).replace(/\r\n?/g, '\n');
    return text.length <= prop.maxLength ? { value: text } : { error: `must be at most ${prop.maxLength} characters, got ${text.length}` };
  }
  const text = String(raw).trim();
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return { error: 'is not a number' };
  const v = Number(text);
  if (prop.type === 'int' && !Number.isInteger(v)) return { error: 'must be a whole number' };
  if (!(v >= prop.min && v <= prop.max)) return { error: `must be in [${prop.min}, ${prop.max}]` };
  return { value: v };
}

export function defaults(demo) {
  return Object.fromEntries(demo.params.map((p) => [p.key, p.def]));
}

/** True when `a` and `b` give the same result: they differ at most in view-only parameters (p.view). */
export function sameResult(demo, a, b) {
  return demo.params.every((p) => p.view || a[p.key] === b[p.key]);
}

/** Shortens a user-supplied string for a notice, so a hostile URL cannot flood the page. */
const clip = (s) => (s.length > 40 ? `${s.slice(0, 40)}…` : s);

/**
 * Parses a location hash against the demo table.
 * Returns { demo, values, notices } where demo is one of `demos` (the first if
 * the hash names none or an unknown one).
 */
export function parseHash(hash, demos) {
  const notices = [];
  const body = String(hash ?? '').replace(/^#\/?/, '');
  const q = body.indexOf('?');
  const id = q < 0 ? body : body.slice(0, q);
  let demo = demos.find((d) => d.id === id);
  if (!demo) {
    if (id) notices.push(`Unknown demo "${clip(id)}": showing ${demos[0].title} instead.`);
    demo = demos[0];
  }
  const values = defaults(demo);
  const query = new URLSearchParams(q < 0 ? '' : body.slice(q + 1));
  for (const [key, raw] of query) {
    if (key === 'v') {
      if (raw !== String(STATE_VERSION)) notices.push(`Link version v=${clip(raw)} is not ${STATE_VERSION}: values were read as v=${STATE_VERSION}.`);
      continue;
    }
    if (key === 'embed') continue;
    const prop = demo.params.find((p) => p.key === key);
    if (!prop) { notices.push(`Ignored unknown parameter "${clip(key)}".`); continue; }
    const { value, error } = coerce(prop, raw);
    if (error) notices.push(`${prop.label} (${key}) ${error}, got "${clip(raw)}": using ${prop.type === 'text' ? 'the default' : prop.def}.`);
    else values[key] = value;
  }
  return { demo, values, notices, embed: query.get('embed') === '1' };
}

/** The hash for a demo's state; every value is written so links stay exact across versions. */
export function toHash(demo, values, { embed = false } = {}) {
  const query = new URLSearchParams();
  for (const p of demo.params) query.set(p.key, String(values[p.key]));
  if (embed) query.set('embed', '1');
  query.set('v', String(STATE_VERSION));
  return `#/${demo.id}?${query}`;
}
