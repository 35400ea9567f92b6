// `make dist` output: dist/ served under a sub-path of some other site, and the
// single file opened from disk, both computing the same numbers as Node with
// no request leaving the page's own origin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { start, waitRuns } from './harness.mjs';
import { loadEngine } from '../../web/js/engine/index.js';
import { runDemo } from '../../web/js/demos/headless.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const HASH = '#/modes?depth=3&s1=4&s2=2&s3=0.5&a0=0.01&tmax=8&v=1';
const DATA_HASH = '#/fmnist-depth?maxDepth=2&components=10&perClass=100&v=1';   // a view on the real data
let site, env, expected, expectedData;

before(async () => {
  execFileSync(process.execPath, ['build-scripts/dist.mjs'], { cwd: repo, stdio: 'ignore' });
  // A static site that hosts depthlab below /courses/ml/depthlab/.
  site = await mkdtemp(join(tmpdir(), 'depthlab-site-'));
  await cp(join(repo, 'dist'), join(site, 'courses/ml/depthlab'), { recursive: true });
  env = await start(site);
  expected = (await runDemo(await loadEngine(), HASH)).fingerprint;
  expectedData = (await runDemo(await loadEngine(), DATA_HASH)).fingerprint;
});
after(async () => { await env?.close(); await rm(site, { recursive: true, force: true }); });

test('dist/ works from a sub-path of a static host', async () => {
  const page = await env.newPage();
  const foreign = [];
  page.on('request', (r) => { if (!r.url().startsWith(env.url) && !r.url().startsWith('blob:') && !r.url().startsWith('data:')) foreign.push(r.url()); });
  await page.goto(`${env.url}courses/ml/depthlab/${HASH}`);
  await waitRuns(page);
  assert.equal(await page.textContent('#fingerprint'), expected);
  assert.equal(await page.isVisible('.foot .offline-note'), false, 'a hosted page is not the offline file');
  assert.deepEqual(foreign, []);
  assert.deepEqual(page.errors, []);
});

test('the single file works opened from disk, with no network at all', async () => {
  const page = await env.newPage();
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(pathToFileURL(join(repo, 'dist/depthlab.html')).href + HASH);
  await waitRuns(page);
  assert.equal(await page.textContent('#fingerprint'), expected);
  assert.match(await page.textContent('#engine-info'), /wasm SIMD/);
  // It says that the links and snippets it gives point at this file on this computer.
  assert.match(await page.textContent('.foot .offline-note'), /links and embed snippets it gives point at this file/);
  assert.ok(await page.isVisible('.foot .offline-note'));
  // The real data rides inside the file too.
  await page.evaluate((h) => { location.hash = h; }, DATA_HASH);
  await waitRuns(page, 2);
  assert.equal(await page.textContent('#fingerprint'), expectedData);
  assert.deepEqual(requests.filter((u) => !u.startsWith('file:') && !u.startsWith('blob:') && !u.startsWith('data:')), []);
  assert.deepEqual(page.errors, []);
});
