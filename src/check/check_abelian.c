/* The checker's own arithmetic on G = Z_n1 x ... x Z_nk (SPEC 11; FORMAT.md kind circulant with
 * "orders"): flat mixed-radix indices (last order fastest), and the rigorous DFT on G by Arb
 * (pcc_fft of check_fft.c for one factor, acb_dft_prod for several), with no code of the solver. */
#include <acb_dft.h>
#include "check_internal.h"

/* x - y (sign -1), x + y (+1) or -x (0) componentwise in G. */
static slong abelian_op(const pcc_abelian_t *G, slong x, slong y, int sign)
{
    slong out = 0, scale = 1;
    for (slong t = G->k - 1; t >= 0; t--) {
        slong m = G->orders[t], a = x % m, b = y % m, z;
        x /= m;
        y /= m;
        z = sign == 0 ? -a : sign > 0 ? a + b : a - b;
        z %= m;
        if (z < 0) z += m;
        out += z * scale;
        scale *= m;
    }
    return out;
}

slong pcc_abelian_sub(const pcc_abelian_t *G, slong x, slong y) { return abelian_op(G, x, y, -1); }
slong pcc_abelian_neg(const pcc_abelian_t *G, slong x) { return abelian_op(G, x, 0, 0); }

void pcc_abelian_cyclic(pcc_abelian_t *G, slong n)
{
    G->k = 1;
    G->orders[0] = n;
    G->n = n;
}

int pcc_abelian_equal(const pcc_abelian_t *A, const pcc_abelian_t *B)
{
    if (A->k != B->k) return 0;
    for (slong t = 0; t < A->k; t++)
        if (A->orders[t] != B->orders[t]) return 0;
    return 1;
}

int pcc_abelian_read(pcc_abelian_t *G, const json_t *v, const char *path, slong n, pcc_error_t *err)
{
    char sub[256];
    slong product = 1;
    if (!json_is_array(v) || json_array_size(v) < 1 || json_array_size(v) > PCC_MAX_FACTORS)
        return pcc_fail(err, "%s: expected an array of 1 to %d integers >= 1", path,
                        PCC_MAX_FACTORS);
    G->k = (slong) json_array_size(v);
    for (slong t = 0; t < G->k; t++) {
        snprintf(sub, sizeof sub, "%s[%ld]", path, t);
        if (pcc_json_size(G->orders + t, json_array_get(v, (size_t) t), sub, 1, PCC_MAX_LIST, err))
            return 1;
        if (product > PCC_MAX_LIST / G->orders[t])
            return pcc_fail(err, "%s: the product of the orders exceeds %ld", path, PCC_MAX_LIST);
        product *= G->orders[t];
    }
    if (product != n)
        return pcc_fail(err, "%s: the product of the orders is %ld, not n = %ld", path, product, n);
    G->n = n;
    return 0;
}

void pcc_abelian_dft(acb_ptr w, acb_srcptr v, const pcc_abelian_t *G, slong prec)
{
    if (G->k == 1) pcc_fft(w, v, G->n, prec);
    else acb_dft_prod(w, v, (slong *) G->orders, G->k, prec);
}

/* P[i][k] = P[0][k - i] in G for all i, k (exact); n^2 comparisons unless the targets are in
 * group_circulant form on G itself (or circulant form and G = Z_n). */
int pcc_instance_is_group_circulant(const pcc_instance_t *I, const pcc_abelian_t *G, char *why,
                                    size_t len)
{
    slong n = I->V;
    fmpq_t x, y;
    int ok = 1;
    if (I->V != I->N || G->n != n) {
        snprintf(why, len, "V = %ld, N = %ld, |G| = %ld", I->V, I->N, G->n);
        return 0;
    }
    if (I->form == PCC_GROUP_CIRCULANT && pcc_abelian_equal(&I->group, G)) return 1;
    if (I->form == PCC_GROUP_CIRCULANT) {   /* equal up to factors of order 1 (no digit) */
        slong a = 0, b = 0;
        int same = 1;
        while (same) {
            while (a < I->group.k && I->group.orders[a] == 1) a++;
            while (b < G->k && G->orders[b] == 1) b++;
            if (a == I->group.k || b == G->k) break;
            same = I->group.orders[a++] == G->orders[b++];
        }
        while (a < I->group.k && I->group.orders[a] == 1) a++;
        while (b < G->k && G->orders[b] == 1) b++;
        if (same && a == I->group.k && b == G->k) return 1;
    }
    if (G->k == 1) {
        ok = pcc_instance_is_circulant(I);
        if (!ok) snprintf(why, len, "the targets are not circulant");
        return ok;
    }
    if (n > PCC_MAX_BRUTE_CIRCULANT) {
        snprintf(why, len, "targets not in group_circulant form on these orders, and n = %ld is "
                 "over the limit %d of the entrywise test", n, PCC_MAX_BRUTE_CIRCULANT);
        return 0;
    }
    fmpq_init(x); fmpq_init(y);
    for (slong i = 0; i < n && ok; i++)
        for (slong k = 0; k < n && ok; k++) {
            pcc_instance_entry(x, I, i, k);
            pcc_instance_entry(y, I, 0, pcc_abelian_sub(G, k, i));
            if (!fmpq_equal(x, y)) {
                ok = 0;
                snprintf(why, len, "P[%ld][%ld] != P[0][%ld]", i, k, pcc_abelian_sub(G, k, i));
            }
        }
    fmpq_clear(x); fmpq_clear(y);
    return ok;
}
