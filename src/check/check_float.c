/* ||A||_op <= s proved in binary64 (SPEC 15): scaling, Gram by dsyrk with the gamma bound
 * (Lemma 1), Rump's floating Cholesky criterion (Lemma 2) by dpotrf. The checker's own code;
 * compiled with -ffp-contract=off (CMakeLists.txt glob src/check/check_float*.c). */
#ifdef __FAST_MATH__
#error "check_float.c proves rounding bounds: it must not be compiled with -ffast-math"
#endif
#include <fenv.h>
#include <math.h>
#include <stdlib.h>
#include <cblas.h>
#include <lapacke.h>
#include "check_float.h"

#define CF_U 0x1p-53       /* unit roundoff, round to nearest */
#define CF_TAU 0x1p-900    /* dominates every underflow term after scaling (SPEC 15) */
#define CF_MAX_SIZE 0x1p40 /* larger sizes are refused */

static double cf_up(double x) { return nextafter(x, INFINITY); }
static double cf_down(double x) { return nextafter(x, -INFINITY); }

#ifdef OPENBLAS_CONFIG_H
/* OpenBLAS's own (exported) stop of its thread pool, which its fork handler calls; weak, so
 * that a BLAS without it links and the call is skipped. */
extern int blas_thread_shutdown_(void) __attribute__((weak));
#endif

void chk_float_sequential(void)
{
#ifdef OPENBLAS_CONFIG_H   /* defined by OpenBLAS's cblas.h (openblas_config.h) */
    openblas_set_num_threads(1);
    /* The pool's workers, started when the library loaded, spin in sched_yield for about
     * 2^28 cycles before they sleep: on two cores that is the checker's second thread
     * (check_parallel.c) competing with a spinner. With one thread asked for, OpenBLAS runs
     * every call on the caller and does not restart the pool. */
    if (blas_thread_shutdown_ != NULL) blas_thread_shutdown_();
#endif
}

double chk_float_gamma(double k)
{
    double ku = k * CF_U; /* exact: integer k < 2^53 times a power of two */
    if (!(ku < 0.5))
        return INFINITY;
    return cf_up(ku / cf_down(1.0 - ku));
}

static int cf_naive_hook(void)
{
    const char *v = getenv("PEELCERT_CHECK_FLOAT_NAIVE");
    return v != NULL && v[0] == '1';
}

/* max |a_ij|; -1 when an entry is not finite. */
static double cf_max_abs(const double *A, size_t count)
{
    double mx = 0.0;
    for (size_t i = 0; i < count; i++) {
        double v = fabs(A[i]);
        if (!isfinite(v))
            return -1.0;
        if (v > mx)
            mx = v;
    }
    return mx;
}

/* Gram of B (m x n col-major) on the smaller side p, inner length q; lower triangle. */
static double *cf_gram(const double *B, size_t m, size_t n, size_t *p, size_t *q)
{
    *p = m < n ? m : n;
    *q = m < n ? n : m;
    double *G = calloc(*p * *p, sizeof(double));
    if (G == NULL)
        return NULL;
    if (m >= n)
        cblas_dsyrk(CblasColMajor, CblasLower, CblasTrans, (int) n, (int) m, 1.0, B, (int) m,
                    0.0, G, (int) n);
    else
        cblas_dsyrk(CblasColMajor, CblasLower, CblasNoTrans, (int) m, (int) n, 1.0, B, (int) m,
                    0.0, G, (int) m);
    return G;
}

/* Criterion: with G = fl(B^T B) (order p, inner q) and T = t^2 (down), 1 iff the shifted
 * F = T I - G - c I has a successful floating Cholesky and c covers e_G + Rump's bound. */
static int cf_criterion(const double *G, size_t p, size_t q, double t, int naive)
{
    double T = cf_down(t * t);
    double trG = 0.0, slack = 0.0;
    for (size_t j = 0; j < p; j++) {
        trG = cf_up(trG + G[j + j * p]);
        slack = cf_up(slack + cf_up(T - G[j + j * p]));
    }
    double gq = chk_float_gamma((double) q), gp = chk_float_gamma((double) p + 2.0);
    double alpha = cf_up(gp / cf_down(1.0 - gp));
    double eG = cf_up(cf_up(cf_up(gq / cf_down(1.0 - gq)) * trG) + CF_TAU);
    double c = naive ? 0.0 : cf_up(cf_up(eG + cf_up(alpha * slack)) + 2.0 * CF_TAU);
    if (!isfinite(c))
        return 0;
    double *F = malloc(sizeof(double) * p * p);
    if (F == NULL)
        return 0;
    double trF = 0.0;
    int ok = 1;
    for (size_t j = 0; j < p && ok; j++) {
        for (size_t i = j + 1; i < p; i++)
            F[i + j * p] = -G[i + j * p];
        F[j + j * p] = cf_down(cf_down(T - G[j + j * p]) - c);
        if (!(F[j + j * p] > 0.0))
            ok = 0;
        else
            trF = cf_up(trF + F[j + j * p]);
    }
    if (ok && !naive && !(c >= cf_up(cf_up(cf_up(alpha * trF) + eG) + CF_TAU)))
        ok = 0;
    if (ok && LAPACKE_dpotrf(LAPACK_COL_MAJOR, 'L', (lapack_int) p, F, (lapack_int) p) != 0)
        ok = 0;
    for (size_t j = 0; j < p && ok; j++)
        for (size_t i = j; i < p; i++)
            if (!isfinite(F[i + j * p]))
                ok = 0;
    free(F);
    return ok;
}

int chk_float_opnorm_le(const double *A, size_t m, size_t n, double s)
{
    if (fegetround() != FE_TONEAREST || !(s >= 0.0) || !isfinite(s))
        return 0;
    if (m == 0 || n == 0)
        return 1;
    if ((double) m >= CF_MAX_SIZE || (double) n >= CF_MAX_SIZE)
        return 0;
    double mx = cf_max_abs(A, m * n);
    if (mx < 0.0)
        return 0;
    if (mx == 0.0)
        return 1;
    if (s < mx) /* then ||A||_op >= max |a_ij| > s */
        return 0;
    int e = -ilogb(mx) - 1; /* 2^e mx in [1/2, 1) */
    double t = cf_down(ldexp(s, e)); /* covers the subnormal scaling error (SPEC 15) */
    if (t > 2.0 * sqrt((double) m) * sqrt((double) n))
        return 1; /* ||B||_op <= ||B||_F < sqrt(m n) */
    double *B = malloc(sizeof(double) * m * n);
    if (B == NULL)
        return 0;
    for (size_t i = 0; i < m * n; i++)
        B[i] = ldexp(A[i], e);
    size_t p, q;
    double *G = cf_gram(B, m, n, &p, &q);
    free(B);
    if (G == NULL)
        return 0;
    int ok = cf_criterion(G, p, q, t, cf_naive_hook());
    free(G);
    return ok;
}

/* Enclosure of Z = W H (W: V x r, H: r x N, both column-major, finite) in the reals (SPEC 15
 * "Low-rank certificates" (i)): mid = fl(W H) by dgemm, and for every entry
 * |Z_ij - mid_ij| <= rad_ij = gamma_r/(1 - gamma_r) fl(|W||H|)_ij + 2^-999 (rounded upward).
 * 0 on success; 1 (nothing proved) when not round to nearest, r too large, or out of memory. */
int chk_float_product_enclosure(double *mid, double *rad, const double *W, const double *H,
                                size_t V, size_t r, size_t N)
{
    if (fegetround() != FE_TONEAREST || (double) r >= CF_MAX_SIZE)
        return 1;
    double *aW = malloc(sizeof(double) * (V * r > 0 ? V * r : 1));
    double *aH = malloc(sizeof(double) * (r * N > 0 ? r * N : 1));
    if (aW == NULL || aH == NULL) {
        free(aW);
        free(aH);
        return 1;
    }
    for (size_t i = 0; i < V * r; i++)
        aW[i] = fabs(W[i]);
    for (size_t i = 0; i < r * N; i++)
        aH[i] = fabs(H[i]);
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int) V, (int) N, (int) r, 1.0, W,
                (int) V, H, (int) r, 0.0, mid, (int) V);
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int) V, (int) N, (int) r, 1.0, aW,
                (int) V, aH, (int) r, 0.0, rad, (int) V);
    free(aW);
    free(aH);
    double g = chk_float_gamma((double) r);
    double c = cf_up(g / cf_down(1.0 - g));
    for (size_t i = 0; i < V * N; i++)
        rad[i] = cf_up(cf_up(c * rad[i]) + 0x1p-999);
    return 0;
}
