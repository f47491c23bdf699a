/* The checker's own binary64 operator-norm criterion (src/check/check_float.c, SPEC 15):
 * true bounds with a margin are proved, false ones never; and a biased Gram (a column whose
 * computed sum of squares loses 2^-54 terms) makes the naive test (hook
 * PEELCERT_CHECK_FLOAT_NAIVE=1, error terms dropped) accept false bounds that the proof refuses. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "check_float.h"

static int failures = 0;
#define CHECK(c, ...) do { if (!(c)) { printf("FAIL: " __VA_ARGS__); printf("\n"); failures++; } } while (0)

static int naive_opnorm_le(const double *A, size_t m, size_t n, double s)
{
    setenv("PEELCERT_CHECK_FLOAT_NAIVE", "1", 1);
    int ok = chk_float_opnorm_le(A, m, n, s);
    unsetenv("PEELCERT_CHECK_FLOAT_NAIVE");
    return ok;
}

/* [[3, 0], [4, 0]] (column-major: first column (3, 4)) has norm exactly 5. */
static void test_known_norm(void)
{
    double A[4] = {3.0, 4.0, 0.0, 0.0};
    CHECK(chk_float_opnorm_le(A, 2, 2, 5.0 * (1 + 1e-12)), "norm 5, s = 5 (1 + 1e-12) refused");
    CHECK(!chk_float_opnorm_le(A, 2, 2, 5.0 * (1 - 1e-12)), "norm 5, s below 5 accepted");
    CHECK(!chk_float_opnorm_le(A, 2, 2, 3.9), "s below max |a_ij| accepted");
    double Z[6] = {0};
    CHECK(chk_float_opnorm_le(Z, 2, 3, 0.0), "zero matrix, s = 0 refused");
    double bad[2] = {1.0, NAN};
    CHECK(!chk_float_opnorm_le(bad, 2, 1, 10.0), "NaN entry accepted");
}

/* Rectangular random matrices, both orientations: sigma from a long power iteration is a
 * lower bound; a bound 1e-6 above it (relative) must be proved, 1e-3 below never. */
static void test_random(void)
{
    srand(7);
    size_t shapes[3][2] = {{40, 7}, {7, 40}, {30, 30}};
    for (int t = 0; t < 3; t++) {
        size_t m = shapes[t][0], n = shapes[t][1];
        double *A = malloc(sizeof(double) * m * n), *x = malloc(sizeof(double) * n),
               *y = malloc(sizeof(double) * m);
        for (size_t i = 0; i < m * n; i++) A[i] = rand() / (double) RAND_MAX - 0.5;
        for (size_t j = 0; j < n; j++) x[j] = 1.0;
        double sigma = 0.0;
        for (int it = 0; it < 3000; it++) {
            double ny = 0, nx = 0;
            for (size_t i = 0; i < m; i++) { y[i] = 0; for (size_t j = 0; j < n; j++) y[i] += A[i + j * m] * x[j]; ny += y[i] * y[i]; }
            for (size_t j = 0; j < n; j++) { x[j] = 0; for (size_t i = 0; i < m; i++) x[j] += A[i + j * m] * y[i]; nx += x[j] * x[j]; }
            sigma = sqrt(nx) / sqrt(ny);
            for (size_t j = 0; j < n; j++) x[j] /= sqrt(nx);
        }
        CHECK(chk_float_opnorm_le(A, m, n, sigma * (1 + 1e-6)), "random %zux%zu: true bound refused", m, n);
        CHECK(!chk_float_opnorm_le(A, m, n, sigma * (1 - 1e-3)), "random %zux%zu: false bound accepted", m, n);
        free(A); free(x); free(y);
    }
}

/* b = (1, 2^-27, ..., 2^-27): true G_11 = 1 + (m-1) 2^-54, but fl loses most of those terms.
 * s^2 = (1 + k 2^-52)^2 < G_11 <= sigma_max^2 for k <= 1020: every such s is false. */
static void test_biased_gram(void)
{
    size_t m = 8192, n = 2;
    double *A = calloc(m * n, sizeof(double));
    A[0] = 1.0;
    for (size_t i = 1; i < m; i++) A[i] = 0x1p-27;
    A[m + 1] = 0.5;
    int naive_wrong = 0;
    for (int k = 0; k <= 1020; k += 4) {
        double s = 1.0 + k * 0x1p-52;
        CHECK(!chk_float_opnorm_le(A, m, n, s), "biased Gram: the proof accepted a false bound (k = %d)", k);
        naive_wrong += naive_opnorm_le(A, m, n, s);
    }
    CHECK(naive_wrong > 0, "biased Gram: the naive test never accepted a false bound (test does not exercise the shift)");
    printf("biased Gram: naive criterion accepted %d false bounds, the proof none\n", naive_wrong);
    free(A);
}

int main(void)
{
    test_known_norm();
    test_random();
    test_biased_gram();
    if (failures) { printf("%d failures\n", failures); return 1; }
    printf("ok\n");
    return 0;
}
