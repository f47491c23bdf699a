/* Rigorous enclosures for the circulant certificate (FORMAT.md, kind circulant;
 * SPEC 6): every function returns a ball that contains the exact value of the
 * quantity for the exact rational inputs. DFTs are acb_dft (ball arithmetic). */
#include <acb.h>
#include <acb_dft.h>
#include "peelcert/cyclic.h"
#include "cyclic_internal.h"

void pc_cyclic_rho(arb_t rho, const fmpq_t a, const fmpq_t b, slong prec)
{
    fmpq_t ab;
    fmpq_init(ab);
    fmpq_mul(ab, a, b);
    arb_set_fmpq(rho, ab, prec);
    arb_sqrt(rho, rho, prec);
    fmpq_clear(ab);
}

void pc_cyclic_cross_entropy(arb_t out, const fmpq *q, const fmpq *c, slong n, slong prec)
{
    arb_ptr x = _arb_vec_init(n), w = _arb_vec_init(n);
    arb_t mx, sum, qc;
    slong m, big = 0;
    arb_init(mx);
    arb_init(sum);
    arb_init(qc);
    for (m = 0; m < n; m++) {
        arb_set_fmpq(x + m, c + m, prec);
        arb_set_fmpq(w + m, q + m, prec);
        if (arf_cmp(arb_midref(x + m), arb_midref(x + big)) > 0) big = m;
    }
    arb_set(mx, x + big);  /* any shift is exact in the enclosure; the max avoids overflow */
    arb_dot(qc, NULL, 0, x, 1, w, 1, n, prec);
    for (m = 0; m < n; m++) {
        arb_sub(w + m, x + m, mx, prec);
        arb_exp(w + m, w + m, prec);
    }
    cyclic_vec_sum(sum, w, n, prec);
    arb_log(out, sum, prec);
    arb_add(out, out, mx, prec);
    arb_sub(out, out, qc, prec);
    _arb_vec_clear(x, n);
    _arb_vec_clear(w, n);
    arb_clear(mx);
    arb_clear(sum);
    arb_clear(qc);
}

void pc_cyclic_entropy(arb_t out, const fmpq *r, slong n, slong prec)
{
    arb_ptr t = _arb_vec_init(n);
    arb_t lg;
    arb_init(lg);
    for (slong m = 0; m < n; m++) {
        if (fmpq_is_zero(r + m)) continue;   /* 0 log 0 = 0 */
        arb_set_fmpq(t + m, r + m, prec);
        arb_log(lg, t + m, prec);
        arb_mul(t + m, t + m, lg, prec);
    }
    cyclic_vec_sum(out, t, n, prec);
    arb_neg(out, out);
    _arb_vec_clear(t, n);
    arb_clear(lg);
}

/* |v_hat_f| for every character f of G into a (length n); v real (pc_abelian_dft_real_once). */
static void bounds_dft_abs(arb_ptr a, arb_srcptr v, const pc_abelian_t *G, slong prec)
{
    slong n = G->n;
    acb_ptr y = _acb_vec_init(n);
    pc_abelian_dft_real_once(y, v, G, prec);
    for (slong j = 0; j < n; j++)
        acb_abs(a + j, y + j, prec);
    _acb_vec_clear(y, n);
}

void pc_abelian_nuclear_norm_arb(arb_t out, arb_srcptr v, const pc_abelian_t *G, slong prec)
{
    arb_ptr a = _arb_vec_init(G->n);
    bounds_dft_abs(a, v, G, prec);
    cyclic_vec_sum(out, a, G->n, prec);
    _arb_vec_clear(a, G->n);
}

void pc_abelian_nuclear_norm(arb_t out, const fmpq *v, const pc_abelian_t *G, slong prec)
{
    arb_ptr x = _arb_vec_init(G->n);
    for (slong m = 0; m < G->n; m++)
        arb_set_fmpq(x + m, v + m, prec);
    pc_abelian_nuclear_norm_arb(out, x, G, prec);
    _arb_vec_clear(x, G->n);
}

void pc_abelian_dual_opnorm(arb_t out, const fmpq *r, const fmpq *q, const pc_abelian_t *G,
                            slong prec)
{
    slong n = G->n;
    arb_ptr x = _arb_vec_init(n), a = _arb_vec_init(n);
    fmpq_t d;
    fmpq_init(d);
    for (slong m = 0; m < n; m++) {
        fmpq_sub(d, r + m, q + m);
        arb_set_fmpq(x + m, d, prec);
    }
    bounds_dft_abs(a, x, G, prec);
    arb_zero(out);
    for (slong j = 0; j < n; j++)
        arb_max(out, out, a + j, prec);
    _arb_vec_clear(x, n);
    _arb_vec_clear(a, n);
    fmpq_clear(d);
}

void pc_abelian_dual_bound(arb_t out, const fmpq *r, const fmpq *q, const pc_abelian_t *G,
                           const arb_t rho, slong prec)
{
    arb_t op;
    arb_init(op);
    pc_abelian_dual_opnorm(op, r, q, G, prec);
    arb_mul(op, op, rho, prec);
    arb_div_si(op, op, G->n, prec);
    pc_cyclic_entropy(out, r, G->n, prec);
    arb_sub(out, out, op, prec);
    arb_clear(op);
}

/* ---- the cyclic forms: G = Z_n ---- */

void pc_cyclic_nuclear_norm_arb(arb_t out, arb_srcptr v, slong n, slong prec)
{
    pc_abelian_t G;
    pc_abelian_set_cyclic(&G, n);
    pc_abelian_nuclear_norm_arb(out, v, &G, prec);
}

void pc_cyclic_nuclear_norm(arb_t out, const fmpq *v, slong n, slong prec)
{
    pc_abelian_t G;
    pc_abelian_set_cyclic(&G, n);
    pc_abelian_nuclear_norm(out, v, &G, prec);
}

void pc_cyclic_dual_opnorm(arb_t out, const fmpq *r, const fmpq *q, slong n, slong prec)
{
    pc_abelian_t G;
    pc_abelian_set_cyclic(&G, n);
    pc_abelian_dual_opnorm(out, r, q, &G, prec);
}

void pc_cyclic_dual_bound(arb_t out, const fmpq *r, const fmpq *q, slong n, const arb_t rho,
                          slong prec)
{
    pc_abelian_t G;
    pc_abelian_set_cyclic(&G, n);
    pc_abelian_dual_bound(out, r, q, &G, rho, prec);
}
