/* The checker's own rigorous binary64 proofs (SPEC 15; certificates/FORMAT.md "Floating-point
 * proofs"). Independent of src/floatproof: same mathematics, separate code. */
#ifndef PEELCERT_CHECK_FLOAT_H
#define PEELCERT_CHECK_FLOAT_H

#include <stddef.h>

/* 1 iff ||A||_op <= s is proved (A: m x n column-major, ld m, finite; s >= 0 a binary64 that is
 * <= the claimed rational bound). 0 means "not proved" (never "false"). Refuses (0) unless the
 * rounding mode is round to nearest. Environment PEELCERT_CHECK_FLOAT_NAIVE=1 (test hook) drops
 * every error term: then the answer proves nothing (tests show it accepts false bounds). */
int chk_float_opnorm_le(const double *A, size_t m, size_t n, double s);

/* Runs BLAS and LAPACK on the calling thread only (OpenBLAS: openblas_set_num_threads(1),
 * when the cblas.h in use is OpenBLAS's; a no-op for other BLAS). The checker's products are
 * small: OpenBLAS's worker threads cost more busy-waiting in the kernel than they save. */
void chk_float_sequential(void);

/* gamma_k = k u / (1 - k u) rounded upward, +inf when k u >= 1/2. */
double chk_float_gamma(double k);

/* mid = fl(W H) and rad (both V x N column-major) with |(W H)_ij - mid_ij| <= rad_ij in the
 * reals (W: V x r, H: r x N column-major, finite). 0 on success, 1 = nothing proved. */
int chk_float_product_enclosure(double *mid, double *rad, const double *W, const double *H,
                                size_t V, size_t r, size_t N);

#endif
