/* The checker's enclosure of Z = W H (src/check/check_float.c, SPEC 15 (i)): the exact product,
 * computed without rounding in arf, lies within rad of fl(W H) for every entry, over mixed
 * scales and long inner dimensions where the rounding error is not zero. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <arf.h>
#include "check_float.h"

static int failures = 0;

static void one_case(size_t V, size_t r, size_t N, unsigned seed)
{
    srand(seed);
    double *W = malloc(sizeof(double) * V * r), *H = malloc(sizeof(double) * r * N);
    double *mid = malloc(sizeof(double) * V * N), *rad = malloc(sizeof(double) * V * N);
    for (size_t i = 0; i < V * r; i++) W[i] = ldexp(rand() / (double) RAND_MAX - 0.5, rand() % 20 - 10);
    for (size_t i = 0; i < r * N; i++) H[i] = ldexp(rand() / (double) RAND_MAX - 0.5, rand() % 20 - 10);
    if (chk_float_product_enclosure(mid, rad, W, H, V, r, N)) { printf("FAIL: not proved\n"); failures++; return; }
    arf_t z, t, m, d;
    arf_init(z); arf_init(t); arf_init(m); arf_init(d);
    int nonzero_err = 0;
    for (size_t j = 0; j < N; j++)
        for (size_t i = 0; i < V; i++) {
            arf_zero(z);
            for (size_t k = 0; k < r; k++) {
                arf_set_d(t, W[i + k * V]);
                arf_set_d(m, H[k + j * r]);
                arf_mul(t, t, m, ARF_PREC_EXACT, ARF_RND_DOWN);
                arf_add(z, z, t, ARF_PREC_EXACT, ARF_RND_DOWN);
            }
            arf_set_d(m, mid[i + j * V]);
            arf_sub(d, z, m, ARF_PREC_EXACT, ARF_RND_DOWN);
            arf_abs(d, d);
            if (!arf_is_zero(d)) nonzero_err++;
            arf_set_d(m, rad[i + j * V]);
            if (arf_cmp(d, m) > 0) { printf("FAIL: entry (%zu, %zu) outside the enclosure\n", i, j); failures++; }
        }
    if (nonzero_err == 0) { printf("FAIL: no rounding error at all, the case tests nothing\n"); failures++; }
    printf("V %zu r %zu N %zu: %d entries with rounding error, all enclosed\n", V, r, N, nonzero_err);
    arf_clear(z); arf_clear(t); arf_clear(m); arf_clear(d);
    free(W); free(H); free(mid); free(rad);
}

int main(void)
{
    one_case(7, 50, 5, 1);
    one_case(20, 300, 9, 2);
    one_case(3, 1, 4, 3);
    if (failures) return 1;
    printf("ok\n");
    return 0;
}
