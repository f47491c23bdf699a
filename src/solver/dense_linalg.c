/* SVD, nuclear-norm-ball projection and centering for the floating solver (SPEC 2). */
#include <stdlib.h>
#include <string.h>
#include <lapacke.h>
#include <cblas.h>
#include "solver_internal.h"

/* The row-major V x N matrix A is the column-major N x V matrix A^T. LAPACK factors
 * A^T = U' S V'^T; then A = V' S U'^T, and V'^T (k x V column-major) read row-major is the
 * V x k matrix of left singular vectors of A, U' (N x k column-major) read row-major is VT. */
int pc_dense_svd(double *A, slong V, slong N, double *s, double *U, double *VT)
{
    slong k = V < N ? V : N;
    if (k == 0)
        return 0;
    int info;
    if (U == NULL) {
        info = LAPACKE_dgesdd(LAPACK_COL_MAJOR, 'N', N, V, A, N, s, NULL, 1, NULL, 1);
    } else {
        double *copy = malloc(sizeof(double) * V * N);
        memcpy(copy, A, sizeof(double) * V * N);
        info = LAPACKE_dgesdd(LAPACK_COL_MAJOR, 'S', N, V, A, N, s, VT, N, U, k);
        if (info > 0) {  /* dgesdd did not converge: the slower, sturdier QR iteration */
            double *superb = malloc(sizeof(double) * k);
            info = LAPACKE_dgesvd(LAPACK_COL_MAJOR, 'S', 'S', N, V, copy, N, s, VT, N, U, k,
                                  superb);
            free(superb);
        }
        free(copy);
    }
    return info;
}

static int compare_decreasing(const void *x, const void *y)
{
    double a = *(const double *) x, b = *(const double *) y;
    return (a < b) - (a > b);
}

slong pc_l1_ball_project(double *s, slong k, double radius)
{
    double total = 0.0;
    for (slong j = 0; j < k; j++) {
        if (s[j] < 0)
            s[j] = 0;
        total += s[j];
    }
    if (total > radius) {
        double *sorted = malloc(sizeof(double) * k);
        memcpy(sorted, s, sizeof(double) * k);
        qsort(sorted, k, sizeof(double), compare_decreasing);
        double cum = 0.0, theta = 0.0;
        for (slong j = 0; j < k; j++) {
            cum += sorted[j];
            double t = (cum - radius) / (j + 1);
            if (sorted[j] - t > 0)
                theta = t;
            else
                break;
        }
        for (slong j = 0; j < k; j++)
            s[j] = s[j] > theta ? s[j] - theta : 0.0;
        free(sorted);
    }
    slong r = 0;
    for (slong j = 0; j < k; j++)
        r += s[j] > 0;
    return r;
}

void pc_center_columns(double *Z, slong V, slong N)
{
    double *mean = calloc(N, sizeof(double));
    for (slong k = 0; k < V; k++)
        for (slong i = 0; i < N; i++)
            mean[i] += Z[k * N + i];
    for (slong i = 0; i < N; i++)
        mean[i] /= V;
    for (slong k = 0; k < V; k++)
        for (slong i = 0; i < N; i++)
            Z[k * N + i] -= mean[i];
    free(mean);
}

/* The singular values are decreasing, so the nonzero ones after projection are the first r. */
void pc_svd_recompose(double *Z, double *U, const double *s, const double *VT, slong V,
                      slong N, slong k, slong r)
{
    if (r == 0) {
        memset(Z, 0, sizeof(double) * V * N);
        return;
    }
    for (slong row = 0; row < V; row++)
        for (slong j = 0; j < r; j++)
            U[row * k + j] *= s[j];
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, V, N, r, 1.0, U, k, VT, N, 0.0, Z,
                N);
}
