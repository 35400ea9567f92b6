// TypeScript declarations of depthlab's engine (web/js/engine.js, the package's
// main entry). Written by hand from the solver modules in engine/solvers/ and the
// README's engine reference; tests/js/types.test.mjs type-checks the README's
// examples against them. Parameter objects are exact: a misspelt key is an error.

/** Numbers in: a plain array or any typed array. */
export type Numbers = ArrayLike<number>;
/** A long call's options: cancel between chunks, hear progress (0..1). */
export interface CallOptions { signal?: AbortSignal; onProgress?: (fraction: number, note?: string) => void }

/** A failure inside the C library: its sentence, its status code (include/depthlab/status.h) and facts where known. */
export class EngineError extends Error {
  constructor(message: string, status: number, detail?: Record<string, number>);
  name: 'EngineError';
  status: number;
  detail?: Record<string, number>;
}

export interface LoadOptions {
  /** 'auto' (SIMD where the runtime supports it), 'simd' or 'scalar'. */
  variant?: 'auto' | 'simd' | 'scalar';
  /** The module's bytes or URL, overriding the variant's built file. */
  wasm?: BufferSource | URL | string;
}

export interface Engine {
  readonly version: string;
  readonly variant: 'simd' | 'scalar';
  readonly wasmBytes: number;
  readonly linalg: Linalg;
  readonly deepLinear: DeepLinear;
  readonly chaos: Chaos;
  readonly semantic: Semantic;
  readonly perceptual: Perceptual;
  readonly pathways: Pathways;
  readonly nonlinear: Nonlinear;
  readonly data: DataStats;
}

export function loadEngine(options?: LoadOptions): Promise<Engine>;
/** Whether this runtime validates wasm SIMD. */
export function simdSupported(): boolean;
/** The engine function named 'namespace.function', bound to its namespace; throws a TypeError for any other name. */
export function engineMethod(eng: Engine, path: string): (params: object, options?: CallOptions) => unknown;

// ---- eng.linalg -----------------------------------------------------------------
export interface Linalg {
  /** C = alpha op(A) op(B) + beta C, row-major. */
  gemm(p: { m: number; n: number; k: number; A: Numbers; B: Numbers; C?: Numbers; alpha?: number; beta?: number;
    transA?: boolean; transB?: boolean; kernel?: 'auto' | 'portable' | 'simd' }): Float64Array;
  /** Thin SVD: U (m × p), S (p, descending), V (n × p), p = min(m, n). */
  svd(p: { m: number; n: number; A: Numbers }): { U: Float64Array; S: Float64Array; V: Float64Array };
  /** n normal deviates of the seeded stream. */
  normal(p: { seed?: number; n: number; sd?: number }): Float64Array;
  readonly simd: boolean;
}

// ---- eng.deepLinear ---------------------------------------------------------------
export type DeepLinearInit = 'small' | 'gaussian' | 'orthogonal' | 'decoupled' | 'lambda' | 'lambda-aligned' | 'pretrained';

/** A network, its data and its start (the parameters `simulate` and `stableLr` share). */
export interface NetworkParams {
  depth: number;
  width?: number; inputs?: number; outputs?: number; widths?: Numbers;
  singularValues?: Numbers; X?: Numbers; Y?: Numbers; sigma31?: Numbers; sigma11?: Numbers; y2?: number;
  init?: DeepLinearInit; scale?: number; gain?: number; a0?: number; lambda?: number;
  seed?: number;
}
/** What `simulate(…, { resumable: true })` returns to continue from. */
export interface SimState { run: string; steps: number; t: number; weights: Float64Array[] }
export interface SimulateParams extends NetworkParams {
  lr: number; steps: number; every?: number; svals?: boolean; weights?: boolean;
  resumable?: boolean; resume?: SimState;
}
export interface SimulateResult {
  t: Float64Array; loss: Float64Array; modes: Float64Array[]; layerChange: Float64Array[];
  singularValues: Float64Array; stableLr: number;
  svals?: Float64Array[]; weights?: { first: Float64Array[]; last: Float64Array[] }; state?: SimState;
}
export interface DeepLinear {
  modeTrajectory(p: { depth?: number; s: number; a0: number; t: Numbers }): Float64Array;
  learningTime(p: { depth?: number; s: number; a0: number; af: number }): number;
  halfTime(p: { depth?: number; s: number; a0: number }): number;
  halfTime(p: { depth?: number; s: Numbers; a0: number }): Float64Array;
  criterionTime(p: { depth: number; singularValues: Numbers; a0: number; criterion: number }): number;
  modeTheory(p: { depth: number; singularValues: Numbers; starts: Numbers; t: Numbers }): { a: (Float64Array | null)[]; notes: (string | null)[] };
  simulate(p: SimulateParams, options?: CallOptions): Promise<SimulateResult>;
  stableLr(p: NetworkParams): number;
  depthSweep(p: { depths: Numbers; inits?: ('gaussian' | 'orthogonal' | 'decoupled')[]; width: number; singularValues: Numbers;
    a0?: number; gain?: number; lr0: number; criterion: number; maxSteps: number; seed?: number }, options?: CallOptions):
    Promise<{ depths: Float64Array; steps: Record<string, Float64Array>; diverged: Record<string, Float64Array>; theory: Float64Array }>;
  /** Epochs to a target loss for each learning rate, from one start, and the best rate (outcome per lr: 0 reached, 1 diverged, 2 not reached, 3 slower, 4 not tried). */
  criterionScan(p: NetworkParams & { lrs: Numbers; target: number; maxEpochs: number }, options?: CallOptions):
    Promise<{ lrs: Numbers; epochs: Float64Array; outcome: Float64Array; best: { lr: number; epochs: number }; startLoss: number }>;
  /** Gradient descent on y = w2 w1 x from each start (w1, w2), and the gradient flow on a grid of the plane. */
  saddlePaths(p: { s: number; starts: Numbers; lr: number; steps: number; every?: number; half?: number; grid?: number }, options?: CallOptions):
    Promise<{ t: Float64Array; paths: { w1: Float64Array; w2: Float64Array; loss: Float64Array }[];
      field: { w1: Float64Array; w2: Float64Array; dw1: Float64Array; dw2: Float64Array } }>;
  initSpectrum(p: { depth: number; width: number; gain?: number; seed?: number }):
    { gaussian: Float64Array[]; orthogonal: Float64Array[]; lyapunov: Float64Array; theory: { geometricMean: Float64Array; largest: Float64Array } };
  lambdaSweep(p: { lambdas: Numbers; singularValues: Numbers; a0: number; lr: number; steps: number; aligned?: boolean; seed?: number; curves?: Numbers },
    options?: CallOptions): Promise<{ lambdas: Float64Array; hidden: Float64Array; readout: Float64Array; ntk: Float64Array;
      theory: Record<string, Float64Array>; finalLoss: Float64Array; curves: { lambda: number; t: Float64Array; loss: Float64Array }[] } & Record<string, unknown>>;
  /** λ-balanced two-layer networks over time: gradient descent beside the exact flow, optionally switching task. */
  lambdaDynamics(p: { singularValues: Numbers; a0?: number; lambdas: Numbers; lr: number; steps: number; every?: number; seed?: number;
    aligned?: boolean; task?: 'none' | 'reversal' | 'permuted'; switchStep?: number }, options?: CallOptions): Promise<LambdaDynamics>;
}
/** What lambdaDynamics measures at each record, from gradient descent or from the exact flow. */
export interface LambdaMeasures { lossA: Float64Array; lossB: Float64Array | null; move: Float64Array; align: Float64Array }
export interface LambdaDynamics {
  t: Float64Array; switchT: number; zeroLoss: number;
  runs: (LambdaMeasures & { lambda: number; theory: LambdaMeasures & { imbalance: number }; fnGap: number; imbalance: number; recordLoss: Float64Array })[];
}

// ---- eng.chaos --------------------------------------------------------------------
export type Phi = 'tanh' | 'relu' | 'erf' | 'linear';
export interface ChaosNet { phi: Phi; sw: number; sb: number; method?: 'fast' | 'reference' | 'trapezoid' }
export interface CircleStats {
  q: Float64Array; c4: Float64Array; c8: Float64Array; gE: Float64Array; kappa2: Float64Array;
  lengthE: Float64Array; lengthG: Float64Array; lengthX: Float64Array;
}
export interface Chaos {
  /** The nonlinearities by name. */
  readonly phis: readonly Phi[];
  /** The bounds every call checks (chaos.h), by name: minSw, maxSw, maxSb, maxQ, maxLayers, maxGrid, maxWidth, … */
  readonly limits: Readonly<Record<string, number>>;
  fixedPoint(p: ChaosNet): { qStar: number; chi1: number; chi2: number; cStar: number; xiQ: number; xiC: number; slopeQ: number; slopeC: number };
  lengthMap(p: ChaosNet & { q: number }): { q: number; chi1: number; chi2: number; slope: number };
  lengthMap(p: ChaosNet & { q: Numbers }): { q: Float64Array; chi1: Float64Array; chi2: Float64Array; slope: Float64Array };
  correlationMap(p: ChaosNet & { q11: number; q22?: number; c: number }): { q11: number; q22: number; q12: number; c: number; slope: number };
  correlationMap(p: ChaosNet & { q11: number; q22?: number; c: Numbers }): { q11: number; q22: number; q12: Float64Array; c: Float64Array; slope: Float64Array };
  criticalSw(p: { phi: Phi; sb: number; method?: ChaosNet['method'] }): number;
  curvature(p: ChaosNet & { layers: number; q1?: number }):
    { q: Float64Array; gE: Float64Array; kappa2: Float64Array; lengthE: Float64Array; lengthG: Float64Array; q1: number; curvatureDefined: boolean };
  phaseDiagram(p: { phi: Phi; swMin: number; swMax: number; sbMin: number; sbMax: number; nw: number; nb: number; rowStart?: number; rows?: number; method?: ChaosNet['method'] },
    options?: CallOptions): Promise<{ sw: Float64Array; sb: Float64Array; chi1: Float64Array; xiQ: Float64Array; xiC: Float64Array;
      qStar: Float64Array; cStar: Float64Array; boundary: Float64Array; rowStart: number; ms: number }>;
  convergence(p: { phi: Phi; swMin?: number; swMax?: number; sbMin?: number; sbMax?: number; nw?: number; nb?: number;
    q0Min?: number; q0Max?: number; nq0?: number; band?: number; maxIter?: number; rowStart?: number; rows?: number },
    options?: CallOptions): Promise<{ sw: Float64Array; sb: Float64Array; iters: Float64Array; qStar: Float64Array; rowStart: number; ms: number }>;
  simulateCircle(p: ChaosNet & { width: number; layers: number; points: number; seed?: number; q1?: number }, options?: CallOptions):
    Promise<CircleStats & { layer: Float64Array; top2: Float64Array; participation: Float64Array; proj: Float64Array;
      dtheta: Float64Array; autocorr: Float64Array; shallow: Float64Array; theory: Partial<CircleStats> & { bound: Float64Array } } & Record<string, unknown>>;
  correlationIterates(p: ChaosNet & { layers: number; c: Numbers; q1?: number }): { q1: number; c: Float64Array[] };
  boundaryCurvature(p: ChaosNet & { width?: number; layers?: number; points?: number; seed?: number; q1?: number }, options?: CallOptions):
    Promise<{ layer: Float64Array; width: number; points: number; q1: number; kappa: Float64Array; info: Float64Array;
      sumSq: Float64Array; sumSqSe: Float64Array; top: Float64Array[]; bottom: Float64Array[];
      theory: { sumSq: Float64Array; sumSqWide: Float64Array } } & Record<string, unknown>>;
  boundaryTheory(p: ChaosNet & { width: number; layers: number; q1?: number }): Float64Array;
  boundaryDerivatives(p: ChaosNet & { width: number; layers: number; seed?: number; layer: number; h: Numbers }):
    { G: number; grad: Float64Array; hess: Float64Array };
  jacobianSpectrum(p: ChaosNet & { init?: 'gaussian' | 'orthogonal'; width?: number; layers?: number; seed?: number; svals?: boolean }):
    { layer: Float64Array; svals?: Float64Array[]; meanSq: Float64Array; q: Float64Array; qStar: number; chi1: number; qIn: number; rho: number;
      theory: { meanSq: Float64Array; varSq: Float64Array } };
}

// ---- eng.semantic -----------------------------------------------------------------
export interface Matrix { Y: Numbers; rows: number; cols: number }
export type DatasetParams =
  | { kind: 'tree'; branching: number; levels: number }
  | { kind: 'diffusion'; branching: number; levels: number; eps: number; features: number; seed?: number }
  | { kind: 'living' }
  | { kind: 'planted'; No: number; Nf: number; Ko: number; Kf: number; p: number; q: number; seed?: number }
  | { kind: 'csv'; text: string };
export interface Dataset {
  kind: DatasetParams['kind']; Y: Float64Array; rows: number; cols: number; items: string[]; features: string[];
  level?: number[]; branching?: number; levels?: number;
}
export interface SemanticSimResult {
  t: Float64Array; loss: Float64Array; modes: Float64Array[]; singularValues: Float64Array;
  hidden?: Float64Array[]; outputs?: Float64Array[]; readout?: Float64Array[]; lastHidden?: Float64Array[];
}
/** A network learning Y from one-hot items, and its gradient-descent run (eng.semantic.simulate). */
export type SemanticNet = Matrix & { depth: number; hidden?: number; init?: 'decoupled' | 'small'; a0?: number; scale?: number; lr: number; steps: number;
  every?: number; seed?: number };
export interface Semantic {
  dataset(p: DatasetParams): Dataset;
  svd(p: Matrix): { U: Float64Array; S: Float64Array; V: Float64Array; p: number };
  treeTheory(p: { branching: number; levels: number; eps?: number; features?: number }): { s: Float64Array; multiplicity: Float64Array; labels: string[] };
  modeLevels(p: { V: Numbers; cols: number; p: number; branching: number; levels: number }): unknown;
  mds(p: { points: Numbers; n: number; dim: number; k?: number } | { distances: Numbers; n: number; k?: number }): { coords: Float64Array; eig: Float64Array };
  /** frequency: relative presentation rate of each item (Sigma11 = diag(w), Sigma31 = Y diag(w), w = frequency / mean). */
  simulate(p: SemanticNet & { frequency?: Numbers; record?: { hidden?: boolean; outputs?: boolean; readout?: boolean } }, options?: CallOptions): Promise<SemanticSimResult>;
  stableLr(p: Matrix & { depth: number; hidden?: number; init?: 'decoupled' | 'small'; a0?: number; scale?: number; seed?: number; frequency?: Numbers }): number;
  groupErrors(p: SemanticNet & { groups: Numbers }, options?: CallOptions):
    Promise<{ t: Float64Array; loss: Float64Array; modes: Float64Array[]; S: Float64Array; groups: number; errors: Float64Array[]; theory: Float64Array[] }>;
  rsa(p: Omit<SemanticNet, 'hidden' | 'init' | 'seed'> & { hidden: Numbers; seeds: Numbers }, options?: CallOptions):
    Promise<{ t: Float64Array; loss: Float64Array[]; rsm: Float64Array[][]; theory: Float64Array[]; between: Float64Array; vsTheory: Float64Array[] }>;
  /** Each category of nested item partitions (coarse to fine): its coherence against the singular value of its contrast. */
  categories(p: Matrix & { parts: Numbers[] }): { level: Float64Array; group: Float64Array; size: Float64Array; within: Float64Array;
    between: Float64Array; coherence: Float64Array; s: Float64Array };
  /** Items presented with relative frequencies: the modes of Sigma31 = Y diag(w), m = v^T diag(w) v and the decoupled half times. */
  familiarity(p: Matrix & { frequency?: Numbers; depth?: number; a0?: number }): { weights: Float64Array; s: Float64Array; U: Float64Array;
    V: Float64Array; p: number; m: Float64Array; halfTime: Float64Array };
  coherenceTheory(p: { No: number; Nf: number; ratios: Numbers; depth?: number; a0?: number }):
    { s: Float64Array; itemOverlap: Float64Array; featureOverlap: Float64Array; halfTime: Float64Array };
  coherence(p: { No: number; Nf: number; Ko: number; Kf: number; q: number; ratios: Numbers; depth?: number; a0?: number; steps?: number; seed?: number },
    options?: CallOptions): Promise<{ ratios: Float64Array; p: Float64Array; s1: Float64Array; itemOverlap: Float64Array } & Record<string, unknown>>;
}

// ---- eng.perceptual and eng.pathways ------------------------------------------------
export interface Population { neurons: number; width: number; offset: number; amp?: number }
export interface Training { lr: number; steps: number; every?: number; seed?: number }
export interface Perceptual {
  /** The bounds of perceptual and pathways (perceptual.h, pathways.h), by name: maxNeurons, maxDepth, maxSteps, … */
  readonly limits: Readonly<Record<string, number>>;
  population(p: Population): { pref: Float64Array; gplus: Float64Array; gminus: Float64Array; v: number; dnorm: number; gg: number; gpgm: number };
  reduced(p: { c: number; v: number; tau: number; alpha0?: number; beta0?: number; t: Numbers }): { alpha: Float64Array; beta: Float64Array };
  chainReduced(p: { depth: number; c: number; dnorm: number; tau: number; alpha0?: number; b0: Numbers; t: Numbers }): { alpha: Float64Array; b: Float64Array[] };
  simulate(p: Population & Training & { target?: number; depth?: number; beta0?: number; decay?: number; noise?: number }, options?: CallOptions):
    Promise<{ t: Float64Array; time: Float64Array; loss: Float64Array; alpha: Float64Array; beta: Float64Array; margin: Float64Array;
      residual: Float64Array; b: Float64Array[]; layerChange: Float64Array[]; reduced: { alpha: Float64Array; beta: Float64Array; b: Float64Array[] };
      c: number; v: number; tau: number; dnorm: number;
      neurons: { pref: Float64Array; input: Float64Array; readout: Float64Array; dabs: Float64Array };
      agreement: { alpha: number; beta: number; b: number; residual: number } }>;
  transfer(p: Omit<Population, 'width'> & Training & { width?: number; target?: number; beta0?: number; locations: number; rf: number; separation: number; switchAt: number },
    options?: CallOptions): Promise<{ t: Float64Array; alpha: Float64Array; beta: Float64Array; margin: Float64Array; alphaB: Float64Array; betaB: Float64Array;
      marginB: Float64Array; cab: number; reduced: Record<string, Float64Array>; predicted: { marginA: number; marginB: number; betaB: number } } & Record<string, unknown>>;
  topologies(p: Training & { info: Numbers; target?: number; noise?: number }):
    { t: Float64Array; parallel: Float64Array[]; serial: Float64Array[]; parallelChange: Float64Array; serialChange: Float64Array };
}
export interface Pathways {
  /** The same object as `perceptual.limits`. */
  readonly limits: Readonly<Record<string, number>>;
  /** One mode's reduced dynamics in aligned pathways (Shi et al. 2022): a_p over t per pathway; first, hidden: squared-gain offsets (0 = balanced). */
  reduced(p: { s: number; depth: number; a0: Numbers; t: Numbers; first?: number; hidden?: number }): Float64Array[];
  simulate(p: Training & { pathways: number; depth: number; width: number; singularValues: Numbers; scale?: number; phi?: Phi }, options?: CallOptions):
    Promise<{ t: Float64Array; time: Float64Array; loss: Float64Array; strength: Float64Array[][]; share: Float64Array[][];
      concentration: Float64Array[]; learned: Float64Array; finalConcentration: number; offsets: { first: number; hidden: number } | null;
      /** Per mode: the reduced theory from record `from` on (null: the mode never left its plateau; all null with a nonlinearity or width < modes). */
      reduced: ({ from: number; strength: Float64Array[] } | null)[] | null }>;
}

// ---- eng.nonlinear: trained nonlinear networks (nonlinear.h; docs/theory.md §5.12) ----
/** Your own data: labels for the softmax or squared loss, or real targets for the squared loss. */
export type NonlinearData =
  | { x: Numbers; y: Numbers; xTest?: Numbers; yTest?: Numbers; inputs: number; classes: number }
  | { x: Numbers; targets: Numbers; xTest?: Numbers; targetsTest?: Numbers; inputs: number; outputs: number };
export interface NonlinearNetwork {
  data?: 'fashion-mnist' | NonlinearData;
  trainSize?: number;
  testSize?: number;
  /** Hidden widths; depth = hidden.length + 1. */
  hidden?: Numbers;
  phi?: Phi;
  sw?: number;
  sb?: number;
  biases?: boolean;
  init?: 'gaussian' | 'orthogonal';
  loss?: 'softmax' | 'squared';
  /** 0 or at least the training rows: the full batch. */
  batch?: number;
  seed?: number;
}
/** Where a resumable run stopped: pass it back as `resume`. */
export interface NonlinearState { run: string; steps: number; params: Float64Array }
export interface NonlinearResult {
  epoch: Float64Array; trainLoss: Float64Array; trainError: Float64Array; testLoss: Float64Array; testError: Float64Array;
  /** false, or the sentence that stopped the run (the records end before it). */
  diverged: false | string;
  stepsPerEpoch: number;
  state?: NonlinearState;
  fingerprint: string;
}
export interface Nonlinear {
  train(p: NonlinearNetwork & CallOptions & {
    lr: number; epochs?: number; steps?: number; recordEvery?: number; resumable?: boolean; resume?: NonlinearState;
  }, options?: CallOptions): Promise<NonlinearResult>;
  gradient(p: NonlinearNetwork & { params?: Numbers; rows?: { x: Numbers; y?: Numbers; targets?: Numbers } }):
    Promise<{ loss: number; gradient: Float64Array; params: Float64Array; widths: number[] }>;
}

// ---- eng.data: Fashion-MNIST as full-batch gradient descent on a linear network sees it ----
export interface DataStats {
  fashionMnistStats(p?: { perClass?: number; components?: number }): Promise<{
    samples: number; counts: Float64Array | number[]; inputs: number; outputs: number; sigma11: Float64Array; sigma31: Float64Array;
    y2: number; variances: Float64Array; explained: number; mean: Float64Array; basis: Float64Array; zeroLoss: number; minLoss: number;
  }>;
}
