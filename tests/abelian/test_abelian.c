/* The group arithmetic and the rigorous DFT on G = Z_n1 x ... x Z_nk (abelian.h, SPEC 11),
 * computed two ways: index operations against digit-by-digit arithmetic written here; the DFT
 * (acb_dft_prod) and its inverse against a naive O(n^2) sum of characters exp(-2 pi i <f, m>)
 * evaluated here ball by ball; the count of representatives against the closed form; the
 * floating active set against a spectrum chosen here; the cyclic functions equal to the k = 1
 * case; and pc_abelian_certify on Z_2 x Z_3 against the closed form of an exchangeable q
 * (SPEC 5b: q = alpha at 0, beta elsewhere is exchangeable for every group). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "peelcert/cyclic.h"
#include "peelcert/abelian.h"

static int passed, failed;

static void expect(int ok, const char *name, const char *what)
{
    if (ok) passed++; else failed++;
    printf("%s %s: %s\n", ok ? "ok  " : "FAIL", name, what);
}

/* digits of x (last order fastest) */
static void to_digits(slong *d, slong x, const slong *orders, slong k)
{
    for (slong t = k - 1; t >= 0; t--) {
        d[t] = x % orders[t];
        x /= orders[t];
    }
}

static slong from_digits(const slong *d, const slong *orders, slong k)
{
    slong x = 0;
    for (slong t = 0; t < k; t++)
        x = x * orders[t] + ((d[t] % orders[t]) + orders[t]) % orders[t];
    return x;
}

static void test_index(const char *name, const slong *orders, slong k)
{
    pc_abelian_t G;
    slong d1[8], d2[8], d3[8], n, reps = 0, real = 1, bad = 0;
    pc_abelian_set(&G, orders, k, 1000000);
    n = G.n;
    for (slong x = 0; x < n; x++)
        for (slong y = 0; y < n; y++) {
            to_digits(d1, x, orders, k);
            to_digits(d2, y, orders, k);
            for (slong t = 0; t < k; t++) d3[t] = d1[t] - d2[t];
            bad += pc_abelian_sub(&G, x, y) != from_digits(d3, orders, k);
            for (slong t = 0; t < k; t++) d3[t] = d1[t] + d2[t];
            bad += pc_abelian_add(&G, x, y) != from_digits(d3, orders, k);
        }
    for (slong x = 0; x < n; x++) {
        to_digits(d1, x, orders, k);
        for (slong t = 0; t < k; t++) d3[t] = -d1[t];
        bad += pc_abelian_neg(&G, x) != from_digits(d3, orders, k);
        reps += pc_abelian_is_representative(&G, x);
    }
    /* elements of order <= 2: 2 per even factor; representatives: pairs plus real nonzero */
    for (slong t = 0; t < k; t++)
        if (orders[t] % 2 == 0) real *= 2;
    expect(bad == 0, name, "sub, add, neg = digit arithmetic");
    expect(reps == (n - real) / 2 + (real - 1), name, "representatives: one per pair or real f");
}

/* naive: w_f = sum_m v_m exp(-2 pi i sum_t f_t m_t / n_t), each term a ball */
static void naive_dft(acb_ptr w, acb_srcptr v, const slong *orders, slong k, slong n, slong prec)
{
    slong df[8], dm[8];
    acb_t e;
    fmpq_t ang, term;
    acb_init(e);
    fmpq_init(ang);
    fmpq_init(term);
    for (slong f = 0; f < n; f++) {
        acb_zero(w + f);
        to_digits(df, f, orders, k);
        for (slong m = 0; m < n; m++) {
            to_digits(dm, m, orders, k);
            fmpq_zero(ang);
            for (slong t = 0; t < k; t++) {
                fmpq_set_si(term, -2 * df[t] * dm[t], orders[t]);
                fmpq_add(ang, ang, term);
            }
            acb_zero(e);
            arb_set_fmpq(acb_realref(e), ang, prec);
            acb_exp_pi_i(e, e, prec);
            acb_addmul(w + f, e, v + m, prec);
        }
    }
    acb_clear(e);
    fmpq_clear(ang);
    fmpq_clear(term);
}

static void test_dft(const char *name, const slong *orders, slong k)
{
    pc_abelian_t G;
    pc_abelian_dft_t D;
    slong n, prec = 128;
    flint_rand_t state;
    int overlap = 1, round_trip = 1, once = 1;
    flint_randinit(state);
    pc_abelian_set(&G, orders, k, 1000000);
    n = G.n;
    acb_ptr v = _acb_vec_init(n), w = _acb_vec_init(n), x = _acb_vec_init(n),
            y = _acb_vec_init(n);
    for (slong m = 0; m < n; m++) {
        arb_set_si(acb_realref(v + m), (slong) n_randint(state, 2001) - 1000);
        arb_set_si(acb_imagref(v + m), (slong) n_randint(state, 2001) - 1000);
    }
    pc_abelian_dft_init(&D, &G, prec);
    pc_abelian_dft(w, v, &D, prec);
    naive_dft(x, v, orders, k, n, prec);
    for (slong f = 0; f < n; f++)
        overlap &= acb_overlaps(w + f, x + f) && mag_cmp_2exp_si(arb_radref(acb_realref(w + f)), -80) < 0;
    pc_abelian_dft_inverse(y, w, &D, prec);
    for (slong m = 0; m < n; m++)
        round_trip &= acb_contains(y + m, v + m);
    pc_abelian_dft_once(y, v, &G, prec);
    for (slong f = 0; f < n; f++)
        once &= acb_overlaps(y + f, w + f);
    pc_abelian_dft_inverse_once(x, w, &G, prec);
    for (slong m = 0; m < n; m++)
        once &= acb_contains(x + m, v + m);
    expect(overlap, name, "acb_dft_prod = naive character sum (overlapping tight balls)");
    expect(round_trip, name, "inverse(DFT(v)) contains v");
    expect(once, name, "one-shot forms agree with the planned ones");
    pc_abelian_dft_clear(&D);
    _acb_vec_clear(v, n); _acb_vec_clear(w, n); _acb_vec_clear(x, n); _acb_vec_clear(y, n);
    flint_randclear(state);
}

/* c = inverse real DFT of a spectrum supported on chosen characters (and their conjugates):
 * pc_abelian_active_double must return exactly their representatives. */
static void test_active(const char *name, const slong *orders, slong k, const slong *chosen,
                        slong num)
{
    pc_abelian_t G;
    slong n, *active, count, ok = 1, *want;
    pc_abelian_set(&G, orders, k, 1000000);
    n = G.n;
    acb_ptr spec = _acb_vec_init(n), c = _acb_vec_init(n);
    double *cd = malloc(sizeof(double) * n);
    active = malloc(sizeof(slong) * n);
    want = calloc((size_t) n, sizeof(slong));
    for (slong a = 0; a < num; a++) {
        slong f = chosen[a], g = pc_abelian_neg(&G, f);
        acb_set_si_si(spec + f, 3 + a, pc_abelian_is_real(&G, f) ? 0 : 1 + a);
        acb_conj(spec + g, spec + f);
        want[f < g ? f : g] = 1;
    }
    pc_abelian_dft_inverse_once(c, spec, &G, 64);
    for (slong m = 0; m < n; m++)
        cd[m] = arf_get_d(arb_midref(acb_realref(c + m)), ARF_RND_NEAR);
    count = pc_abelian_active_double(active, cd, &G, 1e-9);
    for (slong a = 1; a < count; a++) ok &= active[a] > active[a - 1];
    for (slong a = 0; a < count; a++) ok &= want[active[a]] == 1;
    slong expected = 0;
    for (slong f = 0; f < n; f++) expected += want[f];
    expect(ok && count == expected, name, "floating active set = chosen representatives");
    _acb_vec_clear(spec, n); _acb_vec_clear(c, n);
    free(cd); free(active); free(want);
}

/* k = 1 is the cyclic path: the same enclosures */
static void test_cyclic_case(void)
{
    slong n = 12;
    pc_abelian_t G;
    fmpq *v = _fmpq_vec_init(n), *r = _fmpq_vec_init(n);
    arb_t x, y;
    arb_init(x); arb_init(y);
    pc_abelian_set_cyclic(&G, n);
    for (slong m = 0; m < n; m++) {
        fmpq_set_si(v + m, (m * m * 7) % 13 - 6, 5);
        fmpq_set_si(r + m, 1, n);
    }
    pc_abelian_nuclear_norm(x, v, &G, 128);
    pc_cyclic_nuclear_norm(y, v, n, 128);
    expect(arb_equal(x, y), "Z_12", "nuclear norm: cyclic = abelian k = 1 (same ball)");
    pc_abelian_dual_opnorm(x, r, r, &G, 128);
    expect(arb_is_zero(x), "Z_12", "dual opnorm of r - r is 0");
    _fmpq_vec_clear(v, n); _fmpq_vec_clear(r, n);
    arb_clear(x); arb_clear(y);
}

/* q = alpha at 0, beta elsewhere: P = alpha I + beta (J - I) on any group, so val is the
 * closed form of SPEC 5b; worked example n = 5 there, here n = 6 on Z_2 x Z_3, alpha = 3/5,
 * E_W = E_H = 1: rho = 6, x* = min(log(alpha/beta), rho/(n-1)) = 6/5 (log(3/5 / (2/25)) =
 * log 7.5 > 6/5), val = -alpha x* + log(exp(x*) + n - 1). */
static void test_exchangeable_closed_form(void)
{
    slong orders[2] = {2, 3}, n = 6;
    pc_abelian_t G;
    pc_cyclic_result_t res;
    pc_cyclic_options_t opt;
    pc_msg_t msg;
    fmpq *q = _fmpq_vec_init(n);
    fmpq_t a, b;
    arb_t val, x, t;
    fmpq_init(a); fmpq_init(b);
    arb_init(val); arb_init(x); arb_init(t);
    pc_abelian_set(&G, orders, 2, 100);
    fmpq_set_si(q, 3, 5);
    for (slong m = 1; m < n; m++) fmpq_set_si(q + m, 2, 25);
    fmpq_set_si(a, n, 1);
    fmpq_set_si(b, n, 1);
    memset(&opt, 0, sizeof opt);
    opt.digits = 30;
    pc_cyclic_result_init(&res);
    pc_status_t st = pc_abelian_certify(&res, q, &G, a, b, &opt, &msg);
    arb_set_si(x, 6);
    arb_div_si(x, x, 5, 256);
    arb_exp(t, x, 256);
    arb_add_si(t, t, n - 1, 256);
    arb_log(val, t, 256);
    arb_mul_si(t, x, 3, 256);
    arb_div_si(t, t, 5, 256);
    arb_sub(val, val, t, 256);
    if (getenv("ABELIAN_DEBUG")) {
        printf("st %d active %ld regime %d msg %s\n", (int) st, (long) res.num_active,
               (int) res.regime, st == PC_OK ? "" : msg.text);
        arb_printd(res.lower, 30); printf("\n"); arb_printd(res.upper, 30); printf("\n");
        arb_printd(val, 30); printf("\n");
    }
    expect(st == PC_OK && !arb_gt(res.lower, val) && !arb_lt(res.upper, val)
           && res.regime == PC_CYCLIC_BINDING && res.num_active == 3, "Z_2 x Z_3",
           "exchangeable q: [lower, upper] contains the closed form, binding, every character "
           "active (3 representatives: 2 pairs, 1 real)");
    pc_cyclic_result_clear(&res);
    _fmpq_vec_clear(q, n);
    fmpq_clear(a); fmpq_clear(b);
    arb_clear(val); arb_clear(x); arb_clear(t);
}

int main(void)
{
    slong o23[2] = {2, 3}, o342[3] = {3, 4, 2}, o2222[4] = {2, 2, 2, 2}, o55[2] = {5, 5},
          o12[1] = {12}, o161[3] = {1, 6, 1};
    test_index("Z_2 x Z_3", o23, 2);
    test_index("Z_3 x Z_4 x Z_2", o342, 3);
    test_index("Z_2^4", o2222, 4);
    test_index("Z_12", o12, 1);
    test_index("Z_1 x Z_6 x Z_1", o161, 3);
    test_dft("Z_2 x Z_3", o23, 2);
    test_dft("Z_3 x Z_4 x Z_2", o342, 3);
    test_dft("Z_2^4", o2222, 4);
    test_dft("Z_5 x Z_5", o55, 2);
    test_dft("Z_12", o12, 1);
    test_dft("Z_1 x Z_6 x Z_1", o161, 3);
    {
        slong ch1[3] = {1, 5, 13}, ch2[4] = {1, 2, 4, 15}, ch3[2] = {6, 7};
        test_active("Z_3 x Z_4 x Z_2", o342, 3, ch1, 3);
        test_active("Z_2^4", o2222, 4, ch2, 4);
        test_active("Z_5 x Z_5", o55, 2, ch3, 2);
    }
    test_cyclic_case();
    test_exchangeable_closed_form();
    printf("%d passed, %d failed\n", passed, failed);
    flint_cleanup();
    return failed != 0;
}
