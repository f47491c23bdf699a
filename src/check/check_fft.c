/* The checker's own rigorous DFT on Z_n (the k = 1 case of pcc_abelian_dft): one Good-Thomas
 * split n = p^e m (gcd 1, no twiddles between the factors), then on each factor a mixed-radix
 * Cooley-Tukey FFT (decimation in time, recursive, out of place) over acb balls, with butterflies
 * of radix 4, 2, 3 and 5 that multiply by the real constants of the small DFT, a naive step for
 * the other primes up to PCC_FFT_MAX_PRIME, and acb_dft for lengths with a larger prime factor.
 *
 * Guarantee: w_k = sum_j v_j exp(-2 pi i j k / n) is enclosed for every k (the convention of
 * acb_dft). Every operation is Arb ball arithmetic (acb_add, acb_mul, arb_dot, ...), each of
 * which returns a ball containing the exact result for every choice of points in its input
 * balls, or an exact move (copies, swaps, the index maps of Good-Thomas); every constant used is
 * itself an enclosure (the twiddles exp(-2 pi i t / L) from _acb_vec_unit_roots, cos and sin of
 * 2 pi / 5 from arb_sin_cos_pi_fmpq, sin(2 pi / 3) = sqrt(3) / 2 from arb_sqrt_ui, -1/2 and
 * +-i exact). The butterflies below are the exact algebraic identities of the small DFTs, so
 * the composition encloses the exact DFT; a wrong identity would be a wrong value, not a wide
 * ball, which is why tests/abelian/test_check_fft.c compares with acb_dft for many lengths. */
#include <acb_dft.h>
#include "check_internal.h"

#define PCC_FFT_MAX_PRIME 31   /* larger prime factors: acb_dft (Rader / Bluestein) */

#define PCC_FFT_MAX_DEPTH 64

typedef struct {
    slong n, prec;
    slong depth;               /* levels of the recursion: lengths L[d], radices r[d] */
    slong L[PCC_FFT_MAX_DEPTH], r[PCC_FFT_MAX_DEPTH], size[PCC_FFT_MAX_DEPTH];
    acb_ptr tw[PCC_FFT_MAX_DEPTH];   /* tw[d][t] = exp(-2 pi i t / L[d]), t < size[d] */
    arb_ptr c5;                /* radix 5: the vectors P, M, Q, R below, 4 entries each */
    arb_t s3;                  /* sin(2 pi / 3) */
    acb_ptr a;                 /* PCC_FFT_MAX_PRIME temporaries */
    arb_ptr t;                 /* 8 real temporaries */
    acb_ptr W;                 /* naive step: W[j p + l] = exp(-2 pi i j l / p), p = Wp */
    slong Wp;
} fft_plan_t;

static slong smallest_prime_factor(slong n)
{
    for (slong p = 2; p * p <= n; p++)
        if (n % p == 0) return p;
    return n;
}

static slong largest_prime_factor(slong n)
{
    slong p = 1;
    while (n > 1) {
        p = smallest_prime_factor(n);
        while (n % p == 0) n /= p;
    }
    return p;
}

static slong choose_radix(slong L)
{
    if (L % 4 == 0) return 4;
    return smallest_prime_factor(L);
}

/* Radix 5 with c1 = cos(2 pi/5), c2 = cos(4 pi/5), s1 = sin(2 pi/5), s2 = sin(4 pi/5) and
 * t1 = a1 + a4, t2 = a2 + a3, t3 = a1 - a4, t4 = a2 - a3:
 *   y1 = a0 + c1 t1 + c2 t2 - i (s1 t3 + s2 t4),  y4 = conjugate pairing (+i),
 *   y2 = a0 + c2 t1 + c1 t2 - i (s2 t3 - s1 t4),  y3 likewise (+i).
 * With A = (t1r, t2r, t3i, t4i), B = (t1i, t2i, t3r, t4r) and P = (c1, c2, s1, s2),
 * M = (c1, c2, -s1, -s2), Q = (c2, c1, s2, -s1), R = (c2, c1, -s2, s1):
 *   y1 = a0 + (P.A) + i (M.B), y4 = a0 + (M.A) + i (P.B),
 *   y2 = a0 + (Q.A) + i (R.B), y3 = a0 + (R.A) + i (Q.B). */
static void plan_radix5(fft_plan_t *F)
{
    arb_t c1, c2, s1, s2;
    fmpq_t x;
    arb_init(c1); arb_init(c2); arb_init(s1); arb_init(s2);
    fmpq_init(x);
    fmpq_set_si(x, 2, 5);
    arb_sin_cos_pi_fmpq(s1, c1, x, F->prec);
    fmpq_set_si(x, 4, 5);
    arb_sin_cos_pi_fmpq(s2, c2, x, F->prec);
    arb_srcptr P[4] = { c1, c2, s1, s2 };
    arb_srcptr Q[4] = { c2, c1, s2, s1 };
    for (int k = 0; k < 4; k++) {
        arb_set(F->c5 + k, P[k]);                          /* P */
        if (k < 2) arb_set(F->c5 + 4 + k, P[k]);           /* M */
        else arb_neg(F->c5 + 4 + k, P[k]);
        arb_set(F->c5 + 8 + k, Q[k]);                      /* Q */
        arb_set(F->c5 + 12 + k, Q[k]);                     /* R */
    }
    arb_neg(F->c5 + 11, F->c5 + 11);                       /* Q = (c2, c1, s2, -s1) */
    arb_neg(F->c5 + 14, F->c5 + 14);                       /* R = (c2, c1, -s2, s1) */
    arb_clear(c1); arb_clear(c2); arb_clear(s1); arb_clear(s2);
    fmpq_clear(x);
}

/* One table of twiddles per level, contiguous in the index t = j k that level uses (a single
 * table of length n, read with stride n / L, misses the cache at every deep level). */
static void plan_init(fft_plan_t *F, slong n, slong prec)
{
    F->n = n;
    F->prec = prec;
    F->depth = 0;
    for (slong L = n; L > 1; F->depth++) {
        slong d = F->depth, r = choose_radix(L);
        F->L[d] = L;
        F->r[d] = r;
        F->size[d] = (r - 1) * (L / r - 1) + 1;       /* j k <= (r - 1)(m - 1) */
        F->tw[d] = _acb_vec_init(F->size[d]);
        _acb_vec_unit_roots(F->tw[d], -L, F->size[d], prec);
        L /= r;
    }
    F->c5 = _arb_vec_init(16);
    plan_radix5(F);
    arb_init(F->s3);
    arb_sqrt_ui(F->s3, 3, prec);
    arb_mul_2exp_si(F->s3, F->s3, -1);
    F->a = _acb_vec_init(PCC_FFT_MAX_PRIME);
    F->t = _arb_vec_init(8);
    F->W = NULL;
    F->Wp = 0;
}

static void plan_clear(fft_plan_t *F)
{
    for (slong d = 0; d < F->depth; d++) _acb_vec_clear(F->tw[d], F->size[d]);
    _arb_vec_clear(F->c5, 16);
    arb_clear(F->s3);
    _acb_vec_clear(F->a, PCC_FFT_MAX_PRIME);
    _arb_vec_clear(F->t, 8);
    if (F->W != NULL) _acb_vec_clear(F->W, F->Wp * F->Wp);
}

/* The p x p matrix W[j p + l] = exp(-2 pi i (j l mod p) / p) of the naive step for the prime p. */
static void plan_naive(fft_plan_t *F, slong p)
{
    if (F->Wp == p) return;
    if (F->W != NULL) _acb_vec_clear(F->W, F->Wp * F->Wp);
    F->W = _acb_vec_init(p * p);
    F->Wp = p;
    acb_ptr z = _acb_vec_init(p);
    _acb_vec_unit_roots(z, -p, p, F->prec);
    for (slong j = 0; j < p; j++)
        for (slong l = 0; l < p; l++) acb_set(F->W + j * p + l, z + (j * l) % p);
    _acb_vec_clear(z, p);
}

/* p = h - i t, q = h + i t (h, t not aliased with p or q) */
static void minus_plus_i(acb_ptr p, acb_ptr q, acb_srcptr h, acb_srcptr t, slong prec)
{
    arb_add(acb_realref(p), acb_realref(h), acb_imagref(t), prec);
    arb_sub(acb_imagref(p), acb_imagref(h), acb_realref(t), prec);
    arb_sub(acb_realref(q), acb_realref(h), acb_imagref(t), prec);
    arb_add(acb_imagref(q), acb_imagref(h), acb_realref(t), prec);
}

static void butterfly4(fft_plan_t *F, acb_ptr y, slong m)
{
    slong prec = F->prec;
    acb_ptr u = F->a, v = F->a + 1, s = F->a + 2, d = F->a + 3;
    acb_add(s, y, y + 2 * m, prec);              /* a0 + a2 */
    acb_sub(u, y, y + 2 * m, prec);              /* a0 - a2 */
    acb_add(d, y + m, y + 3 * m, prec);          /* a1 + a3 */
    acb_sub(v, y + m, y + 3 * m, prec);          /* a1 - a3 */
    acb_add(y, s, d, prec);                      /* y0 = s + d */
    acb_sub(y + 2 * m, s, d, prec);              /* y2 = s - d */
    minus_plus_i(y + m, y + 3 * m, u, v, prec);  /* y1 = u - i v, y3 = u + i v */
}

static void butterfly2(fft_plan_t *F, acb_ptr y, slong m)
{
    acb_ptr s = F->a;
    acb_add(s, y, y + m, F->prec);
    acb_sub(y + m, y, y + m, F->prec);
    acb_swap(y, s);
}

/* y0 = a0 + t1, y1 = a0 - t1/2 - i s3 t2, y2 = a0 - t1/2 + i s3 t2; t1 = a1 + a2, t2 = a1 - a2 */
static void butterfly3(fft_plan_t *F, acb_ptr y, slong m)
{
    slong prec = F->prec;
    acb_ptr t1 = F->a, t2 = F->a + 1, h = F->a + 2;
    acb_add(t1, y + m, y + 2 * m, prec);
    acb_sub(t2, y + m, y + 2 * m, prec);
    acb_mul_2exp_si(h, t1, -1);
    acb_sub(h, y, h, prec);                      /* a0 - t1/2 */
    acb_add(y, y, t1, prec);
    acb_mul_arb(t2, t2, F->s3, prec);            /* s3 t2 */
    minus_plus_i(y + m, y + 2 * m, h, t2, prec);
}

static void butterfly5(fft_plan_t *F, acb_ptr y, slong m)
{
    slong prec = F->prec;
    arb_ptr A = F->t, B = F->t + 4;
    arb_srcptr P = F->c5, M = F->c5 + 4, Q = F->c5 + 8, R = F->c5 + 12;
    acb_ptr a0 = F->a;
    acb_ptr y1 = y + m, y2 = y + 2 * m, y3 = y + 3 * m, y4 = y + 4 * m;
    arb_add(A + 0, acb_realref(y1), acb_realref(y4), prec);    /* t1 */
    arb_add(B + 0, acb_imagref(y1), acb_imagref(y4), prec);
    arb_add(A + 1, acb_realref(y2), acb_realref(y3), prec);    /* t2 */
    arb_add(B + 1, acb_imagref(y2), acb_imagref(y3), prec);
    arb_sub(B + 2, acb_realref(y1), acb_realref(y4), prec);    /* t3 */
    arb_sub(A + 2, acb_imagref(y1), acb_imagref(y4), prec);
    arb_sub(B + 3, acb_realref(y2), acb_realref(y3), prec);    /* t4 */
    arb_sub(A + 3, acb_imagref(y2), acb_imagref(y3), prec);
    acb_swap(a0, y);
    arb_dot(acb_realref(y1), acb_realref(a0), 0, P, 1, A, 1, 4, prec);
    arb_dot(acb_imagref(y1), acb_imagref(a0), 0, M, 1, B, 1, 4, prec);
    arb_dot(acb_realref(y4), acb_realref(a0), 0, M, 1, A, 1, 4, prec);
    arb_dot(acb_imagref(y4), acb_imagref(a0), 0, P, 1, B, 1, 4, prec);
    arb_dot(acb_realref(y2), acb_realref(a0), 0, Q, 1, A, 1, 4, prec);
    arb_dot(acb_imagref(y2), acb_imagref(a0), 0, R, 1, B, 1, 4, prec);
    arb_dot(acb_realref(y3), acb_realref(a0), 0, R, 1, A, 1, 4, prec);
    arb_dot(acb_imagref(y3), acb_imagref(a0), 0, Q, 1, B, 1, 4, prec);
    arb_add(acb_realref(y), acb_realref(a0), A + 0, prec);     /* y0 = a0 + t1 + t2 */
    arb_add(acb_realref(y), acb_realref(y), A + 1, prec);
    arb_add(acb_imagref(y), acb_imagref(a0), B + 0, prec);
    arb_add(acb_imagref(y), acb_imagref(y), B + 1, prec);
}

/* y_j = sum_l a_l exp(-2 pi i j l / p), p an odd prime (W from plan_naive) */
static void butterfly_naive(fft_plan_t *F, acb_ptr y, slong m, slong p)
{
    for (slong l = 0; l < p; l++) acb_swap(F->a + l, y + l * m);
    for (slong j = 0; j < p; j++)
        acb_dot(y + j * m, NULL, 0, F->a, 1, F->W + j * p, 1, p, F->prec);
}

/* out[0 .. L) = DFT of the L = F->L[d] inputs in[0], in[s], ..., in[(L - 1) s]. */
static void fft_rec(fft_plan_t *F, acb_ptr out, acb_srcptr in, slong s, slong d)
{
    if (d == F->depth) {   /* L = 1 */
        acb_set(out, in);
        return;
    }
    slong r = F->r[d], m = F->L[d] / r;
    acb_srcptr tw = F->tw[d];
    for (slong j = 0; j < r; j++) fft_rec(F, out + j * m, in + j * s, s * r, d + 1);
    if (r > 5) plan_naive(F, r);
    for (slong k = 0; k < m; k++) {
        acb_ptr y = out + k;
        if (k > 0)
            for (slong j = 1; j < r; j++) acb_mul(y + j * m, y + j * m, tw + j * k, F->prec);
        if (r == 4) butterfly4(F, y, m);
        else if (r == 2) butterfly2(F, y, m);
        else if (r == 3) butterfly3(F, y, m);
        else if (r == 5) butterfly5(F, y, m);
        else butterfly_naive(F, y, m, r);
    }
}

/* Good-Thomas for n = n1 n2 with gcd(n1, n2) = 1 (no twiddles between the two): with input
 * index (n2 j1 + n1 j2) mod n and output index k = CRT(k1 mod n1, k2 mod n2),
 * j k / n = j1 k1 / n1 + j2 k2 / n2 mod 1, so the DFT is n1 DFTs of length n2 (rows) then n2 of
 * length n1 (columns). */
static void fft_prime_factor(acb_ptr w, acb_srcptr v, slong n1, slong n2, slong prec)
{
    slong n = n1 * n2;
    slong e1 = (slong) (((ulong) n2 * n_invmod((ulong) (n2 % n1), (ulong) n1)) % (ulong) n);
    slong e2 = (slong) (((ulong) n1 * n_invmod((ulong) (n1 % n2), (ulong) n2)) % (ulong) n);
    fft_plan_t F1, F2;
    acb_ptr T = _acb_vec_init(n), g = _acb_vec_init(n2), col = _acb_vec_init(n1);
    plan_init(&F2, n2, prec);
    for (slong j1 = 0; j1 < n1; j1++) {
        for (slong j2 = 0, x = (n2 * j1) % n; j2 < n2; j2++, x = (x + n1) % n)
            acb_set(g + j2, v + x);
        fft_rec(&F2, T + j1 * n2, g, 1, 0);
    }
    plan_clear(&F2);
    plan_init(&F1, n1, prec);
    for (slong k2 = 0; k2 < n2; k2++) {
        fft_rec(&F1, col, T + k2, n2, 0);
        for (slong k1 = 0; k1 < n1; k1++) acb_swap(w + (k1 * e1 + k2 * e2) % n, col + k1);
    }
    plan_clear(&F1);
    _acb_vec_clear(T, n); _acb_vec_clear(g, n2); _acb_vec_clear(col, n1);
}

void pcc_fft(acb_ptr w, acb_srcptr v, slong n, slong prec)
{
    if (n <= 0) return;
    if (largest_prime_factor(n) > PCC_FFT_MAX_PRIME) {
        acb_dft(w, v, n, prec);
        return;
    }
    slong p = smallest_prime_factor(n), n1 = 1;
    while (n > 1 && n % (n1 * p) == 0) n1 *= p;
    if (n1 > 1 && n1 < n) {
        fft_prime_factor(w, v, n1, n / n1, prec);
        return;
    }
    fft_plan_t F;
    plan_init(&F, n, prec);
    fft_rec(&F, w, v, 1, 0);
    plan_clear(&F);
}
