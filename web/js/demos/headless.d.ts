// Types of depthlab/headless (headless.js): a page view run in Node from its link.
import type { CallOptions, Engine } from '../engine.js';

export interface DemoRun {
  /** The demo module (web/js/demos/<id>.js) the link names. */
  demo: { id: string; title: string; params: { key: string; label: string; type: 'int' | 'real' | 'choice' | 'text' }[] } & Record<string, unknown>;
  /** Every parameter's value as parsed from the link (defaults for those it leaves out). */
  values: Record<string, number | string>;
  /** Sentences about what in the link was ignored or replaced (empty for a clean link). */
  notices: string[];
  /** What the demo's compute() returned: the numbers the page draws. */
  data: any;
  /** 16 hex digits: equal to the page's fingerprint for the same link. */
  fingerprint: string;
  /** The canonical hash of this state (#/<id>?…&v=1). */
  hash: string;
}

/** Runs the page view a link names (a URL or its hash, `#/modes?s1=3&v=1`) on `eng`. */
export function runDemo(eng: Engine, link: string, options?: Pick<CallOptions, 'onProgress'>): Promise<DemoRun>;
