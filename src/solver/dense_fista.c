/* Accelerated projected gradient (FISTA) on the nuclear-norm ball { ||Z||_* <= rho }, with
 * gradient-based adaptive restart and a backtracked step (SPEC 2). Doubles only. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "solver_internal.h"

/* How often the duality gap (an SVD of Q - P, values only) is evaluated. */
#define PC_FISTA_GAP_EVERY 5
/* Iterations with an unchanged active rank before a switch to the factored polish. */
#define PC_FISTA_RANK_STABLE 15

typedef struct {
    double *Y, *G, *A, *U, *VT, *s, *X, *Xn;
    int large;          /* min(V, N) >= PC_PARTIAL_MIN_DIM: the kernels of dense_partial.c */
    pc_partial_state_t partial;   /* the partial projections' rank and warm block */
    double *lanczos;    /* warm start of the opnorm estimate (length min(V, N)) */
} fista_work_t;

/* Xn = projection of Y - step G onto the ball; returns the LAPACK info, *r = rank. */
static int projected_step(const pc_dense_problem_t *pb, fista_work_t *w, double step, slong *r)
{
    slong V = pb->V, N = pb->N, k = V < N ? V : N;
    for (slong j = 0; j < V * N; j++)
        w->A[j] = w->Y[j] - step * w->G[j];
    if (w->large && pc_dense_project_partial(w->A, V, N, pb->rho, w->Xn, r, &w->partial) == 0)
        return 0;   /* otherwise (a LAPACK failure of the Gram eigen-solver): the full SVD */
    int info = pc_dense_svd(w->A, V, N, w->s, w->U, w->VT);
    if (info != 0)
        return info;
    *r = pc_l1_ball_project(w->s, k, pb->rho);
    pc_svd_recompose(w->Xn, w->U, w->s, w->VT, V, N, k, *r);
    return 0;
}

/* The floating gap at X. On large plain instances the opnorm is first a Lanczos estimate (it
 * can only underestimate, so the gap can look smaller than it is); the accurate one (a full
 * singular-value computation) is taken whenever the estimate claims gap <= gap_tol, so that a
 * stop is decided on the true gap. */
static int gap_at(const pc_dense_problem_t *pb, fista_work_t *w, const double *X, double gap_tol,
                  double *value, double *lower, double *opnorm)
{
    if (w->large && pb->token_weight == NULL)
        return pc_dense_gap_estimated(pb, X, gap_tol, w->A, w->lanczos, value, lower, opnorm);
    return pc_dense_gap(pb, X, value, lower, opnorm);
}

int pc_dense_fista(const pc_dense_problem_t *pb, double *Z, slong max_iter, double gap_tol,
                   double switch_gap, slong *iterations, double *gap, slong *rank,
                   pc_solve_clock_t *clk)
{
    slong V = pb->V, N = pb->N, k = V < N ? V : N, n = V * N;
    fista_work_t w;
    double *block = malloc(sizeof(double) * (6 * n + 2 * k * (V > N ? V : N) + k));
    w.Y = block; w.G = w.Y + n; w.A = w.G + n; w.Xn = w.A + n; w.X = w.Xn + n;
    w.U = w.X + n + n; w.VT = w.U + V * k; w.s = w.VT + k * N;
    w.large = k >= PC_PARTIAL_MIN_DIM;
    memset(&w.partial, 0, sizeof w.partial);
    w.lanczos = calloc(k, sizeof(double));
    memcpy(w.X, Z, sizeof(double) * n);
    memcpy(w.Y, Z, sizeof(double) * n);
    double *best = w.X + n, best_gap = INFINITY;
    memcpy(best, Z, sizeof(double) * n);
    double t = 1.0, step = 2.0 * N, value = 0, lower = 0, opnorm = 0;
    slong r = 0, last_rank = -1, rank_since = 0, it;
    int info = 0;
    *gap = INFINITY;
    for (it = 0; it < max_iter; it++) {
        double fy = pc_dense_objective(pb, w.Y, w.G);
        step *= 1.2;
        for (;;) {
            info = projected_step(pb, &w, step, &r);
            if (info != 0)
                goto done;
            /* sufficient decrease: f(Xn) <= f(Y) + <G, D> + ||D||^2 / (2 step), D = Xn - Y */
            double lin = 0.0, quad = 0.0;
            for (slong j = 0; j < n; j++) {
                double d = w.Xn[j] - w.Y[j];
                lin += w.G[j] * d;
                quad += d * d;
            }
            double fx = pc_dense_objective(pb, w.Xn, NULL);
            if (fx <= fy + lin + quad / (2 * step) + 1e-15 * fabs(fy) || step <= 2.0 * N)
                break;
            step = fmax(step / 2, 2.0 * N);
        }
        /* restart when the momentum points uphill: <Y - Xn, Xn - X> > 0 */
        double dot = 0.0;
        for (slong j = 0; j < n; j++)
            dot += (w.Y[j] - w.Xn[j]) * (w.Xn[j] - w.X[j]);
        double tn = 0.5 * (1 + sqrt(1 + 4 * t * t)), beta = dot > 0 ? 0.0 : (t - 1) / tn;
        t = dot > 0 ? 1.0 : tn;
        for (slong j = 0; j < n; j++) {
            w.Y[j] = w.Xn[j] + beta * (w.Xn[j] - w.X[j]);
            w.X[j] = w.Xn[j];
        }
        if (r != last_rank) {
            last_rank = r;
            rank_since = it;
        }
        if (it % PC_FISTA_GAP_EVERY == PC_FISTA_GAP_EVERY - 1 || it == max_iter - 1) {
            info = gap_at(pb, &w, w.X, gap_tol, &value, &lower, &opnorm);
            if (info != 0)
                goto done;
            *gap = value - lower;
            pc_solve_clock_report(clk, "fista", it + 1, value, *gap, r, 0);
            if (*gap < best_gap) {   /* the gap is first order in the error: keep the best */
                best_gap = *gap;
                memcpy(best, w.X, sizeof(double) * n);
            }
            if (*gap <= gap_tol)
                break;
            if (*gap <= switch_gap && it - rank_since >= PC_FISTA_RANK_STABLE)
                break;
        }
    }
    if (it == max_iter)
        it--;
done:
    if (best_gap < INFINITY) {
        memcpy(Z, best, sizeof(double) * n);
        *gap = best_gap;
    } else {
        memcpy(Z, w.X, sizeof(double) * n);
    }
    pc_dense_center(pb, Z);
    *iterations = it + 1;
    *rank = r;
    free(block);
    free(w.lanczos);
    pc_dense_partial_clear(&w.partial);
    return info;
}
