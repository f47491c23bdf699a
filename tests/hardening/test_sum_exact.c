/* Exact "sums to c" of many rationals, computed three ways: the checker's pcc_fmpq_sum_is
 * (src/check/check_numbers.c), the solver's pc_rational_sum_is (src/numbers/rational_sum.c),
 * both trees without gcds on large operands, and a plain running fmpq_add. Random rows with
 * small, shared, coprime and 5000-bit denominators, of sums exactly c and off by 1/den; the
 * texts of a sum that is not c (exact when short, "~..." when long). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <flint/fmpq.h>
#include "check_internal.h"
#include "peelcert/numbers.h"

static int failures = 0;
#define CHECK(c, ...) do { if (!(c)) { printf("FAIL: " __VA_ARGS__); printf("\n"); failures++; } } while (0)

/* A random rational whose denominator has about `bits` bits; kind 0: any, 1: a power of 2,
 * 2: a fixed denominator (shared by the whole row). */
static void random_entry(fmpq_t x, flint_rand_t st, slong bits, int kind, const fmpz_t shared)
{
    if (kind == 1) {
        fmpz_one(fmpq_denref(x));
        fmpz_mul_2exp(fmpq_denref(x), fmpq_denref(x), n_randint(st, (ulong) bits + 1));
    } else if (kind == 2) {
        fmpz_set(fmpq_denref(x), shared);
    } else {
        fmpz_randbits(fmpq_denref(x), st, bits);
        fmpz_abs(fmpq_denref(x), fmpq_denref(x));
        fmpz_add_ui(fmpq_denref(x), fmpq_denref(x), 1);
    }
    fmpz_randbits(fmpq_numref(x), st, bits + 2);   /* signed */
    fmpq_canonicalise(x);
}

int main(void)
{
    flint_rand_t st;
    flint_randinit(st);
    fmpq_t run, adjust;
    fmpz_t shared;
    char text[96];
    fmpq_init(run); fmpq_init(adjust); fmpz_init(shared);
    for (int iter = 0; iter < 400; iter++) {
        /* many short entries, or few long ones (the running sum is quadratic) */
        slong n = 1 + (slong) n_randint(st, iter < 100 ? 40 : iter < 200 ? 1000 : 30);
        slong bits = iter < 200 ? 1 + (slong) n_randint(st, 70) : (slong) n_randint(st, 5000) + 64;
        int kind = (int) n_randint(st, 3);
        slong c = (slong) n_randint(st, 5) - 2;
        fmpq *v = _fmpq_vec_init(n);
        fmpz_randbits(shared, st, bits);
        fmpz_abs(shared, shared);
        fmpz_add_ui(shared, shared, 1);
        fmpq_zero(run);
        for (slong m = 0; m + 1 < n; m++) {
            random_entry(v + m, st, bits, kind, shared);
            fmpq_add(run, run, v + m);
        }
        fmpq_set_si(v + n - 1, c, 1);   /* the last entry makes the sum exactly c */
        fmpq_sub(v + n - 1, v + n - 1, run);
        int off = (int) n_randint(st, 2);
        if (off) {   /* or off by 1/den of one entry */
            slong j = (slong) n_randint(st, (ulong) n);
            fmpz_one(fmpq_numref(adjust));
            fmpz_set(fmpq_denref(adjust), fmpq_denref(v + j));
            fmpq_add(v + j, v + j, adjust);
        }
        fmpq_zero(run);
        for (slong m = 0; m < n; m++) fmpq_add(run, run, v + m);
        int truth = fmpq_equal_si(run, c);
        CHECK(truth == !off, "iteration %d: the row was not built right", iter);
        int a = pcc_fmpq_sum_is(v, n, c, text, sizeof text);
        char *s = NULL;
        int b = pc_rational_sum_is(v, n, c, &s);
        CHECK(a == truth, "iteration %d (n %ld, %ld bits, kind %d, c %ld): checker says %d, "
              "running sum %d", iter, n, bits, kind, c, a, truth);
        CHECK(b == truth, "iteration %d (n %ld, %ld bits, kind %d, c %ld): solver says %d, "
              "running sum %d", iter, n, bits, kind, c, b, truth);
        CHECK(truth ? s == NULL : s != NULL, "iteration %d: solver text %s", iter, s ? s : "NULL");
        if (!truth && fmpz_bits(fmpq_numref(run)) + fmpz_bits(fmpq_denref(run)) < 100 && s) {
            char *exact = fmpq_get_str(NULL, 10, run);   /* exact, or marked ~ */
            CHECK((s[0] == '~' || strcmp(s, exact) == 0) && (text[0] == '~' || strcmp(text, exact) == 0),
                  "iteration %d: texts %s, %s, expected %s", iter, s, text, exact);
            flint_free(exact);
        }
        free(s);
        _fmpq_vec_clear(v, n);
    }
    /* the hostile row of issue 12 (tests/hardening/hostile.py big_denominator_row): pairs
     * 1/(2c) + 1/D_j, 1/(2c) - 1/D_j with D_j = 10^digits + 2j + 1, sum exactly 1 */
    slong pairs = 60, n = 2 * pairs;
    fmpq *v = _fmpq_vec_init(n);
    fmpz_t D;
    fmpz_init(D);
    for (slong j = 0; j < pairs; j++) {
        fmpz_set_ui(D, 10);
        fmpz_pow_ui(D, D, 1500);
        fmpz_add_ui(D, D, (ulong) (2 * j + 1));
        fmpq_set_si(adjust, 1, 2 * pairs);
        fmpz_one(fmpq_numref(v + j));
        fmpz_set(fmpq_denref(v + j), D);
        fmpq_add(v + j, v + j, adjust);
        fmpz_set_si(fmpq_numref(v + pairs + j), -1);
        fmpz_set(fmpq_denref(v + pairs + j), D);
        fmpq_add(v + pairs + j, v + pairs + j, adjust);
    }
    CHECK(pcc_fmpq_sum_is(v, n, 1, NULL, 0), "checker: hostile row does not sum to 1");
    CHECK(pc_rational_sum_is(v, n, 1, NULL), "solver: hostile row does not sum to 1");
    fmpz_add_ui(fmpq_numref(v + 7), fmpq_numref(v + 7), 1);   /* now 1 + 1/den(v[7]) */
    char *s = NULL;
    CHECK(!pcc_fmpq_sum_is(v, n, 1, text, sizeof text) && strncmp(text, "~1.000", 6) == 0,
          "checker: one numerator off, text %s", text);
    CHECK(!pc_rational_sum_is(v, n, 1, &s) && s && strncmp(s, "~1.000", 6) == 0,
          "solver: one numerator off, text %s", s ? s : "NULL");
    free(s);
    CHECK(pcc_fmpq_sum_is(v, 0, 0, NULL, 0) && !pcc_fmpq_sum_is(v, 0, 1, text, sizeof text)
          && strcmp(text, "0") == 0, "checker: the empty sum is 0 (text %s)", text);
    CHECK(pc_rational_sum_is(v, 0, 0, NULL), "solver: the empty sum is 0");
    _fmpq_vec_clear(v, n);
    fmpz_clear(D); fmpq_clear(run); fmpq_clear(adjust); fmpz_clear(shared);
    flint_randclear(st);
    flint_cleanup();
    printf("%s\n", failures ? "FAILED" : "ok");
    return failures != 0;
}
