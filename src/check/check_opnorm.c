/* Claim opnorm of kind "dense" (FORMAT.md, "Kind dense" item 4 and "Bounded work"):
 * ||Q - P||_op <= s. M = Q - P. In order, each step only when the ones before did not decide:
 *  1. proved in binary64 (check_float.c, Rump's floating Cholesky criterion) for fl(M), with
 *     the rounding error ||M - fl(M)||_F taken off s (once, whatever the precision);
 *  1b. proved by an exact Gram matrix of a fixed-point rounding: F = floor(2^L M) in int64,
 *     G = F^T F exactly in 128-bit integers, then a ball Cholesky of t^2 4^L I - G with
 *     t = s - delta, delta >= ||M - 2^-L F||_F (once; at 128, then 256 bits; it only proves);
 *  2. refuted by an exact-in-ball test vector x, ||M x||^2 > s^2 ||x||^2 (x found once by a
 *     floating power iteration, reused at every precision);
 *  3. proved by a ball Cholesky of s^2 I - G (G = M^T M or M M^T, whichever is smaller; G is
 *     computed once exactly in integers, D^2 G for D the common denominator of M, when D and
 *     the entries are short, else as a ball product), refuted when a pivot is proved < 0.
 *
 * Bounded work: step 3 is tried at precisions C->prec, 2 C->prec, ... up to a ceiling that
 * depends on the bit sizes of the numbers that state it (pcc_opnorm_ceiling), and a failed
 * attempt is not retried when its own enclosures show that more precision cannot change the
 * outcome (a pivot proved <= 0: s^2 I - G is then not positive definite whatever the precision). */
#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <arb_mat.h>
#include <fmpz_mat.h>
#include "check_float.h"
#include "check_internal.h"

#define OPNORM_POWER_STEPS 300
#define OPNORM_EXACT_GRAM_BITS 256   /* D and D M at most this many bits: G exactly in fmpz */

/* What claim opnorm found once and reuses at every precision (pcc_cert_t.opnorm). */
struct pcc_opnorm {
    int float_tried;   /* step 1 was tried (and did not prove) */
    int fixed_tried;   /* step 1b was tried (and did not prove) */
    double *x;         /* step 2: the test vector (V doubles), or NULL */
    int gram_state;    /* step 3: 0 not tried, 1 exact D^2 G in gram, -1 too long for fmpz */
    fmpz_mat_t gram;   /* D^2 G, m x m, when gram_state = 1 */
    fmpq_t s2D2;       /* s^2 D^2, when gram_state = 1 */
};

void pcc_opnorm_clear(pcc_cert_t *C)
{
    struct pcc_opnorm *O = C->opnorm;
    if (O == NULL) return;
    free(O->x);
    if (O->gram_state == 1) fmpz_mat_clear(O->gram);
    fmpq_clear(O->s2D2);
    free(O);
    C->opnorm = NULL;
}

static struct pcc_opnorm *opnorm_state(pcc_cert_t *C)
{
    if (C->opnorm == NULL) {
        C->opnorm = calloc(1, sizeof(struct pcc_opnorm));
        fmpq_init(C->opnorm->s2D2);
    }
    return C->opnorm;
}

/* Bits of the largest number among s, the entries of Q and of P (the claim's own size). */
static slong claim_bits(const pcc_cert_t *C)
{
    slong bits = pcc_fmpq_bits(C->s), b;
    fmpq_t e;
    fmpq_init(e);
    if (fmpq_mat_nrows(C->Q) > 0 && fmpq_mat_ncols(C->Q) > 0)
        bits = FLINT_MAX(bits, pcc_fmpq_vec_max_bits(C->Q->entries, C->inst.N * C->inst.V));
    for (slong i = 0; i < C->inst.N; i++)
        for (slong k = 0; k < C->inst.V; k++) {
            pcc_instance_entry(e, &C->inst, i, k);
            if ((b = pcc_fmpq_bits(e)) > bits) bits = b;
        }
    fmpq_clear(e);
    return bits;
}

/* The precision ceiling of the claim: pcc_prec_ceiling for its numbers and m = min(V, N). */
slong pcc_opnorm_ceiling(const pcc_cert_t *C)
{
    return pcc_prec_ceiling(C, claim_bits(C), C->inst.V <= C->inst.N ? C->inst.V : C->inst.N);
}

/* x approximates a top right singular vector of M (power iteration on M^T M in double, from
 * the exact entries rounded to double). Finds, never proves; O(steps N V). */
static void power_vector(double *x, const fmpq_mat_t M)
{
    slong N = fmpq_mat_nrows(M), V = fmpq_mat_ncols(M);
    double *Md = malloc(sizeof(double) * (size_t) (N * V)), *y = malloc(sizeof(double) * (size_t) N);
    for (slong i = 0; i < N; i++)
        for (slong k = 0; k < V; k++) Md[i * V + k] = fmpq_get_d(fmpq_mat_entry(M, i, k));
    for (slong k = 0; k < V; k++) x[k] = 1.0 + 0.5 * sin((double) k + 1.0);
    double last = 0;
    for (int it = 0; it < OPNORM_POWER_STEPS; it++) {
        double norm = 0, ray = 0;
        for (slong i = 0; i < N; i++) {
            y[i] = 0;
            for (slong k = 0; k < V; k++) y[i] += Md[i * V + k] * x[k];
            ray += y[i] * y[i];
        }
        for (slong k = 0; k < V; k++) x[k] = 0;
        for (slong i = 0; i < N; i++)
            for (slong k = 0; k < V; k++) x[k] += Md[i * V + k] * y[i];
        for (slong k = 0; k < V; k++) norm += x[k] * x[k];
        if (!(norm > 0) || !isfinite(norm)) break;
        for (slong k = 0; k < V; k++) x[k] /= sqrt(norm);
        if (it > 10 && fabs(ray - last) <= 1e-15 * ray) break;   /* the Rayleigh quotient settled */
        last = ray;
    }
    free(Md); free(y);
}

/* 1 only if ||M x||^2 > s^2 ||x||^2 is proved for the exact dyadic x (so ||M||_op > s).
 * O(N V) ball operations. */
static int refuted(const arb_mat_t A, const double *x, const arb_t s2, slong prec)
{
    slong N = arb_mat_nrows(A), V = arb_mat_ncols(A);
    arb_ptr xs = _arb_vec_init(V);
    arb_t y, q;
    arb_init(y); arb_init(q);
    for (slong k = 0; k < V; k++) arb_set_d(xs + k, x[k]);   /* exact */
    arb_dot(q, NULL, 0, xs, 1, xs, 1, V, prec);
    arb_mul(q, q, s2, prec);
    arb_neg(q, q);                                            /* q = -s^2 ||x||^2 */
    for (slong i = 0; i < N; i++) {
        arb_dot(y, NULL, 0, A->rows[i], 1, xs, 1, V, prec);
        arb_addmul(q, y, y, prec);
    }
    int out = arb_is_positive(q);
    arb_clear(y); arb_clear(q); _arb_vec_clear(xs, V);
    return out;
}

/* In-place ball Cholesky of the symmetric L (lower triangle used). Returns -1 if it succeeded
 * (every pivot proved > 0), else the index j of the first pivot not proved positive, with
 * *pivot_sign -1 if that pivot is proved < 0 (then L is not positive semidefinite), 0 if its
 * ball contains 0. */
slong pcc_ball_cholesky(arb_mat_t L, slong prec, int *pivot_sign)
{
    slong m = arb_mat_nrows(L);
    for (slong j = 0; j < m; j++) {
        arb_ptr d = arb_mat_entry(L, j, j);
        arb_dot(d, d, 1, L->rows[j], 1, L->rows[j], 1, j, prec);
        if (!arb_is_positive(d)) {
            *pivot_sign = arb_is_negative(d) ? -1 : 0;
            return j;
        }
        arb_sqrtpos(d, d, prec);
        for (slong i = j + 1; i < m; i++) {
            arb_ptr e = arb_mat_entry(L, i, j);
            arb_set(e, arb_mat_entry(L, j, i));   /* symmetric: the upper entry is the original */
            arb_dot(e, e, 1, L->rows[i], 1, L->rows[j], 1, j, prec);
            arb_div(e, e, d, prec);
        }
    }
    return -1;
}

struct float_job {
    const fmpq_mat_struct *M;
    double *A;
    arb_struct e2[2];   /* per part: sum of (M_ik - A_ik)^2, enclosed */
    int ok[2];          /* per part: every entry finite in binary64 */
};

/* Rows lo..hi: A = fl(M) column-major (leading dimension N), e2[part] += (M - A)^2. */
static void float_rows(void *ctx, int part, slong lo, slong hi)
{
    struct float_job *J = ctx;
    slong N = fmpq_mat_nrows(J->M), V = fmpq_mat_ncols(J->M);
    arb_t t, a;
    arb_init(t); arb_init(a);
    for (slong i = lo; i < hi && J->ok[part]; i++)
        for (slong k = 0; k < V; k++) {
            const fmpq *e = fmpq_mat_entry(J->M, i, k);
            double d = fmpq_get_d(e);
            if (!isfinite(d)) { J->ok[part] = 0; break; }
            J->A[i + k * N] = d;
            if (d == 0.0 ? fmpq_is_zero(e) : 0) continue;
            arb_set_fmpq(t, e, 128);
            arb_set_d(a, d);    /* exact */
            arb_sub(t, t, a, 128);
            arb_addmul(J->e2 + part, t, t, 64);
        }
    arb_clear(t); arb_clear(a);
}

/* Step 1. Returns 1 only if ||M||_op <= s is proved: A = fl(M) (any rounding), delta >= ||M -
 * A||_F enclosed in balls, then chk_float_opnorm_le(A, t) for a double t <= s - delta; since
 * ||M||_op <= ||A||_op + ||M - A||_op <= t + delta <= s. 0 means not proved. O(N V + m^3). */
static int float_proof(const fmpq_mat_t M, const fmpq_t s, char *delta_text, size_t len)
{
    slong N = fmpq_mat_nrows(M), V = fmpq_mat_ncols(M);
    struct float_job J = {.M = M, .A = malloc(sizeof(double) * (size_t) (N * V)), .ok = {1, 1}};
    arb_ptr e2 = J.e2;
    arb_t t;
    arf_t lo;
    int ok = J.A != NULL;
    arb_init(J.e2); arb_init(J.e2 + 1); arb_init(t); arf_init(lo);
    if (ok) {
        pcc_rows_parallel(N, (double) N * (double) V * 2.0 * PCC_NS_CONVERT, float_rows, &J);
        ok = J.ok[0] && J.ok[1];
        arb_add(e2, J.e2, J.e2 + 1, 64);
    }
    if (ok) {
        arb_sqrtpos(e2, e2, 64);           /* delta */
        arb_set_fmpq(t, s, 64);
        arb_sub(t, t, e2, 64);             /* s - delta */
        arb_get_lbound_arf(lo, t, 64);
        double tf = arf_get_d(lo, ARF_RND_FLOOR);
        ok = tf > 0 && isfinite(tf) && chk_float_opnorm_le(J.A, (size_t) N, (size_t) V, tf);
        if (ok) {
            arb_get_ubound_arf(lo, e2, 64);
            snprintf(delta_text, len, "%.3g", arf_get_d(lo, ARF_RND_CEIL));
        }
    }
    arb_clear(J.e2); arb_clear(J.e2 + 1); arb_clear(t); arf_clear(lo);
    free(J.A);
    return ok;
}

/* Step 1b. Returns 1 only if ||M||_op <= s is proved. With q = max(N, V), p = min(N, V) and
 * b = (126 - ceil(log2 q)) / 2 bits: F = floor(2^L M) entrywise (exact, |F| < 2^b checked
 * exactly, else 0), so M = 2^-L F + R with 0 <= R < 2^-L and ||R||_op <= ||R||_F <= delta =
 * c 2^-L, c = ceil(sqrt(N V)). G = F^T F (or F F^T, p x p) is exact in __int128: each product
 * is below 2^(2b) and q of them below 2^126. If t = s - delta > 0 and t^2 4^L I - G is proved
 * positive definite by a ball Cholesky, then ||2^-L F||_op < t and ||M||_op < t + delta = s.
 * O(N V) fmpz divisions + p^2 q / 2 word products + a p x p ball Cholesky. */
static int fixed_proof(const fmpq_mat_t M, const fmpq_t s, char *detail_text, size_t len)
{
    slong N = fmpq_mat_nrows(M), V = fmpq_mat_ncols(M), p = V <= N ? V : N, q = V <= N ? N : V;
    int lq = 0, ok = 1;
    double mx = 0.0;
    while (lq < 62 && (((slong) 1) << lq) < q) lq++;
    int b = (126 - lq) / 2;
    if (lq >= 62 || b < 24 || (double) p * (double) q > 1e8) return 0;
    for (slong i = 0; i < N * V; i++) {   /* an estimate only: |F| < 2^b is checked exactly */
        double d = fabs(fmpq_get_d(M->entries + i));
        if (!isfinite(d)) return 0;
        if (d > mx) mx = d;
    }
    if (!(mx > 0)) return 0;
    slong L = b - 2 - (slong) ceil(log2(mx));
    int64_t *F = malloc(sizeof(int64_t) * (size_t) (N * V));   /* p rows of length q */
    fmpz_t u;
    fmpq_t t, c;
    fmpz_init(u); fmpq_init(t); fmpq_init(c);
    for (slong i = 0; i < N && ok && F != NULL; i++)
        for (slong k = 0; k < V; k++) {
            const fmpq *e = fmpq_mat_entry(M, i, k);
            if (L >= 0) fmpz_mul_2exp(u, fmpq_numref(e), (ulong) L);
            else fmpz_fdiv_q_2exp(u, fmpq_numref(e), (ulong) -L);   /* floor of floor: floor */
            fmpz_fdiv_q(u, u, fmpq_denref(e));
            if (fmpz_bits(u) > (ulong) b) { ok = 0; break; }
            F[V <= N ? k * N + i : i * V + k] = (int64_t) fmpz_get_si(u);
        }
    if (F == NULL) ok = 0;
    if (ok) {   /* t = s - c 2^-L, c = ceil(sqrt(N V)) */
        fmpz_set_si(u, N);
        fmpz_mul_si(u, u, V);
        int square = fmpz_is_square(u);
        fmpz_sqrt(u, u);
        if (!square) fmpz_add_ui(u, u, 1);
        fmpq_set_fmpz_frac(c, u, (fmpz_t) {1});
        if (L >= 0) fmpq_div_2exp(c, c, (ulong) L); else fmpq_mul_2exp(c, c, (ulong) -L);
        fmpq_sub(t, s, c);
        ok = fmpq_sgn(t) > 0;
    }
    if (ok) {
        arb_mat_t A;
        arb_t T;
        fmpz_t g;
        arb_mat_init(A, p, p); arb_init(T); fmpz_init(g);
        for (slong a = 0; a < p; a++)
            for (slong b2 = 0; b2 <= a; b2++) {
                const int64_t *x = F + a * q, *y = F + b2 * q;
                __int128 acc = 0;
                for (slong k = 0; k < q; k++) acc += (__int128) x[k] * y[k];
                unsigned __int128 mag = acc < 0 ? -(unsigned __int128) acc : (unsigned __int128) acc;
                fmpz_set_ui(g, (ulong) (mag >> 64));
                fmpz_mul_2exp(g, g, 64);
                fmpz_add_ui(g, g, (ulong) (uint64_t) mag);
                if (acc > 0) fmpz_neg(g, g);   /* the entry of -G */
                arb_set_fmpz(arb_mat_entry(A, a, b2), g);   /* exact */
                arb_set_fmpz(arb_mat_entry(A, b2, a), g);
            }
        fmpq_mul(c, t, t);   /* t^2 4^L */
        if (L >= 0) fmpq_mul_2exp(c, c, (ulong) (2 * L)); else fmpq_div_2exp(c, c, (ulong) (-2 * L));
        ok = 0;
        int sign = 0;   /* -1: a pivot proved < 0, more bits cannot help */
        for (slong prec = 128; prec <= 256 && !ok && sign == 0; prec *= 2) {
            arb_mat_t Lc;
            arb_mat_init(Lc, p, p);
            arb_mat_set(Lc, A);
            arb_set_fmpq(T, c, prec);
            for (slong a = 0; a < p; a++)
                arb_add(arb_mat_entry(Lc, a, a), arb_mat_entry(Lc, a, a), T, prec);
            ok = pcc_ball_cholesky(Lc, prec, &sign) < 0;
            arb_mat_clear(Lc);
            if (ok) snprintf(detail_text, len, "%ld bits", prec);
        }
        arb_mat_clear(A); arb_clear(T); fmpz_clear(g);
    }
    if (ok) {   /* delta = c 2^-L, shown rounded up */
        size_t used = strlen(detail_text);
        snprintf(detail_text + used, len - used, ", L = %ld, delta = %.3g", L,
                 nextafter(ldexp(fmpz_get_d(u), (int) -L), INFINITY));
    }
    free(F);
    fmpz_clear(u); fmpq_clear(t); fmpq_clear(c);
    return ok;
}

/* Step 3, once: gram = D^2 G exactly (G = M^T M if V <= N, else M M^T) and s2D2 = s^2 D^2,
 * with D the lcm of the denominators of M; gram_state -1 if D or D M exceeds
 * OPNORM_EXACT_GRAM_BITS bits (then the ball product is used). O(N V + m^2 max(N, V)) word
 * operations times the bit size. */
static void exact_gram(struct pcc_opnorm *O, const fmpq_mat_t M, const fmpq_t s)
{
    slong N = fmpq_mat_nrows(M), V = fmpq_mat_ncols(M), m = V <= N ? V : N;
    fmpz_t D, u;
    fmpz_init(D); fmpz_init(u);
    fmpz_one(D);
    O->gram_state = -1;
    for (slong i = 0; i < N * V; i++) {
        fmpz_lcm(D, D, fmpq_denref(M->entries + i));
        if (fmpz_bits(D) > OPNORM_EXACT_GRAM_BITS) goto done;
    }
    fmpz_mat_t Mi, Mt;
    fmpz_mat_init(Mi, N, V); fmpz_mat_init(Mt, V, N);
    int short_enough = 1;
    for (slong i = 0; i < N && short_enough; i++)
        for (slong k = 0; k < V; k++) {
            const fmpq *e = fmpq_mat_entry(M, i, k);
            fmpz_divexact(u, D, fmpq_denref(e));
            fmpz_mul(fmpz_mat_entry(Mi, i, k), fmpq_numref(e), u);
            if (fmpz_bits(fmpz_mat_entry(Mi, i, k)) > OPNORM_EXACT_GRAM_BITS) { short_enough = 0; break; }
        }
    if (short_enough) {
        fmpz_mat_transpose(Mt, Mi);
        fmpz_mat_init(O->gram, m, m);
        if (V <= N) fmpz_mat_mul(O->gram, Mt, Mi); else fmpz_mat_mul(O->gram, Mi, Mt);
        fmpq_mul_fmpz(O->s2D2, s, D);
        fmpq_mul(O->s2D2, O->s2D2, O->s2D2);
        O->gram_state = 1;
    }
    fmpz_mat_clear(Mi); fmpz_mat_clear(Mt);
done:
    fmpz_clear(D); fmpz_clear(u);
}

struct difference_job {
    fmpq_mat_struct *M;
    const pcc_cert_t *C;
    int zero[2];
};

static void difference_rows(void *ctx, int part, slong lo, slong hi)
{
    struct difference_job *J = ctx;
    for (slong i = lo; i < hi; i++)
        for (slong k = 0; k < J->C->inst.V; k++) {
            fmpq *e = fmpq_mat_entry(J->M, i, k);
            pcc_instance_entry(e, &J->C->inst, i, k);
            fmpq_sub(e, fmpq_mat_entry(J->C->Q, i, k), e);
            J->zero[part] &= fmpq_is_zero(e);
        }
}

/* M = Q - P exactly; returns 1 iff M = 0. */
static int difference(fmpq_mat_t M, const pcc_cert_t *C)
{
    struct difference_job J = {M, C, {1, 1}};
    pcc_rows_parallel(C->inst.N, (double) C->inst.N * (double) C->inst.V * PCC_NS_CONVERT,
                      difference_rows, &J);
    return J.zero[0] && J.zero[1];
}

/* ||Q - P||_op <= s (see the head of this file); s = 0 needs Q = P exactly. */
int pcc_claim_opnorm(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    slong V = C->inst.V, N = C->inst.N, m = V <= N ? V : N, ceiling = pcc_opnorm_ceiling(C);
    fmpq_mat_t M;
    char s[96];
    int out, equal, pivot_sign = 0;
    pcc_fmpq_text(s, sizeof s, C->s);
    if (fmpq_sgn(C->s) < 0) {
        snprintf(detail, len, "opnorm_bound %s is negative", s);
        return PCC_REJECTED;
    }
    fmpq_mat_init(M, N, V);
    equal = difference(M, C);
    if (fmpq_is_zero(C->s) || equal) {
        fmpq_mat_clear(M);
        snprintf(detail, len, equal ? "Q = P exactly, so ||Q - P||_op = 0 <= %s"
                 : "opnorm_bound is 0 but Q != P", s);
        return equal ? PCC_VERIFIED : PCC_REJECTED;
    }
    struct pcc_opnorm *O = opnorm_state(C);
    char delta[32];
    const char *hook = getenv("PEELCERT_CHECK_FLOAT_NAIVE");   /* test hook: proves nothing */
    if (!O->float_tried && !(hook != NULL && hook[0] == '1')) {   /* step 1, once */
        O->float_tried = 1;
        if (float_proof(M, C->s, delta, sizeof delta)) {
            fmpq_mat_clear(M);
            snprintf(detail, len, "||Q - P||_op <= %s proved in binary64: ||fl(M)||_op <= s - "
                     "delta by the floating Cholesky criterion (check_float.c), delta = %s >= "
                     "||M - fl(M)||_F, M = Q - P", s, delta);
            return PCC_VERIFIED;
        }
    }
    if (!O->fixed_tried && !(hook != NULL && hook[0] == '1')) {   /* step 1b, once */
        char how[96];
        O->fixed_tried = 1;
        if (fixed_proof(M, C->s, how, sizeof how)) {
            fmpq_mat_clear(M);
            snprintf(detail, len, "||Q - P||_op <= %s proved with an exact integer Gram matrix: F = "
                     "floor(2^L M), M = Q - P, (s - delta)^2 4^L I - F^T F (%ld x %ld) positive "
                     "definite by a ball Cholesky (%s >= ||M - 2^-L F||_F)", s, m, m, how);
            return PCC_VERIFIED;
        }
    }
    arb_mat_t A, L;
    arb_t s2;
    arb_mat_init(A, N, V); arb_mat_init(L, m, m); arb_init(s2);
    arb_mat_set_fmpq_mat(A, M, prec);
    arb_set_fmpq(s2, C->s, prec);
    arb_mul(s2, s2, s2, prec);
    if (O->x == NULL) {   /* step 2: the vector is found once, in double */
        O->x = malloc(sizeof(double) * (size_t) V);
        power_vector(O->x, M);
    }
    if (refuted(A, O->x, s2, prec)) {
        out = PCC_REJECTED;
        snprintf(detail, len, "||Q - P||_op > %s: some x has ||M x|| > s ||x|| (ball arithmetic)", s);
        goto done;
    }
    if (O->gram_state == 0) exact_gram(O, M, C->s);   /* step 3 */
    if (O->gram_state == 1) {   /* L = s^2 D^2 I - D^2 G, exact integers rounded to prec */
        arb_set_fmpq(s2, O->s2D2, prec);
        for (slong a = 0; a < m; a++)
            for (slong b = 0; b < m; b++) {
                arb_set_round_fmpz(arb_mat_entry(L, a, b), fmpz_mat_entry(O->gram, a, b), prec);
                arb_neg(arb_mat_entry(L, a, b), arb_mat_entry(L, a, b));
            }
    } else {
        arb_mat_t At;
        arb_mat_init(At, V, N);
        arb_mat_transpose(At, A);
        if (V <= N) arb_mat_mul(L, At, A, prec); else arb_mat_mul(L, A, At, prec);
        arb_mat_clear(At);
        arb_mat_neg(L, L);
    }
    for (slong a = 0; a < m; a++) arb_add(arb_mat_entry(L, a, a), arb_mat_entry(L, a, a), s2, prec);
    slong fail = pcc_ball_cholesky(L, prec, &pivot_sign);
    if (fail < 0) {
        out = PCC_VERIFIED;
        snprintf(detail, len, "s^2 I - M^T M (%ld x %ld, M = Q - P, s = %s) is positive definite: "
                 "ball Cholesky succeeded", m, m, s);
    } else if (pivot_sign < 0) {   /* a leading minor of s^2 I - G is < 0: ||M||_op > s */
        out = PCC_REJECTED;
        snprintf(detail, len, "||Q - P||_op > %s: pivot %ld of the ball Cholesky of s^2 I - M^T M "
                 "is proved negative", s, fail);
    } else {
        out = 2 * prec <= ceiling ? PCC_UNDECIDED : PCC_STUCK;
        snprintf(detail, len, "ball Cholesky of s^2 I - M^T M (%ld x %ld, s = %s) failed at pivot "
                 "%ld (its ball contains 0)%s", m, m, s, fail, out == PCC_STUCK ? ", at the "
                 "precision ceiling of this claim (FORMAT.md, \"Bounded work\")" : "");
    }
done:
    arb_mat_clear(A); arb_mat_clear(L); arb_clear(s2);
    fmpq_mat_clear(M);
    return out;
}
