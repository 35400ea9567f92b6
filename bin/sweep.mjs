// `depthlab sweep`: a demo run at every point of a grid, over worker threads.
// Points wait in one queue, costliest first (web/js/demos/sweep.js); each thread
// takes the next as soon as it is free, so uneven points balance themselves.
// Rows are written as points finish, a whole line at a time, so a sweep stopped
// by Ctrl+C leaves a valid CSV of the points done (`point` gives the grid order).
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { closeSync, openSync, writeSync } from 'node:fs';
import { DEMOS } from '../web/js/demos/index.js';
import { csvLine, dealOrder, parseAxis, sweepPoints } from '../web/js/demos/sweep.js';
import { duration } from '../web/js/format.js';

export const SWEEP_USAGE = 'usage: depthlab sweep <demo> key=a..b:log:n key=a..b:n key=a..b key=v1,v2 ' +
  '[--csv out.csv] [--summary name,...] [--workers n]';

/**
 * Runs `points` (from sweepPoints) on `workers` threads. `onRow(point, reply)` gets
 * each finished point (reply: { fingerprint, summary } or { error }) as it comes.
 * Returns { done, stop }: `done` resolves to { finished, stopped } once every point
 * is in or after stop(); it rejects with the sentence of a fatal reply.
 */
export function runSweep(points, { workers = availableParallelism(), summary = [], onRow = () => {} } = {}) {
  const queue = dealOrder(points);
  const threads = [];
  let finished = 0, stopped = false, settle;
  const done = new Promise((resolve, reject) => { settle = { resolve, reject }; });
  const end = (error) => {
    for (const t of threads) t.terminate();
    threads.length = 0;
    if (error) settle.reject(error); else settle.resolve({ finished, stopped });
  };
  const next = (thread) => {
    const point = queue.shift();
    if (!point) { thread.terminate(); if (finished === points.length) end(); return; }
    thread.point = point;
    thread.postMessage({ index: point.index, hash: point.hash, summary });
  };
  for (let i = 0; i < Math.max(1, Math.min(workers, points.length)); i++) {
    const thread = new Worker(new URL('./sweep-worker.mjs', import.meta.url));
    thread.on('message', (reply) => {
      if (stopped) return;
      if (reply.ready) { next(thread); return; }
      if (reply.fatal) { stopped = true; end(new RangeError(reply.fatal)); return; }
      finished++;
      onRow(thread.point, reply);
      next(thread);
    });
    thread.on('error', (e) => { if (!stopped) { stopped = true; end(e); } });
    threads.push(thread);
  }
  if (!points.length) end();
  return { done, stop: () => { if (!stopped) { stopped = true; end(); } } };
}

/** Reads the command's arguments (after `sweep`): { demo, axes, csv, summary, workers }. Throws sentences. */
export function parseSweepArgs(args) {
  const [id, ...rest] = args;
  const demo = DEMOS.find((d) => d.id === id);
  if (!demo) throw new RangeError(`unknown demo "${id ?? ''}"; known: ${DEMOS.map((d) => d.id).join(', ')}`);
  const opts = { demo, axes: [], csv: null, summary: [], workers: availableParallelism() };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const value = () => {
      if (rest[i + 1] === undefined) throw new RangeError(`${a} needs a value`);
      return rest[++i];
    };
    if (a === '--csv') opts.csv = value();
    else if (a === '--summary') opts.summary = value().split(',').map((s) => s.trim()).filter(Boolean);
    else if (a === '--workers') {
      const n = Number(value());
      if (!(Number.isInteger(n) && n >= 1 && n <= 256)) throw new RangeError(`--workers must be a whole number in [1, 256], got ${rest[i]}`);
      opts.workers = n;
    } else if (a.startsWith('--')) throw new RangeError(`unknown option ${a}; ${SWEEP_USAGE}`);
    else opts.axes.push(parseAxis(demo, a));
  }
  return opts;
}

/** The command: writes the CSV (a file, or stdout), progress on stderr; exit code 0, 2 (bad input) or 130 (Ctrl+C). */
export async function sweepCommand(args) {
  let opts, points, fd;
  try {
    opts = parseSweepArgs(args);
    points = sweepPoints(opts.demo, opts.axes);
    fd = opts.csv ? openSync(opts.csv, 'w') : 1;
  } catch (e) {
    console.error(e.code ? `cannot write the CSV file ${opts.csv}: ${e.message}` : e.message);
    return 2;
  }
  const { demo, axes, summary } = opts;
  const workers = Math.min(opts.workers, points.length);
  const started = performance.now();
  const tty = process.stderr.isTTY;
  let finished = 0;
  const progress = () => {
    const spent = performance.now() - started;
    const left = finished && finished < points.length ? `, about ${duration((spent * (points.length - finished)) / finished)} left` : '';
    process.stderr.write(`${tty ? '\r\x1b[K' : ''}${demo.id}: ${finished} of ${points.length} points (${workers} workers), ${duration(spent)}${left}${tty ? '' : '\n'}`);
  };
  // The summary columns are the names asked for, or the readout's labels, known from
  // the first point that ran; rows of failed points before it wait for the header.
  let columns = summary.length ? summary : null;
  const waiting = [];
  const write = (point, reply) => writeSync(fd, csvLine([point.index, ...axes.map((a) => point.values[a.key]),
    ...columns.map((_, k) => reply.summary?.[k]?.[1] ?? ''), reply.fingerprint ?? '', point.hash, reply.error ?? '']));
  const flush = () => {
    columns ??= [];
    writeSync(fd, csvLine(['point', ...axes.map((a) => a.key), ...columns, 'fingerprint', 'link', 'error']));
    for (const [point, reply] of waiting.splice(0)) write(point, reply);
  };
  progress();
  const sweep = runSweep(points, {
    workers, summary,
    onRow(point, reply) {
      finished++;
      if (!columns && reply.summary) columns = reply.summary.map(([label]) => label);
      waiting.push([point, reply]);
      if (columns) { if (!flush.done) { flush(); flush.done = true; } else write(...waiting.pop()); }
      progress();
    },
  });
  const interrupt = () => sweep.stop();
  process.once('SIGINT', interrupt);
  try {
    const { stopped } = await sweep.done;
    if (!flush.done) flush();
    const where = opts.csv ? ` in ${opts.csv}` : '';
    process.stderr.write(`${tty ? '\n' : ''}${stopped ? `stopped: ${finished} of ${points.length} points written${where}` : `done: ${finished} points${where}`} in ${duration(performance.now() - started)}\n`);
    return stopped ? 130 : 0;
  } catch (e) {
    process.stderr.write(`${tty ? '\n' : ''}${e.message}\n`);
    return 2;
  } finally {
    process.off('SIGINT', interrupt);
    if (fd !== 1) closeSync(fd);
  }
}
