/* Exact rounding of the refined circulant point to the certificate's rationals
 * (FORMAT.md, kind circulant): a centered dyadic primal c and a dual r in the
 * simplex. Rounding decides nothing about validity: feasibility of c is proved
 * afterwards (pc_cyclic_nuclear_norm), r >= 0 and sum r = 1 hold by construction. */
#include <acb.h>
#include "peelcert/cyclic.h"

/* z / 2^bits as a canonical fmpq. */
static void round_set_dyadic(fmpq_t out, const fmpz_t z, slong bits)
{
    fmpz_t den;
    fmpz_init(den);
    fmpz_one(den);
    fmpz_mul_2exp(den, den, bits);
    fmpq_set_fmpz_frac(out, z, den);
    fmpz_clear(den);
}

void pc_cyclic_round_primal(fmpq *c_exact, arb_srcptr c, slong n, slong bits, slong shrink_bits)
{
    fmpz *z = _fmpz_vec_init(n);
    fmpz_t sum, scale;
    slong m;
    fmpz_init(sum);
    fmpz_init(scale);
    for (m = 0; m < n; m++) {
        arf_get_fmpz_fixed_si(z + m, arb_midref(c + m), -bits);
        fmpz_add(sum, sum, z + m);
    }
    /* make the sum exactly 0: every entry loses floor(sum / n) units, the first
     * (sum mod n) entries one more (O(n) whatever the size of the residue) */
    {
        fmpz_t quo, rem, nn;
        fmpz_init(quo);
        fmpz_init(rem);
        fmpz_init_set_si(nn, n);
        fmpz_fdiv_qr(quo, rem, sum, nn);
        for (m = 0; m < n; m++) {
            fmpz_sub(z + m, z + m, quo);
            if (fmpz_cmp_si(rem, m) > 0)
                fmpz_sub_ui(z + m, z + m, 1);
        }
        fmpz_clear(quo);
        fmpz_clear(rem);
        fmpz_clear(nn);
    }
    /* scale by (1 - 2^-shrink_bits) = (2^shrink_bits - 1) / 2^shrink_bits, exactly */
    fmpz_one(scale);
    fmpz_mul_2exp(scale, scale, shrink_bits);
    fmpz_sub_ui(scale, scale, 1);
    for (m = 0; m < n; m++) {
        fmpz_mul(z + m, z + m, scale);
        round_set_dyadic(c_exact + m, z + m, bits + shrink_bits);
    }
    _fmpz_vec_clear(z, n);
    fmpz_clear(sum);
    fmpz_clear(scale);
}

void pc_cyclic_round_dual(fmpq *r, const fmpq *c, slong n, slong bits, slong prec)
{
    arb_ptr s = _arb_vec_init(n);
    fmpz *z = _fmpz_vec_init(n);
    arb_t mx, sum;
    fmpz_t rest;
    slong m, big = 0;
    arb_init(mx);
    arb_init(sum);
    fmpz_init(rest);
    for (m = 0; m < n; m++) {
        arb_set_fmpq(s + m, c + m, prec);
        if (m == 0 || arf_cmp(arb_midref(s + m), arb_midref(mx)) > 0) {
            arb_set(mx, s + m);
            big = m;
        }
    }
    for (m = 0; m < n; m++) {
        arb_sub(s + m, s + m, mx, prec);
        arb_exp(s + m, s + m, prec);
        arb_add(sum, sum, s + m, prec);
    }
    fmpz_one(rest);
    fmpz_mul_2exp(rest, rest, bits);
    for (m = 0; m < n; m++) {
        arb_div(s + m, s + m, sum, prec);
        arf_get_fmpz_fixed_si(z + m, arb_midref(s + m), -bits);
        if (fmpz_sgn(z + m) < 0) fmpz_zero(z + m);
        fmpz_sub(rest, rest, z + m);
    }
    /* the residue goes to the largest entry; keep r >= 0 whatever its size */
    fmpz_add(z + big, z + big, rest);
    for (m = 0; fmpz_sgn(z + big) < 0; m++) {
        if (m != big && fmpz_sgn(z + m) > 0) {
            fmpz_add(z + big, z + big, z + m);
            fmpz_zero(z + m);
        }
    }
    for (m = 0; m < n; m++)
        round_set_dyadic(r + m, z + m, bits);
    _arb_vec_clear(s, n);
    _fmpz_vec_clear(z, n);
    arb_clear(mx);
    arb_clear(sum);
    fmpz_clear(rest);
}
