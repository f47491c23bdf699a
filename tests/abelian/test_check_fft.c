/* The checker's mixed-radix ball FFT (src/check/check_fft.c, pcc_fft) computed two ways: against
 * Arb's acb_dft on random rational inputs for lengths that exercise every radix (4, 2, 3, 5),
 * the naive step (7, 11, 13, 31), their mixtures (the Good-Thomas split and its index maps:
 * 6, 10, 12, 60, 77, 143, 6000, 10^5, ...) and the acb_dft fallback (97, 2 * 37). Every
 * output ball must overlap acb_dft's, and be narrow: radius < 2^-(prec - 28) ||v||_1, so a wrong
 * twiddle, constant or butterfly (a wrong value, not a wide ball) fails. */
#include <stdio.h>
#include <stdlib.h>
#include <acb_dft.h>
#include "check_internal.h"

static int failures = 0;

/* v_j = a/b + i c/d with small random integers (|a|, |c| <= 1000, 1 <= b, d <= 1000) */
static void random_input(acb_ptr v, slong n, flint_rand_t st, slong prec)
{
    for (slong j = 0; j < n; j++) {
        fmpq_t x;
        fmpq_init(x);
        fmpq_set_si(x, (slong) n_randint(st, 2001) - 1000, 1 + n_randint(st, 1000));
        arb_set_fmpq(acb_realref(v + j), x, prec);
        fmpq_set_si(x, (slong) n_randint(st, 2001) - 1000, 1 + n_randint(st, 1000));
        arb_set_fmpq(acb_imagref(v + j), x, prec);
        fmpq_clear(x);
    }
}

static void test_length(slong n, slong prec, flint_rand_t st)
{
    acb_ptr v = _acb_vec_init(n), w = _acb_vec_init(n), ref = _acb_vec_init(n);
    arb_t norm, bound;
    mag_t r;
    slong disjoint = 0, wide = 0;
    arb_init(norm); arb_init(bound); mag_init(r);
    random_input(v, n, st, prec);
    for (slong j = 0; j < n; j++) {
        acb_abs(bound, v + j, prec);
        arb_add(norm, norm, bound, prec);
    }
    arb_mul_2exp_si(bound, norm, -(prec - 28));            /* 2^-(prec - 28) ||v||_1 */
    pcc_fft(w, v, n, prec);
    acb_dft(ref, v, n, prec);
    for (slong k = 0; k < n; k++) {
        if (!acb_overlaps(w + k, ref + k)) disjoint++;
        mag_hypot(r, arb_radref(acb_realref(w + k)), arb_radref(acb_imagref(w + k)));
        arf_t m;
        arf_init(m);
        arf_set_mag(m, r);
        if (!acb_is_finite(w + k) || arf_cmp(m, arb_midref(bound)) > 0) wide++;
        arf_clear(m);
    }
    if (disjoint || wide) failures++;
    printf("%s n = %ld, prec %ld: %ld outputs disjoint from acb_dft's, %ld wider than "
           "2^-%ld ||v||_1\n", disjoint || wide ? "FAIL" : "ok  ", n, prec, disjoint, wide,
           prec - 28);
    _acb_vec_clear(v, n); _acb_vec_clear(w, n); _acb_vec_clear(ref, n);
    arb_clear(norm); arb_clear(bound); mag_clear(r);
}

int main(void)
{
    const slong lengths[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 16, 20, 25, 27, 30,
                              31, 32, 49, 60, 74, 77, 97, 100, 125, 128, 143, 243, 1000, 3125,
                              2187, 3072, 6000, 100000 };
    flint_rand_t st;
    flint_randinit(st);
    for (size_t i = 0; i < sizeof lengths / sizeof lengths[0]; i++)
        test_length(lengths[i], 128, st);
    const slong other[] = { 20, 75, 1000 };   /* one and three limbs, 300 bits */
    for (size_t i = 0; i < sizeof other / sizeof other[0]; i++) {
        test_length(other[i], 64, st);
        test_length(other[i], 300, st);
    }
    flint_randclear(st);
    flint_cleanup();
    printf("%s\n", failures ? "FAILED" : "ok");
    return failures != 0;
}
