/* Certified structure of a circulant optimum (SPEC 4, 5a): the Gram matrices of the
 * balanced factorisation are circulant with eigenvalues sqrt(a/b) |c_hat_j| (W W^T)
 * and sqrt(b/a) |c_hat_j| (H^T H); their first rows are inverse DFTs of |c_hat|. The same
 * holds on any G = Z_n1 x ... x Z_nk (SPEC 11): group-circulant Grams, eigenvalue per character. */
#include <acb.h>
#include <acb_dft.h>
#include "peelcert/cyclic.h"

void pc_cyclic_gram_first_row(arb_ptr out, const fmpq *c, slong n, const fmpq_t a,
                              const fmpq_t b, slong prec)
{
    pc_abelian_t G;
    pc_abelian_set_cyclic(&G, n);
    pc_abelian_gram_first_row(out, c, &G, a, b, prec);
}

void pc_abelian_gram_first_row(arb_ptr out, const fmpq *c, const pc_abelian_t *G,
                               const fmpq_t a, const fmpq_t b, slong prec)
{
    slong n = G->n;
    acb_ptr x = _acb_vec_init(n), y = _acb_vec_init(n);
    arb_t scale;
    slong m;
    arb_init(scale);
    for (m = 0; m < n; m++)
        arb_set_fmpq(acb_realref(x + m), c + m, prec);
    pc_abelian_dft_once(y, x, G, prec);
    for (m = 0; m < n; m++) {
        acb_abs(acb_realref(x + m), y + m, prec);
        arb_zero(acb_imagref(x + m));
    }
    pc_abelian_dft_inverse_once(y, x, G, prec);   /* (1/n) sum_f |c_hat_f| chi_f(m) */
    arb_set_fmpq(scale, a, prec);
    arb_div_fmpz(scale, scale, fmpq_numref(b), prec);
    arb_mul_fmpz(scale, scale, fmpq_denref(b), prec);
    arb_sqrt(scale, scale, prec);
    for (m = 0; m < n; m++)
        arb_mul(out + m, acb_realref(y + m), scale, prec);   /* real: |c_hat| is even in j */
    _acb_vec_clear(x, n);
    _acb_vec_clear(y, n);
    arb_clear(scale);
}
