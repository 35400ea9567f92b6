// Shared pieces of the views that train networks on Fashion-MNIST (eng.nonlinear,
// docs/theory.md §5.12; the deep linear depth experiment, §1.6).
import { fmt } from '../../format.js';

/** What the data is (a noun phrase, for the readout and the equation). */
export const DATA_NOTE = 'Fashion-MNIST images (Xiao, Rasul & Vollgraf 2017), each 28 × 28 image mean-pooled to 14 × 14 (196 inputs), in a class-balanced subset small enough to train in a browser';

export const trainSizeParam = (def = 1000) => ({
  key: 'trainSize', label: 'Training images', help: 'How many Fashion-MNIST training images (the same number of each of the 10 classes).',
  type: 'int', min: 100, max: 10000, step: 100, def,
});
export const lrParam = (def) => ({ key: 'lr', label: 'Learning rate η', type: 'real', min: 1e-4, max: 2, step: 0.001, scale: 'log', def });
export const batchParam = (def = 50) => ({
  key: 'batch', label: 'Minibatch size', help: 'Images per SGD step, drawn without replacement in a new order each epoch (seeded).',
  type: 'int', min: 1, max: 1000, step: 1, def,
});

/** Joins a resumed run's records onto the earlier ones (the keys that are arrays). */
export function appendRecords(a, b) {
  if (!a) return b;
  const out = { ...b };
  for (const k of ['epoch', 'trainLoss', 'trainError', 'testLoss', 'testError']) {
    const r = new Float64Array(a[k].length + b[k].length);
    r.set(a[k]); r.set(b[k], a[k].length);
    out[k] = r;
  }
  return out;
}

/** An error rate (fraction) as a percentage for the readout. */
export const pct = (e) => `${fmt(100 * e)} %`;
