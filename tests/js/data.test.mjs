// The real data the training demos load (web/data/fashion-mnist.bin, made by
// build-scripts/fashion-mnist.mjs), checked against Debian's original idx files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadFashionMnist } from '../../web/js/engine/data.js';
import { readIdx, SOURCE, TRAIN_PER_CLASS, TEST_PER_CLASS } from '../../build-scripts/fashion-mnist.mjs';

const fm = await loadFashionMnist();

test('Fashion-MNIST: class-balanced subsets of 14 x 14 images, labels 0..9', () => {
  assert.equal(fm.side, 14);
  assert.equal(fm.classes.length, 10);
  for (const [part, per] of [[fm.train, TRAIN_PER_CLASS], [fm.test, TEST_PER_CLASS]]) {
    assert.equal(part.count, 10 * per);
    assert.equal(part.X.length, part.count * 196);
    const counts = new Array(10).fill(0);
    for (const c of part.y) counts[c]++;   // a label outside 0..9 would leave counts short
    assert.deepEqual(counts, new Array(10).fill(per));
    // Every image has ink; pixels are bytes by construction, so the range to check is the spread.
    for (let i = 0; i < part.count; i++) {
      let max = 0;
      for (let j = 0; j < 196; j++) max = Math.max(max, part.X[196 * i + j]);
      assert.ok(max > 0, `image ${i} is blank`);
    }
  }
});

test('Fashion-MNIST: each image is the 2 x 2 mean of the original, in the original order', async () => {
  // Recompute from the idx files without the build script's helpers: the k-th image of a
  // class in the subset is the k-th image of that class in the source.
  for (const [name, part] of [['train', fm.train], ['t10k', fm.test]]) {
    const images = (await readIdx(`${SOURCE}/${name}-images-idx3-ubyte.gz`)).data;
    const labels = (await readIdx(`${SOURCE}/${name}-labels-idx1-ubyte.gz`)).data;
    const seen = new Array(10).fill(0), want = new Map();
    for (let i = 0; i < labels.length; i++) want.set(`${labels[i]}:${seen[labels[i]]++}`, i);
    seen.fill(0);
    for (let k = 0; k < part.count; k += 37) {   // a spread of samples: every 37th
      const c = part.y[k];
      let nth = 0;
      for (let j = 0; j < k; j++) if (part.y[j] === c) nth++;
      const src = want.get(`${c}:${nth}`);
      for (let r = 0; r < 14; r++) {
        for (let col = 0; col < 14; col++) {
          const at = (rr, cc) => images[784 * src + 28 * rr + cc];
          const mean = (at(2 * r, 2 * col) + at(2 * r, 2 * col + 1) + at(2 * r + 1, 2 * col) + at(2 * r + 1, 2 * col + 1)) / 4;
          assert.equal(part.X[196 * k + 14 * r + col], Math.floor(mean + 0.5), `${name} sample ${k} pixel (${r}, ${col})`);
        }
      }
    }
  }
});

test('Fashion-MNIST: mean intensity matches the published dataset statistic', () => {
  // The full training set's mean pixel is 0.2860 of full scale (72.9 of 255); pooling keeps
  // the mean (up to rounding, < 0.5), and a balanced subset of 1000 per class sits within
  // a few grey levels of it.
  let sum = 0;
  for (const v of fm.train.X) sum += v;
  const mean = sum / fm.train.X.length;
  assert.ok(Math.abs(mean - 72.94) < 3, `mean ${mean}`);
});

test('Fashion-MNIST: the single file’s inline copy (gzipped, base64) reads as the same bytes', async () => {
  const { gzipSync } = await import('node:zlib');
  const { readFile } = await import('node:fs/promises');
  const raw = await readFile(new URL('../../web/data/fashion-mnist.bin', import.meta.url));
  globalThis.DEPTHLAB_INLINE_DATA = { fashionMnist: gzipSync(raw).toString('base64') };
  try {
    // A fresh copy of the module: its cache still empty, so it takes the inline data.
    const fresh = await import('../../web/js/engine/data.js?inline');
    const inl = await fresh.loadFashionMnist();
    for (const part of ['train', 'test']) {
      assert.equal(Buffer.compare(inl[part].X, fm[part].X), 0, `${part} images`);
      assert.equal(Buffer.compare(inl[part].y, fm[part].y), 0, `${part} labels`);
    }
  } finally {
    delete globalThis.DEPTHLAB_INLINE_DATA;
  }
});
