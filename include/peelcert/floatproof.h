/* Rigorous binary64 proofs (SPEC 15): operator-norm bounds by a floating Cholesky with
 * a-priori rounding-error bounds (Rump, BIT 2006; Higham's gamma_n), and the bounds of a
 * low-rank certificate (Q = softmax(W H), W and H binary64 taken as exact dyadic rationals).
 *
 * Guarantees hold only under the floating-point facts listed in certificates/FORMAT.md,
 * "Floating-point proofs" (IEEE binary64, round to nearest, no fast-math, no FMA
 * contraction in these files); every function checks the rounding mode at entry and
 * returns "not proved" when it is not round-to-nearest. Non-finite inputs are never proved.
 *
 * API history: first version (floatproof branch). Any later change is noted here and kept
 * backward compatible where possible. */
#ifndef PEELCERT_FLOATPROOF_H
#define PEELCERT_FLOATPROOF_H

#include <flint.h>
#include <arb.h>
#include "peelcert/status.h"
#include "peelcert/instance.h"

/* Returns 1 only if ||A||_op <= s is proved, A an m x n binary64 matrix stored column-major
 * with leading dimension lda >= max(1, m), its entries taken as exact values. 0 means "not
 * proved" (never "false"): also for s <= 0 with A != 0, non-finite entries or s, overflow,
 * a rounding mode other than round-to-nearest. Method (SPEC 15): G = fl(B^T B) with B = A or
 * A^T (the smaller Gram side), an a-priori bound on |G - B^T B|, then a floating Cholesky of
 * fl(s^2 I - G - c I), c covering the product error and the Cholesky's own error: success
 * proves s^2 I - B^T B positive definite. Memory O(min(m, n)^2). */
int pc_floatproof_opnorm_le(const double *A, slong m, slong n, slong lda, double s);

/* Sets *s to a binary64 value for which pc_floatproof_opnorm_le(A, ..., *s) is proved, close
 * to sigma_max(A) (relative excess ~ 1e-12 plus the rounding terms when A is well scaled),
 * and returns 1; returns 0 (and *s = +inf) when no such value was found. Deterministic. */
int pc_floatproof_opnorm_bound(double *s, const double *A, slong m, slong n, slong lda);

/* What a low-rank certificate proves (SPEC 3 and 15 with Z = W H exactly, Q = softmax(Z)
 * columnwise, exactly in the simplex, only enclosed). */
typedef struct {
    arb_t upper;          /* contains f(W H) (SPEC 1) */
    arb_t lower;          /* contains LB(Q) = (1/N)[sum_i H(q_i) - rho * opnorm_bound] */
    arb_t entropy_sum;    /* contains sum_i H(q_i) */
    arb_t rho;            /* contains sqrt(a b), a = V E_W, b = N E_H */
    arb_t norm_W2;        /* ||W||_F^2, exact (radius 0) */
    arb_t norm_H2;        /* ||H||_F^2, exact (radius 0) */
    double opnorm_bound;  /* s: ||Q - P||_op <= s is proved (binary64, rounded upward) */
    double opnorm_float;  /* s~: proved bound for the binary64 matrix mid(Q) - p~ (without
                             the entrywise error term); for reports only */
    double error_frobenius; /* upper bound on ||(Q - P) - (mid(Q) - p~)||_F */
} pc_floatproof_bounds_t;

void pc_floatproof_bounds_init(pc_floatproof_bounds_t *out);
void pc_floatproof_bounds_clear(pc_floatproof_bounds_t *out);

/* The bounds of a low-rank certificate. W: V x r column-major (ld V), H: r x N column-major
 * (ld r), binary64, exact values; r >= 1. Every target form works (dense, sparse, onehot,
 * circulant, exchangeable, group_circulant) without building N x V rationals for the
 * structured forms. prec: Arb working precision (64-80 is enough; 64 if <= 0).
 * Returns PC_OK when feasibility ((1/V)||W||_F^2 <= E_W and (1/N)||H||_F^2 <= E_H, exactly)
 * and every enclosure and the opnorm bound were proved; PC_NOT_PROVED with a message naming
 * the claim and the number otherwise (a budget exceeded: "budget E_W: ..."); PC_BAD_INPUT for
 * NaN/Inf entries or bad sizes (message names the entry). out must be initialised. */
pc_status_t pc_floatproof_lowrank_bounds(pc_floatproof_bounds_t *out, const pc_instance_t *inst,
                                         const double *W, const double *H, slong r, slong prec,
                                         pc_msg_t *msg);

#endif
