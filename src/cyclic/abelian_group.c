/* Index arithmetic and the rigorous DFT on G = Z_n1 x ... x Z_nk (abelian.h, SPEC 11). */
#include <stdio.h>
#include <string.h>
#include "peelcert/abelian.h"

void pc_abelian_set_cyclic(pc_abelian_t *G, slong n)
{
    memset(G, 0, sizeof *G);
    G->k = 1;
    G->orders[0] = n;
    G->n = n;
}

int pc_abelian_set(pc_abelian_t *G, const slong *orders, slong k, slong max_order)
{
    slong n = 1;
    if (k < 1 || k > PC_ABELIAN_MAX_FACTORS)
        return 0;
    for (slong t = 0; t < k; t++) {
        if (orders[t] < 1 || orders[t] > max_order || n > max_order / orders[t])
            return 0;
        n *= orders[t];
    }
    memset(G, 0, sizeof *G);
    G->k = k;
    for (slong t = 0; t < k; t++)
        G->orders[t] = orders[t];
    G->n = n;
    return 1;
}

void pc_abelian_trim(pc_abelian_t *out, const pc_abelian_t *G)
{
    pc_abelian_t T;
    memset(&T, 0, sizeof T);
    for (slong t = 0; t < G->k; t++)
        if (G->orders[t] > 1)
            T.orders[T.k++] = G->orders[t];
    if (T.k == 0)
        T.orders[T.k++] = 1;
    T.n = G->n;
    *out = T;
}

/* Componentwise op (sign -1: f - g; +1: f + g; 0: -f), last order fastest. */
static slong abelian_op(const pc_abelian_t *G, slong f, slong g, int sign)
{
    slong out = 0, scale = 1;
    if (G->k == 1) {
        slong n = G->n, x = sign == 0 ? -f : sign > 0 ? f + g : f - g;
        x %= n;
        return x < 0 ? x + n : x;
    }
    for (slong t = G->k - 1; t >= 0; t--) {
        slong m = G->orders[t], a = f % m, b = g % m, x;
        f /= m;
        g /= m;
        x = sign == 0 ? -a : sign > 0 ? a + b : a - b;
        x %= m;
        if (x < 0) x += m;
        out += x * scale;
        scale *= m;
    }
    return out;
}

slong pc_abelian_neg(const pc_abelian_t *G, slong f) { return abelian_op(G, f, 0, 0); }
slong pc_abelian_add(const pc_abelian_t *G, slong f, slong g) { return abelian_op(G, f, g, 1); }
slong pc_abelian_sub(const pc_abelian_t *G, slong f, slong g) { return abelian_op(G, f, g, -1); }

void pc_abelian_format(char *buf, size_t len, const pc_abelian_t *G, slong f)
{
    slong digits[PC_ABELIAN_MAX_FACTORS];
    size_t used = 0;
    if (G->k == 1) {
        snprintf(buf, len, "%ld", (long) f);
        return;
    }
    for (slong t = G->k - 1; t >= 0; t--) {
        digits[t] = f % G->orders[t];
        f /= G->orders[t];
    }
    for (slong t = 0; t < G->k && used < len; t++)
        used += (size_t) snprintf(buf + used, len - used, "%s%ld%s", t == 0 ? "(" : ", ",
                                  (long) digits[t], t + 1 == G->k ? ")" : "");
}

void pc_abelian_dft_init(pc_abelian_dft_t *D, const pc_abelian_t *G, slong prec)
{
    D->G = *G;
    if (G->k == 1) {
        acb_dft_precomp_init(D->pre, G->n, prec);
    } else {
        acb_dft_prod_init(D->prod, D->G.orders, G->k, prec);
        D->prod->n = G->n;
    }
}

void pc_abelian_dft_clear(pc_abelian_dft_t *D)
{
    if (D->G.k == 1) acb_dft_precomp_clear(D->pre);
    else acb_dft_prod_clear(D->prod);
}

void pc_abelian_dft(acb_ptr w, acb_srcptr v, const pc_abelian_dft_t *D, slong prec)
{
    if (D->G.k == 1) acb_dft_precomp(w, v, D->pre, prec);
    else acb_dft_prod_precomp(w, v, D->prod, prec);
}

/* inverse(v) = conj(DFT(conj v)) / n: exact identities applied to enclosures. */
static void abelian_inverse_by_conj(acb_ptr w, acb_srcptr v, const pc_abelian_dft_t *D,
                                    const pc_abelian_t *G, slong prec)
{
    slong n = G->n;
    acb_ptr t = _acb_vec_init(n);
    for (slong m = 0; m < n; m++)
        acb_conj(t + m, v + m);
    if (D != NULL) acb_dft_prod_precomp(w, t, D->prod, prec);
    else acb_dft_prod(w, t, (slong *) G->orders, G->k, prec);
    for (slong m = 0; m < n; m++) {
        acb_conj(w + m, w + m);
        acb_div_si(w + m, w + m, n, prec);
    }
    _acb_vec_clear(t, n);
}

void pc_abelian_dft_inverse(acb_ptr w, acb_srcptr v, const pc_abelian_dft_t *D, slong prec)
{
    if (D->G.k == 1) acb_dft_inverse_precomp(w, v, D->pre, prec);
    else abelian_inverse_by_conj(w, v, D, &D->G, prec);
}

void pc_abelian_dft_once(acb_ptr w, acb_srcptr v, const pc_abelian_t *G, slong prec)
{
    if (G->k == 1) acb_dft(w, v, G->n, prec);
    else acb_dft_prod(w, v, (slong *) G->orders, G->k, prec);
}

void pc_abelian_dft_inverse_once(acb_ptr w, acb_srcptr v, const pc_abelian_t *G, slong prec)
{
    if (G->k == 1) acb_dft_inverse(w, v, G->n, prec);
    else abelian_inverse_by_conj(w, v, NULL, G, prec);
}
