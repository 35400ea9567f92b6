// The engine's TypeScript declarations (web/js/engine.d.ts, web/js/demos/headless.d.ts)
// against the README: every ```js example that uses the engine type-checks with
// `tsc --noEmit --strict`, and a copy with one parameter misspelt does not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEngine } from '../../web/js/engine/index.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const TSC = join(repo, 'node_modules/.bin/tsc');

/** The README's engine examples, their imports pointed at the repository's files (as the package's names would resolve). */
export function readmeExamples(readme = readFileSync(join(repo, 'README.md'), 'utf8')) {
  const target = { engine: join(repo, 'web/js/engine.js'), headless: join(repo, 'web/js/demos/headless.js') };
  return [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1])
    .filter((code) => /from '(\.\/web\/js\/engine\.js|depthlab)'/.test(code))
    .map((code) => code
      .replaceAll(/'(\.\/web\/js\/engine\.js|depthlab)'/g, `'${target.engine}'`)
      .replaceAll(/'(\.\/web\/js\/demos\/headless\.js|depthlab\/headless)'/g, `'${target.headless}'`));
}

/** Runs tsc on `sources` (written as .mts files); -> { ok, output }. */
export function typeCheck(sources, cwd = repo) {
  // Inside the repository (build/ is ignored) so tsc finds node_modules/@types/node.
  mkdirSync(join(repo, 'build'), { recursive: true });
  const dir = mkdtempSync(join(repo, 'build', 'tsc-'));
  try {
    const files = sources.map((code, i) => { const f = join(dir, `example-${i + 1}.mts`); writeFileSync(f, code); return f; });
    execFileSync(TSC, ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022',
      '--types', 'node', '--skipLibCheck', ...files], { cwd, stdio: 'pipe' });
    return { ok: true, output: '' };
  } catch (e) {
    if (e.status === undefined || e.status === null) throw e;
    return { ok: false, output: `${e.stdout}${e.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const examples = readmeExamples();

test('the README has engine examples to type-check', () => assert.ok(examples.length >= 4, `${examples.length} examples`));

test('the README\'s engine examples type-check against the declarations', () => {
  const { ok, output } = typeCheck(examples);
  assert.ok(ok, output);
});

test('a misspelt parameter name in an example fails the type check', () => {
  const i = examples.findIndex((code) => code.includes('modeTrajectory({ depth: 2, s: 3, a0:'));
  assert.ok(i >= 0, 'the example with modeTrajectory({ depth: 2, s: 3, a0: … }) is in the README');
  const broken = examples[i].replace('modeTrajectory({ depth: 2, s: 3, a0:', 'modeTrajectory({ depth: 2, s: 3, a_0:');
  const { ok, output } = typeCheck([broken]);
  assert.equal(ok, false);
  assert.match(output, /a_0/);
});

test('the declarations cover every namespace and function the engine has, and no other', async () => {
  const dts = readFileSync(join(repo, 'web/js/engine.d.ts'), 'utf8');
  const body = (name) => new RegExp(`export interface ${name} \\{([\\s\\S]*?)\\n\\}`).exec(dts)?.[1] ?? '';
  const members = (name) => new Set([...body(name).matchAll(/^  (?:readonly )?(\w+)[(:]/gm)].map((m) => m[1]));
  const eng = await loadEngine();
  assert.deepEqual(members('Engine'), new Set(Object.keys(eng)));
  for (const ns of Object.keys(eng).filter((k) => typeof eng[k] === 'object')) {
    const type = new RegExp(`readonly ${ns}: (\\w+);`).exec(body('Engine'))[1];
    assert.deepEqual(members(type), new Set(Object.keys(eng[ns])), `eng.${ns} and interface ${type}`);
  }
});
