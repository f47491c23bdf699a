/* ||A||_op <= s proved in binary64 (SPEC 15): Gram by dsyrk with an a-priori error bound,
 * then Rump's criterion (BIT 2006) by a floating Cholesky (dpotrf) of a shifted matrix.
 * Compiled with -ffp-contract=off (CMakeLists.txt); see FORMAT.md "Floating-point proofs". */
#include <fenv.h>
#include <math.h>
#include <stdlib.h>
#include <cblas.h>
#include <lapacke.h>
#include "floatproof_internal.h"

#define FP_UNIT 0x1p-53      /* u, unit roundoff of binary64, round to nearest */
#define FP_TINY 0x1p-900     /* dominates every underflow term of SPEC 15 (inputs scaled) */
#define FP_MAX_ORDER 0x1p40  /* sizes above this are refused (gamma finite, sums exact) */

double pc_floatproof_add_up(double a, double b) { return nextafter(a + b, INFINITY); }
double pc_floatproof_mul_up(double a, double b) { return nextafter(a * b, INFINITY); }
double pc_floatproof_sub_down(double a, double b) { return nextafter(a - b, -INFINITY); }
double pc_floatproof_mul_down(double a, double b) { return nextafter(a * b, -INFINITY); }

double pc_floatproof_gamma(double k)
{
    double ku = k * FP_UNIT;          /* exact: k an integer < 2^53, times a power of two */
    if (!(ku < 0.5))
        return INFINITY;
    return nextafter(ku / pc_floatproof_sub_down(1.0, ku), INFINITY);
}

/* g / (1 - g), rounded upward (g >= 0 small). */
static double fp_over_one_minus(double g)
{
    return nextafter(g / pc_floatproof_sub_down(1.0, g), INFINITY);
}

/* A scaled copy B = 2^e A (m x n, ld m) with max |B| in [1/2, 1), or NULL when A has a
 * non-finite entry (then *finite = 0). *maxabs = max |a_ij| (0: all zero, no copy). */
static double *fp_scaled_copy(int *e, double *maxabs, int *finite, const double *A, slong m,
                              slong n, slong lda)
{
    double mx = 0.0;
    *finite = 1;
    for (slong j = 0; j < n; j++)
        for (slong i = 0; i < m; i++) {
            double v = fabs(A[i + j * lda]);
            if (!isfinite(v)) {
                *finite = 0;
                return NULL;
            }
            if (v > mx)
                mx = v;
        }
    *maxabs = mx;
    if (mx == 0.0)
        return NULL;
    *e = -ilogb(mx) - 1;
    double *B = malloc(sizeof(double) * (size_t) m * (size_t) n);
    if (B == NULL)
        return NULL;
    for (slong j = 0; j < n; j++)
        for (slong i = 0; i < m; i++)
            B[i + j * m] = ldexp(A[i + j * lda], *e);  /* exact unless subnormal (SPEC 15) */
    return B;
}

/* The Gram matrix of B (m x n, ld m) on its smaller side: G = fl(B^T B) (order n, inner m)
 * if m >= n, else fl(B B^T); lower triangle filled. */
static double *fp_gram(slong *order, slong *inner, const double *B, slong m, slong n)
{
    slong p = m >= n ? n : m, q = m >= n ? m : n;
    double *G = calloc((size_t) p * (size_t) p, sizeof(double));
    if (G == NULL)
        return NULL;
    if (m >= n)
        cblas_dsyrk(CblasColMajor, CblasLower, CblasTrans, (int) n, (int) m, 1.0, B, (int) m,
                    0.0, G, (int) n);
    else
        cblas_dsyrk(CblasColMajor, CblasLower, CblasNoTrans, (int) m, (int) n, 1.0, B, (int) m,
                    0.0, G, (int) m);
    *order = p;
    *inner = q;
    return G;
}

/* Upper bound on ||fl(G) - B^T B||_2 (SPEC 15, lemma 1): gamma_q/(1-gamma_q) tr G + tiny. */
static double fp_gram_error(const double *G, slong p, slong q)
{
    double tr = 0.0;
    for (slong i = 0; i < p; i++)
        tr = pc_floatproof_add_up(tr, G[i + i * p]);
    double g = fp_over_one_minus(pc_floatproof_gamma((double) q));
    return pc_floatproof_add_up(pc_floatproof_mul_up(g, tr), FP_TINY);
}

/* Returns 1 only if t^2 I - B^T B is proved positive definite, where G = fl(B^T B) (order p,
 * inner length q, max |B| < 1) and eG bounds ||G - B^T B||_2; t is the scaled target, already
 * reduced by the scaling error. Rump's criterion (SPEC 15, lemma 2). drop_shift: test hook. */
static int fp_gram_criterion(const double *G, slong p, double eG, double t, int drop_shift)
{
    double T = pc_floatproof_mul_down(t, t);
    double alpha = fp_over_one_minus(pc_floatproof_gamma((double) p + 2.0));
    double trdiff = 0.0;
    for (slong i = 0; i < p; i++)
        trdiff = pc_floatproof_add_up(trdiff, pc_floatproof_add_up(T, -G[i + i * p]));
    if (!(trdiff > 0.0) || !isfinite(trdiff) || !isfinite(alpha))
        return 0;
    double c = pc_floatproof_add_up(eG, pc_floatproof_add_up(pc_floatproof_mul_up(alpha, trdiff),
                                                             2.0 * FP_TINY));
    if (drop_shift)
        c = 0.0;
    double *F = malloc(sizeof(double) * (size_t) p * (size_t) p);
    if (F == NULL)
        return 0;
    double trF = 0.0;
    int ok = 1;
    for (slong j = 0; j < p && ok; j++) {
        double d = drop_shift ? T - G[j + j * p]
                              : pc_floatproof_sub_down(pc_floatproof_sub_down(T, G[j + j * p]), c);
        if (!(d > 0.0))
            ok = 0;
        F[j + j * p] = d;
        trF = pc_floatproof_add_up(trF, d);
        for (slong i = j + 1; i < p; i++)
            F[i + j * p] = -G[i + j * p];
    }
    /* the condition of lemma 2: c >= alpha tr F + eG + tiny (holds by the choice of c) */
    if (ok && !drop_shift
        && !(c >= pc_floatproof_add_up(eG, pc_floatproof_add_up(pc_floatproof_mul_up(alpha, trF),
                                                                FP_TINY))))
        ok = 0;
    if (ok && LAPACKE_dpotrf(LAPACK_COL_MAJOR, 'L', (lapack_int) p, F, (lapack_int) p) != 0)
        ok = 0;
    for (slong j = 0; j < p && ok; j++) {
        if (!(F[j + j * p] > 0.0) || !isfinite(F[j + j * p]))
            ok = 0;
        for (slong i = j + 1; i < p && ok; i++)
            if (!isfinite(F[i + j * p]))
                ok = 0;
    }
    free(F);
    return ok;
}

/* The scaled target for a bound s on ||A||: t' <= 2^e s - sqrt(m n) 2^-1075 (the ldexp error
 * of subnormal entries), as t' = the binary64 below 2^e s (2^e s >= 1/2). */
static double fp_scaled_target(double s, int e)
{
    return nextafter(ldexp(s, e), 0.0);
}

/* 1 if sizes are acceptable for the lemmas (gamma finite, products of sizes exact). */
static int fp_sizes_ok(slong m, slong n, slong lda)
{
    return m >= 0 && n >= 0 && (double) m < FP_MAX_ORDER && (double) n < FP_MAX_ORDER
           && lda >= (m > 1 ? m : 1);
}

int pc_floatproof_opnorm_le_hook(const double *A, slong m, slong n, slong lda, double s,
                                 int drop_shift)
{
    if (fegetround() != FE_TONEAREST || !fp_sizes_ok(m, n, lda) || !isfinite(s))
        return 0;
    if (m == 0 || n == 0)
        return s >= 0.0;
    int e = 0, finite;
    double maxabs;
    double *B = fp_scaled_copy(&e, &maxabs, &finite, A, m, n, lda);
    if (!finite)
        return 0;
    if (maxabs == 0.0)
        return s >= 0.0;
    if (B == NULL || s < maxabs) {   /* s < max |a_ij| <= ||A||: false */
        free(B);
        return 0;
    }
    double t = fp_scaled_target(s, e);
    /* ||B||_op <= ||B||_F < sqrt(m n) since every |b_ij| < 1 */
    if (t > 2.0 * sqrt((double) m) * sqrt((double) n)) {
        free(B);
        return 1;
    }
    slong p, q;
    double *G = fp_gram(&p, &q, B, m, n);
    free(B);
    if (G == NULL)
        return 0;
    int ok = fp_gram_criterion(G, p, fp_gram_error(G, p, q), t, drop_shift);
    free(G);
    return ok;
}

int pc_floatproof_opnorm_le(const double *A, slong m, slong n, slong lda, double s)
{
    return pc_floatproof_opnorm_le_hook(A, m, n, lda, s, 0);
}

#define FP_LANCZOS_STEPS 160

/* Largest eigenvalue of the k x k tridiagonal (alpha, beta) by LAPACK dstev; -inf on failure. */
static double fp_tridiagonal_max(const double *alpha, const double *beta, slong k)
{
    double *d = malloc(sizeof(double) * (size_t) (2 * k)), *e = d + k, top = -INFINITY;
    if (d == NULL)
        return top;
    for (slong j = 0; j < k; j++) {
        d[j] = alpha[j];
        e[j] = j + 1 < k ? beta[j] : 0.0;
    }
    if (LAPACKE_dstev(LAPACK_COL_MAJOR, 'N', (lapack_int) k, d, e, NULL, 1) == 0)
        top = d[k - 1];
    free(d);
    return top;
}

/* A floating estimate of lambda_max(G): the top Ritz value of Lanczos with full
 * reorthogonalisation (at most FP_LANCZOS_STEPS steps, deterministic start); at least
 * max G_ii. Not rigorous: only a starting point for the proof. Lanczos, unlike the power
 * iteration, resolves the top of a cluster of nearly equal eigenvalues (the active singular
 * values of an optimal dual, all equal to ||Q - P||_op) to near machine precision. */
static double fp_top_estimate(const double *G, slong p)
{
    slong kmax = p < FP_LANCZOS_STEPS ? p : FP_LANCZOS_STEPS;
    double *basis = malloc(sizeof(double) * (size_t) (p * (kmax + 1)));
    double *alpha = malloc(sizeof(double) * (size_t) (2 * kmax)), *beta = alpha + kmax;
    double diag = 0.0, top = 0.0;
    for (slong i = 0; i < p; i++)
        if (G[i + i * p] > diag)
            diag = G[i + i * p];
    if (basis == NULL || alpha == NULL) {
        free(basis);
        free(alpha);
        return diag;
    }
    for (slong i = 0; i < p; i++)
        basis[i] = 1.0 + 0.1 * (double) (i % 7);
    cblas_dscal((int) p, 1.0 / cblas_dnrm2((int) p, basis, 1), basis, 1);
    slong k = 0;
    while (k < kmax) {
        double *v = basis + k * p, *w = basis + (k + 1) * p;
        cblas_dsymv(CblasColMajor, CblasLower, (int) p, 1.0, G, (int) p, v, 1, 0.0, w, 1);
        alpha[k] = cblas_ddot((int) p, v, 1, w, 1);
        for (int pass = 0; pass < 2; pass++)        /* full reorthogonalisation, twice */
            for (slong j = 0; j <= k; j++) {
                double c = cblas_ddot((int) p, basis + j * p, 1, w, 1);
                cblas_daxpy((int) p, -c, basis + j * p, 1, w, 1);
            }
        beta[k] = cblas_dnrm2((int) p, w, 1);
        k++;
        if (!(beta[k - 1] > 1e-300) || !isfinite(alpha[k - 1]))
            break;
        cblas_dscal((int) p, 1.0 / beta[k - 1], w, 1);
    }
    top = fp_tridiagonal_max(alpha, beta, k);
    free(basis);
    free(alpha);
    return top > diag ? top : diag;
}

/* The candidate s = 2^-e sqrt(lambda (1 + delta) + shift), two steps up; +inf on overflow. */
static double fp_candidate(double lambda, double delta, double eG, double alpha, slong p, int e)
{
    double T = lambda * (1.0 + delta);
    T += eG + alpha * (double) p * T + 4.0 * FP_TINY;
    double s_try = nextafter(ldexp(sqrt(T), -e), INFINITY);
    return nextafter(s_try, INFINITY);   /* room for fp_scaled_target's step down */
}

/* Tries growing delta until the criterion holds, then bisects delta (8 steps) between the
 * last failure and the success: 1 with *s (proved) on success. */
static int fp_bound_search(double *s, const double *G, slong p, slong q, int e)
{
    double eG = fp_gram_error(G, p, q), lambda = fp_top_estimate(G, p);
    double alpha = fp_over_one_minus(pc_floatproof_gamma((double) p + 2.0));
    double bad = 0.0, good = -1.0;
    for (double delta = 0x1p-44; delta <= 4.0; delta *= 4.0) {
        double s_try = fp_candidate(lambda, delta, eG, alpha, p, e);
        if (!isfinite(s_try))
            return 0;
        if (fp_gram_criterion(G, p, eG, fp_scaled_target(s_try, e), 0)) {
            good = delta;
            *s = s_try;
            break;
        }
        bad = delta;
    }
    if (good < 0.0)
        return 0;
    for (int it = 0; it < 8 && bad > 0.0; it++) {
        double mid = 0.5 * (bad + good), s_try = fp_candidate(lambda, mid, eG, alpha, p, e);
        if (fp_gram_criterion(G, p, eG, fp_scaled_target(s_try, e), 0)) {
            good = mid;
            *s = s_try;
        } else
            bad = mid;
    }
    return 1;
}

int pc_floatproof_opnorm_bound(double *s, const double *A, slong m, slong n, slong lda)
{
    *s = INFINITY;
    if (fegetround() != FE_TONEAREST || !fp_sizes_ok(m, n, lda))
        return 0;
    if (m == 0 || n == 0) {
        *s = 0.0;
        return 1;
    }
    int e = 0, finite;
    double maxabs;
    double *B = fp_scaled_copy(&e, &maxabs, &finite, A, m, n, lda);
    if (!finite)
        return 0;
    if (maxabs == 0.0) {
        *s = 0.0;
        return 1;
    }
    if (B == NULL)
        return 0;
    slong p, q;
    double *G = fp_gram(&p, &q, B, m, n);
    free(B);
    if (G == NULL)
        return 0;
    int ok = fp_bound_search(s, G, p, q, e);
    free(G);
    if (!ok)
        *s = INFINITY;
    return ok;
}
