/* Internal to src/floatproof: the criterion with its parts exposed for the tests. */
#ifndef PEELCERT_FLOATPROOF_INTERNAL_H
#define PEELCERT_FLOATPROOF_INTERNAL_H

#include "peelcert/floatproof.h"

#ifdef __FAST_MATH__
#error "src/floatproof relies on IEEE binary64 semantics (SPEC 15): do not compile with -ffast-math"
#endif

/* Test hook: pc_floatproof_opnorm_le with the rounding-error shift c of SPEC 15 set to 0 when
 * drop_shift != 0 (a naive floating Cholesky test, NOT a proof). drop_shift = 0 is the proof. */
int pc_floatproof_opnorm_le_hook(const double *A, slong m, slong n, slong lda, double s,
                                 int drop_shift);

/* gamma_k = k u / (1 - k u), u = 2^-53, rounded upward; +inf if k u >= 1/2. */
double pc_floatproof_gamma(double k);

/* Round-to-nearest results moved one step outward: lower / upper bounds of a op b. */
double pc_floatproof_add_up(double a, double b);
double pc_floatproof_mul_up(double a, double b);
double pc_floatproof_sub_down(double a, double b);
double pc_floatproof_mul_down(double a, double b);

#endif
