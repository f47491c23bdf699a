/* Private helpers of src/lowdim (lowdim.h). */
#ifndef PEELCERT_LOWDIM_INTERNAL_H
#define PEELCERT_LOWDIM_INTERNAL_H

#include "peelcert/lowdim.h"

/* Newton's method on the KKT system (lowdim_kkt.c) at the floating point pt (W, H on the
 * spheres), the slice through the current point; at most max_steps steps, each kept only
 * if the residual decreases. Fills pt->lambda_W, lambda_H, grad_norm. Doubles (the Jacobian
 * is the midpoint of the Arb one). */
void pc_lowdim_newton_polish(pc_lowdim_point_t *pt, const pc_lowdim_problem_t *pb,
                             slong max_steps, int interior);

/* Floating second-order check at pt: smallest eigenvalue of Hess L + c A^T A (rows of A
 * normalised) for c = pt->penalty candidates; fills pt->min_curvature and pt->penalty.
 * Returns 1 when the curvature is negative for every c tried, else 0. When direction != NULL
 * it receives a unit eigenvector (V d + d N unknowns) of the smallest eigenvalue: at the first
 * c when negative, at the final c otherwise. */
int pc_lowdim_second_order(pc_lowdim_point_t *pt, const pc_lowdim_problem_t *pb,
                           double *direction, int interior);

/* W (V x d) and H (d x N) set to the leading V d + d N balls of u (W row-major, then H). */
void pc_lowdim_unpack(arb_mat_t W, arb_mat_t H, arb_srcptr u, slong V, slong N, slong d);

/* u (n balls) from the floating point: W, H, multipliers, mu = 0; exact conversion. */
void pc_lowdim_pack_double(arb_ptr u, const double *W, const double *H, double lW, double lH,
                           slong V, slong N, slong d, int interior);

/* A (m x (V d + d N), m = 2 + d(d-1)/2) encloses the constraint Jacobian over the box u:
 * rows 2 W, 2 H, then T_pq. */
void pc_lowdim_constraint_rows(arb_mat_t A, arb_srcptr u, const arb_mat_t W0,
                               const arb_mat_t H0, slong V, slong N, slong d, slong prec,
                               int interior);

/* The interior variant (budgets not binding): (W, H) replaced by the balanced factorisation
 * of Pi W H (the same f), scaled so that ||W||^2 / a = ||H||^2 / b (doubles; W V x d,
 * H d x N). */
void pc_lowdim_rebalance(double *W, double *H, const pc_lowdim_problem_t *pb);

/* A numerically flat direction at the best point (lowdim_flat.c; docs/below-rank.md, "A
 * curvature below double precision"). Finds, proves nothing. */
typedef struct {
    slong n;               /* unknowns of the spheres system */
    arb_ptr u;             /* the refined KKT point (exact midpoints; mu = 0) when found */
    int found;
    slong prec;            /* precision of the refinement (bits) */
    double curvature;      /* estimate at prec of the smallest eigenvalue of the prover's
                              Finsler matrix Hess L + sum_r c_r a_r a_r^T at u */
    double residual;       /* max |F(u)| at prec (midpoints) */
    double walked;         /* length walked along the curve (steps of 0.05 sqrt(a + b)) */
    double f_drop;         /* f(start) - f(end of the walk), at 160 bits */
    slong steps, newton_steps;
    char why[PC_MSG_LEN];  /* why nothing was found */
} pc_lowdim_flat_t;

void pc_lowdim_flat_init(pc_lowdim_flat_t *fl, slong n);
void pc_lowdim_flat_clear(pc_lowdim_flat_t *fl);

/* From the best point (doubles) and dir (a unit vector, V d + d N entries, of the smallest
 * eigenvalue of the penalised projected Hessian): walks along the curve of near-minimisers
 * (constrained Newton in doubles' precision, f at 160 bits on the spheres) downhill until f
 * increases, then finds the critical point of f along the curve (Newton on the curve
 * parameter, constrained solves at 256 bits and more) and estimates the curvature there.
 * Returns 1 with fl->u, fl->prec (>= 2 log2(1/curvature) + 96 bits, at most 1024) when a
 * point with positive curvature was found; 0 with fl->why otherwise. */
int pc_lowdim_flat_refine(pc_lowdim_flat_t *fl, const pc_lowdim_point_t *best,
                          const double *dir, const pc_lowdim_problem_t *pb,
                          const pc_instance_t *inst, double penalty);

#endif
