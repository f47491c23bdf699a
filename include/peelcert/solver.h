/* Floating-point solver for the convex problem (C) on dense instances (SPEC 2, 3).
 *
 * Guarantee: none. Everything here is a *candidate*, found in double precision;
 * only the verify module proves anything about it. */
#ifndef PEELCERT_SOLVER_H
#define PEELCERT_SOLVER_H

#include <jansson.h>

#include <flint.h>
#include "peelcert/status.h"

typedef struct {
    double gap_tol;          /* stop when f(Z) - LB(softmax(Z)^T) <= gap_tol (floating) */
    slong max_iterations;    /* cap on accelerated projected-gradient steps */
    int progress;            /* 1: print phase, iteration and gap on stderr */
} pc_solve_options_t;

void pc_solve_options_default(pc_solve_options_t *opt);

typedef struct {
    slong V, N, d;
    double *Z;        /* V x N row-major: the candidate optimum of (C), column-centered */
    double *W;        /* V x d row-major: balanced factor, (1/V)||W||_F^2 <= E_W up to rounding */
    double *H;        /* d x N row-major: balanced factor */
    double *Q;        /* N x V row-major: dual candidate, row i = softmax(column i of Z) */
    double value;     /* f(Z), floating */
    double lower;     /* LB(Q), floating */
    double opnorm;    /* ||Q - P||_op, floating */
    double nuclear;   /* ||Z||_*, floating */
    slong rank;       /* numerical rank of Z (singular values > 1e-9 * max) */
    slong iterations;
    int interior;     /* floating guess: ||Z||_* < rho * (1 - 1e-9) */
    int d_below_rank; /* 1 if d < rank: W H is a truncation, (LP) may be worse than (C) */
} pc_float_solution_t;

void pc_float_solution_init(pc_float_solution_t *sol);
void pc_float_solution_clear(pc_float_solution_t *sol);

/* Accelerated projected gradient on { ||Z||_* <= rho } with adaptive restart,
 * rho = sqrt(a b), P given as N x V doubles (row-major). Then the balanced
 * factorisation of SPEC 2 into d columns (truncated when d < rank), columns ordered by
 * decreasing singular value: columns of W (rows of H) beyond the projection's support are
 * exactly zero, those between sol->rank and the support carry singular values <= 1e-9 s_1, so
 * the first sol->rank columns are the candidate. From min(V, N) >= 512 the projection uses the
 * top eigenpairs of the smaller Gram matrix (exact threshold, see src/solver/dense_partial.c)
 * and the periodic gap a Lanczos opnorm estimate; sol->opnorm and the reported gap always use
 * the full singular-value computation (the true operator norm up to rounding).
 * PC_NOT_PROVED is never returned; PC_BAD_INPUT on a LAPACK failure. */
pc_status_t pc_solve_dense(pc_float_solution_t *sol, const double *P, slong V, slong N,
                           slong d, double a, double b, const pc_solve_options_t *opt,
                           pc_msg_t *msg);

/* The weighted problem of token/context classes (SPEC 10): u token classes of sizes t[a], v
 * context classes of sizes c[b] (doubles, exact integers), P the v x u block targets p(b, a)
 * (row-major). The solver works on Y = D_T^(1/2) R D_C^(1/2) in the ball ||Y||_* <= rho: sol->Z
 * is Y (u x v), sol->W, sol->H its balanced factorisation (W~ = D_T^(1/2) A, H~ = B D_C^(1/2)
 * for the block factors A, B), sol->Q the block dual q(b, a) (v x u, sum_a t_a q(b, a) = 1),
 * value, lower and opnorm those of SPEC 10. Guarantee: none (a candidate). */
pc_status_t pc_solve_weighted(pc_float_solution_t *sol, const double *P, const double *t,
                              const double *c, slong u, slong v, slong d, double a, double b,
                              const pc_solve_options_t *opt, pc_msg_t *msg);

/* The low-rank solver (issue 9 item 4, docs/scale.md): the binding regime by Burer-Monteiro
 * at a working rank r <= min(d, V, N) (L-BFGS on the scale-invariant factored problem, rank
 * doubled from 32 while the floating gap is above opt->gap_tol), cost O(V N r) per iteration,
 * never a full SVD; ||softmax(Z) - P^T||_op estimated by warm block subspace iteration (a
 * Ritz value: it may underestimate, so the float gap is optimistic until proved). Fills only
 * sol->W (V x d, row-major), sol->H (d x N), sol->d = the numerical rank kept, value, lower,
 * opnorm, rank, nuclear, iterations, d_below_rank (r capped at d below the target); sol->Z
 * and sol->Q stay NULL. W, H are balanced with ||W||_F^2 <= a (1 - 1e-14), ||H||_F^2 <= b
 * (1 - 1e-14) in floating point (the exact budgets are for the proof to check). The
 * interior regime is not handled (a candidate on the boundary is returned).
 * Guarantee: none (a candidate). */
pc_status_t pc_solve_lowrank(pc_float_solution_t *sol, const double *P, slong V, slong N,
                             slong d, double a, double b, const pc_solve_options_t *opt,
                             pc_msg_t *msg);

/* The --json document of 'peelcert solve': certify's names (verified: always false, lower: the
 * float dual bound, upper: the float value, regime, structure, message, path, rank,
 * d_below_rank) plus gap and iterations; floats as "%.17g" strings. New reference. */
json_t *pc_solve_json(const pc_float_solution_t *sol);

#endif
