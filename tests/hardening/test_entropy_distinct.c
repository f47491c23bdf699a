/* pcc_mean_entropy (src/check/check_common.c) takes x log x once per distinct target value times
 * its exact count; here it is compared with the plain entrywise sum -(1/N) sum P log P on random
 * dense and sparse instances: rows of few shared values (one-hot-like, one denominator), rows of
 * all-distinct values, and a mix. The two enclosures must overlap and both be tight. */
#include <stdio.h>
#include <stdlib.h>
#include <flint/fmpq.h>
#include "check_internal.h"

static int failures = 0;
#define CHECK(c, ...) do { if (!(c)) { printf("FAIL: " __VA_ARGS__); printf("\n"); failures++; } } while (0)

/* A random probability row of length V: integer weights in [0, span] (at least one > 0) over
 * their sum; span 1..3 repeats values, a large span makes them nearly all distinct. */
static void random_row(fmpq *row, slong V, ulong span, int positive, flint_rand_t st)
{
    fmpz_t total;
    fmpz_init(total);
    for (slong k = 0; k < V; k++) {
        fmpz_set_ui(fmpq_numref(row + k), n_randint(st, span + 1) + (positive ? 1 : 0));
        fmpz_add(total, total, fmpq_numref(row + k));
    }
    if (fmpz_is_zero(total)) { fmpz_one(fmpq_numref(row)); fmpz_one(total); }
    for (slong k = 0; k < V; k++) {
        fmpz_set(fmpq_denref(row + k), total);
        fmpq_canonicalise(row + k);
    }
    fmpz_clear(total);
}

/* -(1/N) sum over the n entries of x log x, one log per entry. */
static void plain(arb_t out, const fmpq *x, slong n, slong N, slong prec)
{
    arb_t t;
    arb_init(t);
    arb_zero(out);
    for (slong m = 0; m < n; m++) {
        pcc_xlogx(t, x + m, prec);
        arb_sub(out, out, t, prec);
    }
    arb_div_si(out, out, N, prec);
    arb_clear(t);
}

static void compare(const pcc_instance_t *I, const fmpq *x, slong n, const char *what)
{
    arb_t a, b;
    arb_init(a); arb_init(b);
    for (slong prec = 64; prec <= 256; prec *= 2) {
        pcc_mean_entropy(a, I, prec);
        plain(b, x, n, I->N, prec);
        CHECK(arb_overlaps(a, b), "%s, prec %ld: distinct-value and plain sums do not overlap", what, prec);
        CHECK(arb_rel_accuracy_bits(a) > prec - 30, "%s, prec %ld: distinct-value sum too wide "
              "(%ld bits)", what, prec, arb_rel_accuracy_bits(a));
    }
    arb_clear(a); arb_clear(b);
}

int main(void)
{
    flint_rand_t st;
    flint_randinit(st);
    static const ulong spans[] = {1, 2, 3, 1000000};
    for (int trial = 0; trial < 40; trial++) {
        pcc_instance_t I;
        pcc_instance_init(&I);
        I.V = 1 + (slong) n_randint(st, 40);
        I.N = 1 + (slong) n_randint(st, 40);
        I.form = PCC_DENSE;
        I.P = _fmpq_vec_init(I.N * I.V);
        for (slong i = 0; i < I.N; i++)
            random_row(I.P + i * I.V, I.V, spans[(trial + i * (trial % 3)) % 4], 0, st);
        compare(&I, I.P, I.N * I.V, "dense");
        pcc_instance_clear(&I);

        /* sparse: the positive entries of such rows, listed */
        pcc_instance_init(&I);
        I.V = 1 + (slong) n_randint(st, 60);
        I.N = 1 + (slong) n_randint(st, 30);
        I.form = PCC_SPARSE;
        fmpq *row = _fmpq_vec_init(I.V);
        I.sp_start = malloc(sizeof(slong) * (size_t) (I.N + 1));
        I.sp_index = malloc(sizeof(slong) * (size_t) (I.N * I.V));
        I.sp_value = _fmpq_vec_init(I.N * I.V);
        I.sp_start[0] = 0;
        for (slong i = 0; i < I.N; i++) {
            slong m = I.sp_start[i];
            random_row(row, I.V, spans[(trial + i) % 4], 0, st);
            for (slong k = 0; k < I.V; k++)
                if (!fmpq_is_zero(row + k)) { I.sp_index[m] = k; fmpq_set(I.sp_value + m++, row + k); }
            I.sp_start[i + 1] = m;
        }
        /* pcc_instance_clear frees sp_value by its listed length: move the entries to a vector
         * of exactly that length */
        slong listed = I.sp_start[I.N];
        fmpq *values = _fmpq_vec_init(listed);
        for (slong m = 0; m < listed; m++) fmpq_swap(values + m, I.sp_value + m);
        _fmpq_vec_clear(I.sp_value, I.N * I.V);
        I.sp_value = values;
        compare(&I, I.sp_value, listed, "sparse");
        _fmpq_vec_clear(row, I.V);
        pcc_instance_clear(&I);
    }
    /* one value repeated a million times (the AGL(1,101) instance's shape): one log */
    {
        pcc_instance_t I;
        pcc_instance_init(&I);
        I.V = 1000; I.N = 1000; I.form = PCC_DENSE;
        I.P = _fmpq_vec_init(I.N * I.V);
        for (slong m = 0; m < I.N * I.V; m++) fmpq_set_si(I.P + m, 1, 1000);
        arb_t a, log_v;
        arb_init(a); arb_init(log_v);
        pcc_mean_entropy(a, &I, 128);
        arb_log_ui(log_v, 1000, 128);   /* the entropy of the uniform row */
        CHECK(arb_overlaps(a, log_v) && arb_rel_accuracy_bits(a) > 100,
              "uniform 1000 x 1000: entropy is not log 1000");
        arb_clear(a); arb_clear(log_v);
        pcc_instance_clear(&I);
    }
    flint_randclear(st);
    flint_cleanup();
    if (failures) { printf("%d failures\n", failures); return 1; }
    printf("ok\n");
    return 0;
}
