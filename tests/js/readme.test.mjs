// The README's JavaScript examples run as written (docs that drift are bugs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const blocks = [...readFileSync(join(repo, 'README.md'), 'utf8').matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);

test('the README has examples', () => assert.ok(blocks.length >= 2));

blocks.forEach((code, i) => {
  test(`README example ${i + 1} runs`, () => {
    // Written beside the README so its relative imports resolve; run in a scratch directory.
    const file = join(repo, `.readme-example-${process.pid}-${i + 1}.mjs`);
    const cwd = mkdtempSync(join(tmpdir(), 'depthlab-readme-'));
    try {
      writeFileSync(file, code);
      execFileSync(process.execPath, [file], { cwd, stdio: 'pipe', timeout: 120000 });
    } finally {
      rmSync(file, { force: true });
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});

test('the command line prints the same fingerprint as the engine', async () => {
  const out = JSON.parse(execFileSync(process.execPath, [join(repo, 'bin/depthlab.mjs'), 'modes', 'depth=3', 's1=4'], { cwd: repo }));
  const { loadEngine } = await import('../../web/js/engine/index.js');
  const { runDemo } = await import('../../web/js/demos/headless.js');
  const direct = await runDemo(await loadEngine(), '#/modes?depth=3&s1=4');
  assert.equal(out.fingerprint, direct.fingerprint);
  assert.equal(out.params.depth, 3);
  // The page's result sentences come along, each checked on this run.
  assert.ok(out.claims.length > 0 && out.claims.every((c) => typeof c.text === 'string' && typeof c.holds === 'boolean'));
  assert.throws(() => execFileSync(process.execPath, [join(repo, 'bin/depthlab.mjs'), 'modes', 's1=99'], { stdio: 'pipe' }),
    (e) => e.status === 2 && /s₁ \(s1\) must be in \[0\.1, 10\]/.test(e.stderr.toString()));
});
