// The page's areas (tabs) and the demos (views) inside them, in display order.
import modeCurves from './mode-curves.js';
import dlGd from './dl-gd.js';
import dlDepth from './dl-depth.js';
import dlIsometry from './dl-isometry.js';
import dlLambda from './dl-lambda.js';
import chaosLength from './chaos-length.js';
import chaosCorr from './chaos-corr.js';
import chaosPhase from './chaos-phase.js';
import chaosCircle from './chaos-circle.js';
import plReduction from './pl-reduction.js';
import plPrecision from './pl-precision.js';
import plHierarchy from './pl-hierarchy.js';
import plTransfer from './pl-transfer.js';
import plTopology from './pl-topology.js';
import plPathways from './pl-pathways.js';
import semData from './sem-data.js'; import semStages from './sem-stages.js'; import semDifferentiation from './sem-differentiation.js'; import semIllusory from './sem-illusory.js'; import semCoherence from './sem-coherence.js'; import semInduction from './sem-induction.js';

export const AREAS = [
  { id: 'deep-linear', title: 'Deep linear dynamics',
    soon: '' },
  { id: 'semantic', title: 'Semantic differentiation',
    soon: '' },
  { id: 'chaos', title: 'Transient chaos',
    soon: '' },
  { id: 'perceptual', title: 'Perceptual learning',
    soon: '' },
];

export const DEMOS = [modeCurves, dlGd, dlDepth, dlIsometry, dlLambda, chaosLength, chaosCorr, chaosPhase, chaosCircle, plReduction, plPrecision, plHierarchy, plTransfer, plTopology, plPathways, semData, semStages, semDifferentiation, semIllusory, semCoherence, semInduction];
