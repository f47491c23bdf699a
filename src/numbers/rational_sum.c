/* Sums of many exact rationals (numbers.h). */
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
