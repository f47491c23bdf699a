/* Conversions from balls and exact rationals to outward-rounded decimals and
 * rational bounds (numbers.h). Every function says which way it rounds. */
#include <stdlib.h>
#include <math.h>
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

/* Text "Me-E" of an upper bound of r >= 0 with an integer mantissa of two or three digits. */
static char *radius_text(const arf_t r)
{
    if (arf_is_zero(r))
        return strdup("0");
    /* r < 2^b, so r < 10^(b log10 2); choose e so that ceil(r / 10^e) has about 2-3 digits. */
    slong b = arf_abs_bound_lt_2exp_si(r);
    slong e = (slong) floor((double) (b - 1) * 0.30102999566398) - 2;
    fmpq_t q, scaled;
    fmpz_t m, ten;
    fmpq_init(q); fmpq_init(scaled); fmpz_init(m); fmpz_init_set_ui(ten, 10);
    arf_get_fmpq(q, r);
    fmpz_t p;
    fmpz_init(p);
    fmpz_pow_ui(p, ten, (ulong) (e < 0 ? -e : e));
    if (e < 0)
        fmpq_mul_fmpz(scaled, q, p);
    else
        fmpq_div_fmpz(scaled, q, p);
    fmpz_cdiv_q(m, fmpq_numref(scaled), fmpq_denref(scaled));
    char buf[64];
    snprintf(buf, sizeof buf, "%lde%ld", (long) fmpz_get_si(m), (long) e);
    fmpq_clear(q); fmpq_clear(scaled); fmpz_clear(m); fmpz_clear(ten); fmpz_clear(p);
    return strdup(buf);
}

void pc_arb_decimal_with_radius(char **value, char **radius, const arb_t x, slong places)
{
    fmpq_t mid, dec, err;
    fmpz_t m;
    arf_t r, t;
    fmpq_init(mid); fmpq_init(dec); fmpq_init(err); fmpz_init(m);
    arf_init(r); arf_init(t);
    arf_get_fmpq(mid, arb_midref(x));
    /* nearest decimal: floor(mid 10^places + 1/2) / 10^places */
    fmpz_ui_pow_ui(m, 10, (ulong) places);
    fmpq_mul_fmpz(dec, mid, m);
    fmpq_set_si(err, 1, 2);
    fmpq_add(dec, dec, err);
    fmpz_fdiv_q(fmpq_numref(err), fmpq_numref(dec), fmpq_denref(dec));
    fmpz_one(fmpq_denref(err));
    fmpq_div_fmpz(dec, err, m);
    *value = pc_rational_decimal_outward(dec, places, 1);   /* exact: dec has `places` digits */
    /* radius >= rad(x) + |mid - dec|, computed upward */
    fmpq_sub(err, mid, dec);
    fmpq_abs(err, err);
    arf_set_mag(r, arb_radref(x));
    arf_set_fmpq(t, err, 64, ARF_RND_UP);
    arf_add(r, r, t, 64, ARF_RND_UP);
    *radius = radius_text(r);
    fmpq_clear(mid); fmpq_clear(dec); fmpq_clear(err); fmpz_clear(m);
    arf_clear(r); arf_clear(t);
}

char *pc_arb_decimal_nearest(const arb_t x, slong places)
{
    if (!arf_is_finite(arb_midref(x))) {
        char *value, *radius;
        pc_arb_decimal_with_radius(&value, &radius, x, places);
        free(radius);
        return value;
    }
    /* mid = M 2^E: floor(mid 10^places + 1/2) on integers, the value of pc_arb_decimal_with_radius */
    fmpz_t M, E, q;
    fmpz_init(M); fmpz_init(E); fmpz_init(q);
    arf_get_fmpz_2exp(M, E, arb_midref(x));
    fmpz_ui_pow_ui(q, 10, (ulong) places);
    fmpz_mul(q, q, M);
    if (fmpz_sgn(E) >= 0) {
        fmpz_mul_2exp(q, q, fmpz_get_ui(E));
    } else {
        ulong s = (ulong) -fmpz_get_si(E);   /* E < 0 */
        fmpz_t half;
        fmpz_init(half);
        fmpz_one(half);
        fmpz_mul_2exp(half, half, s - 1);
        fmpz_add(q, q, half);
        fmpz_fdiv_q_2exp(q, q, s);
        fmpz_clear(half);
    }
    char *out = decimal_from_scaled(q, places);
    fmpz_clear(M); fmpz_clear(E); fmpz_clear(q);
    return out;
}

