// URL state: `#/<demo>?key=value&...&v=1`. Each demo declares its parameters
// in one table (key, type, range, default, label); that table drives parsing,
// validation, the controls and the docs. Parsing never throws: a value that is
// malformed or out of range is replaced by its default and reported in `notices`.
// Besides the demo's parameters a link may carry page options: `hide=` (controls
// or text a teacher takes away, see HIDE_PARTS) and `embed=1` (the demo alone,
// for an iframe).

export const STATE_VERSION = 1;

/** Words `hide=` takes besides parameter keys: the whole control panel, and the equations with their explanation. */
export const HIDE_PARTS = ['controls', 'text'];

/** Query keys that belong to the page, not to a demo: no demo parameter may use them. */
export const PAGE_KEYS = ['v', 'embed', 'hide'];

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

/** The hide= words a demo accepts, in canonical order: its parameter keys, then HIDE_PARTS. */
export const hideable = (demo) => [...demo.params.map((p) => p.key), ...HIDE_PARTS];

/** Splits a hash into its path (`modes`, `tour/chaos/2`, ``) and its query. */
export function splitHash(hash) {
  const body = String(hash ?? '').replace(/^#\/?/, '');
  const q = body.indexOf('?');
  return { path: q < 0 ? body : body.slice(0, q), query: new URLSearchParams(q < 0 ? '' : body.slice(q + 1)) };
}

/**
 * Reads a link's query against one demo, starting from `base` (its defaults
 * unless given). Returns { values, notices, embed, hide } with hide in canonical order.
 */
export function parseState(demo, query, base = defaults(demo)) {
  const notices = [];
  const values = { ...base };
  const hidden = new Set();
  let embed = false;
  for (const [key, raw] of query) {
    if (key === 'v') {
      if (raw !== String(STATE_VERSION)) notices.push(`Link version v=${clip(raw)} is not ${STATE_VERSION}: values were read as v=${STATE_VERSION}.`);
      continue;
    }
    if (key === 'embed') {
      if (raw === '1' || raw === '0') embed = raw === '1';
      else notices.push(`embed=${clip(raw)} must be 1 (the demo alone, for an iframe) or 0: ignored.`);
      continue;
    }
    if (key === 'hide') {
      for (const word of raw.split(',').map((w) => w.trim()).filter(Boolean)) {
        if (hideable(demo).includes(word)) hidden.add(word);
        else notices.push(`hide=${clip(word)} names no control of ${demo.title}: ignored (hide takes its parameter keys, "controls" or "text").`);
      }
      continue;
    }
    const prop = demo.params.find((p) => p.key === key);
    if (!prop) { notices.push(`Ignored unknown parameter "${clip(key)}".`); continue; }
    const { value, error } = coerce(prop, raw);
    if (error) notices.push(`${prop.label} (${key}) ${error}, got "${clip(raw)}": using ${prop.type === 'text' ? 'the default' : base[key]}.`);
    else values[key] = value;
  }
  return { values, notices, embed, hide: hideable(demo).filter((w) => hidden.has(w)) };
}

/**
 * Parses a location hash against the demo table.
 * Returns { demo, values, notices, embed, hide } where demo is one of `demos`
 * (the first if the hash names none or an unknown one).
 */
export function parseHash(hash, demos) {
  const { path, query } = splitHash(hash);
  let demo = demos.find((d) => d.id === path);
  const notices = [];
  if (!demo) {
    if (path) notices.push(`Unknown demo "${clip(path)}": showing ${demos[0].title} instead.`);
    demo = demos[0];
  }
  const state = parseState(demo, query);
  return { demo, ...state, notices: [...notices, ...state.notices] };
}

/**
 * The query for a demo's state; every value is written so links stay exact across
 * versions. `hide` lists hide= words (keys are plain identifiers, so its commas stay literal).
 */
export function stateQuery(demo, values, { embed = false, hide = [] } = {}) {
  const query = new URLSearchParams();
  for (const p of demo.params) query.set(p.key, String(values[p.key]));
  const words = hideable(demo).filter((w) => hide.includes(w));
  return `${query}${words.length ? `&hide=${words.join(',')}` : ''}${embed ? '&embed=1' : ''}&v=${STATE_VERSION}`;
}

/** The hash for a demo's state. */
export function toHash(demo, values, options) {
  return `#/${demo.id}?${stateQuery(demo, values, options)}`;
}
