// esbuild bundles of the page script and the worker, for dist/ and the single file.
import { build } from 'esbuild';

/** Bundles `entry` (a path under the repo) and returns the code as a string. */
export async function bundle(entry, format) {
  const out = await build({
    entryPoints: [new URL(`../${entry}`, import.meta.url).pathname], bundle: true, format, minify: true,
    write: false, target: 'es2022', legalComments: 'none', logLevel: 'warning',
    logOverride: { 'empty-import-meta': 'silent' },   // import.meta is read only outside the single file
    external: ['node:*'],   // wasm.js reads files with node:fs only when running under Node
  });
  const code = out.outputFiles[0].text;
  if (/<\/script/i.test(code)) throw new Error(`${entry}: bundle contains "</script", cannot inline`);
  return code;
}
