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


#endif
