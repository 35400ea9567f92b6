// The page's areas (tabs) and the demos (views) inside them, in display order.
// Each demo's file is named after its URL id.
import modes from './modes.js';
import gdModes from './gd-modes.js';
import depthSpeed from './depth-speed.js';
import isometry from './isometry.js';
import richLazy from './rich-lazy.js';
import chaosLength from './chaos-length.js';
import chaosCorr from './chaos-corr.js';
import chaosPhase from './chaos-phase.js';
import chaosCircle from './chaos-circle.js';
import chaosAutocorr from './chaos-autocorr.js';
import chaosConvergence from './chaos-convergence.js';
import chaosBoundary from './chaos-boundary.js';
import chaosDepthWidth from './chaos-depth-width.js';
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

export const AREAS = [
  { id: 'deep-linear', title: 'Deep linear dynamics' },
  { id: 'semantic', title: 'Semantic differentiation' },
  { id: 'chaos', title: 'Transient chaos' },
  { id: 'perceptual', title: 'Perceptual learning' },
];

export const DEMOS = [
  modes,
  gdModes,
  depthSpeed,
  isometry,
  richLazy,
  chaosLength,
  chaosConvergence,
  chaosCorr,
  chaosPhase,
  chaosCircle,
  chaosAutocorr,
  chaosBoundary,
  chaosDepthWidth,
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
];
