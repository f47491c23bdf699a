/* Finite abelian groups G = Z_n1 x ... x Z_nk acting regularly on tokens = contexts = G
 * (SPEC 5a, 11): elements and characters are both named by their flat mixed-radix index
 * (last order fastest), chi_f(m) = exp(2 pi i sum_t f_t m_t / n_t). The cyclic group Z_n is
 * the case k = 1, where the index arithmetic is ordinary arithmetic mod n.
 *
 * A character f is "real" when f = -f (then chi_f is real-valued: Nyquist-like), and a
 * "representative" when f != 0 and f <= -f: each conjugate pair {f, -f} (f != -f) and each
 * real f != 0 has exactly one representative. For k = 1 the representatives are 1..n/2.
 *
 * The rigorous transform is Arb's acb_dft (k = 1, bit for bit the cyclic path's) or
 * acb_dft_prod (k >= 2, the DFT on the product of cyclic groups, row-major as here). */
#ifndef PEELCERT_ABELIAN_H
#define PEELCERT_ABELIAN_H

#include <flint.h>
#include <acb.h>
#include <acb_dft.h>

/* Factors a group may have (orders of 1 are allowed and change nothing). */
#define PC_ABELIAN_MAX_FACTORS 32

typedef struct {
    slong k;                              /* number of factors, 1..PC_ABELIAN_MAX_FACTORS */
    slong orders[PC_ABELIAN_MAX_FACTORS]; /* n_1..n_k >= 1 */
    slong n;                              /* |G| = n_1 ... n_k */
} pc_abelian_t;

/* G = Z_n (n >= 1). */
void pc_abelian_set_cyclic(pc_abelian_t *G, slong n);

/* G = Z_orders[0] x ... ; returns 1, or 0 (G untouched) when k is not in
 * 1..PC_ABELIAN_MAX_FACTORS, an order is < 1, or the product exceeds max_order. */
int pc_abelian_set(pc_abelian_t *G, const slong *orders, slong k, slong max_order);

/* G without its factors of order 1 (at least one factor kept): the same group with the same
 * flat indices (a factor of order 1 adds no digit), so Z_n x Z_1 is handled as Z_n. */
void pc_abelian_trim(pc_abelian_t *out, const pc_abelian_t *G);

/* 1 if G is cyclic as given (k = 1); the index arithmetic is then mod n. */
static inline int pc_abelian_is_cyclic(const pc_abelian_t *G) { return G->k == 1; }

/* Group operations on flat indices in [0, n). */
slong pc_abelian_neg(const pc_abelian_t *G, slong f);
slong pc_abelian_add(const pc_abelian_t *G, slong f, slong g);
slong pc_abelian_sub(const pc_abelian_t *G, slong f, slong g);

/* chi_f is real (f = -f). */
static inline int pc_abelian_is_real(const pc_abelian_t *G, slong f)
{
    return pc_abelian_neg(G, f) == f;
}

/* f names its conjugate pair (or real character): f != 0 and f <= -f. */
static inline int pc_abelian_is_representative(const pc_abelian_t *G, slong f)
{
    return f != 0 && f <= pc_abelian_neg(G, f);
}

/* Budget weight of a representative: 1 for a real character, 2 for a pair. */
static inline slong pc_abelian_weight(const pc_abelian_t *G, slong f)
{
    return pc_abelian_is_real(G, f) ? 1 : 2;
}

/* "(f_1, ..., f_k)" (or "f" for k = 1) into buf. */
void pc_abelian_format(char *buf, size_t len, const pc_abelian_t *G, slong f);

/* ---- rigorous DFT on G (ball arithmetic: every output ball contains the exact value for
 * every input in the input balls) ---- */

typedef struct {
    pc_abelian_t G;
    acb_dft_pre_t pre;     /* k = 1 */
    acb_dft_prod_t prod;   /* k >= 2 */
} pc_abelian_dft_t;

void pc_abelian_dft_init(pc_abelian_dft_t *D, const pc_abelian_t *G, slong prec);
void pc_abelian_dft_clear(pc_abelian_dft_t *D);

/* w_f = sum_m v_m conj(chi_f(m)) (w and v of length n, not aliased). */
void pc_abelian_dft(acb_ptr w, acb_srcptr v, const pc_abelian_dft_t *D, slong prec);

/* w_m = (1/n) sum_f v_f chi_f(m) (the inverse of pc_abelian_dft; not aliased). */
void pc_abelian_dft_inverse(acb_ptr w, acb_srcptr v, const pc_abelian_dft_t *D, slong prec);

/* One-shot forms (plan, apply, release). */
void pc_abelian_dft_once(acb_ptr w, acb_srcptr v, const pc_abelian_t *G, slong prec);
void pc_abelian_dft_inverse_once(acb_ptr w, acb_srcptr v, const pc_abelian_t *G, slong prec);
/* w = pc_abelian_dft_once of the real vector x (w has room for n): on Z_n with n even through
 * one complex DFT of length n/2 (real-input packing), otherwise the general transform. */
void pc_abelian_dft_real_once(acb_ptr w, arb_srcptr x, const pc_abelian_t *G, slong prec);

#endif
