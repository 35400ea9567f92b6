/* depthlab — semantic development: item x property datasets, their hierarchy
 * theory and classical MDS (Saxe, McClelland & Ganguli 2019; docs/theory.md §4).
 *
 * Convention: a dataset is Y (features x items, row-major): Y[f * items + i] is
 * property f of item i. Items are one-hot inputs and the loss sums over items,
 * so Sigma11 = I and Sigma31 = Y; the network is simulated by dl_sim.h.
 * C handles numbers only: item and property names live in the JS engine.
 *
 * Trees. A tree of `levels` L >= 1 levels below its root, every internal node
 * with `branching` B children; the B^L leaves are the items. Nodes are numbered
 * breadth-first: level k (root = level 0) holds B^k nodes, node j of level k
 * (j = 0..B^k - 1) has leaves j B^(L-k) .. (j + 1) B^(L-k) - 1. Node index
 * = (B^k - 1)/(B - 1) + j.
 *
 * Pure tree (one feature per node, Y[node][leaf] = 1 iff the node is the leaf or
 * one of its ancestors). Y^T Y [i][j] = number of common ancestors =
 *   sum_(k=0..L) sum_(nodes n of level k) 1_n 1_n^T,   1_n = indicator of n's leaves.
 * Its eigenvectors are the uniform vector and, for every internal node n of level
 * k, the B - 1 contrasts between n's children (constant on each child's leaves,
 * summing to zero). A contrast at level k is orthogonal to every 1_m with m at a
 * level <= k, and each 1_m 1_m^T with m at level j > k inside n's subtree multiplies
 * it by B^(L-j) on m's leaves, so
 *   lambda_root = sum_(j=0..L) B^(L-j) = (B^(L+1) - 1)/(B - 1),          multiplicity 1,
 *   lambda_k    = sum_(j=k+1..L) B^(L-j) = (B^(L-k) - 1)/(B - 1),        multiplicity B^k (B - 1),
 * and the singular values of Y are s = sqrt(lambda): they FALL with the level k of
 * the distinction (finest, k = L - 1, has s = 1). Broad distinctions are learned
 * first because learning time ~ 1/s.
 *
 * Hierarchical branching diffusion (eps, N features): per feature, the root takes
 * +1 or -1 with probability 1/2 and every link flips the value with probability
 * eps; the items are the leaves. Two leaves whose lowest common ancestor is at
 * level k are 2 (L - k) links apart, so
 *   E[y_i y_j] = c_k = (1 - 2 eps)^(2 (L - k)),  c_L = 1 (same leaf),
 *   P(y_i != y_j) = (1 - c_k) / 2.
 * E[Y^T Y] / N = C = sum_k (c_k - c_(k-1)) sum_(n of level k) 1_n 1_n^T (c_(-1) = 0),
 * with the same eigenvectors as the pure tree and eigenvalues
 *   lambda_root = sum_(j=0..L) w_j B^(L-j),  lambda_k = sum_(j=k+1..L) w_j B^(L-j),
 *   w_j = c_j - c_(j-1); the sampled singular values approach sqrt(N lambda).
 *
 * "Level" of a mode in the *_svals functions: index 0 = the root (uniform) mode,
 * index k + 1 = the contrasts between the children of level-k nodes (k = 0..L-1).
 *
 * All calls clear, then possibly set, the last error (status.h). Errors: DLAB_EINVAL
 * for a NULL pointer (except those that "may be 0") or an argument outside its stated
 * range or not finite, the sentence naming it; DLAB_ENOMEM only from the functions
 * that say they allocate; the other statuses where stated. */
#ifndef DEPTHLAB_SEMANTIC_H
#define DEPTHLAB_SEMANTIC_H

#define DLAB_SEM_MAX_ITEMS 1024       /* columns of Y (the simulator's input limit) */
#define DLAB_SEM_MAX_FEATURES 2048    /* rows of Y (simulation itself allows 1024) */
#define DLAB_SEM_MAX_BRANCHING 16
#define DLAB_SEM_MAX_LEVELS 10
#define DLAB_SEM_MAX_ABS 1e6          /* bound on |Y| entries of a user matrix */
#define DLAB_SEM_MAX_MDS 512          /* points (from distances) or min(points, dims) */
#define DLAB_SEM_MAX_MDS_VALUES (1L << 24)  /* points x dims for MDS of points */

/* The Rogers & McClelland-style living-things set (ours, after their Fig. 1):
 * items, in order: pine, oak, rose, daisy, robin, canary, penguin, sunfish, salmon;
 * properties, in order: grow, living, roots, bark, branches, big, leaves, green,
 * petals, pretty, red, yellow, move, skin, wings, feathers, fly, sing, swim,
 * scales, gills, fins, pink. Entries 0/1. Pine has no leaves (needles) and the
 * penguin does not fly but swims: the items where illusory correlations show. */
#define DLAB_SEM_LIVING_ITEMS 9
#define DLAB_SEM_LIVING_FEATURES 23

/* out[DLAB_SEM_TREE_FEATURES] = features (nodes) = (B^(L+1) - 1)/(B - 1),
 * out[DLAB_SEM_TREE_ITEMS] = items (leaves) = B^L.
 * The tree limits, for every tree function: branching in [2, 16], levels in [1, 10]
 * (DLAB_EINVAL); items <= DLAB_SEM_MAX_ITEMS and features <= DLAB_SEM_MAX_FEATURES,
 * else DLAB_ELIMIT (nodes < 2 leaves, so the items limit is the one that bites). */
enum { DLAB_SEM_TREE_FEATURES = 0, DLAB_SEM_TREE_ITEMS = 1 };
int dlab_sem_tree_size(int branching, int levels, double *out);

/* The pure tree: Y (features x items, sizes from dlab_sem_tree_size), and the
 * level of every feature's node in `level` (features values; may be 0). Tree limits. */
int dlab_sem_tree(int branching, int levels, double *Y, double *level);

/* Hierarchical branching diffusion: Y (features x items) of +-1, items = the
 * B^L leaves (tree limits as above), features in [1, DLAB_SEM_MAX_FEATURES],
 * eps in [0, 0.5], seed a whole number in [0, 2^53 - 1]. Deterministic in seed.
 * Allocates 2 items doubles of scratch. */
int dlab_sem_diffusion(int branching, int levels, double eps, int features, double seed, double *Y);

/* Singular values by level (see above) of the pure tree (s[0..L], exact) and
 * their multiplicities mult[0..L] (mult may be 0). Tree limits. */
int dlab_sem_tree_svals(int branching, int levels, double *s, double *mult);

/* Expected singular values of diffusion data: sqrt(features * lambda_k(C)),
 * the large-N limit of the sampled ones; levels and multiplicities as above.
 * Tree limits; eps in [0, 0.5], features in [1, DLAB_SEM_MAX_FEATURES]. */
int dlab_sem_diffusion_svals(int branching, int levels, double eps, int features, double *s, double *mult);

/* The living-things set: Y (DLAB_SEM_LIVING_FEATURES x DLAB_SEM_LIVING_ITEMS). */
int dlab_sem_living(double *Y);

/* Planted-category coherence model: Y (nf x no) of 0/1, Y[f][i] ~ Bernoulli(p)
 * for the category's features f < kf and objects i < ko, Bernoulli(q) elsewhere.
 * no in [1, DLAB_SEM_MAX_ITEMS], nf in [1, DLAB_SEM_MAX_FEATURES], ko in [1, no],
 * kf in [1, nf], p and q in [0, 1], seed as above.
 * Detection (rank-one spike in noise, Benaych-Georges & Nadakuditi 2012): with
 * X = (Y - q)/sqrt(q (1 - q)) the category is a spike of size
 * theta = SNR sqrt(ko kf), SNR = (p - q)/sqrt(q (1 - q)), in noise of unit
 * variance whose top singular value is ~ sqrt(no) + sqrt(nf). The top singular
 * vector finds the category only when theta^2 = SNR^2 ko kf > sqrt(no nf); then
 * s_top = sqrt((no + theta^2)(nf + theta^2)) / theta.  (Forms of the condition
 * with the SNR unsquared put the threshold elsewhere; docs/theory.md §4.6.) */
int dlab_sem_planted(int no, int nf, int ko, int kf, double p, double q, double seed, double *Y);

/* Checks a caller's matrix (e.g. parsed from CSV): rows in [1, DLAB_SEM_MAX_FEATURES],
 * cols in [1, DLAB_SEM_MAX_ITEMS], every entry finite with |Y| <= DLAB_SEM_MAX_ABS,
 * and not all zero; each failure is DLAB_EINVAL (sizes too). The sentence names the
 * first bad entry (feature row, item column, counted from 1). */
int dlab_sem_check(int rows, int cols, const double *Y);

/* Thin SVD Y = U diag(S) V^T of Y (rows x cols), p = min(rows, cols): U rows x p,
 * S descending, V cols x p, signs as dlab_svd (largest |entry| of each V column
 * positive). Same contract as dlab_linalg_svd, whose work it shares (dlab_svd:
 * pivoted QR of the tall orientation, one-sided Jacobi on R^T), with sentences
 * that name Y. rows, cols in [1, 4096]; U, S, V must not be 0. Entries of any
 * magnitude work (scaled by a power of two inside). DLAB_EINVAL also for an entry
 * that is not finite (the sentence names the first, Y[row][col] counted from 0) and
 * when sigma_1 exceeds DBL_MAX. Allocates dlab_svd_work_size(rows, cols) doubles;
 * DLAB_ENOCONV if the Jacobi sweeps do not converge. */
int dlab_sem_svd(int rows, int cols, const double *Y, double *U, double *S, double *V);

/* Classical (Torgerson) MDS from squared distances D2 (n x n, symmetric, zero
 * diagonal, entries >= 0): B = -1/2 J D2 J (J = I - 11^T/n), B = Q diag(w) Q^T;
 * coords (n x k) = Q_k diag(sqrt(max(w, 0))), eig[0..k-1] = the k largest w
 * (descending). n in [1, DLAB_SEM_MAX_MDS], k in [1, n]. Exact up to rotation
 * and reflection for points that really live in k dimensions.
 * DLAB_EINVAL (naming the entry) unless every D2 entry is finite and >= 0, the
 * diagonal is <= 1e-12 max D2 and |D2[i][j] - D2[j][i]| <= 1e-12 max D2; also when
 * an eigenvalue exceeds DBL_MAX (D2 entries near it). Allocates (n^2 doubles and
 * the eigen workspace); DLAB_ENOCONV if the eigensolver does not converge. */
int dlab_sem_mds(int n, const double *D2, int k, double *coords, double *eig);

/* The same for points X (n x dim, row-major) with Euclidean distances, without
 * forming D2: the centred points are projected on the top-k eigenvectors of their
 * dim x dim scatter matrix (or the n x n Gram matrix when n < dim); identical
 * coordinates up to the sign of each axis (fixed as in dlab_eigen_sym).
 * n and dim in [1, DLAB_SEM_MAX_MDS_VALUES]; n * dim > DLAB_SEM_MAX_MDS_VALUES or
 * min(n, dim) > DLAB_SEM_MAX_MDS is DLAB_ELIMIT; k in [1, min(n, dim)]; X finite
 * (DLAB_EINVAL names the entry). DLAB_EINVAL also when an eigenvalue (a sum of
 * squared coordinates) or a coordinate exceeds DBL_MAX (points spread beyond
 * ~1e154), and when max |X| is below DBL_MIN (subnormal points: the coordinates
 * would lose their bits). Eigenvalues scale with max |X|^2 and underflow to 0
 * below ~1e-154, where the coordinates are still exact. Allocates (n dim + min(n, dim)^2 doubles and the eigen workspace);
 * DLAB_ENOCONV if the eigensolver does not converge. */
int dlab_sem_mds_points(int n, int dim, const double *X, int k, double *coords, double *eig);

#endif
