// What a control means, in a sentence, for parameters that mean the same in
// every view that has them (a key, or `area/key` where the meaning is the area's
// own). A parameter whose meaning is its view's own carries `help` in that
// view's table instead; paramHelp prefers it.

const COMMON_HELP = {
  depth: 'The number of weight matrices between input and output: 1 is a shallow network with no hidden layer.',
  width: 'The number of neurons in each hidden layer.',
  s1: 'The strength (singular value) of the data’s strongest mode: the stronger a mode, the sooner it is learned.',
  s2: 'The strength (singular value) of the second mode.',
  s3: 'The strength (singular value) of the third mode.',
  a0: 'How strong every mode is before training, set by how small the starting weights are: the smaller, the longer each mode waits on its plateau.',
  gain: 'Scales the random starting weights; 1 keeps a signal’s size on average as it passes a layer.',
  scale: 'The size of the small random starting weights.',
  lr: 'The size of each gradient-descent step: larger learns in fewer steps, but a finite step adds an error in proportion to it, and too large a step diverges.',
  steps: 'How many gradient-descent steps to train for.',
  seed: 'Seed of the random numbers (starting weights, sampled data): the same seed gives exactly the same run, in every browser.',
  phi: 'The nonlinearity every neuron applies to its input: tanh, erf, ReLU, or none (linear).',
  sw: 'σw, the spread of the random weights (each has variance σw²/N): larger pushes the network towards chaos.',
  sb: 'σb, the spread of the random biases: larger pushes the network towards order.',
  'perceptual/width': 'How broadly each input neuron is tuned: the width of its orientation tuning curve, in degrees.',
  layers: 'How many layers of the random network the inputs pass through.',
  points: 'How many inputs sample the circle.',
  'chaos/res': 'Grid cells along each side of the maps: finer grids take longer.',
  'chaos/swMax': 'The right edge of the maps: the largest σw shown.',
  'chaos/sbMax': 'The top edge of the maps: the largest σb shown.',
  neurons: 'The number of orientation-tuned input neurons, each preferring a different orientation.',
  offset: 'The two stimuli lie this many degrees either side of the reference orientation: a smaller offset is a finer, harder discrimination.',
  target: 'The output the network is trained to give (c); in two-stimulus tasks +c for one stimulus and −c for the other.',
  dataset: 'The items and properties the network learns: a tree of categories, a noisy tree (diffusion), the living-things set, a planted category, small example tables, or your own table.',
  csv: 'Your own data: a header line (item, then property names), then one line per item with its values.',
  branching: 'How many children each node of the category tree has.',
  levels: 'How many levels the tree has below its root; the items are its leaves.',
  eps: 'The chance that a property flips along each branch of the tree: 0 gives a perfect hierarchy, larger values noisier data.',
  features: 'How many properties are sampled from the noisy tree.',
};

/** The sentence that explains parameter `p` of `demo`: its own `help`, else the common one for its area and key, else for its key. */
export const paramHelp = (demo, p) => p.help ?? COMMON_HELP[`${demo.area}/${p.key}`] ?? COMMON_HELP[p.key];
