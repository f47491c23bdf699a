/* The real-input DFT (pc_abelian_dft_real_once: one complex DFT of length n/2 on Z_n, n even)
 * against Arb's n-point acb_dft at four times the precision, for even and odd n and a product
 * group; and pc_arb_decimal_nearest against the value text of pc_arb_decimal_with_radius.
 * Fixed seeds; exits nonzero on any failure. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "peelcert/abelian.h"
#include "peelcert/numbers.h"

static int passed, failed;

static void expect(int ok, const char *name, const char *what)
{
    if (ok) passed++; else failed++;
    if (!ok || getenv("VERBOSE")) printf("%s %s: %s\n", ok ? "ok  " : "FAIL", name, what);
}

/* Every output overlaps the high-precision reference and is narrow (< 2^-(prec - 40)). */
static void check_group(const pc_abelian_t *G, flint_rand_t state, slong prec, const char *name)
{
    slong n = G->n;
    arb_ptr x = _arb_vec_init(n);
    acb_ptr v = _acb_vec_init(n), w = _acb_vec_init(n), ref = _acb_vec_init(n);
    mag_t tol, rad;
    int ok = 1, narrow = 1;
    mag_init(tol); mag_init(rad);
    mag_one(tol);
    mag_mul_2exp_si(tol, tol, -(prec - 40));
    for (slong m = 0; m < n; m++) {   /* exact dyadic entries in (-8, 8) */
        arb_set_si(x + m, (slong) n_randint(state, 1u << 20) - (1 << 19));
        arb_mul_2exp_si(x + m, x + m, -16);
        acb_set_arb(v + m, x + m);
    }
    pc_abelian_dft_real_once(w, x, G, prec);
    pc_abelian_dft_once(ref, v, G, 4 * prec);
    for (slong j = 0; j < n; j++) {
        ok = ok && acb_overlaps(w + j, ref + j);
        mag_set(rad, arb_radref(acb_realref(w + j)));
        narrow = narrow && mag_cmp(rad, tol) < 0
                 && mag_cmp(arb_radref(acb_imagref(w + j)), tol) < 0;
    }
    expect(ok, name, "every coefficient overlaps the n-point DFT at 4x precision");
    expect(narrow, name, "every coefficient is narrow");
    /* the data are not degenerate: X_1 is not real, so a transform with the opposite sign
     * (conj X_1 at j = 1) would fail the overlap test above */
    if (n >= 3) {
        acb_t c;
        acb_init(c);
        acb_conj(c, ref + 1);
        expect(!acb_overlaps(c, ref + 1), name, "X_1 is separated from its conjugate");
        acb_clear(c);
    }
    _arb_vec_clear(x, n);
    _acb_vec_clear(v, n); _acb_vec_clear(w, n); _acb_vec_clear(ref, n);
    mag_clear(tol); mag_clear(rad);
}

static void check_decimal(const arb_t x, slong places, const char *what)
{
    char *value, *radius, *fast = pc_arb_decimal_nearest(x, places);
    pc_arb_decimal_with_radius(&value, &radius, x, places);
    expect(strcmp(value, fast) == 0, "decimal_nearest", what);
    if (strcmp(value, fast) != 0) printf("     %s vs %s\n", value, fast);
    free(value); free(radius); free(fast);
}

int main(void)
{
    flint_rand_t state;
    flint_randinit(state);
    slong sizes[] = { 2, 4, 6, 10, 12, 30, 64, 100, 210, 1000, 7, 9, 15 };
    char name[64];
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        pc_abelian_t G;
        pc_abelian_set_cyclic(&G, sizes[i]);
        snprintf(name, sizeof name, "real_dft Z_%ld", (long) sizes[i]);
        check_group(&G, state, 128, name);
        snprintf(name, sizeof name, "real_dft Z_%ld at 300 bits", (long) sizes[i]);
        check_group(&G, state, 300, name);
    }
    {   /* product group: the general transform */
        pc_abelian_t G;
        slong orders[2] = { 4, 6 };
        pc_abelian_set(&G, orders, 2, 1000);
        check_group(&G, state, 128, "real_dft Z_4 x Z_6");
    }
    arb_t x;
    arb_init(x);
    const char *texts[] = { "0", "1", "-1", "0.5", "-0.5", "2.5e-21", "-2.5e-21", "123456789.125",
                            "1e-40", "-3.14159265358979323846264338327950288", "1e30" };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        arb_set_str(x, texts[i], 200);
        for (slong places = 0; places <= 60; places += 15) {
            snprintf(name, sizeof name, "%s at %ld places", texts[i], (long) places);
            check_decimal(x, places, name);
        }
    }
    for (int t = 0; t < 2000; t++) {   /* random midpoints across many scales, radii */
        arb_randtest(x, state, 1 + n_randint(state, 300), 8);   /* exponents below 2^8 */
        if (!arb_is_finite(x) || mag_cmp_2exp_si(arb_radref(x), 300) > 0
            || arf_cmpabs_2exp_si(arb_midref(x), 300) > 0
            || (!arf_is_zero(arb_midref(x)) && arf_cmpabs_2exp_si(arb_midref(x), -300) < 0))
            continue;
        check_decimal(x, (slong) n_randint(state, 90), "random ball");
    }
    arb_clear(x);
    flint_randclear(state);
    flint_cleanup();
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
