/* Top singular values of a V x N matrix by warm-started block subspace iteration, for the
 * floating duality gap of the low-rank solver (issue 9 item 4): O(V N b) per step instead
 * of a full SVD. Doubles only; nothing here is proved (the certificate's operator-norm bound
 * is proved elsewhere, SPEC 15). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <lapacke.h>
#include <cblas.h>
#include "solver_internal.h"

/* Deterministic start: a fixed pseudo-random N x b block (xorshift), so equal inputs give
 * equal iterates. */
void pc_lowrank_block_start(double *X, slong N, slong b)
{
    unsigned long long state = 0x9E3779B97F4A7C15ULL;
    for (slong j = 0; j < N * b; j++) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        X[j] = (double) (state >> 11) / 9007199254740992.0 - 0.5;
    }
}

/* Orthonormal columns of the row-major N x b block X (Householder QR). Returns LAPACK info. */
static int orthonormalise(double *X, slong N, slong b, double *tau)
{
    int info = LAPACKE_dgeqrf(LAPACK_ROW_MAJOR, N, b, X, b, tau);
    if (info == 0)
        info = LAPACKE_dorgqr(LAPACK_ROW_MAJOR, N, b, b, X, b, tau);
    return info;
}

int pc_lowrank_block_top(double *sig, double *U, double *X, const double *M, slong V, slong N,
                         slong b, slong steps)
{
    double *small = malloc(sizeof(double) * (2 * b * b + 2 * b + (V > N ? V : N) * b));
    double *B = small, *E = B + b * b, *eig = E + b * b, *tau = eig + b, *tmp = tau + b;
    int info = 0;
    for (slong q = 0; q < steps && info == 0; q++) {
        /* X <- orth(M^T M X) */
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, V, b, N, 1.0, M, N, X, b, 0.0,
                    U, b);
        cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, N, b, V, 1.0, M, N, U, b, 0.0,
                    X, b);
        info = orthonormalise(X, N, b, tau);
    }
    if (info == 0 && steps == 0)
        info = orthonormalise(X, N, b, tau);
    if (info == 0) {
        /* Rayleigh-Ritz: U = M X, B = U^T U = E diag(eig) E^T */
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, V, b, N, 1.0, M, N, X, b, 0.0,
                    U, b);
        cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, b, b, V, 1.0, U, b, U, b, 0.0, B,
                    b);
        info = LAPACKE_dsyev(LAPACK_ROW_MAJOR, 'V', 'U', b, B, b, eig);
    }
    if (info == 0) {
        /* decreasing order: column b-1-j of B is the j-th Ritz vector */
        for (slong i = 0; i < b; i++)
            for (slong j = 0; j < b; j++)
                E[i * b + j] = B[i * b + (b - 1 - j)];
        for (slong j = 0; j < b; j++)
            sig[j] = sqrt(fmax(eig[b - 1 - j], 0.0));
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, N, b, b, 1.0, X, b, E, b, 0.0,
                    tmp, b);
        memcpy(X, tmp, sizeof(double) * N * b);
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, V, b, b, 1.0, U, b, E, b, 0.0,
                    tmp, b);
        for (slong k = 0; k < V; k++)
            for (slong j = 0; j < b; j++)
                U[k * b + j] = sig[j] > 0 ? tmp[k * b + j] / sig[j] : 0.0;
    }
    free(small);
    return info;
}
