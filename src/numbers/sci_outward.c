/* Compact scientific notation for human output, rounded outward (numbers.h). The full
 * digits stay in JSON and certificates; these short texts are still valid bounds. */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include "peelcert/numbers.h"

/* m = |x| * 10^shift, exact. */
static void scale_by_power_of_ten(fmpq_t m, const fmpq_t x, slong shift)
{
    fmpz_t p;
    fmpz_init(p);
    fmpq_abs(m, x);
    fmpz_ui_pow_ui(p, 10, (ulong) (shift < 0 ? -shift : shift));
    if (shift >= 0)
        fmpq_mul_fmpz(m, m, p);
    else
        fmpq_div_fmpz(m, m, p);
    fmpz_clear(p);
}

char *pc_rational_sci_outward(const fmpq_t x, slong sig, int lower)
{
    if (sig < 1) sig = 1;
    if (sig > 40) sig = 40;
    if (fmpq_is_zero(x)) {
        char *z = malloc(2);
        strcpy(z, "0");
        return z;
    }
    /* round the magnitude up when that moves x outward: up for an upper bound of a
     * positive x, and for a lower bound of a negative x */
    int up = lower ? fmpq_sgn(x) < 0 : fmpq_sgn(x) > 0;
    fmpz_t lo, hi, q;
    fmpq_t m;
    fmpz_init(lo); fmpz_init(hi); fmpz_init(q);
    fmpq_init(m);
    fmpz_ui_pow_ui(lo, 10, (ulong) (sig - 1));
    fmpz_mul_ui(hi, lo, 10);
    /* exponent estimate from the bit sizes, then corrected exactly */
    slong e = (slong) ((double) ((slong) fmpz_bits(fmpq_numref(x)) - (slong) fmpz_bits(fmpq_denref(x))) * 0.30102999566398120);
    for (int guard = 0; guard < 64; guard++) {
        scale_by_power_of_ten(m, x, sig - 1 - e);
        if (fmpq_cmp_fmpz(m, hi) >= 0) e++;
        else if (fmpq_cmp_fmpz(m, lo) < 0) e--;
        else break;
    }
    if (up)
        fmpz_cdiv_q(q, fmpq_numref(m), fmpq_denref(m));
    else
        fmpz_fdiv_q(q, fmpq_numref(m), fmpq_denref(m));
    if (fmpz_equal(q, hi)) {            /* 9.995 rounded up to 10.0: one more decade */
        fmpz_set(q, lo);
        e++;
    }
    char *digits = fmpz_get_str(NULL, 10, q);
    size_t len = strlen(digits);
    char *out = malloc(len + 32);
    char *w = out;
    if (fmpq_sgn(x) < 0) *w++ = '-';
    *w++ = digits[0];
    if (len > 1) {
        *w++ = '.';
        memcpy(w, digits + 1, len - 1);
        w += len - 1;
    }
    if (e != 0)
        snprintf(w, 24, "e%ld", (long) e);
    else
        *w = '\0';
    flint_free(digits);
    fmpz_clear(lo); fmpz_clear(hi); fmpz_clear(q);
    fmpq_clear(m);
    return out;
}

char *pc_arb_sci_outward(const arb_t x, slong sig, int lower)
{
    if (!arb_is_finite(x)) {
        char *s = malloc(8);
        strcpy(s, lower ? "-inf" : "inf");
        return s;
    }
    fmpq_t q;
    fmpq_init(q);
    pc_arb_get_rational_bound(q, x, lower);
    char *s = pc_rational_sci_outward(q, sig, lower);
    fmpq_clear(q);
    return s;
}
