/* Internal helpers of the floating solver (SPEC 2, 3). Doubles only; nothing here is proved.
 *
 * Conventions: Z and G are V x N row-major (column i = context i); PT = P^T is V x N
 * row-major; Q = softmax(Z)^T is N x V row-major. */
#ifndef PEELCERT_SOLVER_INTERNAL_H
#define PEELCERT_SOLVER_INTERNAL_H

#include <flint.h>
#include "peelcert/solver.h"

typedef struct {
    slong V, N;
    const double *PT;   /* V x N: P transposed */
    double rho;         /* sqrt(a b) */
    /* The weighted problem of token/context classes (SPEC 10), NULL for the plain one: Z is
     * then Y = D_T^(1/2) R D_C^(1/2) (V = u classes x N = v classes), PT holds the block
     * targets p(b, a) transposed, and f, the gradient, the dual and the gap are those of SPEC 10
     * (dense_weighted.c). Both NULL or both set. */
    const double *token_weight;    /* [V] t_a >= 1 */
    const double *context_weight;  /* [N] c_b >= 1, sum = the instance's N */
    double contexts;               /* the instance's N = sum c_b (the 1/N of f); unused when plain */
} pc_dense_problem_t;

/* Progress reporting: a line on stderr at most every 0.5 s when enabled. */
typedef struct {
    int enabled;
    double start, last;
} pc_solve_clock_t;

double pc_solve_clock_now(void);
void pc_solve_clock_start(pc_solve_clock_t *clk, int enabled);
void pc_solve_clock_report(pc_solve_clock_t *clk, const char *phase, slong iter, double f,
                           double gap, slong rank, int force);

/* f(Z) (SPEC 2). If G != NULL, also G = grad f(Z) = (softmax(Z) - P^T)/N. */
double pc_dense_objective(const pc_dense_problem_t *pb, const double *Z, double *G);

/* f(Z), G = grad f(Z), S = softmax(Z) and *entropy = sum_i H(softmax(z_i)) (the entropy of
 * pc_dense_gap_parts) from one set of column statistics: what pc_dense_objective and
 * pc_dense_gap_parts give together, with half the exponentials. Unweighted problems only
 * (pb->token_weight == NULL), like pc_dense_gap_parts. */
double pc_dense_objective_parts(const pc_dense_problem_t *pb, const double *Z, double *G,
                                double *S, double *entropy);

/* S = softmax(Z) per column (V x N), lse[i] = LSE(z_i). */
void pc_dense_softmax(const pc_dense_problem_t *pb, const double *Z, double *S, double *lse);

/* value = f(Z), lower = LB(softmax(Z)^T) (SPEC 3), opnorm = ||Q - P||_op.
 * Returns 0, or the LAPACK info on failure. */
int pc_dense_gap(const pc_dense_problem_t *pb, const double *Z, double *value, double *lower,
                 double *opnorm);

/* The parts of the gap that need no SVD (plain problem only): M = softmax(Z) - P^T (V x N),
 * value = f(Z), entropy = sum_i H(softmax(z_i)); LB = (entropy - rho ||M||_op) / N. */
void pc_dense_gap_parts(const pc_dense_problem_t *pb, const double *Z, double *M,
                        double *value, double *entropy);

/* Thin SVD of the V x N row-major A (destroyed): A = U diag(s) VT with U V x k and VT
 * k x N row-major, k = min(V, N), s decreasing. U, VT may be NULL for values only.
 * Returns 0, or the LAPACK info on failure. */
int pc_dense_svd(double *A, slong V, slong N, double *s, double *U, double *VT);

/* Projects s >= 0 (length k) onto { s >= 0, sum s <= radius } in place (sort-based simplex
 * projection). Returns the number of nonzero entries left. */
slong pc_l1_ball_project(double *s, slong k, double radius);

/* Subtracts from each column of the V x N row-major Z its mean. */
void pc_center_columns(double *Z, slong V, slong N);

/* The centering of the problem: pc_center_columns, or for the weighted problem the orthogonal
 * projection of each column of Y onto the complement of sqrt(t) (R_ab + s_b leaves f unchanged;
 * the projection does not increase ||Y||_*). */
void pc_dense_center(const pc_dense_problem_t *pb, double *Z);

/* The weighted problem (SPEC 10; dense_weighted.c), called by the three functions above when
 * pb->token_weight != NULL: same contracts with Y for Z; the softmax S is the block dual
 * q(b, a) = exp(R_ab) / sum_a' t_a' exp(R_a'b) (so sum_a t_a S[a][b] = 1), lse[b] the log of
 * that sum; opnorm = ||D_C^(1/2) (Q - P) D_T^(1/2)||_op. */
double pc_weighted_objective(const pc_dense_problem_t *pb, const double *Y, double *G);
void pc_weighted_softmax(const pc_dense_problem_t *pb, const double *Y, double *S, double *lse);
int pc_weighted_gap(const pc_dense_problem_t *pb, const double *Y, double *value, double *lower,
                    double *opnorm);

/* Z = U[:, :r] diag(s[:r]) VT[:r, :] (U is V x k, VT is k x N); U is overwritten. */
void pc_svd_recompose(double *Z, double *U, const double *s, const double *VT, slong V,
                      slong N, slong k, slong r);

/* Large instances (dense_partial.c): from min(V, N) >= PC_PARTIAL_MIN_DIM the FISTA projects
 * through the top eigenpairs of the smaller Gram matrix and estimates the periodic gap's opnorm
 * by Lanczos; smaller instances keep the full SVDs (the dense certify path's 1e-12 gaps). */
#define PC_PARTIAL_MIN_DIM 512

/* State of the partial projections of one FISTA run: the last active rank and the last top
 * eigenvectors (a warm start for the next, slightly different Gram matrix). Zero-initialise;
 * pc_dense_partial_clear frees it. */
typedef struct {
    slong k_hint;     /* active rank of the last projection */
    double *X;        /* n x kw column-major: the last Ritz vectors, decreasing, or NULL */
    slong n, kw;
    slong warm, full; /* projections from the warm block / from dsyevr (statistics) */
} pc_partial_state_t;

void pc_dense_partial_clear(pc_partial_state_t *st);

/* Xn = the projection of the V x N row-major A onto { ||X||_* <= rho }, from the top k
 * eigenpairs of the smaller Gram (k = st->k_hint + a margin, doubled until the threshold is
 * exact, see the file comment), found by subspace iteration from st's warm block when its
 * residuals converge, else by dsyevr; *r = st->k_hint = the active rank. Returns 0 or a LAPACK
 * info (the caller then falls back to the full SVD). */
int pc_dense_project_partial(const double *A, slong V, slong N, double rho, double *Z,
                             slong *r, pc_partial_state_t *st);

/* A Lanczos estimate (full reorthogonalisation, 40 steps) of ||M||_op for the V x N row-major
 * M: a Ritz value, so <= the true norm up to rounding. x (length min(V, N)) is the start
 * vector (zero: a fixed one) and receives the top Ritz vector, a warm start for the next call. */
double pc_dense_opnorm_estimate(const double *M, slong V, slong N, double *x);

/* The floating gap at Z on a large plain instance: the opnorm by the Lanczos estimate (which
 * can only underestimate it), and by the full singular values whenever the estimate claims
 * gap <= gap_tol, so that a stop is decided on the true gap. M: V x N scratch; x: the Lanczos
 * warm start (min(V, N) doubles). Returns 0 or a LAPACK info. */
int pc_dense_gap_estimated(const pc_dense_problem_t *pb, const double *Z, double gap_tol,
                           double *M, double *x, double *value, double *lower, double *opnorm);

/* FISTA with adaptive restart on the nuclear-norm ball, from the feasible centered Z
 * (updated in place). Stops when the gap <= gap_tol, after max_iter steps, or when the
 * active rank has been stable long enough and the gap is below switch_gap
 * (switch_gap = 0: never). Z receives the iterate of smallest computed gap (*gap); *rank is
 * the active rank of the last step.
 * Returns 0 or a LAPACK info. */
int pc_dense_fista(const pc_dense_problem_t *pb, double *Z, slong max_iter, double gap_tol,
                   double switch_gap, slong *iterations, double *gap, slong *rank,
                   pc_solve_clock_t *clk);

/* Polishes Z (binding regime) by L-BFGS on the factored, scale-invariant parametrisation
 * Z = 2 rho W H / (||W||^2 + ||H||^2) with W V x r, H r x N, started from the SVD of Z.
 * Stops when the gap <= gap_tol, after max_iter steps, or when stalled; does nothing if Z is
 * inside the ball. Z stays feasible and is replaced only by the best-gap iterate (*gap).
 * Returns 0 or a LAPACK info. */
int pc_dense_factored_polish(const pc_dense_problem_t *pb, double *Z, slong r, slong max_iter,
                             double gap_tol, slong *iterations, double *gap,
                             pc_solve_clock_t *clk);

/* Block subspace iteration (lowrank_block.c): X (N x b, row-major) a warm start, replaced by
 * the right Ritz vectors of M (V x N row-major) after `steps` steps of X <- orth(M^T M X);
 * U (V x b) the left ones, sig[b] the Ritz values, decreasing (each <= the true singular
 * value of the same rank, up to rounding). Returns 0 or a LAPACK info. */
void pc_lowrank_block_start(double *X, slong N, slong b);
/* Riemannian trust-region Newton (lowrank_newton.c) on the sphere |x|^2 = 2 rho of the
 * plain problem at rank r, x = (W row-major V x r, H row-major r x N), scaled onto the sphere
 * first and replaced by the best-gap iterate (*gap, floating); the warm block (Xb N x b, Ub
 * V x b, sig b) of pc_lowrank_block_top estimates the opnorm. Stops when the gap <= gap_tol,
 * after max_steps, or when stalled. Returns 0 or a LAPACK info. */
int pc_lowrank_newton(const pc_dense_problem_t *pb, double *x, slong r, double *Xb, double *Ub,
                      double *sig, slong b, slong max_steps, double gap_tol, double *gap,
                      slong *steps, pc_solve_clock_t *clk);
int pc_lowrank_block_top(double *sig, double *U, double *X, const double *M, slong V, slong N,
                         slong b, slong steps);

/* L-BFGS two-loop recursion (dense_factored.c): d = -H_k g from `count` pairs (S, Y, rhos)
 * stored in a ring of `memory <= PC_LBFGS_MAX_MEMORY` slots, newest at head - 1. */
#define PC_LBFGS_MAX_MEMORY 64
void pc_lbfgs_direction(double *d, const double *g, double *const *S, double *const *Y,
                        const double *rhos, slong count, slong head, slong memory, slong nx,
                        double gamma);

#endif
