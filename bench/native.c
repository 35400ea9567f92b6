/* Native GEMM benchmark: times dlab_gemm (alpha = 1, beta = 0) in the variants
 * backprop uses, NN, TN and NT, at N = 64 .. 512, and prints one JSON line each:
 *   {"kernel":"gemm","var":"NN","n":N,"gflops":X}
 * Like bench/measure.mjs: the best of batches of ~20 ms of process CPU time, so
 * that preemption by other jobs on a shared machine is not counted as work.
 * Build: `make build/bench-native` (gcc -O3 -march=native with every src file). */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "linalg/linalg_internal.h"

static double cpu_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

int main(void) {
  static const int sizes[] = {64, 128, 256, 512};
  static const char *names[] = {"NN", "TN", "NT"};
  static const dlab_trans ta[] = {DLAB_NOTRANS, DLAB_TRANS, DLAB_NOTRANS};
  static const dlab_trans tb[] = {DLAB_NOTRANS, DLAB_NOTRANS, DLAB_TRANS};
  for (int s = 0; s < 4; s++) {
    int n = sizes[s];
    double *A = malloc(sizeof(double) * n * n), *B = malloc(sizeof(double) * n * n);
    double *C = malloc(sizeof(double) * n * n);
    if (!A || !B || !C) { fprintf(stderr, "out of memory\n"); return 1; }
    for (int i = 0; i < n * n; i++) { A[i] = (i % 7) * 0.25 - 0.5; B[i] = (i % 5) * 0.5 - 1.0; }
    for (int v = 0; v < 3; v++) {
      dlab_gemm(ta[v], tb[v], n, n, n, 1.0, A, n, B, n, 0.0, C, n);  /* warm up */
      double t = cpu_now();
      dlab_gemm(ta[v], tb[v], n, n, n, 1.0, A, n, B, n, 0.0, C, n);
      double one = cpu_now() - t;
      long calls = one > 0 ? (long)(0.02 / one) + 1 : 1000;
      double best = 1e300, start = cpu_now();
      for (int b = 0; b < 3 || cpu_now() - start < 0.3; b++) {
        t = cpu_now();
        for (long r = 0; r < calls; r++) dlab_gemm(ta[v], tb[v], n, n, n, 1.0, A, n, B, n, 0.0, C, n);
        double dt = (cpu_now() - t) / calls;
        if (dt < best) best = dt;
      }
      if (C[n * n / 2] != C[n * n / 2]) return 1;   /* keep the result live */
      printf("{\"kernel\":\"gemm\",\"var\":\"%s\",\"n\":%d,\"gflops\":%.3f}\n", names[v], n, 2.0 * n * n * n / best / 1e9);
    }
    free(A); free(B); free(C);
  }
  return 0;
}
