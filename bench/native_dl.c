/* Native benchmark of one full-batch gradient-descent step of a deep linear
 * network, D = 6, N = 256 in every layer (the wasm numbers come from
 * bench/deep-linear.mjs). Best of calls of 10 steps in process CPU time (see
 * bench/measure.mjs for why). Prints one JSON object.
 *   gcc -std=c99 -Iinclude -O3 -march=native bench/native_dl.c <every src/ C file> \
 *       -o build/bench-native-dl -lm */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <time.h>

#include "depthlab/dl_sim.h"
#include "depthlab/status.h"

enum { D = 6, N = 256, STEPS_PER_CALL = 10 };   /* as bench/deep-linear.mjs */

static double cpu_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(void) {
  double widths[D + 1], s[N];
  for (int l = 0; l <= D; l++) widths[l] = N;
  for (int a = 0; a < N; a++) s[a] = 1.0 + 2.0 * (N - a) / N;
  dlab_dls *h;
  if (dlab_dls_create(D, widths, &h) || dlab_dls_set_spectrum(h, s, N, 1) ||
      dlab_dls_init(h, DLAB_DLS_INIT_ORTHOGONAL, 1.0, 0, 1)) {
    fprintf(stderr, "set-up failed: %s\n", dlab_last_error());
    return 1;
  }
  const double lr = 1e-3;
  dlab_dls_step(h, 2, lr);   /* warm caches */
  double best = 1e300, start = cpu_now();
  long steps = 0;
  while (steps < 3 * STEPS_PER_CALL || cpu_now() - start < 1.5) {
    double t = cpu_now();
    if (dlab_dls_step(h, STEPS_PER_CALL, lr)) { fprintf(stderr, "%s\n", dlab_last_error()); return 1; }
    double dt = (cpu_now() - t) / STEPS_PER_CALL;
    if (dt < best) best = dt;
    steps += STEPS_PER_CALL;
  }
  printf("{\"name\": \"deep linear GD step, D = %d, N = %d\", \"unit\": \"steps/s\", \"native\": %.3f, \"steps\": %ld}\n",
         D, N, 1 / best, steps);
  dlab_dls_free(h);
  return 0;
}
