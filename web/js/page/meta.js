// The page's title and link-preview tags (og:title, og:description) follow the
// mounted demo, so a shared link or a browser tab names what it shows. The
// static tags in index.html describe depthlab as a whole and are put back when
// no demo is mounted.

const TAGS = { description: 'meta[name="description"]', ogTitle: 'meta[property="og:title"]', ogDescription: 'meta[property="og:description"]' };
let site = null;   // the static title and description, read once

const MIN_SUMMARY = 80, MAX_SUMMARY = 200;   // characters; previews cut longer descriptions anyway

/**
 * A demo's short description: the opening sentences of its "what to look for", as
 * many as it takes to say something (MIN_SUMMARY), cut at a word if long.
 */
export function summary(demo) {
  const text = demo.lookFor.replace(/\s+/g, ' ').trim();
  const ends = [...text.matchAll(/[.!?](?=\s|$)/g)].map((m) => m.index + 1);
  const end = ends.find((e) => e >= MIN_SUMMARY) ?? text.length;
  const opening = text.slice(0, end);
  if (opening.length <= MAX_SUMMARY) return opening;
  return `${opening.slice(0, opening.lastIndexOf(' ', MAX_SUMMARY - 1)).replace(/[,;:]$/, '')}…`;
}

/** Sets the title and preview tags for `demo` (null: depthlab itself). */
export function describePage(demo) {
  const tag = (k) => document.querySelector(TAGS[k]);
  site ??= { title: document.title, description: tag('description')?.content ?? '' };
  const title = demo ? `${demo.title} — depthlab` : site.title;
  const description = demo ? summary(demo) : site.description;
  document.title = title;
  tag('ogTitle')?.setAttribute('content', title);
  tag('description')?.setAttribute('content', description);
  tag('ogDescription')?.setAttribute('content', description);
}
