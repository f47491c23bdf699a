/* The cyclic path (SPEC 5a; FORMAT.md kind circulant), computed two ways:
 * closed forms (interior = mean entropy, n = 2, one-hot = classical collapse value,
 * exchangeable-as-circulant = the SPEC 5b worked example), an independent naive
 * floating solver (O(n^2) DFT, plain projected gradient), a dense Arb evaluation
 * of f(Z) on the n x n circulant Z, and the dense twin of a circulant-form instance
 * through pc_certify. Fixed seeds; exits nonzero on any failure. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "peelcert/cyclic.h"
#include "peelcert/certify.h"
#include "peelcert/instance.h"

static int passed, failed;

static void expect(int ok, const char *name, const char *what)
{
    if (ok) passed++; else failed++;
    printf("%s %s: %s\n", ok ? "ok  " : "FAIL", name, what);
}

/* 1 if upper - lower is proved <= 10^-digits. */
static int gap_at_most(const arb_t upper, const arb_t lower, slong digits)
{
    arb_t g, t;
    int ok;
    arb_init(g); arb_init(t);
    arb_sub(g, upper, lower, 64 + 4 * digits);
    arb_set_ui(t, 10);
    arb_pow_ui(t, t, (ulong) digits, 64 + 4 * digits);
    arb_inv(t, t, 64 + 4 * digits);
    ok = arb_le(g, t);
    arb_clear(g); arb_clear(t);
    return ok;
}

/* 1 if val (a ball) is compatible with [lower, upper]: val >= lower - tol and val <= upper + tol
 * are not excluded (the balls can overlap up to tol). */
static int within(const arb_t val, const arb_t lower, const arb_t upper, double tol)
{
    arb_t lo, hi;
    int ok;
    arb_init(lo); arb_init(hi);
    arb_set_d(lo, tol);
    arb_sub(lo, lower, lo, 256);
    arb_set_d(hi, tol);
    arb_add(hi, upper, hi, 256);
    arb_union(lo, lo, hi, 256);      /* the interval [lower - tol, upper + tol] */
    ok = arb_overlaps(lo, val);
    arb_clear(lo); arb_clear(hi);
    return ok;
}

static pc_status_t certify(pc_cyclic_result_t *res, const fmpq *q, slong n, const char *E,
                           slong digits)
{
    fmpq_t a, b;
    pc_cyclic_options_t opt = {digits, 0, 0};
    pc_msg_t msg = {{0}};
    pc_status_t st;
    fmpq_init(a); fmpq_init(b);
    fmpq_set_str(a, E, 10);
    fmpq_mul_si(a, a, n);
    fmpq_set(b, a);
    st = pc_cyclic_certify(res, q, n, a, b, &opt, &msg);
    if (st != PC_OK)
        printf("     (n = %ld, E = %s, %ld digits: %s)\n", (long) n, E, (long) digits, msg.text);
    fmpq_clear(a); fmpq_clear(b);
    return st;
}

/* ---- an independent floating solver: naive DFT, projected gradient, step 2 ---- */

static void naive_dft(double *re, double *im, const double *x, slong n)
{
    for (slong j = 0; j < n; j++) {
        re[j] = im[j] = 0.0;
        for (slong m = 0; m < n; m++) {
            double t = -2.0 * M_PI * (double) ((j * m) % n) / (double) n;
            re[j] += x[m] * cos(t);
            im[j] += x[m] * sin(t);
        }
    }
}

/* Projection onto {sum_j |x_hat_j| <= rho, sum x = 0} by bisection on the threshold. */
static void naive_project(double *x, slong n, double rho)
{
    double *re = malloc(sizeof(double) * n), *im = malloc(sizeof(double) * n);
    double lo = 0.0, hi = 0.0, total = 0.0;
    naive_dft(re, im, x, n);
    re[0] = im[0] = 0.0;
    for (slong j = 0; j < n; j++) {
        double a = hypot(re[j], im[j]);
        total += a;
        if (a > hi) hi = a;
    }
    if (total > rho) {
        for (int it = 0; it < 200; it++) {
            double tau = 0.5 * (lo + hi), s = 0.0;
            for (slong j = 0; j < n; j++) s += fmax(hypot(re[j], im[j]) - tau, 0.0);
            if (s > rho) lo = tau; else hi = tau;
        }
        for (slong j = 0; j < n; j++) {
            double a = hypot(re[j], im[j]), f = a > hi ? (a - hi) / a : 0.0;
            re[j] *= f; im[j] *= f;
        }
    }
    for (slong m = 0; m < n; m++) {   /* inverse DFT, real part */
        double v = 0.0;
        for (slong j = 0; j < n; j++) {
            double t = 2.0 * M_PI * (double) ((j * m) % n) / (double) n;
            v += re[j] * cos(t) - im[j] * sin(t);
        }
        x[m] = v / (double) n;
    }
    free(re); free(im);
}

static double naive_ce(const double *q, const double *c, slong n)
{
    double mx = c[0], s = 0.0, qc = 0.0;
    for (slong m = 1; m < n; m++) mx = fmax(mx, c[m]);
    for (slong m = 0; m < n; m++) { s += exp(c[m] - mx); qc += q[m] * c[m]; }
    return mx + log(s) - qc;
}

/* Minimises CE(q, c) on the feasible set: 20000 projected-gradient steps of size 2. */
static double naive_value(const fmpq *q, slong n, double rho)
{
    double *qd = malloc(sizeof(double) * n), *c = calloc((size_t) n, sizeof(double));
    double *s = malloc(sizeof(double) * n), v;
    for (slong m = 0; m < n; m++) qd[m] = fmpq_get_d(q + m);
    for (int it = 0; it < 20000; it++) {
        double mx = c[0], z = 0.0;
        for (slong m = 1; m < n; m++) mx = fmax(mx, c[m]);
        for (slong m = 0; m < n; m++) { s[m] = exp(c[m] - mx); z += s[m]; }
        for (slong m = 0; m < n; m++) c[m] -= 2.0 * (s[m] / z - qd[m]);
        naive_project(c, n, rho);
    }
    v = naive_ce(qd, c, n);
    free(qd); free(c); free(s);
    return v;
}

/* ---- a dense evaluation of f(Z) for the n x n circulant Z[k][i] = c[(k - i) mod n] ---- */

/* Encloses (1/n) sum_i [LSE(z_i) - <p_i, z_i>] with p_i[k] = q[(k - i) mod n], column by
 * column, from the definitions of SPEC 1 (no circulant shortcut). */
static void dense_objective(arb_t out, const fmpq *q, const fmpq *c, slong n, slong prec)
{
    arb_t s, t, z, p;
    arb_init(s); arb_init(t); arb_init(z); arb_init(p);
    arb_zero(out);
    for (slong i = 0; i < n; i++) {
        arb_zero(s);
        for (slong k = 0; k < n; k++) {
            arb_set_fmpq(z, c + ((k - i) % n + n) % n, prec);
            arb_exp(t, z, prec);
            arb_add(s, s, t, prec);
        }
        arb_log(s, s, prec);
        for (slong k = 0; k < n; k++) {
            arb_set_fmpq(z, c + ((k - i) % n + n) % n, prec);
            arb_set_fmpq(p, q + ((k - i) % n + n) % n, prec);
            arb_submul(s, p, z, prec);
        }
        arb_add(out, out, s, prec);
    }
    arb_div_si(out, out, n, prec);
    arb_clear(s); arb_clear(t); arb_clear(z); arb_clear(p);
}

/* The soft "next item" family: 1/2 on the next, 1/4 on the one after, 1/4 spread. */
static void soft_next(fmpq *q, slong n)
{
    for (slong m = 0; m < n; m++) fmpq_set_si(q + m, 1, 4 * (n - 2));
    fmpq_set_si(q + 1, 1, 2);
    fmpq_set_si(q + 2, 1, 4);
}

static void random_distribution(fmpq *q, slong n, flint_rand_t state, int with_zero)
{
    fmpz_t total;
    fmpz_init(total);
    for (slong m = 0; m < n; m++) {
        fmpz_set_ui(fmpq_numref(q + m), with_zero && m == n / 2 ? 0 : 1 + n_randint(state, 20));
        fmpz_add(total, total, fmpq_numref(q + m));
    }
    for (slong m = 0; m < n; m++) {
        fmpz_set(fmpq_denref(q + m), total);
        fmpq_canonicalise(q + m);
    }
    fmpz_clear(total);
}

/* ---- the tests ---- */

static void test_days_of_week(void)
{
    slong n = 7;
    fmpq *q = _fmpq_vec_init(n);
    pc_cyclic_result_t r30, r100;
    arb_t dense;
    soft_next(q, n);
    pc_cyclic_result_init(&r30);
    pc_cyclic_result_init(&r100);
    arb_init(dense);
    expect(certify(&r30, q, n, "1", 30) == PC_OK, "days-30", "certified at 30 digits");
    expect(gap_at_most(r30.upper, r30.lower, 30), "days-30", "gap <= 1e-30");
    expect(r30.regime == PC_CYCLIC_BINDING, "days-30", "binding proved");
    expect(r30.num_active == 2 && r30.active[0] == 1 && r30.active[1] == 2, "days-30",
           "active frequencies {1, 2}");
    expect(certify(&r100, q, n, "1", 100) == PC_OK, "days-100", "certified at 100 digits");
    expect(gap_at_most(r100.upper, r100.lower, 100), "days-100", "gap <= 1e-100");
    expect(arb_overlaps(r30.upper, r100.upper) || within(r100.upper, r30.lower, r30.upper, 0),
           "days-100", "consistent with the 30-digit interval");
    {
        fmpq_t s;
        fmpq_init(s);
        for (slong m = 0; m < n; m++) fmpq_add(s, s, r100.c + m);
        expect(fmpq_is_zero(s), "days-100", "primal exactly centered");
        fmpq_zero(s);
        int nonneg = 1;
        for (slong m = 0; m < n; m++) { fmpq_add(s, s, r100.r + m); nonneg &= fmpq_sgn(r100.r + m) >= 0; }
        expect(fmpq_is_one(s) && nonneg, "days-100", "dual exactly in the simplex");
        fmpq_clear(s);
    }
    /* the primal value computed densely, column by column, agrees with the upper bound */
    dense_objective(dense, q, r100.c, n, 512);
    expect(arb_overlaps(dense, r100.upper), "days-dense", "dense f(Z) matches CE(q, c)");
    expect(within(dense, r100.lower, r100.upper, 0), "days-dense", "dense f(Z) in [lower, upper]");
    /* an independent floating solver */
    {
        arb_t v;
        arb_init(v);
        arb_set_d(v, naive_value(q, n, 7.0));
        expect(within(v, r30.lower, r30.upper, 1e-8), "days-naive", "naive PGD value agrees to 1e-8");
        arb_clear(v);
    }
    pc_cyclic_result_clear(&r30);
    pc_cyclic_result_clear(&r100);
    arb_clear(dense);
    _fmpq_vec_clear(q, n);
}

/* Interior: c* = centered log q, value = H(q). */
static void test_interior(void)
{
    slong n = 5;
    fmpq *q = _fmpq_vec_init(n);
    pc_cyclic_result_t res;
    arb_t h, l, mean;
    int close = 1;
    fmpq_set_si(q + 0, 1, 10); fmpq_set_si(q + 1, 3, 10); fmpq_set_si(q + 2, 1, 5);
    fmpq_set_si(q + 3, 1, 4); fmpq_set_si(q + 4, 3, 20);
    pc_cyclic_result_init(&res);
    arb_init(h); arb_init(l); arb_init(mean);
    expect(certify(&res, q, n, "100", 40) == PC_OK, "interior", "certified at 40 digits");
    expect(res.regime == PC_CYCLIC_INTERIOR, "interior", "interior proved");
    pc_cyclic_entropy(h, q, n, 256);
    expect(within(h, res.lower, res.upper, 0), "interior", "value = H(q)");
    expect(gap_at_most(res.upper, res.lower, 40), "interior", "gap <= 1e-40");
    for (slong m = 0; m < n; m++) {
        arb_set_fmpq(l, q + m, 256);
        arb_log(l, l, 256);
        arb_add(mean, mean, l, 256);
    }
    arb_div_si(mean, mean, n, 256);
    for (slong m = 0; m < n; m++) {
        arb_t d;
        arb_init(d);
        arb_set_fmpq(l, q + m, 256);
        arb_log(l, l, 256);
        arb_sub(l, l, mean, 256);
        arb_set_fmpq(d, res.c + m, 256);
        arb_sub(d, d, l, 256);
        arb_abs(d, d);
        close &= arf_cmpabs_2exp_si(arb_midref(d), -100) < 0;
        arb_clear(d);
    }
    expect(close, "interior", "c = centered log q to 2^-100");
    pc_cyclic_result_clear(&res);
    arb_clear(h); arb_clear(l); arb_clear(mean);
    _fmpq_vec_clear(q, n);
}

/* n = 1 (value 0) and n = 2 (closed form log(2 cosh x) - x/2 with x = min(rho/2, log(3)/2)). */
static void test_small_n(void)
{
    fmpq *q1 = _fmpq_vec_init(1), *q2 = _fmpq_vec_init(2);
    pc_cyclic_result_t res;
    arb_t v, x;
    arb_init(v); arb_init(x);
    fmpq_one(q1);
    pc_cyclic_result_init(&res);
    expect(certify(&res, q1, 1, "1", 30) == PC_OK, "n=1", "certified");
    expect(arb_contains_zero(res.upper) && arb_contains_zero(res.lower), "n=1", "value 0");
    pc_cyclic_result_clear(&res);

    fmpq_set_si(q2 + 0, 1, 4);
    fmpq_set_si(q2 + 1, 3, 4);
    for (int binding = 0; binding <= 1; binding++) {
        pc_cyclic_result_init(&res);
        /* rho = 2E: E = 1/10 binds (x = 1/10), E = 1 does not (x = log(3)/2 < 1) */
        expect(certify(&res, q2, 2, binding ? "1/10" : "1", 50) == PC_OK, "n=2", "certified");
        if (binding) { arb_set_si(x, 1); arb_div_si(x, x, 10, 256); }
        else { arb_set_si(x, 3); arb_log(x, x, 256); arb_mul_2exp_si(x, x, -1); }
        arb_cosh(v, x, 256);
        arb_mul_2exp_si(v, v, 1);
        arb_log(v, v, 256);
        arb_mul_2exp_si(x, x, -1);
        arb_sub(v, v, x, 256);
        expect(within(v, res.lower, res.upper, 0), "n=2", "closed form inside [lower, upper]");
        expect(gap_at_most(res.upper, res.lower, 50), "n=2", "gap <= 1e-50");
        expect(res.regime == (binding ? PC_CYCLIC_BINDING : PC_CYCLIC_INTERIOR), "n=2", "regime");
        pc_cyclic_result_clear(&res);
    }
    arb_clear(v); arb_clear(x);
    _fmpq_vec_clear(q1, 1);
    _fmpq_vec_clear(q2, 2);
}

/* Uniform q: c = 0 is optimal, value log n. */
static void test_uniform(void)
{
    slong n = 12;
    fmpq *q = _fmpq_vec_init(n);
    pc_cyclic_result_t res;
    arb_t v;
    arb_init(v);
    for (slong m = 0; m < n; m++) fmpq_set_si(q + m, 1, n);
    pc_cyclic_result_init(&res);
    expect(certify(&res, q, n, "1", 30) == PC_OK, "uniform", "certified");
    arb_log_ui(v, (ulong) n, 256);
    expect(within(v, res.lower, res.upper, 0), "uniform", "value log n");
    expect(res.regime == PC_CYCLIC_INTERIOR, "uniform", "interior");
    pc_cyclic_result_clear(&res);
    arb_clear(v);
    _fmpq_vec_clear(q, n);
}

/* One-hot (zero entries): P is a shifted identity, value log(1 + (n-1) exp(-rho/(n-1)));
 * and a circulant exchangeable q: the SPEC 5b worked example 1.26361458519405... */
static void test_closed_forms(void)
{
    slong n = 7;
    fmpq *q = _fmpq_vec_init(n);
    pc_cyclic_result_t res;
    arb_t v, t;
    arb_init(v); arb_init(t);
    fmpq_one(q + 3);
    pc_cyclic_result_init(&res);
    expect(certify(&res, q, n, "1", 40) == PC_OK, "onehot", "certified");
    arb_set_si(t, -7);
    arb_div_si(t, t, 6, 256);
    arb_exp(t, t, 256);
    arb_mul_si(t, t, 6, 256);
    arb_add_si(t, t, 1, 256);
    arb_log(v, t, 256);
    expect(within(v, res.lower, res.upper, 0), "onehot", "value log(1 + 6 exp(-7/6))");
    expect(res.regime == PC_CYCLIC_BINDING, "onehot", "binding (zero targets)");
    expect(gap_at_most(res.upper, res.lower, 40), "onehot", "gap <= 1e-40");
    pc_cyclic_result_clear(&res);
    _fmpq_vec_clear(q, n);

    n = 5;
    q = _fmpq_vec_init(n);
    fmpq_set_si(q, 3, 5);
    for (slong m = 1; m < n; m++) fmpq_set_si(q + m, 1, 10);
    pc_cyclic_result_init(&res);
    expect(certify(&res, q, n, "1", 40) == PC_OK, "exch-as-circulant", "certified");
    arb_set_si(t, 5);
    arb_div_si(t, t, 4, 256);
    arb_exp(t, t, 256);
    arb_add_si(t, t, 4, 256);
    arb_log(v, t, 256);
    arb_set_si(t, 3);
    arb_div_si(t, t, 4, 256);
    arb_sub(v, v, t, 256);
    expect(within(v, res.lower, res.upper, 0), "exch-as-circulant", "value -3/4 + log(e^(5/4) + 4)");
    expect(res.regime == PC_CYCLIC_BINDING, "exch-as-circulant", "binding");
    pc_cyclic_result_clear(&res);
    arb_clear(v); arb_clear(t);
    _fmpq_vec_clear(q, n);
}

/* Random instances (fixed seed): certified, gap met, naive solver and dense f agree. */
static void test_random(void)
{
    flint_rand_t state;
    const char *budgets[] = {"1/10", "1/2", "1", "3"};
    int all_ok = 1, all_gap = 1, all_naive = 1, all_dense = 1, binding = 0, kproved = 0;
    flint_randinit(state);
    for (int trial = 0; trial < 24; trial++) {
        slong n = 3 + n_randint(state, 10);
        const char *E = budgets[trial % 4];
        fmpq *q = _fmpq_vec_init(n);
        pc_cyclic_result_t res;
        arb_t v;
        double rho;
        arb_init(v);
        random_distribution(q, n, state, trial % 3 == 0);
        pc_cyclic_result_init(&res);
        if (certify(&res, q, n, E, 25) != PC_OK) {
            all_ok = 0;
            printf("     trial %d (n = %ld, E = %s) not certified\n", trial, (long) n, E);
        } else {
            all_gap &= gap_at_most(res.upper, res.lower, 25);
            if (res.regime == PC_CYCLIC_BINDING) {
                binding++;
                kproved += res.krawczyk_proved;
                if (!res.krawczyk_proved)
                    printf("     trial %d (n = %ld, E = %s): krawczyk %s\n", trial, (long) n, E,
                           res.krawczyk_note);
            }
            dense_objective(v, q, res.c, n, 256);
            all_dense &= arb_overlaps(v, res.upper);
            fmpq_t e;
            fmpq_init(e);
            fmpq_set_str(e, E, 10);
            rho = n * fmpq_get_d(e);
            fmpq_clear(e);
            arb_set_d(v, naive_value(q, n, rho));
            if (!within(v, res.lower, res.upper, 1e-7)) {
                all_naive = 0;
                printf("     trial %d (n = %ld, E = %s): naive value %.12f vs upper ", trial,
                       (long) n, E, arf_get_d(arb_midref(v), ARF_RND_NEAR));
                arb_printd(res.upper, 15);
                printf("\n");
            }
        }
        pc_cyclic_result_clear(&res);
        arb_clear(v);
        _fmpq_vec_clear(q, n);
    }
    flint_randclear(state);
    expect(all_ok, "random", "24 random instances certified at 25 digits");
    expect(all_gap, "random", "every gap <= 1e-25");
    expect(all_dense, "random", "dense f(Z) equals CE(q, c) every time");
    expect(all_naive, "random", "naive floating solver agrees to 1e-7 every time");
    printf("     krawczyk proved on %d of %d binding random instances\n", kproved, binding);
    expect(kproved >= binding - binding / 4, "random", "krawczyk proved on most binding instances");
}

/* Larger n on the floating-only route and the refined route. */
static void test_large(void)
{
    slong n = 2000;
    fmpq *q = _fmpq_vec_init(n);
    pc_cyclic_result_t res;
    soft_next(q, n);
    pc_cyclic_result_init(&res);
    expect(certify(&res, q, n, "1", 10) == PC_OK, "n=2000", "certified at 10 digits");
    expect(gap_at_most(res.upper, res.lower, 10), "n=2000", "gap <= 1e-10");
    expect(res.regime == PC_CYCLIC_BINDING, "n=2000", "binding");
    pc_cyclic_result_clear(&res);
    _fmpq_vec_clear(q, n);
}

static json_t *rational_json(const fmpq_t x)
{
    char *text = fmpq_get_str(NULL, 10, x);
    json_t *j = json_string(text);
    flint_free(text);
    return j;
}

/* The circulant-form instance and its dense twin through pc_certify give the same
 * certified interval, both on the circulant path. */
static void test_dense_twin(void)
{
    slong n = 7;
    fmpq *q = _fmpq_vec_init(n);
    json_t *circ = json_object(), *dense = json_object(), *row, *rows, *t;
    pc_instance_t ic, id;
    pc_cert_t cc, cd;
    pc_certify_report_t rc, rd;
    pc_certify_options_t opt = { .digits = 30 };
    pc_msg_t msg = {{0}};
    soft_next(q, n);
    t = json_object();
    row = json_array();
    for (slong m = 0; m < n; m++) json_array_append_new(row, rational_json(q + m));
    json_object_set_new(t, "circulant", row);
    rows = json_array();
    for (slong i = 0; i < n; i++) {
        row = json_array();
        for (slong k = 0; k < n; k++)
            json_array_append_new(row, rational_json(q + ((k - i) % n + n) % n));
        json_array_append_new(rows, row);
    }
    json_object_set_new(circ, "format", json_string("peelcert-instance/1"));
    json_object_set_new(circ, "tokens", json_integer(n));
    json_object_set_new(circ, "contexts", json_integer(n));
    json_object_set_new(circ, "E_W", json_string("1"));
    json_object_set_new(circ, "E_H", json_string("1"));
    json_object_update(dense, circ);
    json_object_set_new(circ, "targets", t);
    json_object_set_new(dense, "targets", rows);
    pc_instance_init(&ic);
    pc_instance_init(&id);
    expect(pc_instance_from_json(&ic, circ, &msg) == PC_OK, "twin", "circulant-form instance reads");
    expect(pc_instance_from_json(&id, dense, &msg) == PC_OK, "twin", "dense-form instance reads");
    pc_cert_init(&cc, PC_CERT_DENSE);
    pc_cert_init(&cd, PC_CERT_DENSE);
    expect(pc_certify(&cc, &rc, &ic, &opt, &msg) == PC_OK, "twin", "circulant form certified");
    expect(pc_certify(&cd, &rd, &id, &opt, &msg) == PC_OK, "twin", "dense twin certified");
    expect(cc.kind == PC_CERT_CIRCULANT && cd.kind == PC_CERT_CIRCULANT, "twin", "both circulant kind");
    expect(arb_overlaps(cc.upper, cd.upper) && arb_overlaps(cc.lower, cd.lower), "twin",
           "same certified interval");
    expect(gap_at_most(cd.upper, cd.lower, 30), "twin", "gap <= 1e-30");
    expect(cd.structure == PC_STRUCTURE_CIRCULANT && cd.regime == PC_REGIME_BINDING, "twin",
           "structure circulant, regime binding");
    expect(rc.rank == 4, "twin", "rank 4 (frequency pairs 1, 2)");
    pc_cert_clear(&cc);
    pc_cert_clear(&cd);
    pc_instance_clear(&ic);
    pc_instance_clear(&id);
    json_decref(circ);
    json_decref(dense);
    _fmpq_vec_clear(q, n);
}

/* Reads proofs-data/<name>.json (circulant form): q and the budgets. 0 on failure. */
static int read_proofs_instance(fmpq **q, slong *n, fmpq_t a, fmpq_t b, const char *name)
{
    char path[1024];
    const char *src = getenv("PEELCERT_SOURCE");
    pc_instance_t inst;
    pc_msg_t msg;
    int ok;
    snprintf(path, sizeof path, "%s/proofs-data/%s.json", src ? src : "../..", name);
    pc_instance_init(&inst);
    ok = pc_instance_read_file(&inst, path, &msg) == PC_OK && inst.form == PC_TARGETS_CIRCULANT;
    if (ok) {
        *n = inst.tokens;
        *q = _fmpq_vec_init(*n);
        for (slong m = 0; m < *n; m++)
            fmpq_set(*q + m, inst.circulant + m);
        pc_instance_budgets(a, b, &inst);
    } else
        printf("     cannot read %s: %s\n", path, msg.text);
    pc_instance_clear(&inst);
    return ok;
}

/* Refines at prec from the certificate's c of res (active set copied into active). */
static int refine_from(arb_ptr c, arb_t nu, slong *active, slong *num_active,
                       const pc_cyclic_result_t *res, const fmpq *q, slong n, const arb_t rho,
                       slong prec)
{
    pc_msg_t msg;
    for (slong m = 0; m < n; m++)
        arb_set_fmpq(c + m, res->c + m, prec);
    arb_zero(nu);
    *num_active = res->num_active;
    for (slong k = 0; k < res->num_active; k++)
        active[k] = res->active[k];
    return pc_cyclic_refine(c, nu, active, num_active, q, n, rho, prec, &msg) == PC_OK;
}

/* Krawczyk (issue 3 item 4): proved on the binding proofs-data instances with a tiny box;
 * never proved with a wrong active set (a frequency dropped, or a zero one added). */
static void test_krawczyk(void)
{
    const char *names[] = {"days-of-week", "cyclic-days-one-pair", "cyclic-days-two-pairs",
                           "cyclic-days-three-pairs", "cyclic-months-one-pair",
                           "cyclic-months-two-pairs", "cyclic-months-three-pairs",
                           "cyclic-hours-one-pair", "cyclic-hours-two-pairs",
                           "cyclic-hours-three-pairs"};
    const slong pairs[] = {3, 1, 2, 3, 1, 2, 3, 1, 2, 3};
    int all_proved = 1, all_small = 1, all_pairs = 1, dropped_ok = 1, added_ok = 1, full_ok = 1;
    for (int i = 0; i < 10; i++) {
        fmpq *q = NULL;
        slong n = 0, num_active, *active, prec = 256;
        fmpq_t a, b;
        pc_cyclic_result_t res;
        pc_cyclic_options_t opt = {50, 0, 0};
        pc_msg_t msg;
        arb_ptr c;
        arb_t nu, rho;
        double radius;
        fmpq_init(a); fmpq_init(b);
        if (!read_proofs_instance(&q, &n, a, b, names[i])) {
            all_proved = 0;
            fmpq_clear(a); fmpq_clear(b);
            continue;
        }
        pc_cyclic_result_init(&res);
        if (pc_cyclic_certify(&res, q, n, a, b, &opt, &msg) != PC_OK || !res.krawczyk_proved) {
            all_proved = 0;
            printf("     %s: krawczyk not proved (%s)\n", names[i], res.krawczyk_note);
        }
        all_small &= res.krawczyk_radius > 0 && res.krawczyk_radius < 1e-40;
        all_pairs &= res.num_active == pairs[i] && res.active[res.num_active - 1] < (n + 1) / 2;
        /* wrong active sets around a refined point */
        c = _arb_vec_init(n);
        arb_init(nu); arb_init(rho);
        active = flint_malloc(sizeof(slong) * (n / 2 + 2));
        pc_cyclic_rho(rho, a, b, prec + 64);
        if (refine_from(c, nu, active, &num_active, &res, q, n, rho, prec)) {
            full_ok &= pc_cyclic_krawczyk(&radius, c, nu, active, num_active, q, n, rho,
                                          prec + 32, &msg) == PC_OK;
            if (num_active > 1)   /* drop the last active frequency */
                dropped_ok &= pc_cyclic_krawczyk(&radius, c, nu, active, num_active - 1, q, n,
                                                 rho, prec + 32, &msg) != PC_OK;
            if (active[num_active - 1] < n / 2) {   /* add n/2 (or the last frequency), inactive */
                active[num_active] = n / 2;
                added_ok &= pc_cyclic_krawczyk(&radius, c, nu, active, num_active + 1, q, n,
                                               rho, prec + 32, &msg) != PC_OK;
            }
        } else
            full_ok = 0;
        flint_free(active);
        _arb_vec_clear(c, n);
        arb_clear(nu); arb_clear(rho);
        pc_cyclic_result_clear(&res);
        _fmpq_vec_clear(q, n);
        fmpq_clear(a); fmpq_clear(b);
    }
    expect(all_proved, "krawczyk", "exact KKT point proved on days-of-week and 9 cyclic-* instances");
    expect(all_small, "krawczyk", "box radius < 1e-40 at 50 digits");
    expect(all_pairs, "krawczyk", "active pairs 3 / 1 / 2 / 3 as the file names say");
    expect(full_ok, "krawczyk", "proved again from a 256-bit refinement");
    expect(dropped_ok, "krawczyk", "never proved with an active frequency dropped");
    expect(added_ok, "krawczyk", "never proved with an inactive frequency added");
}

int main(void)
{
    test_days_of_week();
    test_interior();
    test_small_n();
    test_uniform();
    test_closed_forms();
    test_random();
    test_large();
    test_dense_twin();
    test_krawczyk();
    printf("%d passed, %d failed\n", passed, failed);
    flint_cleanup();
    return failed != 0;
}
