/* Local polish of the binding regime (SPEC 2): L-BFGS on the factored, scale-invariant
 * parametrisation
 *
 *     Z(W, H) = kappa W H,   kappa = 2 rho / (||W||_F^2 + ||H||_F^2),
 *
 * W V x r, H r x N. Every (W, H) gives a feasible Z, since ||W H||_* <= ||W|| ||H||
 * <= (||W||^2 + ||H||^2) / 2; the optimum of (C) is reached with balanced factors whenever
 * r >= rank(Z°). Near the optimum, FISTA converges linearly with a rate set by the smallest
 * softmax probabilities, while L-BFGS on these (V + N) r unknowns is much faster: the floating
 * gap is first order in the error of Z, so Z must be accurate to about 1e-12.
 * Doubles only; nothing here is proved. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cblas.h>
#include "solver_internal.h"

#define PC_LBFGS_MEMORY 30
#define PC_POLISH_GAP_EVERY 5
/* The polish gives up when the best gap has not halved within this many iterations. */
#define PC_POLISH_STALL 150

typedef struct {
    const pc_dense_problem_t *pb;
    slong r, nx;        /* rank, number of unknowns (V + N) r */
    double *Zb, *G;     /* V x N: W H and the gradient of f at kappa W H */
} factored_t;

/* f(kappa W H) and its gradient g with respect to x = (W, H); Z receives kappa W H. */
static double factored_eval(factored_t *fc, const double *x, double *g, double *Z)
{
    const pc_dense_problem_t *pb = fc->pb;
    slong V = pb->V, N = pb->N, r = fc->r;
    const double *W = x, *H = x + V * r;
    double nx2 = cblas_ddot(fc->nx, x, 1, x, 1);
    double kappa = 2 * pb->rho / nx2;
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, V, N, r, 1.0, W, r, H, N, 0.0, fc->Zb,
                N);
    for (slong j = 0; j < V * N; j++)
        Z[j] = kappa * fc->Zb[j];
    double f = pc_dense_objective(pb, Z, fc->G);
    /* d/dx of kappa is -2 kappa x / nx2; hence the radial term below. */
    double c = cblas_ddot(V * N, fc->G, 1, fc->Zb, 1);
    double radial = -2 * kappa * c / nx2;
    memcpy(g, x, sizeof(double) * fc->nx);
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, V, r, N, kappa, fc->G, N, H, N, radial,
                g, r);
    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, r, N, V, kappa, W, r, fc->G, N, radial,
                g + V * r, N);
    return f;
}

/* L-BFGS two-loop recursion: d = -H_k g from the count stored pairs of a ring of `memory`
 * slots (newest at head - 1). Shared by the factored and the low-rank solvers. */
void pc_lbfgs_direction(double *d, const double *g, double *const *S, double *const *Y,
                        const double *rhos, slong count, slong head, slong memory, slong nx,
                        double gamma)
{
    double alpha[PC_LBFGS_MAX_MEMORY];
    memcpy(d, g, sizeof(double) * nx);
    for (slong j = 0; j < count; j++) {
        slong m = (head - 1 - j + memory) % memory;
        alpha[m] = rhos[m] * cblas_ddot(nx, S[m], 1, d, 1);
        cblas_daxpy(nx, -alpha[m], Y[m], 1, d, 1);
    }
    cblas_dscal(nx, gamma, d, 1);
    for (slong j = count - 1; j >= 0; j--) {
        slong m = (head - 1 - j + memory) % memory;
        double beta = rhos[m] * cblas_ddot(nx, Y[m], 1, d, 1);
        cblas_daxpy(nx, alpha[m] - beta, S[m], 1, d, 1);
    }
    cblas_dscal(nx, -1.0, d, 1);
}



int pc_dense_factored_polish(const pc_dense_problem_t *pb, double *Z, slong r, slong max_iter,
                             double gap_tol, slong *iterations, double *gap,
                             pc_solve_clock_t *clk)
{
    slong V = pb->V, N = pb->N, k = V < N ? V : N, n = V * N;
    *iterations = 0;
    if (r < 1 || max_iter < 1)
        return 0;
    factored_t fc = { pb, r, (V + N) * r, NULL, NULL };
    slong nx = fc.nx;
    double *work = malloc(sizeof(double) * (4 * n + V * k + k * N + k));
    double *Zcur = work, *Zbest = Zcur + n;
    fc.Zb = Zbest + n;
    fc.G = fc.Zb + n;
    double *U = fc.G + n, *VT = U + V * k, *s = VT + k * N;
    double *vec = malloc(sizeof(double) * nx * (5 + 2 * PC_LBFGS_MEMORY));
    double *lanczos = k >= PC_PARTIAL_MIN_DIM && pb->token_weight == NULL
        ? calloc(k, sizeof(double)) : NULL;
    double *x = vec, *g = x + nx, *d = g + nx, *xn = d + nx, *gn = xn + nx;
    double *S[PC_LBFGS_MEMORY], *Y[PC_LBFGS_MEMORY], rhos[PC_LBFGS_MEMORY];
    for (slong m = 0; m < PC_LBFGS_MEMORY; m++) {
        S[m] = gn + nx + 2 * m * nx;
        Y[m] = S[m] + nx;
    }

    /* Start: W = U S^(1/2), H = S^(1/2) VT from the first r singular triples of Z. */
    memcpy(Zbest, Z, sizeof(double) * n);
    int info = pc_dense_svd(Zbest, V, N, s, U, VT);
    if (info != 0)
        goto done;
    /* Only on the boundary: the parametrisation puts Z on it, and from an interior iterate
     * (large budgets with zero targets, where FISTA creeps outward) that is a bad jump. */
    double nuclear = 0.0;
    for (slong j = 0; j < k; j++)
        nuclear += s[j];
    if (nuclear < pb->rho * (1 - 1e-8))
        goto done;
    if (r > k)
        r = k;
    if (r < 1)
        goto done;
    while (r > 1 && s[r - 1] <= 1e-12 * s[0])   /* rounding-level singular values */
        r--;
    fc.r = r;
    nx = fc.nx = (V + N) * r;
    for (slong j = 0; j < r; j++) {
        double t = sqrt(fmax(s[j], 0.0));
        for (slong row = 0; row < V; row++)
            x[row * r + j] = t * U[row * k + j];
        for (slong i = 0; i < N; i++)
            x[V * r + j * N + i] = t * VT[j * N + i];
    }
    memcpy(Zbest, Z, sizeof(double) * n);
    double best = *gap, value, lower, opnorm;
    slong best_it = 0, count = 0, head = 0, it;
    double f = factored_eval(&fc, x, g, Zcur), gamma = 0.0;
    for (it = 1; it <= max_iter; it++) {
        double gg = cblas_ddot(nx, g, 1, g, 1);
        if (count == 0)   /* steepest descent, moving x by about 1e-3 of its norm */
            gamma = 1e-3 * sqrt(cblas_ddot(nx, x, 1, x, 1) / fmax(gg, 1e-300));
        pc_lbfgs_direction(d, g, S, Y, rhos, count, head, PC_LBFGS_MEMORY, nx, gamma);
        double slope = cblas_ddot(nx, g, 1, d, 1);
        if (!(slope < 0)) {   /* not a descent direction: forget the curvature pairs */
            count = 0;
            gamma = 1e-3 * sqrt(cblas_ddot(nx, x, 1, x, 1) / fmax(gg, 1e-300));
            for (slong j = 0; j < nx; j++)
                d[j] = -gamma * g[j];
            slope = -gamma * gg;
        }
        /* Backtracking: Armijo, or, when f no longer resolves the decrease, the
         * derivative test |phi'(t)| <= 0.9 |phi'(0)|. */
        double t = 1.0, fn = f, noise = 1e-14 * fabs(f);
        int accepted = 0;
        for (int tries = 0; tries < 40 && !accepted; tries++, t *= 0.5) {
            for (slong j = 0; j < nx; j++)
                xn[j] = x[j] + t * d[j];
            fn = factored_eval(&fc, xn, gn, Zcur);
            double slope_n = cblas_ddot(nx, gn, 1, d, 1);
            if (fn <= f + 1e-4 * t * slope)
                accepted = 1;
            else if (fn <= f + noise && fabs(slope_n) <= 0.9 * fabs(slope))
                accepted = 1;
            if (accepted)
                break;
        }
        if (!accepted) {
            if (count == 0)
                break;   /* even steepest descent fails: stalled at rounding level */
            count = 0;
            continue;
        }
        /* curvature pair s = xn - x, y = gn - g, kept if s^T y > 0 */
        double *sv = S[head], *yv = Y[head];
        for (slong j = 0; j < nx; j++) {
            sv[j] = xn[j] - x[j];
            yv[j] = gn[j] - g[j];
        }
        double sy = cblas_ddot(nx, sv, 1, yv, 1), yy = cblas_ddot(nx, yv, 1, yv, 1);
        if (sy > 1e-16 * sqrt(cblas_ddot(nx, sv, 1, sv, 1) * yy)) {
            rhos[head] = 1.0 / sy;
            gamma = sy / yy;
            head = (head + 1) % PC_LBFGS_MEMORY;
            if (count < PC_LBFGS_MEMORY)
                count++;
        }
        memcpy(x, xn, sizeof(double) * nx);
        memcpy(g, gn, sizeof(double) * nx);
        f = fn;
        if (it % PC_POLISH_GAP_EVERY == 0) {
            /* large plain instances: a Lanczos estimate first (U, VT are free scratch now,
             * V k + k N >= V N doubles), the full singular values when it claims the target */
            info = lanczos != NULL
                ? pc_dense_gap_estimated(pb, Zcur, gap_tol, U, lanczos, &value, &lower, &opnorm)
                : pc_dense_gap(pb, Zcur, &value, &lower, &opnorm);
            if (info != 0)
                goto done;
            double cur = value - lower;
            pc_solve_clock_report(clk, "polish", it, value, cur, r, 0);
            if (cur < best) {
                if (cur < 0.5 * best)
                    best_it = it;
                best = cur;
                memcpy(Zbest, Zcur, sizeof(double) * n);
            }
            if (best <= gap_tol || it - best_it >= PC_POLISH_STALL)
                break;
        }
    }
    if (it > max_iter)
        it = max_iter;
    *iterations = it;
    *gap = best;
    memcpy(Z, Zbest, sizeof(double) * n);
    pc_dense_center(pb, Z);
done:
    free(vec);
    free(work);
    free(lanczos);
    return info;
}
