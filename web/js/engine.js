// depthlab's engine for Node scripts and the page: the public entry point.
//
//   import { loadEngine } from './web/js/engine.js';
//   const eng = await loadEngine();
//
// The engine itself lives in engine/ (runs in workers and Node, deterministic).
export * from './engine/index.js';
