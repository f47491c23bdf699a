/* The polar KKT system of the sweep (docs/sweep.md "How"), producer (src/cyclic/cyclic_event.c)
 * and checker (src/check/check_sweep_krawczyk.c) each: the analytic Jacobian J = dF/dx, the
 * parameter's column dF/dp and the gradient of an inactive s_hat_k (strict complementarity, the
 * curve form of s_hat) against central differences at 256 bits (step 2^-64: truncation
 * ~2^-128, far below the 1e-25 tolerance; a wrong entry is off by O(1e-3) or more), for every
 * role (rho, coefficient t, margin m, nu), pair and Nyquist frequencies and events, n = 13 and
 * n = 24; then producer and checker agree entry by entry (two codes, one system). The
 * comparator itself is tested: one entry changed by 1e-12 is caught. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arb_mat.h>
#include <acb.h>
#include "peelcert/cyclic.h"
#include "check_sweep.h"

#define PREC 256

static int failures = 0, checks = 0;

static void expect(int ok, const char *what)
{
    checks++;
    if (!ok) failures++;
    printf("%s %s\n", ok ? "ok  " : "FAIL", what);
}

typedef struct {
    slong n, base[8], num_base, event;
    pc_cyclic_event_side_t role;
    const char *name;
} config_t;

static pcc_sw_role_t checker_role(pc_cyclic_event_side_t r)
{
    switch (r) {
    case PC_CYCLIC_EVENT_COEFFICIENT: return PCC_SW_COEFFICIENT;
    case PC_CYCLIC_EVENT_MARGIN: return PCC_SW_MARGIN;
    case PC_CYCLIC_EVENT_NU: return PCC_SW_NU;
    default: return PCC_SW_RHO;
    }
}

/* Evaluations of one side (producer or checker) at (x, p). */
typedef struct {
    slong dim, n;
    arb_ptr F, gp;
    arb_mat_t J;
    acb_ptr shat, grad;
    acb_t grad_p;
} eval_t;

static void eval_init(eval_t *E, slong dim, slong n)
{
    E->dim = dim; E->n = n;
    E->F = _arb_vec_init(dim); E->gp = _arb_vec_init(dim);
    arb_mat_init(E->J, dim, dim);
    E->shat = _acb_vec_init(n); E->grad = _acb_vec_init(dim);
    acb_init(E->grad_p);
}

static void eval_clear(eval_t *E)
{
    _arb_vec_clear(E->F, E->dim); _arb_vec_clear(E->gp, E->dim);
    arb_mat_clear(E->J);
    _acb_vec_clear(E->shat, E->n); _acb_vec_clear(E->grad, E->dim);
    acb_clear(E->grad_p);
}

static void eval_side(eval_t *E, int checker, const config_t *C, arb_srcptr x, const arb_t p,
                      slong k, const fmpq *q)
{
    if (!checker) {
        pc_cyclic_event_t ev;
        pc_cyclic_event_init(&ev, C->n, C->base, C->num_base, C->event, 1);
        _arb_vec_set(ev.x, x, ev.dim);
        pc_cyclic_event_eval(E->F, E->J, E->gp, E->shat, E->grad, E->grad_p, k, &ev, C->role, p,
                             q, PREC);
        pc_cyclic_event_clear(&ev);
    } else {
        pcc_sw_sys_t S;
        pcc_sw_sys_init(&S, C->n, C->base, C->num_base, C->event, 1, checker_role(C->role), q, PREC);
        pcc_sw_eval(E->F, E->J, E->gp, E->shat, E->grad, E->grad_p, k, &S, x, p);
        pcc_sw_sys_clear(&S);
    }
}

/* max |a - b| over the midpoints (the balls are ~2^-250 wide) */
static double diff(const arb_t a, const arb_t b)
{
    arb_t d;
    arb_init(d);
    arb_sub(d, a, b, PREC);
    double r = arf_get_d(arb_midref(d), ARF_RND_NEAR);
    arb_clear(d);
    return r < 0 ? -r : r;
}

/* Central differences of F (and s_hat_k) in x_i (i < dim) or in p (i = dim), divided by 2h. */
static void central(arb_ptr dF, acb_t dshat, int checker, const config_t *C, arb_srcptr x,
                    const arb_t p, slong i, slong k, const fmpq *q, slong dim, const arb_t h)
{
    eval_t Ep, Em;
    eval_init(&Ep, dim, C->n);
    eval_init(&Em, dim, C->n);
    arb_ptr xp = _arb_vec_init(dim), xm = _arb_vec_init(dim);
    arb_t pp, pm, twoh;
    arb_init(pp); arb_init(pm); arb_init(twoh);
    _arb_vec_set(xp, x, dim);
    _arb_vec_set(xm, x, dim);
    arb_set(pp, p);
    arb_set(pm, p);
    if (i < dim) { arb_add(xp + i, xp + i, h, PREC); arb_sub(xm + i, xm + i, h, PREC); }
    else { arb_add(pp, pp, h, PREC); arb_sub(pm, pm, h, PREC); }
    eval_side(&Ep, checker, C, xp, pp, k, q);
    eval_side(&Em, checker, C, xm, pm, k, q);
    arb_mul_2exp_si(twoh, h, 1);
    for (slong r = 0; r < dim; r++) {
        arb_sub(dF + r, Ep.F + r, Em.F + r, PREC);
        arb_div(dF + r, dF + r, twoh, PREC);
    }
    acb_sub(dshat, Ep.shat + k, Em.shat + k, PREC);
    acb_div_arb(dshat, dshat, twoh, PREC);
    eval_clear(&Ep);
    eval_clear(&Em);
    _arb_vec_clear(xp, dim); _arb_vec_clear(xm, dim);
    arb_clear(pp); arb_clear(pm); arb_clear(twoh);
}

/* The largest difference between J | gp | grad and the central differences. */
static double fd_error(const eval_t *E, int checker, const config_t *C, arb_srcptr x,
                       const arb_t p, slong k, const fmpq *q, slong *wi, slong *wj)
{
    slong dim = E->dim;
    arb_ptr dF = _arb_vec_init(dim);
    acb_t ds;
    arb_t h;
    acb_init(ds);
    arb_init(h);
    arb_one(h);
    arb_mul_2exp_si(h, h, -64);
    double worst = 0;
    for (slong i = 0; i <= dim; i++) {
        central(dF, ds, checker, C, x, p, i, k, q, dim, h);
        for (slong r = 0; r < dim; r++) {
            double e = diff(dF + r, i < dim ? arb_mat_entry(E->J, r, i) : E->gp + r);
            if (e > worst) { worst = e; *wi = r; *wj = i; }
        }
        acb_srcptr g = i < dim ? E->grad + i : E->grad_p;
        double e = diff(acb_realref(ds), acb_realref(g)) + diff(acb_imagref(ds), acb_imagref(g));
        if (e > worst) { worst = e; *wi = -1; *wj = i; }
    }
    _arb_vec_clear(dF, dim);
    acb_clear(ds);
    arb_clear(h);
    return worst;
}

static void run_config(const config_t *C, const fmpq *q, flint_rand_t state)
{
    pc_cyclic_event_t ev;
    pc_cyclic_event_init(&ev, C->n, C->base, C->num_base, C->event, 1);
    slong dim = ev.dim;
    pc_cyclic_event_clear(&ev);
    pcc_sw_sys_t S;
    pcc_sw_sys_init(&S, C->n, C->base, C->num_base, C->event, 1, checker_role(C->role), q, PREC);
    expect(S.dim == dim, "producer and checker have the same number of unknowns");
    /* a random point: t in [1/2, 2], theta in [-3, 3], nu in [1/10, 1/2], rho in [3, 6] */
    arb_ptr x = _arb_vec_init(dim);
    for (slong i = 0; i < dim; i++) {
        double u = (double) n_randint(state, 1000000) / 1e6;
        double v = 0.5 + 1.5 * u;                                /* t */
        for (slong a = 0; a < S.k; a++)
            if (S.col_theta[a] == i) v = -3 + 6 * u;
        if (i == S.col_nu) v = 0.1 + 0.4 * u;
        if (i == S.col_rho) v = 3 + 3 * u;
        arb_set_d(x + i, v);
    }
    arb_t p;
    arb_init(p);
    arb_set_d(p, C->role == PC_CYCLIC_EVENT_RHO ? 4.25 : C->role == PC_CYCLIC_EVENT_COEFFICIENT ? 0.3
              : C->role == PC_CYCLIC_EVENT_MARGIN ? 0.05 : 0.2);
    /* an inactive frequency k for the gradient of s_hat_k */
    slong k = 1;
    for (int used = 1; used; k++) {
        used = 0;
        for (slong a = 0; a < S.k; a++) used |= S.freq[a] == k;
        if (!used) break;
    }
    pcc_sw_sys_clear(&S);
    char what[300];
    eval_t E[2];
    for (int side = 0; side < 2; side++) {
        slong wi = -2, wj = -2;
        eval_init(&E[side], dim, C->n);
        eval_side(&E[side], side, C, x, p, k, q);
        double err = fd_error(&E[side], side, C, x, p, k, q, &wi, &wj);
        snprintf(what, sizeof what, "%s (%s): J, dF/dp and grad s_hat_%ld equal central differences "
                 "(max error %.1e at row %ld, column %ld)", C->name, side ? "checker" : "producer",
                 (long) k, err, (long) wi, (long) wj);
        expect(err < 1e-25, what);
    }
    double agree = 0;
    for (slong r = 0; r < dim; r++) {
        agree += diff(E[0].F + r, E[1].F + r) + diff(E[0].gp + r, E[1].gp + r);
        for (slong i = 0; i < dim; i++)
            agree += diff(arb_mat_entry(E[0].J, r, i), arb_mat_entry(E[1].J, r, i));
        agree += diff(acb_realref(E[0].grad + r), acb_realref(E[1].grad + r))
                 + diff(acb_imagref(E[0].grad + r), acb_imagref(E[1].grad + r));
    }
    snprintf(what, sizeof what, "%s: producer and checker give the same F, J, dF/dp, grad (sum of "
             "differences %.1e)", C->name, agree);
    expect(agree < 1e-60, what);
    /* the comparator: one Jacobian entry off by 1e-12 is caught */
    slong wi, wj;
    arb_t d;
    arb_init(d);
    arb_set_d(d, 1e-12);
    arb_add(arb_mat_entry(E[1].J, dim / 2, dim / 3), arb_mat_entry(E[1].J, dim / 2, dim / 3), d, PREC);
    double err = fd_error(&E[1], 1, C, x, p, k, q, &wi, &wj);
    snprintf(what, sizeof what, "%s: a Jacobian entry changed by 1e-12 is caught (error %.1e at "
             "row %ld, column %ld)", C->name, err, (long) wi, (long) wj);
    expect(err > 1e-13 && wi == dim / 2 && wj == dim / 3, what);
    arb_clear(d);
    eval_clear(&E[0]);
    eval_clear(&E[1]);
    _arb_vec_clear(x, dim);
    arb_clear(p);
}

int main(void)
{
    flint_rand_t state;
    flint_randinit(state);
    const config_t configs[] = {
        {13, {1, 3, 4}, 3, 0, PC_CYCLIC_EVENT_RHO, "n = 13, S = {1, 3, 4}, regular (rho)"},
        {13, {1, 3, 4}, 3, 0, PC_CYCLIC_EVENT_NU, "n = 13, S = {1, 3, 4}, interior side (nu)"},
        {13, {1, 3}, 2, 5, PC_CYCLIC_EVENT_COEFFICIENT, "n = 13, S' = {1, 3}, j = 5, coefficient t"},
        {13, {2, 6}, 2, 4, PC_CYCLIC_EVENT_MARGIN, "n = 13, S' = {2, 6}, j = 4, margin m"},
        {24, {2, 5, 12}, 3, 0, PC_CYCLIC_EVENT_RHO, "n = 24, S = {2, 5, 12 (Nyquist)}, regular (rho)"},
        {24, {1, 12}, 2, 0, PC_CYCLIC_EVENT_NU, "n = 24, S = {1, 12}, interior side (nu)"},
        {24, {1, 7}, 2, 12, PC_CYCLIC_EVENT_COEFFICIENT, "n = 24, S' = {1, 7}, j = 12 (Nyquist), coefficient t"},
        {24, {3, 12}, 2, 4, PC_CYCLIC_EVENT_MARGIN, "n = 24, S' = {3, 12}, j = 4, margin m"},
        {24, {3}, 1, 12, PC_CYCLIC_EVENT_MARGIN, "n = 24, S' = {3}, j = 12 (Nyquist), margin m"},
    };
    for (size_t c = 0; c < sizeof configs / sizeof configs[0]; c++) {
        slong n = configs[c].n;
        fmpq *q = _fmpq_vec_init(n);
        fmpz_t total;
        fmpz_init(total);
        for (slong m = 0; m < n; m++) {
            fmpz_set_ui(fmpq_numref(q + m), 1 + n_randint(state, 1000));
            fmpz_add(total, total, fmpq_numref(q + m));
        }
        for (slong m = 0; m < n; m++) {
            fmpz_set(fmpq_denref(q + m), total);
            fmpq_canonicalise(q + m);
        }
        run_config(&configs[c], q, state);
        _fmpq_vec_clear(q, n);
        fmpz_clear(total);
    }
    flint_randclear(state);
    flint_cleanup();
    printf("%d checks, %d failed\n", checks, failures);
    return failures > 0;
}
