/* pc_floatproof_opnorm_le / _bound (SPEC 15) against an Arb ball Cholesky of s^2 I - A^T A at
 * 256 bits (A exact), the nearly singular refusal (and that the naive test without the shift
 * would pass there), edge cases: zero, 1x1, tall/wide, subnormal and huge scales, NaN/Inf. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <arb_mat.h>
#include <arb.h>
#include "../../src/floatproof/floatproof_internal.h"

static int failures = 0;
#define CHECK(cond, ...) do { if (!(cond)) { printf("FAIL: " __VA_ARGS__); printf("\n"); failures++; } } while (0)

static unsigned long long rng = 88172645463325252ULL;
static double urand(void)
{
    rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17;
    return (double) (rng >> 11) * 0x1p-53 * 2.0 - 1.0;
}

/* A float top right singular vector of A (power iteration on A^T A), n entries. */
static void top_vector(double *x, const double *A, slong m, slong n)
{
    double *y = malloc(sizeof(double) * m);
    for (slong j = 0; j < n; j++) x[j] = 1.0 + 0.01 * j;
    for (int it = 0; it < 3000; it++) {
        for (slong i = 0; i < m; i++) { y[i] = 0; for (slong j = 0; j < n; j++) y[i] += A[i + j * m] * x[j]; }
        double nx = 0;
        for (slong j = 0; j < n; j++) { x[j] = 0; for (slong i = 0; i < m; i++) x[j] += A[i + j * m] * y[i]; nx += x[j] * x[j]; }
        nx = sqrt(nx);
        for (slong j = 0; j < n; j++) x[j] /= nx;
    }
    free(y);
}

/* 1 if s^2 I - A^T A is proved positive definite by an Arb ball Cholesky (256 bits, A exact);
 * -1 if ||A x|| > s ||x|| is proved for a float top singular vector x (so ||A|| > s); else 0. */
static int arb_truth(const double *A, slong m, slong n, double s)
{
    slong prec = 256;
    arb_mat_t M, Mt, G, L;
    arb_mat_init(M, m, n); arb_mat_init(Mt, n, m); arb_mat_init(G, n, n); arb_mat_init(L, n, n);
    for (slong i = 0; i < m; i++)
        for (slong j = 0; j < n; j++)
            arb_set_d(arb_mat_entry(M, i, j), A[i + j * m]);
    arb_mat_transpose(Mt, M);
    arb_mat_mul(G, Mt, M, prec);
    arb_mat_neg(G, G);
    arb_t s2, t, u; arb_init(s2); arb_init(t); arb_init(u);
    arb_set_d(s2, s); arb_sqr(s2, s2, prec);
    for (slong i = 0; i < n; i++)
        arb_add(arb_mat_entry(G, i, i), arb_mat_entry(G, i, i), s2, prec);
    int res = 0;
    if (arb_mat_cho(L, G, prec))
        res = 1;
    else {
        double *x = malloc(sizeof(double) * n);
        top_vector(x, A, m, n);
        arb_zero(u);   /* x^T (s^2 I - A^T A) x, exactly enclosed */
        for (slong i = 0; i < n; i++)
            for (slong j = 0; j < n; j++) {
                arb_set_d(t, x[i]); arb_mul(t, t, arb_mat_entry(G, i, j), prec);
                arb_set_d(s2, x[j]); arb_mul(t, t, s2, prec);
                arb_add(u, u, t, prec);
            }
        if (arb_is_negative(u))
            res = -1;
        free(x);
    }
    arb_clear(s2); arb_clear(t); arb_clear(u);
    arb_mat_clear(M); arb_mat_clear(Mt); arb_mat_clear(G); arb_mat_clear(L);
    return res;
}

static void fill_random(double *A, slong m, slong n)
{
    for (slong i = 0; i < m * n; i++)
        A[i] = urand();
}

static void test_random_agree(void)
{
    for (int rep = 0; rep < 60; rep++) {
        slong m = 1 + rep % 17, n = 1 + (rep * 7) % 13;
        double *A = malloc(sizeof(double) * m * n);
        fill_random(A, m, n);
        double s;
        int found = pc_floatproof_opnorm_bound(&s, A, m, n, m);
        CHECK(found, "bound not found for %ldx%ld", (long) m, (long) n);
        if (found) {
            CHECK(arb_truth(A, m, n, s) == 1, "Arb disagrees with the proved bound %ldx%ld", (long) m, (long) n);
            CHECK(pc_floatproof_opnorm_le(A, m, n, m, s), "le refuses the bound it found");
            /* a clearly too small s is refused */
            CHECK(!pc_floatproof_opnorm_le(A, m, n, m, s * 0.999), "0.999 s accepted");
            /* the transposed matrix has the same norm */
            double *At = malloc(sizeof(double) * m * n);
            for (slong i = 0; i < m; i++)
                for (slong j = 0; j < n; j++)
                    At[j + i * n] = A[i + j * m];
            CHECK(pc_floatproof_opnorm_le(At, n, m, n, s * (1 + 1e-9)), "transpose refused");
            free(At);
        }
        free(A);
    }
}

/* Nearly singular: s within 1e-15 of sigma_max. The proof must refuse every such s, and the
 * naive test (shift dropped) must accept at least one where Arb proves s < sigma_max: the test
 * fails if the rounding shift were dropped. */
static void test_nearly_singular(void)
{
    slong m = 120, n = 12;
    double *A = malloc(sizeof(double) * m * n);
    fill_random(A, m, n);
    double s0;
    CHECK(pc_floatproof_opnorm_bound(&s0, A, m, n, m), "bound for the 400x30 case");
    /* sigma_max within [s0 (1 - 1e-9), s0]: refine a float estimate by bisection on Arb truth */
    double lo = s0 * (1 - 1e-6), hi = s0;
    for (int it = 0; it < 60 && hi - lo > 1e-17 * hi; it++) {
        double mid = 0.5 * (lo + hi);
        int t = arb_truth(A, m, n, mid);
        if (t == 1) hi = mid; else lo = mid;
    }
    int naive_wrong = 0, proof_wrong = 0;
    for (int k = -20; k <= 20; k += 2) {
        double s = lo * (1.0 + k * 1e-16);
        int truth = arb_truth(A, m, n, s);
        int proved = pc_floatproof_opnorm_le(A, m, n, m, s);
        int naive = pc_floatproof_opnorm_le_hook(A, m, n, m, s, 1);
        if (proved && truth != 1) proof_wrong++;
        if (naive && truth == -1) naive_wrong++;
        CHECK(!proved, "proved at s = sigma (1 + %d e-16): not provable this close", k);
    }
    CHECK(proof_wrong == 0, "the proof accepted a false bound");
    printf("nearly singular: naive test accepted %d false bounds, proof none; proved excess "
           "s0/sigma - 1 = %.3g\n", naive_wrong, s0 / lo - 1);
    free(A);
}

/* A column whose Gram entry fl(sum b_k^2) loses terms: b = (1, 2^-27, ..., 2^-27), so
 * 1 + 2^-54 rounds back to 1 in the accumulator holding the 1 (any BLAS order loses some).
 * s^2 between fl(G) and the true G: the naive test accepts a false bound, the proof must not. */
static void test_biased_gram(void)
{
    slong m = 8192, n = 2;
    double *A = calloc(m * n, sizeof(double));
    A[0] = 1.0;
    for (slong i = 1; i < m; i++) A[i] = 0x1p-27;
    A[m + 1] = 0.5;                       /* second column: 0.5 e_2, orthogonal up to 2^-28 */
    /* true G_11 = 1 + (m-1) 2^-54; sigma_max^2 >= G_11; try s^2 a little above 1 */
    int naive_wrong = 0;
    for (int k = 0; k <= 1020; k += 4) {
        double s = 1.0 + k * 0x1p-52;
        /* s^2 = 1 + k 2^-51 + k^2 2^-104 < 1 + 8191 2^-54 = G_11 <= sigma_max^2: false */
        int truth = -1;
        int naive = pc_floatproof_opnorm_le_hook(A, m, n, m, s, 1);
        CHECK(!(truth == -1 && pc_floatproof_opnorm_le(A, m, n, m, s)),
              "biased Gram: the proof accepted a false bound (k = %d)", k);
        if (naive && truth == -1) naive_wrong++;
    }
    CHECK(naive_wrong > 0, "biased Gram: the naive test never accepted a false bound, the test "
          "does not exercise the rounding shift");
    printf("biased Gram: the naive Cholesky accepted %d false bounds, the proof none\n", naive_wrong);
    free(A);
}

static void test_edges(void)
{
    double z[6] = {0, 0, 0, 0, 0, 0}, s;
    CHECK(pc_floatproof_opnorm_le(z, 2, 3, 2, 0.0), "zero matrix, s = 0");
    CHECK(pc_floatproof_opnorm_bound(&s, z, 2, 3, 2) && s == 0.0, "zero matrix bound");
    CHECK(!pc_floatproof_opnorm_le(z, 2, 3, 2, -1.0), "negative s accepted");
    double one = -3.0;
    CHECK(pc_floatproof_opnorm_le(&one, 1, 1, 1, 3.0 * (1 + 1e-12)), "1x1 slightly above");
    CHECK(!pc_floatproof_opnorm_le(&one, 1, 1, 1, 3.0 * (1 - 1e-16)), "1x1 below");
    CHECK(pc_floatproof_opnorm_bound(&s, &one, 1, 1, 1) && s >= 3.0 && s < 3.0 * (1 + 1e-10),
          "1x1 bound %g", s);
    /* wide and tall */
    double w[2 * 50], tall[50 * 2];
    fill_random(w, 2, 50);
    for (int i = 0; i < 2; i++) for (int j = 0; j < 50; j++) tall[j + i * 50] = w[i + j * 2];
    double sw, st;
    CHECK(pc_floatproof_opnorm_bound(&sw, w, 2, 50, 2), "wide bound");
    CHECK(pc_floatproof_opnorm_bound(&st, tall, 50, 2, 50), "tall bound");
    CHECK(arb_truth(tall, 50, 2, sw) == 1 && arb_truth(tall, 50, 2, st) == 1, "wide/tall Arb");
    /* scales: the same matrix times 2^-1060 (subnormal entries) and 2^1000 */
    double a[12], b[12], c[12];
    fill_random(a, 4, 3);
    double sa;
    CHECK(pc_floatproof_opnorm_bound(&sa, a, 4, 3, 4), "scale base");
    for (int i = 0; i < 12; i++) { b[i] = ldexp(a[i], -1060); c[i] = ldexp(a[i], 1000); }
    double sb, sc;
    CHECK(pc_floatproof_opnorm_bound(&sb, b, 4, 3, 4), "subnormal scale");
    CHECK(!pc_floatproof_opnorm_le(b, 4, 3, 4, ldexp(sa, -1060) * 0.99), "subnormal: 0.99 s");
    CHECK(pc_floatproof_opnorm_le(b, 4, 3, 4, ldexp(sa, -1060) * 2.0), "subnormal: 2 s");
    CHECK(pc_floatproof_opnorm_bound(&sc, c, 4, 3, 4) && sc >= ldexp(sa, 1000) * (1 - 1e-12),
          "huge scale bound");
    CHECK(!pc_floatproof_opnorm_le(c, 4, 3, 4, ldexp(sa, 1000) * 0.99), "huge: 0.99 s");
    double h[4] = {0x1p1023, 0x1p1023, 0x1p1023, 0x1p1023};  /* norm 2^1024: overflows */
    CHECK(!pc_floatproof_opnorm_le(h, 2, 2, 2, 0x1.fffffffffffffp1023), "overflowing norm accepted");
    CHECK(!pc_floatproof_opnorm_bound(&s, h, 2, 2, 2) && isinf(s), "overflowing norm bounded");
    double bad[4] = {1, NAN, 0, 1}, inf[4] = {1, INFINITY, 0, 1};
    CHECK(!pc_floatproof_opnorm_le(bad, 2, 2, 2, 10.0), "NaN accepted");
    CHECK(!pc_floatproof_opnorm_le(inf, 2, 2, 2, 10.0), "Inf accepted");
    CHECK(!pc_floatproof_opnorm_bound(&s, bad, 2, 2, 2), "NaN bounded");
    CHECK(!pc_floatproof_opnorm_le(a, 4, 3, 4, NAN), "NaN s accepted");
    CHECK(!pc_floatproof_opnorm_le(a, 4, 3, 2, 10.0), "lda < m accepted");
}

int main(void)
{
    test_edges();
    test_random_agree();
    test_nearly_singular();
    test_biased_gram();
    if (failures)
        printf("%d failures\n", failures);
    else
        printf("test_floatproof_opnorm: ok\n");
    return failures != 0;
}
