// The papers behind depthlab, one table: demos (`refs`), the glossary and the
// start view point at entries by id. Each entry carries a persistent identifier
// (DOI or arXiv id; a PubMed Central id where a proceedings paper has neither),
// checked against the publisher's or arXiv's record when it was added.

export const REFERENCES = [
  {
    id: 'saxe2014', authors: 'Andrew M. Saxe, James L. McClelland, Surya Ganguli', year: 2014,
    title: 'Exact solutions to the nonlinear dynamics of learning in deep linear neural networks',
    venue: 'International Conference on Learning Representations (ICLR)', arxiv: '1312.6120',
  },
  {
    id: 'xiao2017', authors: 'Han Xiao, Kashif Rasul, Roland Vollgraf', year: 2017,
    title: 'Fashion-MNIST: a Novel Image Dataset for Benchmarking Machine Learning Algorithms',
    venue: 'arXiv preprint', arxiv: '1708.07747',
  },
  {
    id: 'saxe2019', authors: 'Andrew M. Saxe, James L. McClelland, Surya Ganguli', year: 2019,
    title: 'A mathematical theory of semantic development in deep neural networks',
    venue: 'Proceedings of the National Academy of Sciences 116(23), 11537–11546', doi: '10.1073/pnas.1820226116', arxiv: '1810.10531',
  },
  {
    id: 'rogers2004', authors: 'Timothy T. Rogers, James L. McClelland', year: 2004,
    title: 'Semantic Cognition: A Parallel Distributed Processing Approach',
    venue: 'MIT Press', doi: '10.7551/mitpress/6161.001.0001',
  },
  {
    id: 'rogers2008', authors: 'Timothy T. Rogers, James L. McClelland', year: 2008,
    title: 'Précis of Semantic Cognition: A Parallel Distributed Processing Approach',
    venue: 'Behavioral and Brain Sciences', doi: '10.1017/S0140525X0800589X',
  },
  {
    id: 'kriegeskorte2008', authors: 'Nikolaus Kriegeskorte, Marieke Mur, Peter Bandettini', year: 2008,
    title: 'Representational similarity analysis – connecting the branches of systems neuroscience',
    venue: 'Frontiers in Systems Neuroscience 2, 4', doi: '10.3389/neuro.06.004.2008',
  },
  {
    id: 'benaych2012', authors: 'Florent Benaych-Georges, Raj Rao Nadakuditi', year: 2012,
    title: 'The singular values and vectors of low rank perturbations of large rectangular random matrices',
    venue: 'Journal of Multivariate Analysis', arxiv: '1103.2221',
  },
  {
    id: 'poole2016', authors: 'Ben Poole, Subhaneil Lahiri, Maithra Raghu, Jascha Sohl-Dickstein, Surya Ganguli', year: 2016,
    title: 'Exponential expressivity in deep neural networks through transient chaos',
    venue: 'Advances in Neural Information Processing Systems 29 (NIPS)', arxiv: '1606.05340',
  },
  {
    id: 'schoenholz2017', authors: 'Samuel S. Schoenholz, Justin Gilmer, Surya Ganguli, Jascha Sohl-Dickstein', year: 2017,
    title: 'Deep information propagation',
    venue: 'International Conference on Learning Representations (ICLR)', arxiv: '1611.01232',
  },
  {
    id: 'pennington2017', authors: 'Jeffrey Pennington, Samuel S. Schoenholz, Surya Ganguli', year: 2017,
    title: 'Resurrecting the sigmoid in deep learning through dynamical isometry: theory and practice',
    venue: 'Advances in Neural Information Processing Systems 30 (NIPS)', arxiv: '1711.04735',
  },
  {
    id: 'domine2025', authors: 'Clémentine C. J. Dominé, Nicolas Anguita, Alexandra M. Proca, Lukas Braun, Daniel Kunin, Pedro A. M. Mediano, Andrew M. Saxe', year: 2025,
    title: 'From lazy to rich: Exact learning dynamics in deep linear networks',
    venue: 'International Conference on Learning Representations (ICLR)', arxiv: '2409.14623',
  },
  {
    id: 'shi2022', authors: 'Jianghong Shi, Eric Shea-Brown, Michael A. Buice', year: 2022,
    title: 'Learning dynamics of deep linear networks with multiple pathways',
    venue: 'Advances in Neural Information Processing Systems 35 (NeurIPS), 34064–34076', pmcid: 'PMC10824491',
    url: 'https://openreview.net/forum?id=4B7azgAbzda',
  },
  {
    id: 'schoups2001', authors: 'Aniek Schoups, Rufin Vogels, Ning Qian, Guy Orban', year: 2001,
    title: 'Practising orientation identification improves orientation coding in V1 neurons',
    venue: 'Nature 412, 549–553', doi: '10.1038/35087601',
  },
  {
    id: 'ahissar2004', authors: 'Merav Ahissar, Shaul Hochstein', year: 2004,
    title: 'The reverse hierarchy theory of visual perceptual learning',
    venue: 'Trends in Cognitive Sciences 8(10), 457–464', doi: '10.1016/j.tics.2004.08.011',
  },
];

const byId = new Map(REFERENCES.map((r) => [r.id, r]));

/** The entry with this id (throws on an unknown id: a demo's `refs` must name real entries). */
export function reference(id) {
  const r = byId.get(id);
  if (!r) throw new Error(`unknown reference "${id}"`);
  return r;
}

/** Where a reader finds the paper: the DOI resolver, else arXiv, else PubMed Central, else its own url. */
export function referenceUrl(r) {
  if (r.doi) return `https://doi.org/${r.doi}`;
  if (r.arxiv) return `https://arxiv.org/abs/${r.arxiv}`;
  if (r.pmcid) return `https://pmc.ncbi.nlm.nih.gov/articles/${r.pmcid}/`;
  return r.url;
}

/** Short form for running text: "Saxe, McClelland & Ganguli (2014)", "Poole et al. (2016)". */
export function shortCite(r) {
  const names = r.authors.split(', ').map((a) => a.split(' ').at(-1));
  const who = names.length > 3 ? `${names[0]} et al.` : names.length > 1 ? `${names.slice(0, -1).join(', ')} & ${names.at(-1)}` : names[0];
  return `${who} (${r.year})`;
}
