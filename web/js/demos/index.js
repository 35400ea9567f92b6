// The page's areas (tabs) and the demos (views) inside them, in display order.
// Each demo's file is named after its URL id.
import modes from './modes.js';
import gdModes from './gd-modes.js';
import depthSpeed from './depth-speed.js';
import fmnistDepth from './fmnist-depth.js';
import isometry from './isometry.js';
import saddle from './saddle.js';
import richLazy from './rich-lazy.js';
import lazyRichDynamics from './lazy-rich-dynamics.js';
import chaosLength from './chaos-length.js';
import chaosCorr from './chaos-corr.js';
import chaosPhase from './chaos-phase.js';
import chaosCircle from './chaos-circle.js';
import chaosAutocorr from './chaos-autocorr.js';
import chaosConvergence from './chaos-convergence.js';
import chaosBoundary from './chaos-boundary.js';
import chaosDepthWidth from './chaos-depth-width.js';
import trainability from './trainability.js';
import deepTanh from './deep-tanh.js';
import plReduction from './pl-reduction.js';
import plPrecision from './pl-precision.js';
import plHierarchy from './pl-hierarchy.js';
import plTransfer from './pl-transfer.js';
import plTopology from './pl-topology.js';
import plPathways from './pl-pathways.js';
import semData from './sem-data.js';
import semStages from './sem-stages.js';
import semDifferentiation from './sem-differentiation.js';
import semIllusory from './sem-illusory.js';
import semCoherence from './sem-coherence.js';
import semInduction from './sem-induction.js';
import semErrors from './sem-errors.js';
import semRsa from './sem-rsa.js';
import semFamiliarity from './sem-familiarity.js';

// `about`: what the area is, in two sentences, for the start view.
export const AREAS = [
  { id: 'deep-linear', title: 'Deep linear dynamics',
    about: 'A network without any nonlinearity still learns in a nonlinear way: each input–output mode waits on a plateau, then is learned suddenly, the strongest first. These views solve that dynamics exactly and set it against simulated gradient descent, across depth, starting weights, and the rich and lazy regimes.' },
  { id: 'semantic', title: 'Semantic differentiation',
    about: 'Trained on items and their properties, a deep network learns broad distinctions (plants or animals) before fine ones (robin or canary), as children do. The views follow this progressive differentiation, its stage-like transitions, the false beliefs in between, and why coherent categories are learned fast.' },
  { id: 'chaos', title: 'Transient chaos',
    about: 'In a deep random network an input’s length settles to a fixed value, while two nearby inputs either merge (order) or are driven apart (chaos). The views map the boundary between the two, where signals travel deepest, and show a circle crumpled into an ever longer curve.' },
  { id: 'perceptual', title: 'Perceptual learning',
    about: 'Practising a fine visual discrimination changes some layers of a network more than others. In a deep linear model of the task the decision layer changes first and most, the most informative neurons change within a layer, and only part of the learning transfers to a new position.' },
];

export const DEMOS = [
  modes,
  saddle,
  gdModes,
  depthSpeed,
  fmnistDepth,
  isometry,
  richLazy,
  lazyRichDynamics,
  chaosLength,
  chaosConvergence,
  chaosCorr,
  chaosPhase,
  chaosCircle,
  chaosAutocorr,
  chaosBoundary,
  chaosDepthWidth,
  trainability,
  deepTanh,
  plReduction,
  plPrecision,
  plHierarchy,
  plTransfer,
  plTopology,
  plPathways,
  semData,
  semStages,
  semDifferentiation,
  semIllusory,
  semCoherence,
  semInduction,
  semErrors,
  semRsa,
  semFamiliarity,
];
