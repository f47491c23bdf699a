/* Below the rank (SPEC 4, 12; docs/below-rank.md): the factored program (LP) at the
 * instance's own d, when d < rank(Z°) makes it non-convex.
 *
 *     minimise f(W H)  over W (V x d), H (d x N),  ||W||_F^2 <= a,  ||H||_F^2 <= b.
 *
 * Three layers, as everywhere in peelcert:
 *  - find (double): multi-start L-BFGS on the product of the two budget spheres, a Newton
 *    polish on the KKT system, a second-order check (lowdim_float.c);
 *  - round (exact): W, H as rationals scaled exactly into the budgets; f(W H) enclosed with
 *    Arb, an upper bound on val(LP) at this d (lowdim_certify.c);
 *  - prove (Arb): an exact KKT point of the gauge-fixed problem in a small box (Krawczyk)
 *    and the second-order sufficient condition over the box (ball Cholesky), hence a local
 *    minimum of (LP) (lowdim_prove.c; the argument is in docs/below-rank.md).
 * For cyclic instances, symmetric candidates: the best circulant Z of rank <= d, one convex
 * problem per frequency set (lowdim_symmetric.c). */
#ifndef PEELCERT_LOWDIM_H
#define PEELCERT_LOWDIM_H

#include <flint.h>
#include <fmpq.h>
#include <fmpq_mat.h>
#include <arb.h>
#include <arb_mat.h>
#include <jansson.h>
#include "peelcert/status.h"
#include "peelcert/instance.h"

/* ---- find (double; proves nothing) ---- */

typedef struct {
    slong V, N, d;
    const double *PT;      /* V x N row-major: P transposed */
    double a, b;           /* budgets V E_W, N E_H (rounded to nearest) */
} pc_lowdim_problem_t;

typedef struct {
    slong random_starts;   /* random starts (fixed seed) */
    unsigned long seed;
    slong max_iterations;  /* L-BFGS iterations per start */
} pc_lowdim_options_t;

void pc_lowdim_options_default(pc_lowdim_options_t *opt);

/* A point on the two spheres with its multipliers (KKT: G H^T + 2 lW W = 0, W^T G + 2 lH H = 0). */
typedef struct {
    slong V, N, d;
    double *W, *H;         /* V x d, d x N, row-major */
    double lambda_W, lambda_H;
    double value;          /* f(W H), floating */
    double grad_norm;      /* norm of the KKT residual (floating) */
    double min_curvature;  /* smallest eigenvalue of the penalised projected Hessian (floating);
                              > 0: second-order condition holds numerically */
    double penalty;        /* c of the Finsler matrix Hess L + c A^T A used for min_curvature */
    slong starts;          /* starts tried */
    slong best_start;      /* which start gave it (-1: a given seed point) */
} pc_lowdim_point_t;

void pc_lowdim_point_init(pc_lowdim_point_t *pt, slong V, slong N, slong d);
void pc_lowdim_point_clear(pc_lowdim_point_t *pt);

/* f(W H) and, if gW/gH != NULL, its gradients G H^T, W^T G with G = (softmax(W H) - P^T)/N. */
double pc_lowdim_objective(const pc_lowdim_problem_t *pb, const double *W, const double *H,
                           double *gW, double *gH);

/* Local search from (W, H) (any scale; projected onto the spheres first): L-BFGS on the
 * spheres; with finish, then a Newton polish of the KKT system and the second-order check,
 * and when the end point has negative curvature a step along it and a restart (at most 3).
 * Fills pt (value; with finish also multipliers, residual, curvature). */
void pc_lowdim_local_search(pc_lowdim_point_t *pt, const pc_lowdim_problem_t *pb,
                            const double *W, const double *H, slong max_iterations, int finish);

/* Multi-start search: opt->random_starts random starts plus the num_seeds given points
 * (seed_W[s] V x d, seed_H[s] d x N); the best end point (smallest f among those with a
 * finite value) goes into best. Deterministic. */
void pc_lowdim_search(pc_lowdim_point_t *best, const pc_lowdim_problem_t *pb,
                      const pc_lowdim_options_t *opt, double *const *seed_W,
                      double *const *seed_H, slong num_seeds);

/* ---- the KKT system of the gauge-fixed problem (Arb; lowdim_kkt.c) ----
 *
 * Unknowns u = (W, H, lW, lH, mu) of size n = V d + d N + 2 + d(d-1)/2, ordered W row-major,
 * H row-major, lW, lH, then mu_{pq} for p < q (lexicographic). With the slice through the
 * center (W0, H0) orthogonal to the O(d) orbit, T_pq = (W0 E_pq, -E_pq H0),
 * E_pq = e_p e_q^T - e_q e_p^T:
 *   F_W = G H^T + 2 lW W + sum mu_pq W0 E_pq,   F_H = W^T G + 2 lH H - sum mu_pq E_pq H0,
 *   ||W||^2 - a,  ||H||^2 - b,  <T_pq, (W - W0, H - H0)>.
 * The Jacobian is the symmetric [[Hess L, A^T], [A, 0]]. */

slong pc_lowdim_unknowns(slong V, slong N, slong d);

/* The interior variant (budgets strictly inside, SPEC 12 / docs/below-rank.md): no sphere
 * rows and no multipliers lW, lH; the gauge is (W, H) -> (W A + 1 t^T, A^-1 H), A in GL(d),
 * t in R^d (f is invariant: W H changes by a constant per column), with generators
 * E_pq = e_p e_q^T for all p, q (e = p d + q, T_e = (W0 E, -E H0)) and the translations
 * (e = d^2 + q, T_e = (1 e_q^T, 0)); slice <T_e, x - x0> = 0. Unknowns u = (W, H, mu),
 * n = V d + d N + d^2 + d. The functions below take interior = 0 for the spheres system
 * above, 1 for this one. */
slong pc_lowdim_generators(slong d, int interior);
slong pc_lowdim_system_size(slong V, slong N, slong d, int interior);

/* P^T (V x N) and the budgets a, b as balls (exact data rounded to prec). */
void pc_lowdim_targets(arb_mat_t PT, arb_t a, arb_t b, const pc_instance_t *inst, slong prec);

/* F(u) enclosed (u: n balls; W0, H0 exact center of the slice). */
void pc_lowdim_kkt_residual(arb_ptr F, arb_srcptr u, const arb_mat_t W0, const arb_mat_t H0,
                            const arb_mat_t PT, const arb_t a, const arb_t b, slong prec,
                            int interior);

/* J (n x n) encloses the Jacobian of F at every point of the box u. hess_only: only the
 * leading (V d + d N) block Hess L (J must then be of that size). */
void pc_lowdim_kkt_jacobian(arb_mat_t J, arb_srcptr u, const arb_mat_t W0, const arb_mat_t H0,
                            const arb_mat_t PT, slong prec, int hess_only, int interior);

/* ---- prove (Arb; lowdim_prove.c) ---- */

typedef struct {
    int proved;            /* 1: a local minimum of (LP) in the box is proved */
    int interior;          /* the system used: 0 spheres + O(d), 1 interior + GL(d) */
    double radius;         /* half-width of the box (max norm over u), rounded up */
    fmpq_t radius_exact;   /* the same, exact (the certificate's number) */
    fmpq *penalties;       /* c_r of the Finsler matrix Hess L + sum_r c_r a_r a_r^T proved
                              positive definite (rows: sphere W, sphere H, gauge pq) */
    slong num_penalties;
    fmpq_t curvature_lower; /* mu >= 0 with Hess L + sum_r c_r a_r a_r^T - mu I positive
                              definite over the box (0: only positive definiteness proved) */
    slong precision;       /* bits of the proof when above 128 (approximate inverses at
                              this precision, not in binary64); 0 otherwise */
    char why[PC_MSG_LEN];  /* what failed, or what was proved */
} pc_lowdim_proof_t;

void pc_lowdim_proof_init(pc_lowdim_proof_t *pf);
void pc_lowdim_proof_clear(pc_lowdim_proof_t *pf);

/* Tries to prove that a local minimum of (LP) exists in the box around the exact point
 * (W0, H0) with multipliers (lW0, lH0), mu = 0: Krawczyk inclusion for the KKT system
 * above, lW, lH > 0 over the box, the slice transversal to the orbit over the box, and
 * Hess L + c A^T A positive definite over the box (ball Cholesky). Returns PC_OK only if
 * every step is proved; PC_NOT_PROVED with pf->why otherwise (not "false"). At prec <= 128
 * the approximate inverses are binary64 (LAPACK); above, Arb approximations at prec (for a
 * curvature below double precision, docs/below-rank.md). curvature_hint > 0: also try to
 * prove Hess L + c A^T A - mu I positive definite for mu = a power of two near
 * curvature_hint / 4 (pf->curvature_lower; 0 when not proved or not asked). */
pc_status_t pc_lowdim_prove_local_minimum(pc_lowdim_proof_t *pf, const fmpq_mat_t W0,
                                          const fmpq_mat_t H0, const fmpq_t lW0,
                                          const fmpq_t lH0, const pc_instance_t *inst,
                                          double penalty_hint, double curvature_hint,
                                          slong prec, int interior);

/* ---- symmetric candidates (cyclic instances; lowdim_symmetric.c) ---- */

typedef struct {
    slong num_sets;        /* frequency sets searched (embedding dimension <= d) */
    slong best_num;        /* the best set: frequencies 1..n/2 */
    slong best_set[8];
    double best_value;     /* floating value of the best restricted optimum */
    double *W, *H;         /* its balanced factors (V x d, d x N), NULL if none */
    arb_t lower;           /* encloses min over sets of the restricted dual bounds: every
                              circulant Z of rank <= d has f(Z) >= lower */
} pc_lowdim_symmetric_t;

void pc_lowdim_symmetric_init(pc_lowdim_symmetric_t *sym);
void pc_lowdim_symmetric_clear(pc_lowdim_symmetric_t *sym);

/* For a circulant instance (q exact, n = V = N) and d: solves the restricted convex problem
 * on every frequency set of embedding dimension <= d (floating), keeps the best as balanced
 * factors, and proves the lower bound over all sets (restricted weak duality, Arb + exact
 * dual rows). PC_BAD_INPUT if d is too large for an enumeration (more than 4 pairs). */
pc_status_t pc_lowdim_symmetric_search(pc_lowdim_symmetric_t *sym, const fmpq *q, slong n,
                                       slong d, const fmpq_t a, const fmpq_t b, slong prec,
                                       pc_msg_t *msg);

/* ---- certify (lowdim_certify.c) ---- */

typedef struct {
    int done;              /* 1: the search ran and upper is proved */
    fmpq_mat_t W, H;       /* exact best point, inside the budgets */
    fmpq_t lambda_W, lambda_H;
    arb_t upper;           /* encloses f(W H) >= val(LP at d) */
    pc_lowdim_proof_t proof;
    int has_symmetric;
    fmpq_mat_t sym_W, sym_H; /* exact symmetric candidate (circulant Grams up to rounding) */
    arb_t symmetric_upper; /* encloses f(sym_W sym_H) */
    arb_t symmetric_lower; /* every circulant Z of rank <= d has f(Z) >= symmetric_lower */
    slong sym_num, sym_set[8]; /* the candidate's frequency set (1..n/2) */
    int symmetry_broken;   /* 1 true, 0 false, -1 undecided */
    double search_seconds, proof_seconds;
    slong starts;
    char note[PC_MSG_LEN];
} pc_lowdim_result_t;

void pc_lowdim_result_init(pc_lowdim_result_t *res);
void pc_lowdim_result_clear(pc_lowdim_result_t *res);

/* The whole pipeline at the instance's d: search (with the symmetric candidates as seeds on
 * cyclic instances), exact rounding, enclosure of f, the local-minimum proof, the symmetry
 * comparison. PC_OK when upper is proved (the proof may still have failed: res->proof);
 * PC_BAD_INPUT when the instance is too large for the dense factored problem. */
pc_status_t pc_lowdim_certify(pc_lowdim_result_t *res, const pc_instance_t *inst,
                              slong prec, int progress, pc_msg_t *msg);

/* The "lp" object of certify --json (SPEC 12), decimals rounded outward. */
json_t *pc_lowdim_result_json(const pc_lowdim_result_t *res, const arb_t convex_lower);

#endif
