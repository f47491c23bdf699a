/* Breakpoints and cells of the cyclic phase diagram (SPEC 5a, 13; docs/sweep.md): the polar
 * KKT system of cyclic.h (pc_cyclic_event_t), its Newton method (finds) and its Krawczyk test
 * with the parameter an interval (proves).
 *
 * Every active frequency f is in polar form z_f = t_f e_f, e_f = e^{i theta_f} (Nyquist: a
 * fixed sign sigma), so the stationarity rows g_hat_f + nu e_f = 0 have no 1 / |z_f| (the
 * Cartesian form's curvature, which limits boxes to a small fraction of |z_f|). Residual rows,
 * in the Cartesian layout of S' u {j} (cyclic_internal.h): Re or Im of g_hat_f + k_f e_f with
 * k_f = nu (f != j) or nu - m (f = j), then sum_f w_f t_f - rho (t_j the parameter t). The
 * softmax part of the Jacobian is cyclic_kkt_dshat through d z_f / d t_f = e_f and
 * d z_f / d theta_f = i t_f e_f. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "peelcert/cyclic.h"
#include "cyclic_internal.h"

/* The system at one active set: R holds S' u {j} (Cartesian layout, for cyclic_kkt_dshat);
 * per active index a: the columns of t_a and theta_a in x (-1: a parameter or absent) and the
 * Cartesian rows of Re, Im z_a (-1: Nyquist). */
typedef struct {
    cyclic_kkt_t R;
    pc_cyclic_event_side_t role;
    slong dim, jpos, col_nu, col_rho;
    slong *col_t, *col_theta, *row_re, *row_im;
    int sigma;
} event_sys_t;

/* The parameters: t_j, m (event roles), nu (NU), rho (RHO); 0 where unused. */
typedef struct {
    arb_t t, m, nu, rho;
} event_params_t;

static slong polar_unknowns(const slong *freq, slong k, slong n)
{
    slong p = 0;
    for (slong a = 0; a < k; a++)
        p += 2 * freq[a] == n ? 1 : 2;
    return p;
}

void pc_cyclic_event_init(pc_cyclic_event_t *ev, slong n, const slong *base, slong num_base,
                          slong event, int sigma)
{
    ev->n = n;
    ev->num_base = num_base;
    ev->base = malloc(sizeof(slong) * (size_t) FLINT_MAX(num_base, 1));
    memcpy(ev->base, base, sizeof(slong) * (size_t) num_base);
    ev->event = event;
    ev->sigma = sigma >= 0 ? 1 : -1;
    slong p = polar_unknowns(base, num_base, n);
    if (event == 0)
        ev->dim = p + 1;                           /* polar S, then nu (RHO) or rho (NU) */
    else
        ev->dim = p + (2 * event == n ? 2 : 3);    /* polar S', nu, (theta_j), rho */
    ev->x = _arb_vec_init(ev->dim);
}

void pc_cyclic_event_clear(pc_cyclic_event_t *ev)
{
    free(ev->base);
    _arb_vec_clear(ev->x, ev->dim);
}

static void sys_init(event_sys_t *S, const pc_cyclic_event_t *ev, pc_cyclic_event_side_t role,
                     const fmpq *q, slong prec)
{
    cyclic_kkt_t *R = &S->R;
    slong n = ev->n, k = ev->num_base + (ev->event != 0);
    cyclic_kkt_init(R, q, n, prec);
    _acb_vec_clear(R->z, 1);
    R->k = k;
    R->z = _acb_vec_init(k);
    R->freq = flint_malloc(sizeof(slong) * (size_t) k);
    S->role = role;
    S->jpos = -1;
    for (slong a = 0, b = 0; a < k; a++) {
        if (ev->event != 0 && S->jpos < 0 && (b == ev->num_base || ev->base[b] > ev->event)) {
            R->freq[a] = ev->event;
            S->jpos = a;
        } else {
            R->freq[a] = ev->base[b++];
        }
    }
    cyclic_kkt_layout(R);
    S->col_t = malloc(sizeof(slong) * (size_t) k);
    S->col_theta = malloc(sizeof(slong) * (size_t) k);
    S->row_re = malloc(sizeof(slong) * (size_t) k);
    S->row_im = malloc(sizeof(slong) * (size_t) k);
    for (slong i = 0; i < R->p; i++) {
        if (R->pt[i] == 0) { S->row_re[R->pa[i]] = i; S->row_im[R->pa[i]] = -1; }
        else S->row_im[R->pa[i]] = i;
    }
    slong c = 0;
    for (slong a = 0; a < k; a++) {
        int nyq = 2 * R->freq[a] == n;
        S->col_t[a] = a == S->jpos ? -1 : c++;
        S->col_theta[a] = nyq || a == S->jpos ? -1 : c++;
    }
    S->col_nu = role == PC_CYCLIC_EVENT_NU ? -1 : c++;
    if (S->jpos >= 0 && 2 * ev->event != n)
        S->col_theta[S->jpos] = c++;
    S->col_rho = role == PC_CYCLIC_EVENT_RHO ? -1 : c++;
    S->dim = c;
    S->sigma = ev->sigma;
}

static void sys_clear(event_sys_t *S)
{
    free(S->col_t); free(S->col_theta); free(S->row_re); free(S->row_im);
    cyclic_kkt_clear(&S->R);
}

static void params_init(event_params_t *P, pc_cyclic_event_side_t role, const arb_t param)
{
    arb_init(P->t); arb_init(P->m); arb_init(P->nu); arb_init(P->rho);
    if (role == PC_CYCLIC_EVENT_COEFFICIENT) arb_set(P->t, param);
    else if (role == PC_CYCLIC_EVENT_MARGIN) arb_set(P->m, param);
    else if (role == PC_CYCLIC_EVENT_NU) arb_set(P->nu, param);
    else arb_set(P->rho, param);
}

static void params_mid(event_params_t *M, const event_params_t *P)
{
    arb_init(M->t); arb_init(M->m); arb_init(M->nu); arb_init(M->rho);
    arb_get_mid_arb(M->t, P->t); arb_get_mid_arb(M->m, P->m);
    arb_get_mid_arb(M->nu, P->nu); arb_get_mid_arb(M->rho, P->rho);
}

static void params_clear(event_params_t *P)
{
    arb_clear(P->t); arb_clear(P->m); arb_clear(P->nu); arb_clear(P->rho);
}

/* e_a = e^{i theta_a} (pair) or sigma (Nyquist). */
static void sys_direction(acb_t e, const event_sys_t *S, arb_srcptr x, slong a)
{
    acb_zero(e);
    if (S->col_theta[a] >= 0)
        arb_sin_cos(acb_imagref(e), acb_realref(e), x + S->col_theta[a], S->R.prec);
    else
        arb_set_si(acb_realref(e), S->sigma);
}

static arb_srcptr sys_t(const event_sys_t *S, arb_srcptr x, const event_params_t *P, slong a)
{
    return S->col_t[a] >= 0 ? x + S->col_t[a] : P->t;
}

static arb_srcptr sys_nu(const event_sys_t *S, arb_srcptr x, const event_params_t *P)
{
    return S->col_nu >= 0 ? x + S->col_nu : P->nu;
}

static arb_srcptr sys_rho(const event_sys_t *S, arb_srcptr x, const event_params_t *P)
{
    return S->col_rho >= 0 ? x + S->col_rho : P->rho;
}

/* The spectrum z_a = t_a e_a; then c, s, shat (cyclic_kkt_point). */
static void sys_point(event_sys_t *S, arb_srcptr x, const event_params_t *P)
{
    cyclic_kkt_t *R = &S->R;
    acb_t e;
    acb_init(e);
    for (slong a = 0; a < R->k; a++) {
        sys_direction(e, S, x, a);
        acb_mul_arb(R->z + a, e, sys_t(S, x, P, a), R->prec);
    }
    cyclic_kkt_point(R, R->z);
    acb_clear(e);
}

/* F (dim) at x after sys_point(S, x, P). */
static void sys_residual(arb_ptr F, event_sys_t *S, arb_srcptr x, const event_params_t *P)
{
    cyclic_kkt_t *R = &S->R;
    slong prec = R->prec, n = R->n;
    acb_t g, e;
    arb_t coef;
    acb_init(g); acb_init(e); arb_init(coef);
    arb_neg(F + R->p, sys_rho(S, x, P));
    for (slong a = 0; a < R->k; a++)
        arb_addmul_si(F + R->p, sys_t(S, x, P, a), 2 * R->freq[a] == n ? 1 : 2, prec);
    for (slong i = 0; i < R->p; i++) {
        slong f = R->pf[i], a = R->pa[i];
        sys_direction(e, S, x, a);
        arb_set(coef, sys_nu(S, x, P));
        if (a == S->jpos)
            arb_sub(coef, coef, P->m, prec);
        acb_sub(g, R->shat + f, R->qhat + f, prec);
        acb_addmul_arb(g, e, coef, prec);
        arb_set(F + i, R->pt[i] == 0 ? acb_realref(g) : acb_imagref(g));
    }
    acb_clear(g); acb_clear(e); arb_clear(coef);
}

/* J (dim x dim) at x after sys_point(S, x, P). */
static void sys_jacobian(arb_mat_t J, event_sys_t *S, arb_srcptr x, const event_params_t *P)
{
    cyclic_kkt_t *R = &S->R;
    slong prec = R->prec, n = R->n;
    acb_t e, ie;
    arb_t dre, dim_, d, coef;
    acb_init(e); acb_init(ie); arb_init(dre); arb_init(dim_); arb_init(d); arb_init(coef);
    arb_mat_zero(J);
    for (slong r = 0; r < R->p; r++) {
        slong tr = R->pt[r], ar = R->pa[r];
        for (slong a = 0; a < R->k; a++) {
            arb_srcptr t = sys_t(S, x, P, a);
            sys_direction(e, S, x, a);
            cyclic_kkt_dshat(dre, R, r, S->row_re[a]);
            if (S->row_im[a] >= 0) cyclic_kkt_dshat(dim_, R, r, S->row_im[a]);
            else arb_zero(dim_);
            if (S->col_t[a] >= 0) {        /* d z / d t = e */
                arb_mul(d, dre, acb_realref(e), prec);
                arb_addmul(d, dim_, acb_imagref(e), prec);
                arb_add(arb_mat_entry(J, r, S->col_t[a]), arb_mat_entry(J, r, S->col_t[a]), d, prec);
            }
            if (S->col_theta[a] >= 0) {    /* d z / d theta = i t e = t (-sin, cos) */
                arb_mul(d, dim_, acb_realref(e), prec);
                arb_submul(d, dre, acb_imagref(e), prec);
                arb_mul(d, d, t, prec);
                arb_add(arb_mat_entry(J, r, S->col_theta[a]), arb_mat_entry(J, r, S->col_theta[a]), d, prec);
            }
        }
        /* the row's own k e: d / d theta = k i e, d / d nu = e */
        sys_direction(e, S, x, ar);
        arb_set(coef, sys_nu(S, x, P));
        if (ar == S->jpos)
            arb_sub(coef, coef, P->m, prec);
        if (S->col_theta[ar] >= 0) {
            acb_mul_onei(ie, e);
            arb_addmul(arb_mat_entry(J, r, S->col_theta[ar]), coef,
                       tr == 0 ? acb_realref(ie) : acb_imagref(ie), prec);
        }
        if (S->col_nu >= 0)
            arb_set(arb_mat_entry(J, r, S->col_nu), tr == 0 ? acb_realref(e) : acb_imagref(e));
    }
    for (slong a = 0; a < R->k; a++)
        if (S->col_t[a] >= 0)
            arb_set_si(arb_mat_entry(J, R->p, S->col_t[a]), 2 * R->freq[a] == n ? 1 : 2);
    if (S->col_rho >= 0)
        arb_set_si(arb_mat_entry(J, R->p, S->col_rho), -1);
    acb_clear(e); acb_clear(ie); arb_clear(dre); arb_clear(dim_); arb_clear(d); arb_clear(coef);
}

void pc_cyclic_event_load(pc_cyclic_event_t *ev, arb_t param, arb_srcptr c, const arb_t nu,
                          const arb_t rho, pc_cyclic_event_side_t role, const fmpq *q, slong prec)
{
    event_sys_t S;
    slong n = ev->n;
    acb_t g;
    arb_t abs, mx, sum;
    acb_init(g); arb_init(abs); arb_init(mx); arb_init(sum);
    sys_init(&S, ev, role, q, prec);
    cyclic_kkt_t *R = &S.R;
    /* spec = c_hat, shat = DFT of softmax(c) */
    arb_get_mid_arb(mx, c);
    for (slong m = 0; m < n; m++) {
        arb_get_mid_arb(acb_realref(R->tmp + m), c + m);
        arb_zero(acb_imagref(R->tmp + m));
    }
    acb_dft_precomp(R->spec, R->tmp, R->pre, prec);
    for (slong m = 0; m < n; m++) {
        arb_get_mid_arb(R->s + m, c + m);
        arb_sub(R->s + m, R->s + m, mx, prec);
        arb_exp(R->s + m, R->s + m, prec);
        arb_add(sum, sum, R->s + m, prec);
    }
    for (slong m = 0; m < n; m++) {
        arb_div(R->s + m, R->s + m, sum, prec);
        acb_set_arb(R->tmp + m, R->s + m);
    }
    acb_dft_precomp(R->shat, R->tmp, R->pre, prec);
    arb_get_mid_arb(param, nu);
    for (slong a = 0; a < R->k; a++) {
        slong f = R->freq[a];
        int margin = a == S.jpos && role == PC_CYCLIC_EVENT_MARGIN;
        if (margin) {
            acb_sub(g, R->shat + f, R->qhat + f, prec);
            acb_neg(g, g);                                  /* -g_j = (nu - m) e_j */
        } else {
            acb_set(g, R->spec + f);                        /* z_f = t_f e_f */
        }
        if (2 * f == n) {
            arb_zero(acb_imagref(g));
            ev->sigma = S.sigma = arf_sgn(arb_midref(acb_realref(g))) >= 0 ? 1 : -1;
        }
        acb_abs(abs, g, prec);
        if (S.col_theta[a] >= 0)
            arb_atan2(ev->x + S.col_theta[a], acb_imagref(g), acb_realref(g), prec);
        if (S.col_t[a] >= 0)
            arb_set(ev->x + S.col_t[a], abs);
        else if (margin)
            arb_sub(param, nu, abs, prec);
        else
            arb_set(param, abs);
    }
    if (S.col_nu >= 0)
        arb_set(ev->x + S.col_nu, nu);
    if (S.col_rho >= 0)
        arb_set(ev->x + S.col_rho, rho);
    else
        arb_set(param, rho);
    for (slong i = 0; i < ev->dim; i++)
        arb_get_mid_arb(ev->x + i, ev->x + i);
    arb_get_mid_arb(param, param);
    sys_clear(&S);
    acb_clear(g); arb_clear(abs); arb_clear(mx); arb_clear(sum);
}

/* max_i |v_i| (upper bound, arf) */
static void vec_norm(arf_t out, arb_srcptr v, slong len, slong prec)
{
    arf_t t;
    arf_init(t);
    arf_zero(out);
    for (slong i = 0; i < len; i++) {
        arb_get_abs_ubound_arf(t, v + i, prec);
        arf_max(out, out, t);
    }
    arf_clear(t);
}

pc_status_t pc_cyclic_event_newton(pc_cyclic_event_t *ev, pc_cyclic_event_side_t role,
                                   const arb_t param, const fmpq *q, slong prec, pc_msg_t *msg)
{
    event_sys_t S;
    event_params_t P0, P;
    slong dim = ev->dim, it;
    slong target = -prec + 2 * FLINT_BIT_COUNT(ev->n) + 40;
    arf_t norm;
    arb_mat_t J, B, X;
    arb_ptr F = _arb_vec_init(dim);
    int converged = 0;
    arf_init(norm);
    arb_mat_init(J, dim, dim); arb_mat_init(B, dim, 1); arb_mat_init(X, dim, 1);
    sys_init(&S, ev, role, q, prec);
    params_init(&P0, role, param);
    params_mid(&P, &P0);
    for (it = 0; it < 60 && converged < 2; it++) {
        sys_point(&S, ev->x, &P);
        sys_residual(F, &S, ev->x, &P);
        sys_jacobian(J, &S, ev->x, &P);
        for (slong i = 0; i < dim; i++)
            arb_set(arb_mat_entry(B, i, 0), F + i);
        if (!arb_mat_approx_solve(X, J, B, prec))
            break;
        for (slong i = 0; i < dim; i++) {
            arb_sub(ev->x + i, ev->x + i, arb_mat_entry(X, i, 0), prec);
            arb_get_mid_arb(ev->x + i, ev->x + i);
            arb_get_mid_arb(arb_mat_entry(X, i, 0), arb_mat_entry(X, i, 0));
        }
        vec_norm(norm, X->entries, dim, prec);
        if (arf_cmpabs_2exp_si(norm, target) < 0)
            converged++;
        else
            converged = 0;
    }
    sys_clear(&S);
    params_clear(&P0);
    params_clear(&P);
    _arb_vec_clear(F, dim);
    arf_clear(norm);
    arb_mat_clear(J); arb_mat_clear(B); arb_mat_clear(X);
    if (converged == 0)
        return pc_fail(msg, PC_NOT_PROVED, "event Newton did not converge (frequency %ld, %ld "
                       "unknowns, %ld bits)", (long) ev->event, (long) dim, (long) prec);
    return PC_OK;
}

/* The side conditions over the box (after sys_point at the box): t_f > 0 on every frequency
 * of S' (so z_f / |z_f| = e_f), nu > 0 and 2 nu > m (unless nu is the parameter), and
 * |g_hat_k| < nu on every frequency k outside S' u {j} (direct enclosure). */
static const char *sys_side_conditions(event_sys_t *S, arb_srcptr box, const event_params_t *P,
                                       slong *worst)
{
    cyclic_kkt_t *R = &S->R;
    slong n = R->n, prec = R->prec;
    arb_srcptr nu = sys_nu(S, box, P);
    const char *why = NULL;
    acb_t g;
    arb_t abs;
    acb_init(g);
    arb_init(abs);
    for (slong a = 0; a < R->k && why == NULL; a++)
        if (S->col_t[a] >= 0 && !arb_is_positive(box + S->col_t[a])) {
            why = "the box reaches a zero coefficient";
            *worst = R->freq[a];
        }
    if (why == NULL && S->col_nu >= 0) {
        arb_mul_2exp_si(abs, nu, 1);
        if (!arb_is_positive(nu) || !arb_gt(abs, P->m))
            why = "nu > 0 and 2 nu > m not proved";
    }
    for (slong j = 1, a = 0; j <= n / 2 && why == NULL; j++) {
        if (a < R->k && R->freq[a] == j) { a++; continue; }
        acb_sub(g, R->shat + j, R->qhat + j, prec);
        acb_abs(abs, g, prec);
        if (!arb_lt(abs, nu)) { why = "strict complementarity not proved"; *worst = j; }
    }
    acb_clear(g);
    arb_clear(abs);
    return why;
}

pc_status_t pc_cyclic_event_krawczyk(arb_ptr box, const pc_cyclic_event_t *ev,
                                     pc_cyclic_event_side_t role, const arb_t param,
                                     const fmpq *q, slong prec, pc_msg_t *msg)
{
    event_sys_t S;
    event_params_t P, Pm;
    slong dim = ev->dim, i, worst = -1;
    pc_status_t status = PC_NOT_PROVED;
    const char *why = "K(X) not inside X";
    arb_ptr xc = _arb_vec_init(dim), xb = _arb_vec_init(dim), F = _arb_vec_init(dim);
    arb_mat_t J, Y, YF, M, D, K;
    mag_struct *r = _mag_vec_init(dim);
    mag_t mt, top, floor;
    arb_mat_init(J, dim, dim); arb_mat_init(Y, dim, dim); arb_mat_init(YF, dim, 1);
    arb_mat_init(M, dim, dim); arb_mat_init(D, dim, 1); arb_mat_init(K, dim, 1);
    mag_init(mt); mag_init(top); mag_init(floor);
    sys_init(&S, ev, role, q, prec);
    params_init(&P, role, param);
    params_mid(&Pm, &P);
    for (i = 0; i < dim; i++)
        arb_get_mid_arb(xc + i, ev->x + i);

    /* Y: inverse of the midpoint Jacobian at the centre */
    S.R.balls = 0;
    sys_point(&S, xc, &Pm);
    sys_jacobian(J, &S, xc, &Pm);
    arb_mat_get_mid(J, J);
    if (!arb_mat_approx_inv(Y, J, prec)) {
        why = "the midpoint Jacobian is numerically singular";
        goto report;
    }
    arb_mat_get_mid(Y, Y);
    /* F at the centre for every parameter value (enclosures) */
    S.R.balls = 1;
    sys_point(&S, xc, &P);
    sys_residual(F, &S, xc, &P);
    for (i = 0; i < dim; i++)
        arb_set(arb_mat_entry(D, i, 0), F + i);
    arb_mat_mul(YF, Y, D, prec);
    mag_zero(top);
    for (i = 0; i < dim; i++) {
        arb_get_mag(r + i, arb_mat_entry(YF, i, 0));
        mag_mul_2exp_si(r + i, r + i, 1);
        mag_max(top, top, r + i);
    }
    mag_set_ui_2exp_si(floor, 1, -prec + 2 * FLINT_BIT_COUNT(ev->n) + 12);
    mag_mul_2exp_si(mt, top, -20);
    mag_max(floor, floor, mt);
    for (i = 0; i < dim; i++)
        mag_max(r + i, r + i, floor);
    /* epsilon-inflation: a radius that K overflows grows to twice |K_i| (a component that hardly
     * moves with the parameter gets a radius of the order of the others' second-order effect) */
    for (slong attempt = 0; attempt < 12; attempt++) {
        if (attempt > 0)
            for (i = 0; i < dim; i++) {
                arb_get_mag(mt, arb_mat_entry(K, i, 0));
                if (mag_cmp(mt, r + i) >= 0)
                    mag_mul_2exp_si(r + i, mt, 1);
            }
        for (i = 0; i < dim; i++) {
            arb_set(xb + i, xc + i);
            arb_add_error_mag(xb + i, r + i);
        }
        sys_point(&S, xb, &P);
        why = sys_side_conditions(&S, xb, &P, &worst);
        if (why != NULL)
            break;
        sys_jacobian(J, &S, xb, &P);
        arb_mat_mul(M, Y, J, prec);
        arb_mat_neg(M, M);
        for (i = 0; i < dim; i++) {
            arb_add_ui(arb_mat_entry(M, i, i), arb_mat_entry(M, i, i), 1, prec);
            arb_zero(arb_mat_entry(D, i, 0));
            arb_add_error_mag(arb_mat_entry(D, i, 0), r + i);
        }
        arb_mat_mul(K, M, D, prec);
        arb_mat_sub(K, K, YF, prec);
        slong bad = 0;
        for (i = 0; i < dim; i++) {
            arb_get_mag(mt, arb_mat_entry(K, i, 0));
            bad += mag_cmp(mt, r + i) >= 0;
        }
        if (bad > 0) {
            why = "K(X) not inside X";
            continue;
        }
        status = PC_OK;
        _arb_vec_set(box, xb, dim);
        break;
    }
report:
    if (status != PC_OK)
        pc_fail(msg, PC_NOT_PROVED, "event krawczyk: %s (event %ld, frequency %ld, %ld unknowns, "
                "%ld bits)", why, (long) ev->event, (long) worst, (long) dim, (long) prec);
    sys_clear(&S);
    params_clear(&P);
    params_clear(&Pm);
    _arb_vec_clear(xc, dim); _arb_vec_clear(xb, dim); _arb_vec_clear(F, dim);
    arb_mat_clear(J); arb_mat_clear(Y); arb_mat_clear(YF);
    arb_mat_clear(M); arb_mat_clear(D); arb_mat_clear(K);
    _mag_vec_clear(r, dim);
    mag_clear(mt); mag_clear(top); mag_clear(floor);
    return status;
}

void pc_cyclic_event_regular(arb_ptr c, arb_t nu, const pc_cyclic_event_t *ev,
                             pc_cyclic_event_side_t role, const arb_t param, const fmpq *q,
                             slong prec)
{
    event_sys_t S;
    event_params_t P0, P;
    sys_init(&S, ev, role, q, prec);
    params_init(&P0, role, param);
    params_mid(&P, &P0);
    sys_point(&S, ev->x, &P);
    _arb_vec_set(c, S.R.c, ev->n);
    arb_set(nu, sys_nu(&S, ev->x, &P));
    sys_clear(&S);
    params_clear(&P0);
    params_clear(&P);
}
