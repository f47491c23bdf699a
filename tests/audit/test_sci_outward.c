/* Compact scientific text (numbers.h: pc_rational_sci_outward, pc_arb_sci_outward), checked two
 * ways: the text is parsed back exactly and must bound x on the right side, and it must be the
 * tightest such text (one unit in the last digit further in would cross x). Random rationals of
 * both signs over 600 decades, powers of ten and carries (9.995 -> 1.00e1) included. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "peelcert/numbers.h"

static int passed, failed;

static void expect(int ok, const char *what)
{
    if (ok) passed++; else { failed++; printf("FAIL %s\n", what); }
}

/* Exact value of "[-]d.ddde[-]x" into out. */
static int parse_sci(fmpq_t out, const char *s, slong *digits)
{
    char mant[64];
    const char *e = strchr(s, 'e');
    size_t len = e ? (size_t) (e - s) : strlen(s);
    if (len >= sizeof mant) return -1;
    memcpy(mant, s, len);
    mant[len] = '\0';
    const char *why;
    if (pc_rational_parse(out, mant, &why) != 0) return -1;
    *digits = 0;
    for (size_t i = 0; i < len; i++) *digits += mant[i] >= '0' && mant[i] <= '9';
    long x = e ? strtol(e + 1, NULL, 10) : 0;
    fmpz_t p;
    fmpz_init(p);
    fmpz_ui_pow_ui(p, 10, (ulong) labs(x));
    if (x >= 0) fmpq_mul_fmpz(out, out, p); else fmpq_div_fmpz(out, out, p);
    fmpz_clear(p);
    return 0;
}

/* The text of x rounded (lower ? down : up) to sig digits bounds x, and moving it one unit of
 * its last digit back toward x would cross x (tightness). */
static void check_one(const fmpq_t x, slong sig, int lower)
{
    char *s = pc_rational_sci_outward(x, sig, lower);
    fmpq_t y, unit, z;
    fmpq_init(y); fmpq_init(unit); fmpq_init(z);
    slong digits = 0;
    int ok = parse_sci(y, s, &digits) == 0;
    ok = ok && (lower ? fmpq_cmp(y, x) <= 0 : fmpq_cmp(y, x) >= 0);
    ok = ok && (fmpq_is_zero(x) || digits == sig);
    if (ok && !fmpq_is_zero(x) && !fmpq_equal(x, y)) {
        /* unit = 10^(exponent - sig + 1) from the text's exponent */
        const char *e = strchr(s, 'e');
        long ex = e ? strtol(e + 1, NULL, 10) : 0;
        fmpz_t p;
        fmpz_init(p);
        fmpz_ui_pow_ui(p, 10, (ulong) labs(ex - sig + 1));
        fmpq_one(unit);
        if (ex - sig + 1 >= 0) fmpq_mul_fmpz(unit, unit, p); else fmpq_div_fmpz(unit, unit, p);
        fmpz_clear(p);
        if (lower) fmpq_add(z, y, unit); else fmpq_sub(z, y, unit);
        ok = lower ? fmpq_cmp(z, x) > 0 : fmpq_cmp(z, x) < 0;
    }
    if (!ok) {
        char *t = pc_rational_to_string(x);
        printf("FAIL %s %s sig %ld -> %s\n", lower ? "down" : "up", t, (long) sig, s);
        free(t);
    }
    expect(ok, "sci text bounds x tightly");
    free(s);
    fmpq_clear(y); fmpq_clear(unit); fmpq_clear(z);
}

int main(void)
{
    flint_rand_t state;
    flint_randinit(state);
    fmpq_t x;
    fmpq_init(x);
    const char *fixed[] = {"0", "1", "-1", "9995/1000", "-9995/1000", "1/1000000", "6705/1000000",
                           "123456789", "-1/3", "2/3", "999/1000"};
    for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++) {
        const char *why;
        pc_rational_parse(x, fixed[i], &why);
        for (slong sig = 1; sig <= 5; sig++) { check_one(x, sig, 1); check_one(x, sig, 0); }
    }
    const char *why;
    pc_rational_parse(x, "6705/1000000", &why);
    char *s = pc_rational_sci_outward(x, 3, 1);
    expect(strcmp(s, "6.70e-3") == 0, "6.705e-3 rounded down is 6.70e-3");
    free(s);
    s = pc_rational_sci_outward(x, 3, 0);
    expect(strcmp(s, "6.71e-3") == 0, "6.705e-3 rounded up is 6.71e-3");
    free(s);
    for (int it = 0; it < 3000; it++) {
        fmpz_randtest(fmpq_numref(x), state, 1 + n_randint(state, 2000));
        fmpz_randtest_not_zero(fmpq_denref(x), state, 1 + n_randint(state, 2000));
        if (fmpz_sgn(fmpq_denref(x)) < 0) fmpz_neg(fmpq_denref(x), fmpq_denref(x));
        fmpq_canonicalise(x);
        slong sig = 1 + (slong) n_randint(state, 20);
        check_one(x, sig, 1);
        check_one(x, sig, 0);
    }
    /* balls: the text of each end bounds the whole ball */
    arb_t b;
    arb_init(b);
    arb_set_str(b, "[2.2848e-3 +/- 1e-10]", 64);
    s = pc_arb_sci_outward(b, 3, 1);
    expect(strcmp(s, "2.28e-3") == 0, "ball lower end");
    free(s);
    s = pc_arb_sci_outward(b, 3, 0);
    expect(strcmp(s, "2.29e-3") == 0, "ball upper end");
    free(s);
    arb_indeterminate(b);
    s = pc_arb_sci_outward(b, 3, 0);
    expect(strcmp(s, "inf") == 0, "a non-finite ball is inf");
    free(s);
    arb_clear(b);
    fmpq_clear(x);
    flint_randclear(state);
    flint_cleanup();
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
