/* Certified structure of a circulant optimum (SPEC 4, 5a): the Gram matrices of the
 * balanced factorisation are circulant with eigenvalues sqrt(a/b) |c_hat_j| (W W^T)
 * and sqrt(b/a) |c_hat_j| (H^T H); their first rows are inverse DFTs of |c_hat|. */
#include <acb.h>
#include <acb_dft.h>
#include "peelcert/cyclic.h"

void pc_cyclic_gram_first_row(arb_ptr out, const fmpq *c, slong n, const fmpq_t a,
                              const fmpq_t b, slong prec)
{
    acb_ptr x = _acb_vec_init(n), y = _acb_vec_init(n);
    arb_t scale;
    slong m;
    arb_init(scale);
    for (m = 0; m < n; m++)
        arb_set_fmpq(acb_realref(x + m), c + m, prec);
    acb_dft(y, x, n, prec);
    for (m = 0; m < n; m++) {
        acb_abs(acb_realref(x + m), y + m, prec);
        arb_zero(acb_imagref(x + m));
    }
    acb_dft_inverse(y, x, n, prec);     /* (1/n) sum_j |c_hat_j| w^(j m) */
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
