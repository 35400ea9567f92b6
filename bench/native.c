/* Native GEMM benchmark: times dlab_gemm (NN, alpha = 1, beta = 0) at N = 64 .. 512,
 * repeating each size for at least 0.3 s, and prints one JSON line per size:
 *   {"kernel":"gemm","n":N,"gflops":X}
 * Build: `make build/bench-native` (gcc -O3 -march=native with every src file). */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "depthlab/linalg.h"

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

int main(void) {
  static const int sizes[] = {64, 128, 256, 512};
  for (int s = 0; s < 4; s++) {
    int n = sizes[s];
    double *A = malloc(sizeof(double) * n * n), *B = malloc(sizeof(double) * n * n);
    double *C = malloc(sizeof(double) * n * n);
    if (!A || !B || !C) { fprintf(stderr, "out of memory\n"); return 1; }
    for (int i = 0; i < n * n; i++) { A[i] = (i % 7) * 0.25 - 0.5; B[i] = (i % 5) * 0.5 - 1.0; }
    dlab_gemm(DLAB_NOTRANS, DLAB_NOTRANS, n, n, n, 1.0, A, n, B, n, 0.0, C, n);  /* warm up */
    long reps = 0;
    double t0 = now(), dt;
    do {
      dlab_gemm(DLAB_NOTRANS, DLAB_NOTRANS, n, n, n, 1.0, A, n, B, n, 0.0, C, n);
      reps++;
    } while ((dt = now() - t0) < 0.3);
    double check = C[n * n / 2];   /* keep the result live */
    printf("{\"kernel\":\"gemm\",\"n\":%d,\"gflops\":%.3f}\n", n, 2.0 * n * n * n * reps / dt / 1e9);
    if (check != check) return 1;
    free(A); free(B); free(C);
  }
  return 0;
}
