// The page's areas (tabs) and the demos (views) inside them, in display order.
import modeCurves from './mode-curves.js';

export const AREAS = [
  { id: 'deep-linear', title: 'Deep linear dynamics',
    soon: '' },
  { id: 'semantic', title: 'Semantic differentiation',
    soon: 'Hierarchical data, its SVD modes, progressive differentiation, illusory correlations, coherence, typicality and inductive generalisation.' },
  { id: 'chaos', title: 'Transient chaos',
    soon: 'Length and correlation maps, χ₁, the order-chaos phase diagram, depth scales, curvature and Grassmannian length against simulated wide random networks.' },
  { id: 'perceptual', title: 'Perceptual learning',
    soon: 'Which layer changes most and first: the exact two-variable reduction, fine vs coarse tasks, transfer, parallel vs serial pathways.' },
];

export const DEMOS = [modeCurves];
