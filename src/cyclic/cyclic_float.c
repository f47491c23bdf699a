/* Floating reduced solver of the circulant problem (SPEC 5a), double + FFTW.
 * Finds a candidate; proves nothing (the refinement and the Arb bounds do).
 *
 * Projected gradient in the space of centered c with the Euclidean metric:
 * since ||c||^2 = (1/n) sum |c_hat_j|^2, the Euclidean projection onto
 * {sum |c_hat_j| <= rho, c_hat_0 = 0} is the l1-ball projection of the complex
 * magnitudes (soft threshold of every |c_hat_j| by one tau, conjugate pairs
 * counted twice). LSE has a 1/2-Lipschitz gradient (Hessian = covariance of
 * softmax, x^T S x = Var_s(x) <= ||x||^2 / 2), so the step 2 (L = 1/2) is always
 * safe; backtracking tries smaller L (longer steps) where the softmax is spread.
 *
 * On G = Z_n1 x ... x Z_nk (SPEC 11) the same solver runs on the rank-k real FFT: FFTW keeps
 * the half spectrum n1 x ... x (nk/2 + 1), and a stored coefficient stands for a conjugate
 * pair (weight 2) unless its last coordinate is 0 or nk/2, when its conjugate is stored too
 * (weight 1). For k = 1 this is the cyclic path exactly. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <fftw3.h>
#include "peelcert/cyclic.h"

/* Iterations without halving the floating gap after which the solver stops. */
#define CYCLIC_STALL_ITERATIONS 1000

typedef struct {
    slong n, h;                 /* h = n1 ... n(k-1) (nk/2 + 1) stored complex outputs */
    slong last, hlast;          /* nk and nk/2 + 1 */
    double *x;                  /* real buffer, length n */
    fftw_complex *X;            /* half spectrum, length h */
    double *weight;             /* [h] budget weight of each stored coefficient */
    fftw_plan fwd, bwd;
} cyclic_fft_t;

static void cyclic_fft_init(cyclic_fft_t *F, const pc_abelian_t *G)
{
    int dims[PC_ABELIAN_MAX_FACTORS];
    for (slong t = 0; t < G->k; t++)
        dims[t] = (int) G->orders[t];
    F->n = G->n;
    F->last = G->orders[G->k - 1];
    F->hlast = F->last / 2 + 1;
    F->h = G->n / F->last * F->hlast;
    F->x = fftw_malloc(sizeof(double) * F->n);
    F->X = fftw_malloc(sizeof(fftw_complex) * F->h);
    F->weight = malloc(sizeof(double) * F->h);
    for (slong j = 0; j < F->h; j++) {
        slong jl = j % F->hlast;
        F->weight[j] = (jl == 0 || 2 * jl == F->last) ? 1.0 : 2.0;
    }
    F->fwd = fftw_plan_dft_r2c((int) G->k, dims, F->x, F->X, FFTW_ESTIMATE);
    F->bwd = fftw_plan_dft_c2r((int) G->k, dims, F->X, F->x, FFTW_ESTIMATE);
}

static void cyclic_fft_clear(cyclic_fft_t *F)
{
    fftw_destroy_plan(F->fwd);
    fftw_destroy_plan(F->bwd);
    fftw_free(F->x);
    fftw_free(F->X);
    free(F->weight);
}

/* The full flat index (mixed radix, abelian.h) of stored coefficient j. */
static slong cyclic_fft_full_index(const cyclic_fft_t *F, slong j)
{
    return j / F->hlast * F->last + j % F->hlast;
}

/* s = softmax(c); returns LSE(c). Sums in long double: for n ~ 10^5 a double sum
 * would put ~10^-13 of noise into the floating gap and stop the solver early. */
static double cyclic_softmax(double *s, const double *c, slong n)
{
    double mx = c[0];
    long double sum = 0.0L;
    for (slong m = 1; m < n; m++)
        if (c[m] > mx) mx = c[m];
    for (slong m = 0; m < n; m++) {
        s[m] = exp(c[m] - mx);
        sum += s[m];
    }
    for (slong m = 0; m < n; m++)
        s[m] = (double) (s[m] / sum);
    return (double) (mx + logl(sum));
}

/* Michelot's threshold: the tau >= tau0 with sum_j w_j (mag_j - tau)_+ = rho, found
 * from below (Newton on a convex decreasing piecewise-linear function started left
 * of its root never overshoots). idx is workspace of length h; requires
 * sum_j w_j (mag_j - tau0)_+ >= rho. */
static double cyclic_threshold(const double *mag, slong *idx, const double *weight, slong h,
                               double rho, double tau0)
{
    slong k = 0, kept;
    double tau = tau0;
    for (slong j = 1; j < h; j++)
        if (mag[j] > tau)
            idx[k++] = j;
    for (;;) {
        double num = -rho, den = 0.0, next;
        kept = 0;
        for (slong a = 0; a < k; a++) {
            slong j = idx[a];
            if (mag[j] > tau) {
                num += weight[j] * mag[j];
                den += weight[j];
                idx[kept++] = j;
            }
        }
        k = kept;
        next = den > 0.0 ? num / den : tau;
        if (!(next > tau)) break;
        tau = next;
    }
    return tau;
}

/* Projects the real vector in F->x onto the feasible set, in place (Euclidean
 * projection: soft threshold of the Fourier magnitudes, SPEC 5a). *tau holds the
 * previous threshold on entry (a warm start, 0 if none) and the new one on return. */
static void cyclic_project(cyclic_fft_t *F, double rho, double *mag, slong *idx, double *tau)
{
    slong n = F->n, h = F->h;
    double total = 0.0, above = 0.0;
    const double *weight = F->weight;
    fftw_execute(F->fwd);
    F->X[0][0] = F->X[0][1] = 0.0;
    mag[0] = 0.0;
    for (slong j = 1; j < h; j++) {
        double w = weight[j];
        mag[j] = sqrt(F->X[j][0] * F->X[j][0] + F->X[j][1] * F->X[j][1]);
        total += w * mag[j];
        if (mag[j] > *tau)
            above += w * (mag[j] - *tau);
    }
    if (total > rho) {
        double t = cyclic_threshold(mag, idx, weight, h, rho, above >= rho ? *tau : 0.0);
        for (slong j = 1; j < h; j++) {
            double f = mag[j] > t ? (mag[j] - t) / mag[j] : 0.0;
            F->X[j][0] *= f;
            F->X[j][1] *= f;
        }
        *tau = t;
    } else {
        *tau = 0.0;
    }
    fftw_execute(F->bwd);
    for (slong m = 0; m < n; m++)
        F->x[m] /= (double) n;
}

/* Bregman distance of LSE between y and x = y + d, with s = softmax(y):
 * log(sum s_m exp(d_m)) - <s, d> >= 0, computed without cancelling LSE values. */
static double cyclic_bregman(const double *s, const double *x, const double *y, slong n)
{
    double e = 0.0, sd = 0.0;
    for (slong m = 0; m < n; m++) {
        double d = x[m] - y[m];
        e += s[m] * expm1(d);
        sd += s[m] * d;
    }
    return log1p(e) - sd;
}

/* Floating gap at c: <s - q, c> + (rho/n) max_j |(s - q)_hat_j|; fills value, nu. */
static double cyclic_gap(cyclic_fft_t *F, double *value, double *nu, const double *c,
                         const double *q, slong n, double rho, double *s)
{
    double lse = cyclic_softmax(s, c, n), mx = 0.0;
    long double inner = 0.0L, qc = 0.0L;
    for (slong m = 0; m < n; m++) {
        F->x[m] = s[m] - q[m];
        inner += (long double) F->x[m] * c[m];
        qc += (long double) q[m] * c[m];
    }
    fftw_execute(F->fwd);
    for (slong j = 1; j < F->h; j++) {
        double a = hypot(F->X[j][0], F->X[j][1]);
        if (a > mx) mx = a;
    }
    *value = lse - qc;
    *nu = mx;
    return inner + rho / (double) n * mx;
}

void pc_cyclic_solve_double(double *c, pc_cyclic_float_info_t *info, const double *q, slong n,
                            double rho, double tol, slong max_iter)
{
    pc_abelian_t G;
    pc_abelian_set_cyclic(&G, n);
    pc_abelian_solve_double(c, info, q, &G, rho, tol, max_iter);
}

void pc_abelian_solve_double(double *c, pc_cyclic_float_info_t *info, const double *q,
                             const pc_abelian_t *G, double rho, double tol, slong max_iter)
{
    cyclic_fft_t F;
    slong n = G->n;
    double *x = malloc(sizeof(double) * n), *y = malloc(sizeof(double) * n);
    double *s, *mag;
    slong *idx;
    double t = 1.0, gap, value, nu, mean = 0.0, total = 0.0, tau = 0.0, L = 0.5;
    double best_gap = INFINITY;
    int positive = 1;
    slong it, best_it = 0;

    memset(info, 0, sizeof *info);
    cyclic_fft_init(&F, G);
    s = malloc(sizeof(double) * n);
    mag = malloc(sizeof(double) * F.h);
    idx = malloc(sizeof(slong) * F.h);
    /* start: centered log max(q, tiny) */
    for (slong m = 0; m < n; m++) {
        if (!(q[m] > 0.0)) positive = 0;
        x[m] = log(q[m] > 1e-300 ? q[m] : 1e-300);
        mean += x[m];
    }
    mean /= (double) n;
    for (slong m = 0; m < n; m++)
        F.x[m] = x[m] = x[m] - mean;
    fftw_execute(F.fwd);
    for (slong j = 1; j < F.h; j++)
        total += F.weight[j] * hypot(F.X[j][0], F.X[j][1]);
    if (positive && total < rho) {
        memcpy(c, x, sizeof(double) * n);
        info->interior = 1;
        info->gap = cyclic_gap(&F, &info->value, &info->nu, c, q, n, rho, s);
        goto done;
    }
    memcpy(F.x, x, sizeof(double) * n);
    cyclic_project(&F, rho, mag, idx, &tau);
    memcpy(x, F.x, sizeof(double) * n);
    memcpy(y, x, sizeof(double) * n);
    gap = cyclic_gap(&F, &value, &nu, x, q, n, rho, s);
    /* FISTA with backtracking on L (the Hessian of LSE is <= 1/2, so L = 1/2 is
     * always accepted; a smaller local L gives longer steps) and gradient restart */
    for (it = 0; it < max_iter && gap > tol; it++) {
        double tn, beta, dot = 0.0, dd;
        cyclic_softmax(s, y, n);
        /* floor on L: a step longer than 16 |y| would put the FFT rounding of the
         * huge pre-projection vector (relative 1e-16 of its size) into c */
        {
            double gg = 0.0, yy = 0.0;
            for (slong m = 0; m < n; m++) {
                gg += (s[m] - q[m]) * (s[m] - q[m]);
                yy += y[m] * y[m];
            }
            L = fmax(fmax(0.9 * L, sqrt(gg) / (16.0 * sqrt(yy) + 1e-300)), 1e-12);
            L = fmin(L, 0.5);
        }
        for (;;) {
            for (slong m = 0; m < n; m++)
                F.x[m] = y[m] - (s[m] - q[m]) / L;
            cyclic_project(&F, rho, mag, idx, &tau);
            if (L >= 0.5) break;
            dd = 0.0;
            for (slong m = 0; m < n; m++)
                dd += (F.x[m] - y[m]) * (F.x[m] - y[m]);
            if (cyclic_bregman(s, F.x, y, n) <= 0.5 * L * dd) break;
            L = fmin(2.0 * L, 0.5);
        }
        /* gradient restart (O'Donoghue-Candes): momentum points uphill */
        for (slong m = 0; m < n; m++)
            dot += (y[m] - F.x[m]) * (F.x[m] - x[m]);
        if (dot > 0.0) t = 1.0;
        tn = 0.5 * (1.0 + sqrt(1.0 + 4.0 * t * t));
        beta = (t - 1.0) / tn;
        for (slong m = 0; m < n; m++) {
            y[m] = F.x[m] + beta * (F.x[m] - x[m]);
            x[m] = F.x[m];
        }
        t = tn;
        if (it % 20 == 19) {
            gap = cyclic_gap(&F, &value, &nu, x, q, n, rho, s);
            /* stalled at the rounding noise of double: stop */
            if (gap < 0.5 * best_gap) { best_gap = gap; best_it = it; }
            else if (it - best_it > CYCLIC_STALL_ITERATIONS) break;
        }
    }
    gap = cyclic_gap(&F, &value, &nu, x, q, n, rho, s);
    memcpy(c, x, sizeof(double) * n);
    info->iterations = it;
    info->gap = gap;
    info->value = value;
    info->nu = nu;
done:
    cyclic_fft_clear(&F);
    free(x);
    free(y);
    free(s);
    free(mag);
    free(idx);
}

slong pc_cyclic_active_double(slong *active, const double *c, slong n, double rel_tol)
{
    pc_abelian_t G;
    pc_abelian_set_cyclic(&G, n);
    return pc_abelian_active_double(active, c, &G, rel_tol);
}

slong pc_abelian_active_double(slong *active, const double *c, const pc_abelian_t *G,
                               double rel_tol)
{
    cyclic_fft_t F;
    double mx = 0.0;
    slong k = 0, n = G->n;
    char *on = calloc((size_t) n, 1);
    cyclic_fft_init(&F, G);
    memcpy(F.x, c, sizeof(double) * n);
    fftw_execute(F.fwd);
    for (slong j = 1; j < F.h; j++) {
        double a = hypot(F.X[j][0], F.X[j][1]);
        if (a > mx) mx = a;
    }
    /* mark the representative of each large stored coefficient, then list them in order */
    for (slong j = 1; j < F.h; j++)
        if (hypot(F.X[j][0], F.X[j][1]) > rel_tol * mx && mx > 0.0) {
            slong f = cyclic_fft_full_index(&F, j), g = pc_abelian_neg(G, f);
            on[f < g ? f : g] = 1;
        }
    for (slong f = 1; f < n; f++)
        if (on[f])
            active[k++] = f;
    free(on);
    cyclic_fft_clear(&F);
    return k;
}
