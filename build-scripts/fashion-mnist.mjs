// Derives web/data/fashion-mnist.bin, the compact Fashion-MNIST the page loads when a
// demo needs real data, from Debian's dataset-fashion-mnist (gzipped idx files).
//
// What and why:
// - 14 x 14 images: each 2 x 2 block of the 28 x 28 original averaged (rounded to the
//   nearest integer). The classes stay recognisable, the input is 4x smaller, so deep
//   networks train in a browser in seconds rather than minutes.
// - class-balanced subsets: the first TRAIN_PER_CLASS images of each class from the
//   training set and the first TEST_PER_CLASS of each class from the test set, in file
//   order. Balanced, so chance is exactly 10 %; deterministic, so every build ships the
//   same bytes. 12,000 images make 2.3 MiB, fetched only by the demos that train on them.
//
// File layout (little-endian): "DLFM", u32 version, u32 header length, the header (JSON:
// side, classes, counts), then train images (count x side^2 bytes, row-major), train
// labels (count bytes), test images, test labels.
//
//   node build-scripts/fashion-mnist.mjs [source dir] [output file]
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';

export const SOURCE = '/usr/share/datasets/fashion-mnist';
export const TRAIN_PER_CLASS = 1000;
export const TEST_PER_CLASS = 200;
export const CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat',
  'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

/** Reads a gzipped idx file: { dims, data (Uint8Array) }. */
export async function readIdx(path) {
  const buf = gunzipSync(await readFile(path));
  const type = buf[2], ndim = buf[3];
  if (buf[0] !== 0 || buf[1] !== 0 || type !== 0x08) throw new Error(`${path}: not an idx file of unsigned bytes`);
  const dims = Array.from({ length: ndim }, (_, i) => buf.readUInt32BE(4 + 4 * i));
  const data = buf.subarray(4 + 4 * ndim);
  if (data.length !== dims.reduce((a, b) => a * b, 1)) throw new Error(`${path}: ${data.length} bytes for dims ${dims}`);
  return { dims, data };
}

/** The 28 x 28 image i of `data`, 2 x 2 mean-pooled to 14 x 14, into out[at..at+196). */
export function pool(data, i, out, at) {
  const base = i * 784;
  for (let r = 0; r < 14; r++) {
    for (let c = 0; c < 14; c++) {
      const p = base + 56 * r + 2 * c;
      // (sum + 2) >> 2 rounds the mean of four bytes to nearest, halves up: exact integers.
      out[at + 14 * r + c] = (data[p] + data[p + 1] + data[p + 28] + data[p + 29] + 2) >> 2;
    }
  }
}

/** The first `perClass` images of each class, pooled; in file order. */
export function subset(images, labels, perClass) {
  const taken = new Array(10).fill(0), pick = [];
  for (let i = 0; i < labels.length && pick.length < 10 * perClass; i++) {
    if (taken[labels[i]] < perClass) { taken[labels[i]]++; pick.push(i); }
  }
  if (pick.length !== 10 * perClass) throw new Error(`fewer than ${perClass} images of some class`);
  const X = new Uint8Array(pick.length * 196), y = new Uint8Array(pick.length);
  pick.forEach((i, k) => { pool(images, i, X, 196 * k); y[k] = labels[i]; });
  return { X, y };
}

export async function derive(source = SOURCE) {
  const part = async (name) => ({
    images: (await readIdx(join(source, `${name}-images-idx3-ubyte.gz`))).data,
    labels: (await readIdx(join(source, `${name}-labels-idx1-ubyte.gz`))).data,
  });
  const tr = await part('train'), te = await part('t10k');
  const train = subset(tr.images, tr.labels, TRAIN_PER_CLASS), test = subset(te.images, te.labels, TEST_PER_CLASS);
  const header = Buffer.from(JSON.stringify({
    name: 'Fashion-MNIST (Xiao, Rasul & Vollgraf 2017), 2 x 2 mean-pooled, class-balanced subsets',
    side: 14, classes: CLASSES, train: train.y.length, test: test.y.length,
    trainPerClass: TRAIN_PER_CLASS, testPerClass: TEST_PER_CLASS,
  }));
  const head = Buffer.alloc(12);
  head.write('DLFM', 0, 'latin1');
  head.writeUInt32LE(1, 4);
  head.writeUInt32LE(header.length, 8);
  return Buffer.concat([head, header, train.X, train.y, test.X, test.y]);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [source = SOURCE, out = 'web/data/fashion-mnist.bin'] = process.argv.slice(2);
  const bytes = await derive(source);
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, bytes);
  console.log(`${out}: ${(bytes.length / 1024 / 1024).toFixed(2)} MiB`);
}
