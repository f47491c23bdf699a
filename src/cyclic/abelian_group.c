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

/* The DFT of a real vector on Z_n, n even, through one complex DFT of length h = n/2 (the
 * textbook packing): z_m = x_2m + i x_2m+1, Z = DFT_h(z); with A = Z_k, B = conj(Z_(h-k)) (indices
 * mod h), E = (A + B)/2 = DFT_h(x_even)_k, O = (A - B)/(2i) = DFT_h(x_odd)_k and
 * X_k = E + w^k O (w = e^(-2 pi i/n)) for k = 0..h, X_(n-k) = conj(X_k). Exact identities of real
 * input applied to enclosures, so every X_k encloses the true coefficient; half the work of an
 * n-point acb_dft. */
static void abelian_dft_real_even(acb_ptr w, arb_srcptr x, slong n, slong prec)
{
    slong h = n / 2;
    acb_ptr z = _acb_vec_init(h), Z = _acb_vec_init(h), tw = _acb_vec_init(h + 1);
    acb_t A, B, E, O;
    acb_init(A); acb_init(B); acb_init(E); acb_init(O);
    for (slong m = 0; m < h; m++) {
        arb_set(acb_realref(z + m), x + 2 * m);
        arb_set(acb_imagref(z + m), x + 2 * m + 1);
    }
    acb_dft(Z, z, h, prec);
    _acb_vec_clear(z, h);
    _acb_vec_unit_roots(tw, -n, h + 1, prec);   /* tw[k] = e^(-2 pi i k/n) */
    for (slong k = 0; k <= h; k++) {
        acb_set(A, Z + (k % h));
        acb_conj(B, Z + ((h - k) % h));
        acb_add(E, A, B, prec);
        acb_sub(O, A, B, prec);
        acb_div_onei(O, O);                      /* (A - B) / i */
        acb_mul(O, O, tw + k, prec);
        acb_add(w + k, E, O, prec);
        acb_mul_2exp_si(w + k, w + k, -1);
        if (k > 0 && k < h)
            acb_conj(w + n - k, w + k);
    }
    _acb_vec_clear(Z, h);
    _acb_vec_clear(tw, h + 1);
    acb_clear(A); acb_clear(B); acb_clear(E); acb_clear(O);
}

void pc_abelian_dft_real_once(acb_ptr w, arb_srcptr x, const pc_abelian_t *G, slong prec)
{
    slong n = G->n;
    if (G->k == 1 && n >= 4 && n % 2 == 0) {
        abelian_dft_real_even(w, x, n, prec);
        return;
    }
    acb_ptr v = _acb_vec_init(n);
    for (slong m = 0; m < n; m++)
        acb_set_arb(v + m, x + m);
    pc_abelian_dft_once(w, v, G, prec);
    _acb_vec_clear(v, n);
}

