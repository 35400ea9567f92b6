// The page's "Copy as script": a Node script that reproduces a page state with the
// npm package (README, "Install as a package"). Kept apart from headless.js so the
// page does not load the engine's main-thread modules to write it.
import { toHash } from './state.js';

/**
 * A Node script that reproduces a page state with the npm package: runDemo on its
 * link, printing the fingerprint (the page's "Copy as script"). `fingerprint` and
 * `version`, when given, are what the page showed, written beside it to compare.
 */
export function nodeScript(demo, values, { fingerprint, version } = {}) {
  const hash = toHash(demo, values);
  return [
    `// depthlab${version ? ` ${version}` : ''}: ${demo.title.replaceAll('\n', ' ')}, as on the page.`,
    '// Needs the depthlab package (README, "Install as a package"); run with: node this-file.mjs',
    "import { loadEngine } from 'depthlab';",
    "import { runDemo } from 'depthlab/headless';",
    '',
    'const eng = await loadEngine();',
    `const { fingerprint, data } = await runDemo(eng, ${JSON.stringify(hash)});`,
    `console.log(fingerprint);${fingerprint ? `   // the page showed ${fingerprint}` : ''}`,
    '',
  ].join('\n');
}
