// `make dist`: dist/ is the page for any static host under any sub-path (every
// URL in it is relative), with the page script and the worker each bundled into
// one file so the browser fetches 2 scripts instead of ~60 modules; then
// dist/depthlab.html, the same page in one self-contained file.
import { cp, mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundle } from './bundle.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const dist = join(root, 'dist');

await rm(dist, { recursive: true, force: true });
await mkdir(dist);
for (const entry of ['index.html', 'favicon.svg', 'css', 'vendor', 'wasm', 'data', 'gallery']) {
  await cp(join(root, 'web', entry), join(dist, entry), { recursive: true });
}
// The bundles keep their source paths: the page finds the worker at ../engine/worker.js.
for (const [file, format] of [['page/main.js', 'esm'], ['engine/worker.js', 'esm']]) {
  await mkdir(join(dist, 'js', file, '..'), { recursive: true });
  await writeFile(join(dist, 'js', file), await bundle(`web/js/${file}`, format));
}
await import('./single-file.mjs');

async function size(dir) {
  let bytes = 0, files = 0;
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) { const s = await size(p); bytes += s.bytes; files += s.files; }
    else if (e.name !== 'depthlab.html') { bytes += (await stat(p)).size; files++; }
  }
  return { bytes, files };
}
const s = await size(dist);
console.log(`dist/: ${(s.bytes / 1024).toFixed(0)} KiB in ${s.files} files (+ dist/depthlab.html)`);
