// Writes dist/depthlab.html: the whole page in one file that works opened from
// disk (file://) with no network. CSS, Chart.js and the bundled page script are
// inlined; the bundled worker and both wasm builds ride along as inert
// <script type="text/plain"> blocks that web/js/page/inline.js turns into a blob worker,
// and so does the real data (web/data/fashion-mnist.bin, gzipped, base64: 2.0 MiB rather
// than 3.2): the worker expands it only when a demo asks for it (engine/data.js), so the
// first view does no more work.
// Its Content-Security-Policy allows exactly these inline scripts (by hash) and
// blob: workers, and still forbids every remote load.
import { bundle } from './bundle.mjs';
import { readFile, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';

const root = new URL('../', import.meta.url);
const read = (p, enc = 'utf8') => readFile(new URL(p, root), enc);

const sha = (text) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

const [html, css, chart, page, worker, simd, scalar, icon, fashion] = await Promise.all([
  read('web/index.html'), read('web/css/app.css'), read('web/vendor/chart.umd.min.js'),
  bundle('web/js/page/main.js', 'esm'), bundle('web/js/engine/worker.js', 'iife'),
  read('web/wasm/depthlab.wasm', null), read('web/wasm/depthlab-scalar.wasm', null), read('web/favicon.svg'),
  read('web/data/fashion-mnist.bin', null),
]);
if (/<\/script/i.test(chart)) throw new Error('chart.umd.min.js contains "</script", cannot inline');

const csp = ["default-src 'none'", `script-src ${sha(chart)} ${sha(page)} 'wasm-unsafe-eval'`, 'worker-src blob:',
  "style-src 'unsafe-inline'", 'img-src data: blob:', "object-src 'none'", "base-uri 'none'", "form-action 'none'"].join('; ');

let out = html
  .replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/s, `<meta http-equiv="Content-Security-Policy" content="${csp}">`)
  .replace('<link rel="icon" href="favicon.svg" type="image/svg+xml">',
    `<link rel="icon" href="data:image/svg+xml;base64,${Buffer.from(icon).toString('base64')}">`)
  .replace('<link rel="stylesheet" href="css/app.css">', () => `<style>${css}</style>`)
  .replace('<script src="vendor/chart.umd.min.js" defer></script>', () => `<script>${chart}</script>`)
  .replace('<script type="module" src="js/page/main.js"></script>', () => `<script type="module">${page}</script>`)
  .replace('</body>', () => [
    `<script type="text/plain" id="inline-worker">${worker}</script>`,
    `<script type="text/plain" id="inline-wasm-simd">${simd.toString('base64')}</script>`,
    `<script type="text/plain" id="inline-wasm-scalar">${scalar.toString('base64')}</script>`,
    `<script type="text/plain" id="inline-data-fashion-mnist">${gzipSync(fashion, { level: 9 }).toString('base64')}</script>`,
    '</body>'].join('\n'));
for (const ref of ['css/app.css', 'vendor/chart.umd.min.js', 'js/page/main.js', 'favicon.svg']) {
  if (out.includes(`"${ref}"`)) throw new Error(`single file still refers to ${ref}`);
}
out = out.replace('<a id="full-page" class="full-page" href="./"', '<a id="full-page" class="full-page" href="#"');
// The page's offline notes (links and snippets point at this file) show in this build only.
if (!out.includes('<body data-state="loading">')) throw new Error('index.html: <body data-state="loading"> not found');
out = out.replace('<body data-state="loading">', '<body data-state="loading" data-offline="">');
await writeFile(new URL('dist/depthlab.html', root), out);
console.log(`dist/depthlab.html: ${(out.length / 1024).toFixed(0)} KiB, self-contained`);
