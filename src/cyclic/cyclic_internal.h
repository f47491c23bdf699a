/* Small helpers shared by the files of src/cyclic (not part of the public API). */
#ifndef PEELCERT_CYCLIC_INTERNAL_H
#define PEELCERT_CYCLIC_INTERNAL_H

#include <arb.h>
#include <fmpq.h>

/* Encloses sum_m v_m. */
static inline void cyclic_vec_sum(arb_t out, arb_srcptr v, slong n, slong prec)
{
    arb_zero(out);
    for (slong m = 0; m < n; m++)
        arb_add(out, out, v + m, prec);
}

static inline void cyclic_fmpq_vec_set(fmpq *out, const fmpq *in, slong n)
{
    for (slong m = 0; m < n; m++)
        fmpq_set(out + m, in + m);
}

#endif
