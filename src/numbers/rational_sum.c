/* Sums of many exact rationals (numbers.h). */
#include <stdlib.h>
#include <string.h>
#include "peelcert/numbers.h"

/* Balanced tree: each level adds neighbours, so the sizes of the operands grow together and
 * the total cost is near-linear in the total size of the input (times log n), instead of the
 * quadratic growth of a running sum whose denominator keeps the product of all seen ones. */
static void sum_range(fmpq_t out, const fmpq *v, slong lo, slong hi)
{
    if (hi - lo <= 8) {
        fmpq_zero(out);
        for (slong m = lo; m < hi; m++)
            fmpq_add(out, out, v + m);
        return;
    }
    slong mid = lo + (hi - lo) / 2;
    fmpq_t right;
    fmpq_init(right);
    sum_range(out, v, lo, mid);
    sum_range(right, v, mid, hi);
    fmpq_add(out, out, right);
    fmpq_clear(right);
}

void pc_rational_sum(fmpq_t out, const fmpq *v, slong n)
{
    if (n <= 0) {
        fmpq_zero(out);
        return;
    }
    sum_range(out, v, 0, n);
}

/* Operands of at most this many limbs are added in lowest terms (a gcd is cheap at this size
 * and keeps shared denominators small); larger ones are cross-multiplied without a gcd. */
#define PC_SUM_REDUCE_LIMBS 64

/* num/den = v[lo] + ... + v[hi-1] exactly, den > 0, not necessarily in lowest terms. Without
 * a gcd on large operands, den is at most the product of the input denominators, and the work
 * is O(M(S) log n) for S input bits (the gcds of the top levels cost several times more). */
static void sum_fraction(fmpz_t num, fmpz_t den, const fmpq *v, slong lo, slong hi)
{
    if (hi - lo == 1) {
        fmpz_set(num, fmpq_numref(v + lo));
        fmpz_set(den, fmpq_denref(v + lo));
        return;
    }
    slong mid = lo + (hi - lo) / 2;
    fmpz_t num2, den2;
    fmpz_init(num2);
    fmpz_init(den2);
    sum_fraction(num, den, v, lo, mid);
    sum_fraction(num2, den2, v, mid, hi);
    if (fmpz_size(den) <= PC_SUM_REDUCE_LIMBS && fmpz_size(den2) <= PC_SUM_REDUCE_LIMBS) {
        _fmpq_add(num, den, num, den, num2, den2);   /* exact for any den, den2 > 0 */
    } else if (fmpz_equal(den, den2)) {
        fmpz_add(num, num, num2);
    } else {
        fmpz_mul(num, num, den2);
        fmpz_addmul(num, num2, den);
        fmpz_mul(den, den, den2);
    }
    fmpz_clear(num2);
    fmpz_clear(den2);
}

int pc_rational_sum_is(const fmpq *v, slong n, slong c, char **text)
{
    fmpq_t sum;
    fmpz_t t;
    int equal;
    fmpq_init(sum);
    fmpz_init(t);
    if (n > 0) sum_fraction(fmpq_numref(sum), fmpq_denref(sum), v, 0, n);
    fmpz_mul_si(t, fmpq_denref(sum), c);
    equal = fmpz_equal(t, fmpq_numref(sum));
    if (text != NULL) *text = NULL;
    if (text != NULL && !equal) {
        if (fmpz_size(fmpq_denref(sum)) <= PC_SUM_REDUCE_LIMBS) {
            fmpq_canonicalise(sum);
            *text = pc_rational_to_string(sum);
        } else {   /* a gcd of this size could cost seconds: an approximation, marked ~ */
            arb_t x;
            arb_init(x);
            arb_fmpz_div_fmpz(x, fmpq_numref(sum), fmpq_denref(sum), 128);
            char *s = arb_get_str(x, 25, ARB_STR_NO_RADIUS);
            *text = malloc(strlen(s) + 2);
            (*text)[0] = '~';
            strcpy(*text + 1, s);
            flint_free(s);
            arb_clear(x);
        }
    }
    fmpq_clear(sum);
    fmpz_clear(t);
    return equal;
}
