// The npm package: `npm pack` of the built tree installs offline into an empty
// project, where the README's install example, the `depthlab` command (one run and
// a sweep) and the TypeScript declarations work and give the repository's numbers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEngine } from '../../web/js/engine/index.js';
import { runDemo } from '../../web/js/demos/headless.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
const example = [...readFileSync(join(repo, 'README.md'), 'utf8').matchAll(/```js\n([\s\S]*?)```/g)]
  .map((m) => m[1]).find((code) => code.includes("from 'depthlab'"));
let dir, packed, project;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'depthlab-pack-'));
  [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] }));
  project = join(dir, 'project');
  execFileSync('mkdir', [project]);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module' }));
  // --offline: the package must need nothing from a registry (no runtime dependencies).
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', join(dir, packed.filename)], { cwd: project, stdio: 'pipe' });
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('the package ships the engine, both wasm builds, the compute of every view, the CLI and the types, and nothing else', () => {
  const files = packed.files.map((f) => f.path);
  for (const f of ['package.json', 'README.md', 'bin/depthlab.mjs', 'bin/sweep.mjs', 'bin/sweep-worker.mjs', 'web/js/engine.js', 'web/js/engine.d.ts',
    'web/js/engine/index.js', 'web/js/engine/c-constants.js', 'web/js/demos/headless.js', 'web/js/demos/headless.d.ts', 'web/wasm/depthlab.wasm', 'web/wasm/depthlab-scalar.wasm']) {
    assert.ok(files.includes(f), `${f} is in the package`);
  }
  const junk = files.filter((f) => /^(tests|src|include|build|bench|docs|build-scripts|node_modules|dist)\/|^web\/(index\.html|vendor|js\/page)|\.tgz$/.test(f));
  assert.deepEqual(junk, []);
  assert.deepEqual(pkg.dependencies ?? {}, {}, 'no runtime dependencies');
  assert.equal(pkg.private, true, 'private: npm publish refuses it (publishing is a decision for later)');
});

test('the README\'s install example runs in the project and prints the repository\'s numbers', async () => {
  assert.ok(example, 'the README has an example importing from depthlab');
  writeFileSync(join(project, 'example.mjs'), example);
  const out = execFileSync(process.execPath, ['example.mjs'], { cwd: project, encoding: 'utf8' }).trim().split('\n');
  const eng = await loadEngine();
  assert.equal(Number(out[0]), eng.deepLinear.learningTime({ depth: 4, s: 3, a0: 0.001, af: 1.5 }));
  assert.equal(out[1], (await runDemo(eng, '#/modes?depth=3&s1=4&v=1')).fingerprint);
});

test('the depthlab command runs a demo and a sweep from the installed package', async () => {
  const bin = join(project, 'node_modules/.bin/depthlab');
  const one = JSON.parse(execFileSync(bin, ['modes', 'depth=3', 's1=4'], { cwd: project, encoding: 'utf8' }));
  const direct = await runDemo(await loadEngine(), '#/modes?depth=3&s1=4');
  assert.equal(one.fingerprint, direct.fingerprint);
  const csv = execFileSync(bin, ['sweep', 'modes', 'depth=2,3', 's1=4', '--summary', 'modes.0.half', '--workers', '2'], { cwd: project, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const rows = csv.trim().split('\n').map((l) => l.split(','));
  assert.deepEqual(rows[0].slice(0, 3), ['point', 'depth', 's1']);
  assert.ok(rows.slice(1).some((r) => r[0] === '1' && r.includes(direct.fingerprint)), csv);
});

test('TypeScript finds the declarations through the package\'s exports', () => {
  writeFileSync(join(project, 'example.mts'), example);
  writeFileSync(join(project, 'broken.mts'), example.replace('af: 1.5', 'af_: 1.5'));
  const tsc = (file) => execFileSync(join(repo, 'node_modules/.bin/tsc'), ['--noEmit', '--strict', '--module', 'nodenext', '--target', 'es2022',
    '--skipLibCheck', '--typeRoots', join(repo, 'node_modules/@types'), '--types', 'node', file], { cwd: project, encoding: 'utf8' });
  tsc('example.mts');
  assert.throws(() => tsc('broken.mts'), (e) => /af_/.test(e.stdout));
});
