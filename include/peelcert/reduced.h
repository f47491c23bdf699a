/* The symmetry-reduced problem of a 2-transitive instance (SPEC 5, 5b; FORMAT.md kind
 * "group"): one variable per orbital of the group on [V] x [N].
 *
 * When the token action is 2-transitive, an invariant centered Z has
 * ||Z||_*^2 = (V - 1) ||Z||_F^2, so (C) restricted to invariant Z is
 *
 *     minimise  sum_O (|O|/N) CE(p_O, z_O)   subject to   sum_O |O| ||z_O||^2 <= R^2 = a b/(V - 1),
 *
 * O running over the orbits of the group on contexts, z_O the column of a representative
 * context i_O. By uniqueness of the centered optimum (SPEC 2) it is invariant, so this
 * problem has the value of (C). Within a representative column the entries are constant
 * on the orbitals meeting it: orbital o occurs mult[o] = |o|/|O| times.
 *
 * KKT (SPEC 3): softmax(z_O) - p_O + nu z_O = 0 for every O with one nu >= 0; nu = 0 is the
 * interior regime (z_O = centered log p_O). For fixed nu > 0 the column system has Jacobian
 * diag(s) - s (mult s)^T + nu I (diagonal plus rank one: Sherman-Morrison, O(#orbitals)).
 *
 * Only the floating solver (pc_reduced_solve_double) uses doubles; the refinement works on
 * Arb midpoints and proves nothing; the exact rounding and the enclosures (reduced_bounds.c)
 * are rigorous. Orbitals are numbered as FORMAT.md says (first appearance at m = k N + i). */
#ifndef PEELCERT_REDUCED_H
#define PEELCERT_REDUCED_H

#include <flint.h>
#include <fmpq.h>
#include <arb.h>
#include "peelcert/status.h"
#include "peelcert/instance.h"

typedef struct {
    slong V, N;                 /* tokens, contexts */
    slong num_orbitals;         /* R */
    slong num_context_orbits;
    slong *context_size;        /* [O] = |O| */
    slong *context_rep;         /* [O] = i_O, the smallest context of O */
    slong *start;               /* orbitals of O: members[start[O] .. start[O + 1]) */
    slong *members;             /* orbital numbers, grouped by context orbit, increasing */
    slong *context_of;          /* [o] = context orbit of orbital o */
    slong *mult;                /* [o] = occurrences of o in the column of i_O = |o| / |O| */
    slong *orbital_size;        /* [o] = |o| */
    fmpq *p;                    /* [o] = the target P[i][k] for (k, i) in o (invariant) */
    fmpq_t a, b;                /* a = V E_W, b = N E_H */
    fmpq_t radius2;             /* R^2 = a b / (V - 1) */
} pc_reduced_t;

/* Builds the reduced problem of inst: orbitals (pc_group_instance_orbitals, FORMAT.md
 * numbering), context orbits, multiplicities and targets (read at representative columns
 * only; the instance reader proved invariance). PC_BAD_INPUT if V < 2, there is no
 * symmetry, or V N exceeds PC_GROUP_MAX_PAIRS. Does not check 2-transitivity. */
pc_status_t pc_reduced_init(pc_reduced_t *red, const pc_instance_t *inst, pc_msg_t *msg);
void pc_reduced_clear(pc_reduced_t *red);

/* 1 iff every target is positive (the interior regime is possible, SPEC 3). */
int pc_reduced_all_positive(const pc_reduced_t *red);

/* Floating solution of the reduced problem: x[o] (centered orbital values) and nu.
 * *interior = 1 when the centered log targets are feasible (then nu = 0). Never fails
 * (a best effort; nothing is proved). Returns the number of outer iterations. */
slong pc_reduced_solve_double(double *x, double *nu, int *interior, const pc_reduced_t *red);

/* Newton steps on the bordered KKT system (x, nu) of the binding regime at precision
 * prec, on midpoints (radii are dropped): x and nu are updated in place. Nothing is
 * proved; the point only has to be good. */
void pc_reduced_refine_binding(arb_ptr x, arb_t nu, const pc_reduced_t *red, slong steps,
                               slong prec);

/* x[o] encloses the centered log target of o's column (the interior point).
 * Requires every target positive. */
void pc_reduced_centered_log_enclosure(arb_ptr x, const pc_reduced_t *red, slong prec);

/* The same, midpoints only (radii dropped): a starting point, not a proof. */
void pc_reduced_centered_log(arb_ptr x, const pc_reduced_t *red, slong prec);

/* Exact rounding (FORMAT.md "group"): z[o] = x[o] rounded to a dyadic, each column
 * shifted by an exact rational to sum exactly to 0, then scaled by a dyadic factor < 1
 * until (V - 1) sum_o |o| z[o]^2 <= a b holds exactly. Exact; the result is feasible. */
void pc_reduced_round_primal(fmpq *z, arb_srcptr x, const pc_reduced_t *red, slong prec);

/* q[o] = softmax of z per column, rounded to dyadics >= 0, with the largest entry of each
 * column fixed so that the row of Q sums to exactly 1. Exact; the result is in the simplex. */
void pc_reduced_round_dual(fmpq *q, const fmpq *z, const pc_reduced_t *red, slong prec);

/* 1 iff (V - 1) sum_o |o| z[o]^2 <= a b and every column sums to 0, exactly. */
int pc_reduced_primal_feasible(const fmpq *z, const pc_reduced_t *red);

/* 1 iff every q[o] >= 0 and every row of Q sums to exactly 1. */
int pc_reduced_dual_feasible(const fmpq *q, const pc_reduced_t *red);

/* Encloses f(Z) = (1/N) sum_O |O| [ LSE(z_O) - <p_O, z_O> ] for Z[k][i] = z[orbital(k, i)]. */
void pc_reduced_objective(arb_t out, const fmpq *z, const pc_reduced_t *red, slong prec);

/* Encloses LB(Q) = (1/N) [ sum_i H(q_i) - rho sqrt(||Q - P||_F^2 / (V - 1)) ] for
 * Q[i][k] = q[orbital(k, i)] (FORMAT.md "group", lower; ||Q - P||_F^2 exact). */
void pc_reduced_dual_bound(arb_t out, const fmpq *q, const pc_reduced_t *red, slong prec);

/* Encloses the mean target entropy (1/N) sum_i H(p_i). */
void pc_reduced_mean_entropy(arb_t out, const pc_reduced_t *red, slong prec);

/* Compares (V - 1) ||L||_F^2 with a b, L the centered log targets (all targets positive):
 * -1 if < is proved, +1 if > is proved, 0 if not decided at prec. (FORMAT.md regime claims.) */
int pc_reduced_interior_compare(const pc_reduced_t *red, slong prec);

#endif
