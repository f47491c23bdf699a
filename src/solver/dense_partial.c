/* The large-instance kernels of the dense FISTA (issue 9 item 4, docs/scale.md): the projection
 * onto the nuclear-norm ball from the top eigenpairs of the smaller Gram matrix instead of a
 * full SVD, and a Lanczos estimate of ||M||_op for the periodic gap. Doubles only; nothing here
 * is proved.
 *
 * Exactness of the partial projection: the projection of A onto { ||X||_* <= rho } is
 * U diag((s - theta)_+) V^T, where theta depends only on the singular values above theta.
 * With the top k values s_1 >= ... >= s_k, if their sum exceeds rho and the simplex threshold
 * theta_k computed from them satisfies s_k <= theta_k, then theta_k is the threshold of the
 * full vector (every s_j, j > k, is <= s_k <= theta_k and contributes nothing): the result
 * equals the full-SVD projection up to the rounding of the Gram eigen-solver (absolute error
 * about eps ||A||^2 in s^2). Otherwise k is doubled, up to the full eigen-decomposition.
 *
 * Warm start: consecutive FISTA steps project nearby matrices, so the last Ritz vectors are
 * close to the new top eigenvectors. A few steps of subspace iteration with Rayleigh-Ritz from
 * them cost O(n^2 k) each instead of dsyevr's O(n^3) tridiagonalisation; they are accepted
 * only when every Ritz pair that the projection uses (and the margin after it) has a residual
 * ||G x - theta x|| <= PC_WARM_TOL theta_1, else dsyevr decides (and refreshes the block). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <lapacke.h>
#include <cblas.h>
#include "solver_internal.h"

/* Extra eigenpairs asked beyond the last active rank. */
#define PC_PARTIAL_MARGIN 24
/* Lanczos steps of the opnorm estimate. */
#define PC_LANCZOS_STEPS 40
/* Subspace iterations tried from the warm block, and the residual they must reach. */
#define PC_WARM_STEPS 3
#define PC_WARM_TOL 1e-11
/* A warm block is used only while k <= n / PC_WARM_MAX_FRACTION (beyond, dsyevr is as cheap). */
#define PC_WARM_MAX_FRACTION 3

/* Gram = A A^T (V <= N) or A^T A (V > N), n x n, lower triangle column-major (= upper
 * row-major, which is what dsyrk fills). */
static void gram(const double *A, slong V, slong N, double *Gm)
{
    if (V <= N)
        cblas_dsyrk(CblasRowMajor, CblasUpper, CblasNoTrans, V, N, 1.0, A, N, 0.0, Gm, V);
    else
        cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, N, V, 1.0, A, N, 0.0, Gm, N);
}

/* Top k eigenpairs of the n x n Gram (overwritten): s[j] = sqrt(lambda) decreasing, E (k x n
 * row-major) the eigenvectors, row j for s[j]. Returns the LAPACK info. */
static int top_eigenpairs(double *Gm, slong n, slong k, double *s, double *E, double *w,
                          double *Ec, lapack_int *isuppz)
{
    lapack_int m = 0;
    int info = LAPACKE_dsyevr(LAPACK_COL_MAJOR, 'V', 'I', 'L', n, Gm, n, 0.0, 0.0, n - k + 1, n,
                              0.0, &m, w, Ec, n, isuppz);
    if (info != 0 || m != k)
        return info != 0 ? info : -1;
    /* column j of Ec (ascending) is eigenvector j: row k - 1 - j of E */
    for (slong j = 0; j < k; j++) {
        s[k - 1 - j] = sqrt(w[j] > 0 ? w[j] : 0.0);
        memcpy(E + (k - 1 - j) * n, Ec + j * n, sizeof(double) * n);
    }
    return 0;
}

void pc_dense_partial_clear(pc_partial_state_t *st)
{
    free(st->X);
    st->X = NULL;
    st->kw = 0;
}

/* Stores the k top eigenvectors E (k x n row-major = n x k column-major) as the warm block. */
static void keep_warm(pc_partial_state_t *st, const double *E, slong n, slong k)
{
    if (st->X == NULL || st->n != n || st->kw < k) {
        free(st->X);
        st->X = malloc(sizeof(double) * n * k);
        if (st->X == NULL) {
            st->kw = 0;
            return;
        }
    }
    memcpy(st->X, E, sizeof(double) * n * k);
    st->n = n;
    st->kw = k;
}

/* X (n x k column-major) <- an orthonormal basis of its columns (Householder QR). 0 on
 * success. tau: k doubles. */
static int orthonormalise(double *X, slong n, slong k, double *tau)
{
    if (LAPACKE_dgeqrf(LAPACK_COL_MAJOR, n, k, X, n, tau) != 0)
        return 1;
    return LAPACKE_dorgqr(LAPACK_COL_MAJOR, n, k, k, X, n, tau) != 0;
}

/* The top k eigenpairs of the Gram (lower triangle column-major, unchanged) by subspace
 * iteration from st's warm block: s[j] = sqrt(theta_j) decreasing, E (n x k column-major, =
 * k x n row-major) the Ritz vectors. 0 when the first `need` (<= k) Ritz pairs have residuals
 * <= PC_WARM_TOL theta_1 within PC_WARM_STEPS steps; 1 otherwise (nothing usable). */
static int top_eigenpairs_warm(const double *Gm, slong n, slong k, slong need, double *s,
                               double *E, pc_partial_state_t *st)
{
    if (st->X == NULL || st->n != n || st->kw < need || k > n / PC_WARM_MAX_FRACTION)
        return 1;
    double *Y = malloc(sizeof(double) * n * k), *T = malloc(sizeof(double) * n * k);
    double *H = malloc(sizeof(double) * k * k), *theta = malloc(sizeof(double) * k);
    int ok = 0;
    if (Y == NULL || T == NULL || H == NULL || theta == NULL)
        goto out;
    slong kw = st->kw < k ? st->kw : k;
    memcpy(E, st->X, sizeof(double) * n * kw);
    /* columns beyond the warm block: a fixed pseudo-random fill */
    uint64_t seed = 0x9e3779b97f4a7c15ULL;
    for (slong j = kw; j < k; j++)
        for (slong i = 0; i < n; i++) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            E[i + j * n] = (double) (seed >> 11) * 0x1p-53 - 0.5;
        }
    for (int step = 0; step < PC_WARM_STEPS && !ok; step++) {
        if (orthonormalise(E, n, k, theta))
            goto out;
        cblas_dsymm(CblasColMajor, CblasLeft, CblasLower, n, k, 1.0, Gm, n, E, n, 0.0, Y, n);
        cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, k, k, n, 1.0, E, n, Y, n, 0.0, H, k);
        for (slong a = 0; a < k; a++)
            for (slong b = 0; b < a; b++)
                H[a + b * k] = H[b + a * k] = 0.5 * (H[a + b * k] + H[b + a * k]);
        if (LAPACKE_dsyev(LAPACK_COL_MAJOR, 'V', 'L', k, H, k, theta) != 0)
            goto out;
        /* reverse to decreasing order: column j of S is column k - 1 - j of H */
        for (slong j = 0; j < k / 2; j++) {
            double t = theta[j];
            theta[j] = theta[k - 1 - j];
            theta[k - 1 - j] = t;
            for (slong i = 0; i < k; i++) {
                t = H[i + j * k];
                H[i + j * k] = H[i + (k - 1 - j) * k];
                H[i + (k - 1 - j) * k] = t;
            }
        }
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, n, k, k, 1.0, E, n, H, k, 0.0, T, n);
        memcpy(E, T, sizeof(double) * n * k);          /* Ritz vectors */
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, n, k, k, 1.0, Y, n, H, k, 0.0, T, n);
        memcpy(Y, T, sizeof(double) * n * k);          /* G times them */
        double tol = PC_WARM_TOL * (theta[0] > 0 ? theta[0] : 0.0);
        ok = theta[0] > 0;
        for (slong j = 0; j < need && ok; j++) {
            double r2 = 0.0;
            for (slong i = 0; i < n; i++) {
                double d = Y[i + j * n] - theta[j] * E[i + j * n];
                r2 += d * d;
            }
            ok = sqrt(r2) <= tol;
        }
        if (!ok)
            memcpy(E, Y, sizeof(double) * n * k);      /* one power step, then again */
    }
    if (ok)
        for (slong j = 0; j < k; j++)
            s[j] = sqrt(theta[j] > 0 ? theta[j] : 0.0);
out:
    free(Y);
    free(T);
    free(H);
    free(theta);
    return !ok;
}

/* Z = the projection, given the top eigenvectors E (r x n) and c[j] = (s_j - theta) / s_j. */
static void recompose(const double *A, slong V, slong N, const double *E, const double *c,
                      slong r, double *Z, double *B)
{
    if (r == 0) {
        memset(Z, 0, sizeof(double) * V * N);
        return;
    }
    if (V <= N) {   /* Z = E^T diag(c) E A, E r x V */
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, r, N, V, 1.0, E, V, A, N, 0.0, B,
                    N);
        for (slong j = 0; j < r; j++)
            cblas_dscal(N, c[j], B + j * N, 1);
        cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, V, N, r, 1.0, E, V, B, N, 0.0, Z,
                    N);
    } else {        /* Z = A E^T diag(c) E, E r x N */
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, V, r, N, 1.0, A, N, E, N, 0.0, B, r);
        for (slong i = 0; i < V; i++)
            for (slong j = 0; j < r; j++)
                B[i * r + j] *= c[j];
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, V, N, r, 1.0, B, r, E, N, 0.0, Z,
                    N);
    }
}

int pc_dense_project_partial(const double *A, slong V, slong N, double rho, double *Z,
                             slong *r, pc_partial_state_t *st)
{
    slong n = V < N ? V : N, big = V > N ? V : N;
    slong k = st->k_hint + PC_PARTIAL_MARGIN;
    double *Gm = malloc(sizeof(double) * n * n);
    double *E = malloc(sizeof(double) * n * n), *Ec = malloc(sizeof(double) * n * n);
    double *s = malloc(sizeof(double) * 4 * n), *w = s + n, *sp = w + n, *c = sp + n;
    lapack_int *isuppz = malloc(sizeof(lapack_int) * 2 * n);
    int info = 0, force_full = 0, used_warm = 0;
    slong nz = 0, need = 0;
    for (;;) {
        if (k > n)
            k = n;
        gram(A, V, N, Gm);
        /* the warm block must resolve the active rank and the margin after it */
        need = st->k_hint + PC_PARTIAL_MARGIN / 2 < k ? st->k_hint + PC_PARTIAL_MARGIN / 2 : k;
        used_warm = !force_full && st->k_hint > 0
                    && top_eigenpairs_warm(Gm, n, k, need, s, E, st) == 0;
        if (used_warm) {
            st->warm++;
        } else {
            info = top_eigenpairs(Gm, n, k, s, E, w, Ec, isuppz);
            if (info != 0)
                break;
            st->full++;
        }
        keep_warm(st, E, n, k);
        double total = 0.0;
        for (slong j = 0; j < k; j++)
            total += s[j];
        memcpy(sp, s, sizeof(double) * k);
        nz = pc_l1_ball_project(sp, k, rho);
        if (used_warm && nz > need) {   /* the rank grew beyond the resolved Ritz pairs */
            force_full = 1;
            continue;
        }
        if (k == n || (total > rho && nz < k))
            break;
        k *= 2;
    }
    if (info == 0) {
        for (slong j = 0; j < nz; j++)
            c[j] = sp[j] / s[j];
        double *B = malloc(sizeof(double) * (nz > 0 ? nz : 1) * big);
        recompose(A, V, N, E, c, nz, Z, B);
        free(B);
        *r = nz;
        st->k_hint = nz;
    }
    free(Gm);
    free(E);
    free(Ec);
    free(s);
    free(isuppz);
    return info;
}

/* y = M^T M x (V >= N, x of length N) or M M^T x (V < N, x of length V); tmp of length max. */
static void gram_apply(const double *M, slong V, slong N, const double *x, double *y, double *tmp)
{
    if (V >= N) {
        cblas_dgemv(CblasRowMajor, CblasNoTrans, V, N, 1.0, M, N, x, 1, 0.0, tmp, 1);
        cblas_dgemv(CblasRowMajor, CblasTrans, V, N, 1.0, M, N, tmp, 1, 0.0, y, 1);
    } else {
        cblas_dgemv(CblasRowMajor, CblasTrans, V, N, 1.0, M, N, x, 1, 0.0, tmp, 1);
        cblas_dgemv(CblasRowMajor, CblasNoTrans, V, N, 1.0, M, N, tmp, 1, 0.0, y, 1);
    }
}

double pc_dense_opnorm_estimate(const double *M, slong V, slong N, double *x)
{
    slong n = V < N ? V : N, big = V > N ? V : N;
    slong m = n < PC_LANCZOS_STEPS ? n : PC_LANCZOS_STEPS;
    double *Qb = malloc(sizeof(double) * (m + 1) * n);
    double *tmp = malloc(sizeof(double) * (big + 4 * (m + 1) + m * m));
    double *alpha = tmp + big, *beta = alpha + m + 1, *d = beta + m + 1, *e = d + m + 1;
    double *Y = e + m + 1;
    double nrm = cblas_dnrm2(n, x, 1);
    if (!(nrm > 0)) {
        for (slong i = 0; i < n; i++)
            x[i] = 1.0 + 0.5 * sin((double) i);
        nrm = cblas_dnrm2(n, x, 1);
    }
    for (slong i = 0; i < n; i++)
        Qb[i] = x[i] / nrm;
    slong steps = 0;
    for (slong j = 0; j < m; j++) {
        double *q = Qb + j * n, *qn = Qb + (j + 1) * n;
        gram_apply(M, V, N, q, qn, tmp);
        /* full reorthogonalisation, twice */
        for (int pass = 0; pass < 2; pass++)
            for (slong i = 0; i <= j; i++) {
                double h = cblas_ddot(n, Qb + i * n, 1, qn, 1);
                cblas_daxpy(n, -h, Qb + i * n, 1, qn, 1);
                if (pass == 0 && i == j)
                    alpha[j] = h;
                else if (i == j)
                    alpha[j] += h;
            }
        steps = j + 1;
        beta[j] = cblas_dnrm2(n, qn, 1);
        if (!(beta[j] > 1e-14 * fabs(alpha[0])))
            break;
        cblas_dscal(n, 1.0 / beta[j], qn, 1);
    }
    memcpy(d, alpha, sizeof(double) * steps);
    memcpy(e, beta, sizeof(double) * steps);
    double top = 0.0;
    if (LAPACKE_dstev(LAPACK_COL_MAJOR, 'V', steps, d, e, Y, steps) == 0) {
        top = d[steps - 1];
        /* warm start for the next call: the top Ritz vector */
        cblas_dgemv(CblasRowMajor, CblasTrans, steps, n, 1.0, Qb, n, Y + (steps - 1) * steps, 1,
                    0.0, x, 1);
    }
    free(Qb);
    free(tmp);
    return sqrt(top > 0 ? top : 0.0);
}

int pc_dense_gap_estimated(const pc_dense_problem_t *pb, const double *Z, double gap_tol,
                           double *M, double *x, double *value, double *lower, double *opnorm)
{
    double entropy;
    pc_dense_gap_parts(pb, Z, M, value, &entropy);
    *opnorm = pc_dense_opnorm_estimate(M, pb->V, pb->N, x);
    *lower = (entropy - pb->rho * *opnorm) / pb->N;
    if (*value - *lower > gap_tol)
        return 0;
    return pc_dense_gap(pb, Z, value, lower, opnorm);
}
