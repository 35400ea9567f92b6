// The figure gallery (`#/gallery`), one table: every figure of the papers behind
// depthlab that a view computes, with the link that opens the view in the paper's
// state. The gallery view, the thumbnails (`make thumbs`) and the tests all read it.
//
// An entry:
//   id       file name of its thumbnail (web/gallery/<id>.webp) and its anchor
//   ref      the paper (references.js); figure: its figure label, '' where depthlab
//            shows the result but not a figure we can name
//   demo     the view; set: its values over the defaults (the link: galleryLink);
//            chart: optional id of the view's chart the thumbnail shows (default: the first)
//   paper    true: `set` holds the paper's own parameters; false: the same experiment
//            at depthlab's settings (the note says what differs)
//   shows    one sentence: what the figure shows
//   note     where the paper's code, its caption or depthlab's settings differ
//   code     optional: the values over `set` that reproduce the paper's code instead
//   numbers  values the paper states, each recomputed by an engine call:
//            { what, paper, tol (absolute), call: 'ns.method', params, pick(result) }
import { DEMOS } from './index.js';
import { defaults, toHash } from './state.js';

// Poole et al. 2016, Figs 3 and 4: input circle at q1 = q* + sigma_b^2 (1 - 1/N) in their code.
const CIRCLE_CODE_NOTE = 'Poole et al.’s code scales the input circle so that the first layer’s length is q* + σb²(1 − 1/N), not the q* of the text; depthlab starts at q*.';

export const GALLERY = [
  // ---- Saxe, McClelland & Ganguli 2014 ----------------------------------------------------
  {
    id: 'saxe2014-modes', ref: 'saxe2014', figure: 'Fig. 1 (left)', demo: 'modes', set: {}, paper: false,
    shows: 'Each input–output mode of a three-layer linear network waits on a plateau and is then learned along a sigmoid, the strongest mode first.',
    note: 'The paper plots seven modes of its data set; depthlab draws three, with singular values 3, 2 and 1.',
  },
  {
    id: 'saxe2014-saddle', ref: 'saxe2014', figure: 'Fig. 2', demo: 'saddle', set: { s: 1 }, paper: true,
    shows: 'The flow of the two weights of y = w₂w₁x: a saddle at zero, a hyperbola of minima, and paths from small starts that linger near the saddle.',
    note: '',
  },
  {
    id: 'saxe2014-simulation', ref: 'saxe2014', figure: 'Fig. 1 (left)', demo: 'gd-modes', set: {}, paper: false,
    shows: 'Gradient descent on the full network from small starts follows the exact mode solutions.',
    note: 'The paper trains on its own data set; depthlab on data of prescribed singular values 3, 2 and 1.',
  },
  {
    id: 'saxe2014-depth', ref: 'saxe2014', figure: '', demo: 'depth-speed', set: {}, paper: false,
    shows: 'Time to a training criterion against depth: decoupled and orthogonal starts learn in a time independent of depth, scaled Gaussian starts slow down.',
    note: 'The paper trains on MNIST with 1000 units per layer; depthlab on synthetic data of three modes, 16 units per layer.',
  },
  {
    id: 'saxe2014-isometry', ref: 'saxe2014', figure: '', demo: 'isometry', set: { phi: 'linear', depth: 10, width: 64, gain: 1 }, paper: false,
    note: 'depthlab’s width (64) and depth (10).',
    shows: 'Products of random orthogonal matrices keep every singular value at 1; products of Gaussian matrices spread them over decades.',
    numbers: [{
      what: 'largest / smallest singular value of a product of 10 orthogonal layers', paper: 1, tol: 1e-9,
      call: 'deepLinear.initSpectrum', params: { depth: 10, width: 64, gain: 1, seed: 1 },
      pick: (r) => Math.max(...r.orthogonal[9]) / Math.min(...r.orthogonal[9]),
    }],
  },
  {
    id: 'saxe2014-fmnist-depth', ref: 'saxe2014', figure: '', demo: 'fmnist-depth', set: {}, paper: false,
    shows: 'Deep linear networks on real images: epochs to a training criterion at the best learning rate against depth, for Gaussian, orthogonal, pretrained and decoupled starts.',
    note: 'The paper trains on MNIST with 1000 units per layer; depthlab on Fashion-MNIST reduced to 50 principal components, 32 units per layer, depths 1 to 10.',
  },
  {
    id: 'saxe2014-deep-tanh', ref: 'saxe2014', figure: '', demo: 'deep-tanh', set: {}, paper: false,
    shows: 'A 30-layer tanh network trained from four starts: orthogonal weights with a gain just above 1 train fastest, Gaussian weights at gain 1 slowest.',
    note: 'The paper: 500 units per layer, MNIST, 1500 epochs (training errors 2.3 %, 1.5 %, 2.8 % and 0.095 %); depthlab: 32 units, 1000 Fashion-MNIST images, 8 epochs, so its errors are far higher.',
  },
  // ---- Saxe, McClelland & Ganguli 2019 ----------------------------------------------------
  {
    id: 'saxe2019-modes', ref: 'saxe2019', figure: '', demo: 'sem-data', set: { dataset: 'tree' }, paper: false,
    shows: 'The singular value decomposition of hierarchically structured items and properties: each mode is a distinction of the tree, broader distinctions stronger.',
    note: 'A tree of 8 items with 200 sampled properties; the paper’s tree differs in size.',
  },
  {
    id: 'saxe2019-stages', ref: 'saxe2019', figure: '', demo: 'sem-stages', set: {}, paper: false,
    shows: 'A deep network learns the tree’s distinctions in stage-like transitions, broad before fine; a shallow one learns them all at once.',
    note: 'depthlab’s tree and starting strength, not the paper’s.',
  },
  {
    id: 'saxe2019-learning-time', ref: 'saxe2019', figure: '', demo: 'sem-stages', set: {}, chart: 'time', paper: false,
    shows: 'Learning time against singular value: in a deep network each mode reaches half strength at a time that falls roughly as 1/s; in a shallow one every mode takes τ ln 2.',
    note: 'depthlab’s tree and starting strength; the paper gives the formula, not this chart.',
  },
  {
    id: 'saxe2019-differentiation', ref: 'saxe2019', figure: '', demo: 'sem-differentiation', set: {}, paper: false,
    shows: 'Progressive differentiation: the hidden representations of the items split first into plants and animals, then into finer categories (multidimensional scaling over training).',
    note: 'On the living-things items and properties of Rogers & McClelland (2008).',
  },
  {
    id: 'saxe2019-illusory', ref: 'saxe2019', figure: '', demo: 'sem-illusory', set: {}, paper: false,
    shows: 'Illusory correlations: for a while the network believes the penguin can fly, until the penguin’s own mode is learned.',
    note: 'On the living-things data set of Rogers & McClelland (2008).',
  },
  {
    id: 'saxe2019-coherence', ref: 'saxe2019', figure: '', demo: 'sem-coherence', set: {}, paper: false,
    shows: 'Category coherence: a planted category is learned fast once its coherence passes the random-matrix detection threshold, and not at all below it.',
    note: 'The threshold drawn is the squared signal-to-noise form, where simulation puts the transition.',
  },
  {
    id: 'saxe2019-category-coherence', ref: 'saxe2019', figure: '', demo: 'sem-data', set: { dataset: 'tree' }, chart: 'coherence', paper: false,
    shows: 'In a tree each category’s coherence (similarity within minus similarity to its siblings) sets its singular value: s² = K × coherence, so coherent categories are learned first.',
    note: 'depthlab’s tree of 8 items; the law is derived in docs/theory.md §4.6 from the paper’s definition of coherence.',
  },
  {
    id: 'saxe2019-familiarity', ref: 'saxe2019', figure: '', demo: 'sem-familiarity', set: {}, chart: 'items', paper: false,
    shows: 'Familiarity: an item presented four times as often weighs more in the modes of Σ³¹ = Y diag(w), and its properties are learned before any other item’s.',
    note: 'Not a figure of the paper: its theory applied to items presented with different frequencies (Σ¹¹ = diag(w)).',
  },
  {
    id: 'saxe2019-induction', ref: 'saxe2019', figure: '', demo: 'sem-induction', set: {}, paper: false,
    shows: 'Inductive generalisation: a novel property taught on one item spreads to the items of its category, broad categories first.',
    note: 'On the living-things data set of Rogers & McClelland (2008).',
  },
  {
    id: 'rogers2004-error-signals', ref: 'rogers2004', figure: '', demo: 'sem-errors', set: {}, paper: false,
    shows: 'The error each group of properties sends back to the items’ representations: the general properties’ error rises and dies away first, the item-specific ones’ last, as the mode theory predicts.',
    note: 'Rogers & McClelland’s network is nonlinear and trained on the living-things set; depthlab’s is a linear network on a tree of 8 items, where the exact theory holds.',
  },
  {
    id: 'saxe2019-rsa', ref: 'saxe2019', figure: '', demo: 'sem-rsa', set: {}, paper: false,
    shows: 'Two networks of different widths, trained from different random starts, come to the same item similarity matrix, the one set by the data’s singular value decomposition.',
    note: 'The paper explains why semantic similarity is conserved across networks (and species) whose units differ; depthlab trains two linear networks of different widths on a tree of 8 items and compares their similarity matrices.',
  },
  // ---- Poole et al. 2016 ------------------------------------------------------------------
  {
    id: 'poole2016-length', ref: 'poole2016', figure: 'Fig. 1', demo: 'chaos-length',
    set: { phi: 'tanh', sw: 2.5, sb: 0.3, qMax: 15, qa: 3.94, qb: 8.03, qc: 12.12 }, paper: true,
    shows: 'The length map of a random tanh network on q ∈ [0, 15] and its iterates from q = 3.94, 8.03 and 12.12: every input length settles to the fixed point q* within a few layers.',
    note: 'One of the three highlighted σw (2.5); set σw to 1.3 or 4 for the others.',
  },
  {
    id: 'poole2016-convergence', ref: 'poole2016', figure: 'Fig. 1D', demo: 'chaos-convergence',
    set: { phi: 'tanh', band: '0.01', res: 41, swMin: 1, swMax: 5, sbMax: 4, q0Max: 15 }, paper: true,
    shows: 'How many layers an input length needs to settle, over a 41 × 41 grid of σw 1–5 by σb 0–4.',
    note: 'The caption says within 1 % of q*; Poole et al.’s code counts iterations until (q − q*)²/q*² < 0.01, a 10 % band.',
    code: { band: '0.1' },
  },
  {
    id: 'poole2016-correlation', ref: 'poole2016', figure: 'Fig. 2', demo: 'chaos-corr',
    set: { phi: 'tanh', sb: 0.3, sw1: 1.3, sw2: 2.5, sw3: 4, c0: 0.8, c0b: 0.5, c0c: 0.2, layers: 31 }, paper: true,
    shows: 'The correlation map at σw = 1.3, 2.5 and 4 (σb = 0.3), iterated from c = 0.2, 0.5 and 0.8 over 31 layers: correlations go to 1 in the ordered phase and to c* < 1 in the chaotic one.',
    note: '',
    numbers: [{
      what: 'tanh at σb = 0: the order-chaos transition σw', paper: 1, tol: 1e-9,
      call: 'chaos.criticalSw', params: { phi: 'tanh', sb: 0 }, pick: (r) => r,
    }],
  },
  {
    id: 'poole2016-circle', ref: 'poole2016', figure: 'Fig. 3', demo: 'chaos-circle',
    set: { phi: 'tanh', sw: 4, sb: 0.3, width: 1000, layers: 40, points: 504, proj: '5, 10, 15' }, paper: true,
    shows: 'A great circle fed through a width-1000 tanh network in the chaotic phase: its image grows in length and curvature layer by layer (projections at layers 5, 10 and 15).',
    note: `500 angles in the paper; depthlab takes multiples of 8 (504). ${CIRCLE_CODE_NOTE}`,
  },
  {
    id: 'poole2016-autocorrelation', ref: 'poole2016', figure: 'Fig. 3', demo: 'chaos-autocorr',
    set: { phi: 'tanh', sw: 4, sb: 0.3, width: 1000, layers: 40, points: 504, input: 'qstar' }, paper: true,
    shows: 'The autocorrelation of the circle’s image at every angular offset, theory against a width-1000 network, layer by layer.',
    note: `500 angles in the paper; depthlab takes multiples of 8 (504). ${CIRCLE_CODE_NOTE}`,
    code: { input: 'code' },
  },
  {
    id: 'poole2016-boundary', ref: 'poole2016', figure: 'Fig. 4G', demo: 'chaos-boundary',
    set: { phi: 'tanh', sw: 4, sb: 0.3, width: 200, layers: 10 }, paper: true,
    shows: 'The principal curvatures of a random network’s decision boundary against depth: in the chaotic phase they grow layer by layer.',
    note: '',
  },
  {
    id: 'poole2016-depth-width', ref: 'poole2016', figure: 'Fig. 5', demo: 'chaos-depth-width', set: {}, paper: false,
    shows: 'Deep against wide: the length of a circle’s image grows exponentially with depth, but only as the square root of the width of one hidden layer.',
    note: 'depthlab’s widths and depth, chosen to compute in a few seconds.',
  },
  // ---- Schoenholz et al. 2017 -------------------------------------------------------------
  {
    id: 'schoenholz2017-phase', ref: 'schoenholz2017', figure: 'Fig. 1', demo: 'chaos-phase', set: { phi: 'tanh' }, paper: false,
    shows: 'The order-chaos phase diagram of tanh networks and the correlation depth scale ξ_c, which diverges on the boundary χ₁ = 1.',
    note: 'The paper’s axes are σw² and σb²; depthlab’s are σw and σb.',
    numbers: [{
      what: 'tanh at σb² = 0.05: σw² on the order-chaos boundary', paper: 1.76, tol: 0.005,
      call: 'chaos.criticalSw', params: { phi: 'tanh', sb: Math.sqrt(0.05) }, pick: (r) => r * r,
    }],
  },
  {
    id: 'schoenholz2017-trainability', ref: 'schoenholz2017', figure: '', demo: 'trainability', set: {}, paper: false,
    shows: 'Which tanh networks train, over weight scale and depth: only those shallower than about 6 ξ_c, so the deepest trainable networks sit at the order–chaos boundary.',
    note: 'The paper trains up to 300 layers on MNIST and CIFAR-10 for many epochs; depthlab up to 30 layers of 32 units on 500 Fashion-MNIST images for 3 epochs.',
  },
  // ---- Pennington, Schoenholz & Ganguli 2017 ----------------------------------------------
  {
    id: 'pennington2017-tanh', ref: 'pennington2017', figure: '', demo: 'isometry', set: { phi: 'tanh', depth: 50, width: 96, gain: 1.05, sb: 0.05 }, paper: false,
    shows: 'Dynamical isometry: near the critical point with a small q*, orthogonal tanh networks keep the Jacobian’s singular values near 1 through 50 layers; Gaussian ones spread them.',
    note: 'Width 96 and depth 50 (the paper: width 1000, hundreds of layers).',
  },
  {
    id: 'pennington2017-relu', ref: 'pennington2017', figure: '', demo: 'isometry', set: { phi: 'relu', depth: 10, width: 96, gain: 1.4142, sb: 0 }, paper: false,
    shows: 'ReLU networks cannot reach dynamical isometry: even at the critical point and with orthogonal weights the Jacobian’s spectrum widens with depth.',
    note: 'σw = 1.4142 ≈ √2, the critical point at σb = 0; width 96 and depth 10 (deeper, a width of 96 no longer follows the wide-network theory).',
    numbers: [{
      what: 'ReLU at σb = 0: σw² at the critical point', paper: 2, tol: 1e-9,
      call: 'chaos.criticalSw', params: { phi: 'relu', sb: 0 }, pick: (r) => r * r,
    }],
  },
  // ---- Saxe's theory of perceptual learning (PhD thesis, 2015), built on Saxe et al. 2014 ---
  {
    id: 'perceptual-reduction', ref: 'saxe2014', figure: '', demo: 'pl-reduction', set: {}, paper: false,
    shows: 'Perceptual learning in a deep linear network reduces exactly to two variables: the decision layer changes first and more than the tuned input layer.',
    note: 'Saxe’s perceptual-learning theory (PhD thesis, 2015, no DOI) applies the deep linear theory of this paper to orientation discrimination.',
  },
  {
    id: 'perceptual-precision', ref: 'saxe2014', figure: '', demo: 'pl-precision', set: {}, paper: false,
    shows: 'A high-precision discrimination changes the input layer as well; a low-precision one changes only the decision layer.',
    note: 'Saxe’s perceptual-learning theory (PhD thesis, 2015); the experiment is Schoups et al. (2001).',
  },
  {
    id: 'perceptual-hierarchy', ref: 'saxe2014', figure: '', demo: 'pl-hierarchy', set: {}, paper: false,
    shows: 'In a deeper chain the least informative layers change most: a reverse hierarchy.',
    note: 'Saxe’s perceptual-learning theory (PhD thesis, 2015); the reverse hierarchy is Ahissar & Hochstein (2004).',
  },
  {
    id: 'perceptual-transfer', ref: 'saxe2014', figure: '', demo: 'pl-transfer', set: {}, paper: false,
    shows: 'Transfer to an untrained position: the decision layer’s change carries over, scaled by the overlap of the two positions; the input layer’s does not.',
    note: 'Saxe’s perceptual-learning theory (PhD thesis, 2015).',
  },
  {
    id: 'perceptual-topology', ref: 'saxe2014', figure: '', demo: 'pl-topology', set: {}, paper: false,
    shows: 'Parallel against serial structure: in parallel the most informative unit changes most, in series the least informative layer.',
    note: 'Saxe’s perceptual-learning theory (PhD thesis, 2015).',
  },
  // ---- Shi, Shea-Brown & Buice 2022 ---------------------------------------------------------
  {
    id: 'shi2022-pathways', ref: 'shi2022', figure: '', demo: 'pl-pathways', set: {}, paper: false,
    shows: 'Several deep pathways learning one task: the deeper the pathways, the more each mode of the data concentrates in a single pathway.',
    note: 'depthlab’s widths, depths and data, not the paper’s.',
  },
  {
    id: 'shi2022-pathways-relu', ref: 'shi2022', figure: '', demo: 'pl-pathways', set: { phi: 'relu' }, paper: false,
    shows: 'The same pathways with ReLU after every hidden layer: depth concentrates each mode in one pathway here too, beside the linear pathways.',
    note: 'depthlab’s widths, depths and data, not the paper’s.',
  },
  {
    id: 'shi2022-reduced', ref: 'shi2022', figure: '', demo: 'pl-pathways', set: { seeds: 1, mode: '3' }, paper: false,
    shows: 'The reduced theory of the pathways (lines) over the simulation (dots): from where a mode leaves its plateau it follows each pathway’s strength and picks the one that ends up carrying it.',
    note: 'depthlab’s widths, depths and data, not the paper’s; the theory includes the gain the random start gives the input layer.',
  },
  // ---- Dominé et al. 2025 -------------------------------------------------------------------
  {
    id: 'domine2025-rich-lazy', ref: 'domine2025', figure: '', demo: 'rich-lazy', set: {}, paper: false,
    shows: 'From lazy to rich: how much the hidden representation and the tangent kernel change over training, against the balance λ of the start.',
    note: 'depthlab’s three-mode data set, not the paper’s tasks.',
  },
  {
    id: 'domine2025-dynamics', ref: 'domine2025', figure: '', demo: 'lazy-rich-dynamics', set: {}, paper: false,
    shows: 'The exact solution from λ-balanced starts over time beside gradient descent, the tangent kernel’s change and alignment, and a reversal of the targets mid-run: lazy networks relearn at once, the balanced one stalls at the saddle W = 0.',
    note: 'depthlab’s three-mode data set and reversal task, not the paper’s tasks.',
  },
];

/** Thumbnail size (CSS and file pixels) and the largest file `make thumbs` writes. */
export const THUMB = { width: 320, height: 200 };
export const MAX_THUMB_BYTES = 15000;

/** The demo of an entry. */
export const galleryDemo = (e) => DEMOS.find((d) => d.id === e.demo);

/** The link that opens an entry's view in its state (`code`: the paper's code's variant instead). */
export function galleryLink(e, { code = false } = {}) {
  const d = galleryDemo(e);
  return toHash(d, { ...defaults(d), ...e.set, ...(code ? e.code : {}) });
}
