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
    pc_abelian_gram_rows(out, NULL, NULL, NULL, 0, c, G, a, b, prec);
}

/* sqrt(a/b), enclosed. */
static void structure_sqrt_ratio(arb_t out, const fmpq_t a, const fmpq_t b, slong prec)
{
    arb_set_fmpq(out, a, prec);
    arb_div_fmpz(out, out, fmpq_numref(b), prec);
    arb_mul_fmpz(out, out, fmpq_denref(b), prec);
    arb_sqrt(out, out, prec);
}

void pc_abelian_gram_rows(arb_ptr gram_W, arb_ptr gram_H, arb_ptr eig_W, const slong *active,
                          slong num_active, const fmpq *c, const pc_abelian_t *G,
                          const fmpq_t a, const fmpq_t b, slong prec)
{
    slong n = G->n;
    arb_ptr x = _arb_vec_init(n);
    acb_ptr y = _acb_vec_init(n);
    arb_t sW, sH;
    slong m;
    arb_init(sW);
    arb_init(sH);
    structure_sqrt_ratio(sW, a, b, prec);
    structure_sqrt_ratio(sH, b, a, prec);
    for (m = 0; m < n; m++)
        arb_set_fmpq(x + m, c + m, prec);
    pc_abelian_dft_real_once(y, x, G, prec);      /* c real */
    for (m = 0; m < n; m++)
        acb_abs(x + m, y + m, prec);              /* x = |c_hat| */
    if (eig_W != NULL)
        for (slong k = 0; k < num_active; k++)
            arb_mul(eig_W + k, x + active[k], sW, prec);
    if (gram_W != NULL || gram_H != NULL) {
        /* (1/n) sum_f |c_hat_f| chi_f(m) = Re DFT(|c_hat|)_m / n: for real v the inverse is
         * conj(DFT(v)) / n, and this one is real (|c_hat| is even in f) */
        pc_abelian_dft_real_once(y, x, G, prec);
        for (m = 0; m < n; m++) {
            arb_div_si(acb_realref(y + m), acb_realref(y + m), n, prec);
            if (gram_W != NULL) arb_mul(gram_W + m, acb_realref(y + m), sW, prec);
            if (gram_H != NULL) arb_mul(gram_H + m, acb_realref(y + m), sH, prec);
        }
    }
    _arb_vec_clear(x, n);
    _acb_vec_clear(y, n);
    arb_clear(sW);
    arb_clear(sH);
}
