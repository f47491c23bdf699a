/* pc_solve_dense: the floating solver of (C) on dense instances (SPEC 2, 3), and the
 * balanced factorisation of its solution. Guarantee: none (a candidate for verify). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "solver_internal.h"

/* FISTA steps per round before a factored polish is tried. */
#define PC_FISTA_ROUND 400
/* Relative margin kept inside the ball, so that rounding cannot break the budgets. */
#define PC_BUDGET_MARGIN 1e-14

void pc_solve_options_default(pc_solve_options_t *opt)
{
    opt->gap_tol = 1e-11;
    opt->max_iterations = 20000;
    opt->progress = 0;
}

void pc_float_solution_init(pc_float_solution_t *sol)
{
    memset(sol, 0, sizeof *sol);
}

void pc_float_solution_clear(pc_float_solution_t *sol)
{
    free(sol->Z);
    free(sol->W);
    free(sol->H);
    free(sol->Q);
    memset(sol, 0, sizeof *sol);
}

/* Interior regime (SPEC 3): if all P > 0 and the centered log P^T has nuclear norm
 * < rho (1 - 1e-9), it is the optimum. Returns 1 and fills Z if so; -1 on LAPACK failure. */
static int interior_candidate(const pc_dense_problem_t *pb, double *Z)
{
    slong V = pb->V, N = pb->N, k = V < N ? V : N;
    for (slong j = 0; j < V * N; j++) {
        if (!(pb->PT[j] > 0))
            return 0;
        Z[j] = log(pb->PT[j]);
        if (pb->token_weight != NULL)   /* Y = D_T^(1/2) R D_C^(1/2), R = log p (SPEC 10) */
            Z[j] *= sqrt(pb->token_weight[j / N] * pb->context_weight[j % N]);
    }
    pc_dense_center(pb, Z);
    double *A = malloc(sizeof(double) * (V * N + k));
    double *s = A + V * N;
    memcpy(A, Z, sizeof(double) * V * N);
    int info = pc_dense_svd(A, V, N, s, NULL, NULL);
    double nuclear = 0.0;
    for (slong j = 0; j < k; j++)
        nuclear += s[j];
    free(A);
    if (info != 0)
        return -1;
    return nuclear < pb->rho * (1 - 1e-9);
}

/* The binding regime: FISTA first (it also finds the active rank). If it has not reached
 * the target within a round, alternate an L-BFGS polish of the factored problem (much
 * faster where the smallest softmax probabilities make FISTA slow) with more FISTA. */
static int solve_binding(const pc_dense_problem_t *pb, double *Z, const pc_solve_options_t *opt,
                         slong *iterations, pc_solve_clock_t *clk)
{
    slong budget = opt->max_iterations, used, rank;
    double gap = INFINITY;
    memset(Z, 0, sizeof(double) * pb->V * pb->N);
    *iterations = 0;
    for (int round = 0; budget > 0; round++) {
        slong cap = budget < PC_FISTA_ROUND ? budget : PC_FISTA_ROUND;
        int info = pc_dense_fista(pb, Z, cap, opt->gap_tol, 0.0, &used, &gap, &rank, clk);
        *iterations += used;
        budget -= used;
        if (info != 0)
            return info;
        if (gap <= opt->gap_tol || budget <= 0)
            break;
        info = pc_dense_factored_polish(pb, Z, rank, budget, opt->gap_tol, &used, &gap, clk);
        *iterations += used;
        budget -= used;
        if (info != 0)
            return info;
        if (gap <= opt->gap_tol)
            break;
    }
    return 0;
}

/* From the centered Z: SVD, singular values pulled inside the ball with a margin, the
 * balanced factorisation (SPEC 2) in d columns, Z recomposed, rank and nuclear norm. */
static int factorise(pc_float_solution_t *sol, const pc_dense_problem_t *pb, double a, double b)
{
    slong V = pb->V, N = pb->N, d = sol->d, k = V < N ? V : N;
    double *A = malloc(sizeof(double) * (V * N + V * k + k * N + k));
    double *U = A + V * N, *VT = U + V * k, *s = VT + k * N;
    memcpy(A, sol->Z, sizeof(double) * V * N);
    int info = pc_dense_svd(A, V, N, s, U, VT);
    if (info == 0) {
        slong nz = pc_l1_ball_project(s, k, pb->rho * (1 - PC_BUDGET_MARGIN));
        sol->rank = 0;
        sol->nuclear = 0.0;
        for (slong j = 0; j < k; j++) {
            sol->nuclear += s[j];
            sol->rank += s[j] > 1e-9 * s[0];
        }
        double cw = pow(a / b, 0.25), ch = pow(b / a, 0.25);
        memset(sol->W, 0, sizeof(double) * V * d);
        memset(sol->H, 0, sizeof(double) * d * N);
        for (slong j = 0; j < d && j < nz; j++) {
            double r = sqrt(s[j]);
            for (slong row = 0; row < V; row++)
                sol->W[row * d + j] = cw * r * U[row * k + j];
            for (slong i = 0; i < N; i++)
                sol->H[j * N + i] = ch * r * VT[j * N + i];
        }
        sol->d_below_rank = d < sol->rank;
        pc_svd_recompose(sol->Z, U, s, VT, V, N, k, nz);
    }
    free(A);
    return info;
}

/* The solver on pb (plain or weighted); P is N x V row-major (the block targets when weighted). */
static pc_status_t solve_problem(pc_float_solution_t *sol, const double *P, pc_dense_problem_t *pb,
                                 slong d, double a, double b, const pc_solve_options_t *opt,
                                 pc_msg_t *msg)
{
    slong V = pb->V, N = pb->N;
    if (V < 1 || N < 1 || d < 1)
        return pc_fail(msg, PC_BAD_INPUT, "solver: dimensions V = %ld, N = %ld, d = %ld must be >= 1",
                       (long) V, (long) N, (long) d);
    if (!(a > 0) || !(b > 0) || !isfinite(a) || !isfinite(b))
        return pc_fail(msg, PC_BAD_INPUT, "solver: budgets a = %g, b = %g must be positive", a, b);
    pc_solve_options_t defaults;
    if (opt == NULL) {
        pc_solve_options_default(&defaults);
        opt = &defaults;
    }
    pc_float_solution_clear(sol);
    sol->V = V;
    sol->N = N;
    sol->d = d;
    sol->Z = malloc(sizeof(double) * V * N);
    sol->W = malloc(sizeof(double) * V * d);
    sol->H = malloc(sizeof(double) * d * N);
    sol->Q = malloc(sizeof(double) * N * V);
    double *PT = malloc(sizeof(double) * V * N);
    for (slong i = 0; i < N; i++)
        for (slong k = 0; k < V; k++)
            PT[k * N + i] = P[i * V + k];
    pb->PT = PT;
    pb->rho = sqrt(a * b);
    pc_solve_clock_t clk;
    pc_solve_clock_start(&clk, opt->progress);

    int info = 0, interior = interior_candidate(pb, sol->Z);
    if (interior < 0)
        info = -1;
    else if (!interior)
        info = solve_binding(pb, sol->Z, opt, &sol->iterations, &clk);
    if (info == 0)
        info = factorise(sol, pb, a, b);
    if (info == 0 && interior) {
        /* Q = P exactly: LB(P) = mean entropy, ||Q - P||_op = 0 (SPEC 3, 10). */
        memcpy(sol->Q, P, sizeof(double) * N * V);
        double entropy = 0.0;
        for (slong j = 0; j < V * N; j++)
            entropy -= P[j] * log(P[j]) * (pb->token_weight == NULL ? 1.0
                       : pb->token_weight[j % V] * pb->context_weight[j / V]);
        sol->value = pc_dense_objective(pb, sol->Z, NULL);
        sol->lower = entropy / (pb->token_weight == NULL ? N : pb->contexts);
        sol->opnorm = 0.0;
        sol->interior = 1;
    } else if (info == 0) {
        double *S = malloc(sizeof(double) * (V * N + N));
        pc_dense_softmax(pb, sol->Z, S, S + V * N);
        for (slong k = 0; k < V; k++)
            for (slong i = 0; i < N; i++)
                sol->Q[i * V + k] = S[k * N + i];
        free(S);
        info = pc_dense_gap(pb, sol->Z, &sol->value, &sol->lower, &sol->opnorm);
        /* with a zero target entry the regime is binding (SPEC 3), whatever the iterate */
        int positive = 1;
        for (slong j = 0; j < V * N && positive; j++)
            positive = P[j] > 0;
        sol->interior = positive && sol->nuclear < pb->rho * (1 - 1e-9);
    }
    free(PT);
    pb->PT = NULL;
    if (info != 0)
        return pc_fail(msg, PC_BAD_INPUT, "solver: LAPACK SVD failed (info %d)", info);
    pc_solve_clock_report(&clk, interior ? "interior" : "done", sol->iterations, sol->value,
                          sol->value - sol->lower, sol->rank, 1);
    return PC_OK;
}

pc_status_t pc_solve_dense(pc_float_solution_t *sol, const double *P, slong V, slong N,
                           slong d, double a, double b, const pc_solve_options_t *opt,
                           pc_msg_t *msg)
{
    pc_dense_problem_t pb;
    memset(&pb, 0, sizeof pb);
    pb.V = V;
    pb.N = N;
    return solve_problem(sol, P, &pb, d, a, b, opt, msg);
}

pc_status_t pc_solve_weighted(pc_float_solution_t *sol, const double *P, const double *t,
                              const double *c, slong u, slong v, slong d, double a, double b,
                              const pc_solve_options_t *opt, pc_msg_t *msg)
{
    pc_dense_problem_t pb;
    memset(&pb, 0, sizeof pb);
    pb.V = u;
    pb.N = v;
    pb.token_weight = t;
    pb.context_weight = c;
    for (slong j = 0; j < v; j++)
        pb.contexts += c[j];
    return solve_problem(sol, P, &pb, d, a, b, opt, msg);
}
