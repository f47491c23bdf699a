/* Conversions from balls and exact rationals to outward-rounded decimals and
 * rational bounds (numbers.h). Every function says which way it rounds. */
#include <stdlib.h>
#include <string.h>
#include "peelcert/numbers.h"

/* Text of m / 10^places with exactly `places` digits after the point. Exact. */
static char *decimal_from_scaled(const fmpz_t m, slong places)
{
    fmpz_t abs_m;
    fmpz_init(abs_m);
    fmpz_abs(abs_m, m);
    char *digits = fmpz_get_str(NULL, 10, abs_m);
    size_t len = strlen(digits);
    size_t need_int = len > (size_t) places ? len - (size_t) places : 1;
    char *out = malloc(need_int + (size_t) places + 4);
    char *w = out;
    if (fmpz_sgn(m) < 0)
        *w++ = '-';
    if (len > (size_t) places) {
        memcpy(w, digits, need_int);
        w += need_int;
    } else {
        *w++ = '0';
    }
    if (places > 0) {
        *w++ = '.';
        size_t zeros = len < (size_t) places ? (size_t) places - len : 0;
        memset(w, '0', zeros);
        w += zeros;
        size_t tail = len < (size_t) places ? len : (size_t) places;
        memcpy(w, digits + (len - tail), tail);
        w += tail;
    }
    *w = '\0';
    flint_free(digits);
    fmpz_clear(abs_m);
    return out;
}

/* floor (lower) or ceil (upper) of x * 10^places, exact. */
static void scaled_round_rational(fmpz_t m, const fmpq_t x, slong places, int lower)
{
    fmpz_t num;
    fmpz_init(num);
    fmpz_ui_pow_ui(num, 10, (ulong) places);
    fmpz_mul(num, num, fmpq_numref(x));
    if (lower)
        fmpz_fdiv_q(m, num, fmpq_denref(x));
    else
        fmpz_cdiv_q(m, num, fmpq_denref(x));
    fmpz_clear(num);
}

char *pc_rational_decimal_outward(const fmpq_t x, slong places, int lower)
{
    fmpz_t m;
    fmpz_init(m);
    scaled_round_rational(m, x, places, lower);
    char *out = decimal_from_scaled(m, places);
    fmpz_clear(m);
    return out;
}

void pc_arb_get_rational_bound(fmpq_t out, const arb_t x, int lower)
{
    arf_t end;
    arf_init(end);
    /* The end point rounded outward (the arb functions round away from the ball). */
    if (lower)
        arb_get_lbound_arf(end, x, ARF_PREC_EXACT);
    else
        arb_get_ubound_arf(end, x, ARF_PREC_EXACT);
    arf_get_fmpq(out, end);
    arf_clear(end);
}

char *pc_arb_decimal_outward(const arb_t x, slong places, int lower)
{
    if (!arb_is_finite(x))
        return strdup(lower ? "-inf" : "inf");
    fmpq_t end;
    fmpq_init(end);
    pc_arb_get_rational_bound(end, x, lower);
    char *out = pc_rational_decimal_outward(end, places, lower);
    fmpq_clear(end);
    return out;
}
