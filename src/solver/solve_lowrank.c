/* pc_solve_lowrank (issue 9 item 4, docs/scale.md): the binding regime of (C) by
 * Burer-Monteiro at a working rank r, with a cost per iteration O(V N r) and no full SVD.
 *
 * Unknowns x = (W, H), W V x r, H r x N, on the scale-invariant parametrisation of
 * dense_factored.c, Z = kappa W H, kappa = 2 rho / (||W||_F^2 + ||H||_F^2): every x is
 * feasible for (C) and on the boundary when balanced. L-BFGS in x; the floating gap
 * f(Z) - LB(softmax(Z)^T) (SPEC 3) needs ||softmax(Z) - P^T||_op, estimated by a block
 * subspace iteration warm-started across evaluations (lowrank_block.c). When a stage ends
 * above the target, the rank doubles: the new columns are small multiples of the top Ritz
 * pairs of -G (the Frank-Wolfe directions), so the gap keeps falling until r >= rank(Z°).
 * Doubles only; the guarantee is none: a candidate for the rigorous float proofs (SPEC 15). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <lapacke.h>
#include <cblas.h>
#include "solver_internal.h"

#define PC_LR_MEMORY 20
#define PC_LR_START_RANK 32
#define PC_LR_GAP_EVERY 5
#define PC_LR_STAGE 400      /* L-BFGS iterations per stage before the rank is reconsidered */
#define PC_LR_STALL 100      /* a stage ends when the best gap has not halved in this many */
#define PC_LR_BLOCK_EXTRA 8  /* subspace-iteration block = r + this */
#define PC_LR_MARGIN 1e-14   /* relative margin inside the budgets */
#define PC_LR_NEWTON_FROM 1e-2  /* a stage ending below this gap hands over to Newton */
#define PC_LR_NEWTON_STEPS 40

typedef struct {
    const pc_dense_problem_t *pb;
    slong r, nx, b;
    int fresh;          /* the block is a cold start: converge it before trusting a gap */
    double *WH, *Z, *G, *X, *U, *sig;  /* V x N (three), N x b, V x b, b */
} lowrank_t;

static void lowrank_alloc(lowrank_t *lr, slong r)
{
    slong V = lr->pb->V, N = lr->pb->N, k = V < N ? V : N;
    lr->r = r;
    lr->nx = (V + N) * r;
    lr->b = r + PC_LR_BLOCK_EXTRA < k ? r + PC_LR_BLOCK_EXTRA : k;
    lr->X = realloc(lr->X, sizeof(double) * N * lr->b);
    lr->U = realloc(lr->U, sizeof(double) * V * lr->b);
    lr->sig = realloc(lr->sig, sizeof(double) * lr->b);
    pc_lowrank_block_start(lr->X, N, lr->b);
    lr->fresh = 1;
}

/* f(kappa W H) and its gradient with respect to x; lr->Z = kappa W H, lr->G = grad f(Z). */
static double lowrank_eval(lowrank_t *lr, const double *x, double *g)
{
    const pc_dense_problem_t *pb = lr->pb;
    slong V = pb->V, N = pb->N, r = lr->r;
    const double *W = x, *H = x + V * r;
    double nx2 = cblas_ddot(lr->nx, x, 1, x, 1), kappa = 2 * pb->rho / nx2;
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, V, N, r, 1.0, W, r, H, N, 0.0, lr->WH,
                N);
    for (slong j = 0; j < V * N; j++)
        lr->Z[j] = kappa * lr->WH[j];
    double f = pc_dense_objective(pb, lr->Z, lr->G);
    double radial = -2 * kappa * cblas_ddot(V * N, lr->G, 1, lr->WH, 1) / nx2;
    memcpy(g, x, sizeof(double) * lr->nx);
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, V, r, N, kappa, lr->G, N, H, N, radial,
                g, r);
    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, r, N, V, kappa, W, r, lr->G, N, radial,
                g + V * r, N);
    return f;
}

/* Floating gap at lr->Z: value, lower, opnorm (Ritz estimate, one warm subspace step).
 * Leaves the Ritz pairs of M = softmax(Z) - P^T = N G in lr->U, lr->X, lr->sig. */
static int lowrank_gap(lowrank_t *lr, double *value, double *lower, double *opnorm)
{
    const pc_dense_problem_t *pb = lr->pb;
    double entropy;
    pc_dense_gap_parts(pb, lr->Z, lr->WH, value, &entropy);   /* WH is scratch from here */
    int info = pc_lowrank_block_top(lr->sig, lr->U, lr->X, lr->WH, pb->V, pb->N, lr->b,
                                    lr->fresh ? 12 : 2);
    lr->fresh = 0;
    *opnorm = lr->sig[0];
    *lower = (entropy - pb->rho * *opnorm) / pb->N;
    return info;
}

/* One stage of L-BFGS from x (updated to the best-gap iterate). Returns LAPACK info. */
static int lowrank_stage(lowrank_t *lr, double *x, slong max_iter, double gap_tol,
                         slong *iterations, double *best_gap, pc_solve_clock_t *clk)
{
    slong nx = lr->nx;
    double *vec = malloc(sizeof(double) * nx * (6 + 2 * PC_LR_MEMORY));
    double *g = vec, *d = g + nx, *xn = d + nx, *gn = xn + nx, *xbest = gn + nx;
    double *S[PC_LR_MEMORY], *Y[PC_LR_MEMORY], rhos[PC_LR_MEMORY];
    for (slong m = 0; m < PC_LR_MEMORY; m++) {
        S[m] = xbest + nx + 2 * m * nx;
        Y[m] = S[m] + nx;
    }
    memcpy(xbest, x, sizeof(double) * nx);
    double best = INFINITY, value, lower, opnorm, gamma = 0.0;
    slong best_it = 0, count = 0, head = 0, it;
    int info = 0;
    double f = lowrank_eval(lr, x, g);
    for (it = 1; it <= max_iter; it++) {
        double gg = cblas_ddot(nx, g, 1, g, 1);
        if (count == 0)
            gamma = 1e-3 * sqrt(cblas_ddot(nx, x, 1, x, 1) / fmax(gg, 1e-300));
        pc_lbfgs_direction(d, g, S, Y, rhos, count, head, PC_LR_MEMORY, nx, gamma);
        double slope = cblas_ddot(nx, g, 1, d, 1);
        if (!(slope < 0)) {
            count = 0;
            gamma = 1e-3 * sqrt(cblas_ddot(nx, x, 1, x, 1) / fmax(gg, 1e-300));
            for (slong j = 0; j < nx; j++)
                d[j] = -gamma * g[j];
            slope = -gamma * gg;
        }
        double t = 1.0, fn = f, noise = 1e-14 * fabs(f);
        int accepted = 0;
        for (int tries = 0; tries < 40 && !accepted; tries++, t *= 0.5) {
            for (slong j = 0; j < nx; j++)
                xn[j] = x[j] + t * d[j];
            fn = lowrank_eval(lr, xn, gn);
            double slope_n = cblas_ddot(nx, gn, 1, d, 1);
            accepted = fn <= f + 1e-4 * t * slope
                       || (fn <= f + noise && fabs(slope_n) <= 0.9 * fabs(slope));
            if (accepted)
                break;
        }
        if (!accepted) {
            if (count == 0)
                break;
            count = 0;
            continue;
        }
        double *sv = S[head], *yv = Y[head];
        for (slong j = 0; j < nx; j++) {
            sv[j] = xn[j] - x[j];
            yv[j] = gn[j] - g[j];
        }
        double sy = cblas_ddot(nx, sv, 1, yv, 1), yy = cblas_ddot(nx, yv, 1, yv, 1);
        if (sy > 1e-16 * sqrt(cblas_ddot(nx, sv, 1, sv, 1) * yy)) {
            rhos[head] = 1.0 / sy;
            gamma = sy / yy;
            head = (head + 1) % PC_LR_MEMORY;
            if (count < PC_LR_MEMORY)
                count++;
        }
        memcpy(x, xn, sizeof(double) * nx);
        memcpy(g, gn, sizeof(double) * nx);
        f = fn;
        if (it % PC_LR_GAP_EVERY == 0) {
            info = lowrank_gap(lr, &value, &lower, &opnorm);
            if (info != 0)
                break;
            double cur = value - lower;
            pc_solve_clock_report(clk, "lowrank", it, value, cur, lr->r, 0);
            if (cur < best) {
                if (cur < 0.5 * best)
                    best_it = it;
                best = cur;
                memcpy(xbest, x, sizeof(double) * nx);
            }
            if (best <= gap_tol || it - best_it >= PC_LR_STALL || best < PC_LR_NEWTON_FROM)
                break;
        }
    }
    *iterations = it > max_iter ? max_iter : it;
    if (best < INFINITY)
        memcpy(x, xbest, sizeof(double) * nx);
    *best_gap = best;
    free(vec);
    return info;
}

/* x at rank r -> x at rank r2 > r: the old columns kept, new ones c u_j, -c v_j for the top
 * Ritz pairs of M (left u in lr->U, right v in lr->X) of the last gap evaluation. */
static double *lowrank_grow(lowrank_t *lr, const double *x, slong r2)
{
    const pc_dense_problem_t *pb = lr->pb;
    slong V = pb->V, N = pb->N, r = lr->r;
    double *y = calloc((size_t) ((V + N) * r2), sizeof(double));
    double c = 1e-2 * sqrt(pb->rho / r2);
    for (slong k = 0; k < V; k++) {
        memcpy(y + k * r2, x + k * r, sizeof(double) * r);
        for (slong j = r; j < r2; j++)
            y[k * r2 + j] = j - r < lr->b ? c * lr->U[k * lr->b + (j - r)] : 0.0;
    }
    memcpy(y + V * r2, x + V * r, sizeof(double) * r * N);
    for (slong j = r; j < r2; j++)
        for (slong i = 0; i < N; i++)
            y[V * r2 + j * N + i] = j - r < lr->b ? -c * lr->X[i * lr->b + (j - r)] : 0.0;
    return y;
}

/* Start: the top singular block of the centered P^T (the Frank-Wolfe direction from Z = 0),
 * W = U S^(1/2), H = S^(1/2) V^T. */
static int lowrank_start(lowrank_t *lr, double *x)
{
    const pc_dense_problem_t *pb = lr->pb;
    slong V = pb->V, N = pb->N, r = lr->r;
    double *C = lr->WH;
    memcpy(C, pb->PT, sizeof(double) * V * N);
    pc_center_columns(C, V, N);
    int info = pc_lowrank_block_top(lr->sig, lr->U, lr->X, C, V, N, lr->b, 4);
    for (slong j = 0; j < r && info == 0; j++) {
        double t = sqrt(lr->sig[j]);
        for (slong k = 0; k < V; k++)
            x[k * r + j] = t * lr->U[k * lr->b + j];
        for (slong i = 0; i < N; i++)
            x[V * r + j * N + i] = t * lr->X[i * lr->b + j];
    }
    return info;
}

/* Balanced factors of Z = kappa W H (SPEC 2) into sol: W = Qw, H^T = Qh (QR), the small SVD
 * of Rw Rh^T, singular values scaled inside the ball with a margin; rank and nuclear norm. */
static int lowrank_balance(pc_float_solution_t *sol, const lowrank_t *lr, const double *x,
                           double a, double b)
{
    slong V = lr->pb->V, N = lr->pb->N, r = lr->r;
    double *Qw = malloc(sizeof(double) * (V * r + N * r + 5 * r * r + 2 * r));
    double *Qh = Qw + V * r, *R = Qh + N * r, *Us = R + r * r, *Vt = Us + r * r,
           *Rh = Vt + r * r, *tmp = Rh + r * r, *s = tmp + r * r, *tau = s + r;
    memcpy(Qw, x, sizeof(double) * V * r);
    for (slong j = 0; j < r; j++)
        for (slong i = 0; i < N; i++)
            Qh[i * r + j] = x[V * r + j * N + i];
    double nx2 = cblas_ddot(lr->nx, x, 1, x, 1), kappa = 2 * lr->pb->rho / nx2;
    int info = LAPACKE_dgeqrf(LAPACK_ROW_MAJOR, V, r, Qw, r, tau);
    memset(R, 0, sizeof(double) * r * r);
    for (slong i = 0; i < r; i++)
        for (slong j = i; j < r; j++)
            R[i * r + j] = Qw[i * r + j];
    if (info == 0) info = LAPACKE_dorgqr(LAPACK_ROW_MAJOR, V, r, r, Qw, r, tau);
    if (info == 0) info = LAPACKE_dgeqrf(LAPACK_ROW_MAJOR, N, r, Qh, r, tau);
    memset(Rh, 0, sizeof(double) * r * r);
    for (slong i = 0; i < r; i++)
        for (slong j = i; j < r; j++)
            Rh[i * r + j] = Qh[i * r + j];
    if (info == 0) info = LAPACKE_dorgqr(LAPACK_ROW_MAJOR, N, r, r, Qh, r, tau);
    if (info == 0) {   /* tmp = Rw Rh^T = Us diag(s) Vt */
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, r, r, r, 1.0, R, r, Rh, r, 0.0,
                    tmp, r);
        info = LAPACKE_dgesdd(LAPACK_ROW_MAJOR, 'A', r, r, tmp, r, s, Us, r, Vt, r);
    }
    if (info == 0) {
        double nuclear = 0.0;
        for (slong j = 0; j < r; j++)
            nuclear += kappa * s[j];
        double scale = nuclear > lr->pb->rho * (1 - PC_LR_MARGIN)
                       ? lr->pb->rho * (1 - PC_LR_MARGIN) / nuclear : 1.0;
        slong rank = 0;
        for (slong j = 0; j < r; j++)
            rank += s[j] > 1e-9 * s[0];
        if (rank < 1) rank = 1;
        sol->d = rank;
        sol->rank = rank;
        sol->nuclear = nuclear * scale;
        sol->W = malloc(sizeof(double) * V * rank);
        sol->H = malloc(sizeof(double) * rank * N);
        double cw = pow(a / b, 0.25), ch = pow(b / a, 0.25);
        /* W = cw Qw Us sqrt(kappa scale s), H = ch sqrt(kappa scale s) Vt Qh^T */
        for (slong k = 0; k < V; k++)
            for (slong j = 0; j < rank; j++) {
                double t = 0.0;
                for (slong l = 0; l < r; l++)
                    t += Qw[k * r + l] * Us[l * r + j];
                sol->W[k * rank + j] = cw * sqrt(kappa * scale * s[j]) * t;
            }
        for (slong j = 0; j < rank; j++)
            for (slong i = 0; i < N; i++) {
                double t = 0.0;
                for (slong l = 0; l < r; l++)
                    t += Vt[j * r + l] * Qh[i * r + l];
                sol->H[j * N + i] = ch * sqrt(kappa * scale * s[j]) * t;
            }
    }
    free(Qw);
    return info;
}

/* Floating value, LB and opnorm of the balanced W H (the point the certificate carries). */
static int lowrank_final_gap(pc_float_solution_t *sol, lowrank_t *lr)
{
    slong V = lr->pb->V, N = lr->pb->N, d = sol->d;
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, V, N, d, 1.0, sol->W, d, sol->H, N,
                0.0, lr->Z, N);
    return lowrank_gap(lr, &sol->value, &sol->lower, &sol->opnorm);
}

/* *y (malloc'd, (V + N) * *kept doubles) = x truncated to its numerical rank: the balanced
 * factors (W, H) of its product, *kept columns. Returns 0 or the LAPACK info (then *y = NULL). */
static int lowrank_cut_factors(const lowrank_t *lr, const double *x, double **y, slong *kept)
{
    slong V = lr->pb->V, N = lr->pb->N;
    pc_float_solution_t cut;
    pc_float_solution_init(&cut);
    *y = NULL;
    int info = lowrank_balance(&cut, lr, x, 1.0, 1.0);
    if (info == 0) {
        *kept = cut.d;
        *y = malloc(sizeof(double) * (V + N) * cut.d);
        memcpy(*y, cut.W, sizeof(double) * V * cut.d);
        memcpy(*y + V * cut.d, cut.H, sizeof(double) * cut.d * N);
    }
    pc_float_solution_clear(&cut);
    return info;
}

/* Newton at the numerical rank of x from its balanced factors (lowrank_newton.c); x and lr
 * (rank, fresh block) are replaced when the Newton gap beats *gap. */
static int lowrank_newton_stage(lowrank_t *lr, double **x, double gap_tol, double *gap,
                                pc_solve_clock_t *clk)
{
    slong V = lr->pb->V, N = lr->pb->N, kept = 0, steps = 0;
    double *y, ngap = INFINITY;
    int info = lowrank_cut_factors(lr, *x, &y, &kept);
    if (info != 0)
        return info;
    info = pc_lowrank_newton(lr->pb, y, kept, lr->X, lr->U, lr->sig, lr->b, PC_LR_NEWTON_STEPS,
                             gap_tol, &ngap, &steps, clk);
    if (info == 0 && ngap < *gap) {
        free(*x);
        *x = y;
        *gap = ngap;
        lr->r = kept;   /* the warm block (b >= kept + PC_LR_BLOCK_EXTRA columns) stays */
        lr->nx = (V + N) * kept;
    } else
        free(y);
    return info;
}

pc_status_t pc_solve_lowrank(pc_float_solution_t *sol, const double *P, slong V, slong N,
                             slong d, double a, double b, const pc_solve_options_t *opt,
                             pc_msg_t *msg)
{
    slong k = V < N ? V : N;
    if (V < 2 || N < 1 || d < 1)
        return pc_fail(msg, PC_BAD_INPUT, "lowrank solver: dimensions V = %ld, N = %ld, d = %ld "
                       "(need V >= 2, N >= 1, d >= 1)", (long) V, (long) N, (long) d);
    if (!(a > 0) || !(b > 0) || !isfinite(a) || !isfinite(b))
        return pc_fail(msg, PC_BAD_INPUT, "lowrank solver: budgets a = %g, b = %g must be positive",
                       a, b);
    pc_solve_options_t defaults;
    if (opt == NULL) {
        pc_solve_options_default(&defaults);
        opt = &defaults;
    }
    slong rmax = d < k ? d : k;
    pc_dense_problem_t pb;
    memset(&pb, 0, sizeof pb);
    pb.V = V;
    pb.N = N;
    pb.rho = sqrt(a * b);
    double *PT = malloc(sizeof(double) * V * N);
    for (slong i = 0; i < N; i++)
        for (slong t = 0; t < V; t++)
            PT[t * N + i] = P[i * V + t];
    pb.PT = PT;
    pc_float_solution_clear(sol);
    sol->V = V;
    sol->N = N;
    lowrank_t lr;
    memset(&lr, 0, sizeof lr);
    lr.pb = &pb;
    lr.WH = malloc(sizeof(double) * 3 * V * N);
    lr.Z = lr.WH + V * N;
    lr.G = lr.Z + V * N;
    lowrank_alloc(&lr, PC_LR_START_RANK < rmax ? PC_LR_START_RANK : rmax);
    pc_solve_clock_t clk;
    pc_solve_clock_start(&clk, opt->progress);
    double *x = malloc(sizeof(double) * lr.nx);
    int info = lowrank_start(&lr, x);
    double gap = INFINITY;
    slong budget = opt->max_iterations;
    while (info == 0 && budget > 0) {
        slong used = 0, cap = budget < PC_LR_STAGE ? budget : PC_LR_STAGE;
        info = lowrank_stage(&lr, x, cap, opt->gap_tol, &used, &gap, &clk);
        sol->iterations += used;
        budget -= used > 0 ? used : 1;
        if (info != 0 || gap <= opt->gap_tol)
            break;
        if (gap < PC_LR_NEWTON_FROM) {
            info = lowrank_newton_stage(&lr, &x, opt->gap_tol, &gap, &clk);
            if (info != 0 || gap <= opt->gap_tol)
                break;
        }
        /* Truncate to the numerical rank (excess columns of Burer-Monteiro decay only
         * sublinearly), then grow when every column is in use. */
        double *y;
        slong kept = 0;
        if ((info = lowrank_cut_factors(&lr, x, &y, &kept)) != 0)
            break;
        int saturated = kept >= lr.r - lr.r / 8;
        if (lr.r >= rmax && used < cap && saturated) {
            free(y);
            break;   /* stalled at the largest rank allowed (d below the rank, or rounding) */
        }
        slong r2 = saturated ? (2 * lr.r < rmax ? 2 * lr.r : rmax) : kept;
        free(x);
        x = y;
        double *Xold = lr.X, *Uold = lr.U, *sold = lr.sig;
        slong bold = lr.b;
        lr.X = lr.U = lr.sig = NULL;
        lowrank_alloc(&lr, kept);   /* keep the Ritz pairs of the last gap for the growth */
        free(lr.X); free(lr.U); free(lr.sig);
        lr.X = Xold; lr.U = Uold; lr.sig = sold; lr.b = bold;
        if (r2 > kept) {
            y = lowrank_grow(&lr, x, r2);
            free(x);
            x = y;
        }
        free(Xold); free(Uold); free(sold);
        lr.X = lr.U = lr.sig = NULL;
        lowrank_alloc(&lr, r2);
    }
    if (info == 0)
        info = lowrank_balance(sol, &lr, x, a, b);
    if (info == 0) {
        slong b2 = sol->d + PC_LR_BLOCK_EXTRA < k ? sol->d + PC_LR_BLOCK_EXTRA : k;
        if (b2 > lr.b) {   /* a smaller rank keeps the larger, warm block */
            lr.b = b2;
            lr.X = realloc(lr.X, sizeof(double) * N * b2);
            lr.U = realloc(lr.U, sizeof(double) * V * b2);
            lr.sig = realloc(lr.sig, sizeof(double) * b2);
            pc_lowrank_block_start(lr.X, N, b2);
            lr.fresh = 1;   /* a cold block: converge it before the final gap is believed */
        }
        for (int q = 0; q < 4 && info == 0; q++)   /* converge the Ritz estimate */
            info = lowrank_final_gap(sol, &lr);
    }
    sol->d_below_rank = rmax < k && sol->rank >= rmax && sol->value - sol->lower > opt->gap_tol;
    free(x);
    free(lr.WH);
    free(lr.X);
    free(lr.U);
    free(lr.sig);
    free(PT);
    if (info != 0)
        return pc_fail(msg, PC_BAD_INPUT, "lowrank solver: LAPACK failed (info %d)", info);
    pc_solve_clock_report(&clk, "done", sol->iterations, sol->value, sol->value - sol->lower,
                          sol->rank, 1);
    return PC_OK;
}
