/* Singular values of a growing product of square matrices, accumulated by QR steps
 * (linalg_internal.h, dlab_qr_product_*). */
#include <string.h>

#include "linalg/linalg_internal.h"

size_t dlab_qr_product_work_size(int n) {
  if (n < 1) return 0;
  return 5 * (size_t)n * n + dlab_qr_work_size(n, n) + dlab_svd_work_size(n, n);
}

void dlab_qr_product_start(dlab_qr_product *p, int n, double *work) {
  size_t n2 = (size_t)n * n;
  p->n = n;
  p->factors = 0;
  p->Q = work;
  p->T = p->Q + n2;
  p->M = p->T + n2;
  p->R = p->M + n2;
  p->Tt = p->R + n2;
  p->qr_work = p->Tt + n2;
  p->svd_work = p->qr_work + dlab_qr_work_size(n, n);
  memset(p->Q, 0, sizeof(double) * n2);
  for (int i = 0; i < n; i++) p->Q[(size_t)i * n + i] = 1;
}

int dlab_qr_product_push(dlab_qr_product *p, const double *A, double *S) {
  int n = p->n, st;
  size_t n2 = (size_t)n * n;
  /* Q_l R_l = A_l Q_(l-1);  T_l = R_l T_(l-1), so A_l..A_1 = Q_l T_l. */
  dlab_gemm(DLAB_NOTRANS, DLAB_NOTRANS, n, n, n, 1.0, A, n, p->Q, n, 0.0, p->M, n);
  if ((st = dlab_qr(n, n, p->M, n, p->Q, p->R, p->qr_work))) return st;
  if (p->factors == 0) {
    memcpy(p->T, p->R, sizeof(double) * n2);
  } else {
    dlab_gemm(DLAB_NOTRANS, DLAB_NOTRANS, n, n, n, 1.0, p->R, n, p->T, n, 0.0, p->M, n);
    memcpy(p->T, p->M, sizeof(double) * n2);
  }
  p->factors++;
  if (!S) return 0;
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++) p->Tt[(size_t)j * n + i] = p->T[(size_t)i * n + j];
  return dlab_svd(n, n, p->Tt, n, NULL, S, NULL, p->svd_work);
}

double dlab_qr_product_frobenius2(const dlab_qr_product *p) {
  int n = p->n;
  double s = 0;
  for (int i = 0; i < n; i++)
    for (int j = i; j < n; j++) s += p->T[(size_t)i * n + j] * p->T[(size_t)i * n + j];
  return s;
}
