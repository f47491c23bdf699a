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
    acb_ptr dir;          /* e_a at the x of the last sys_point (dir_src), reused until then */
    arb_srcptr dir_src;
    arb_ptr cosv, sinv;   /* cos, sin of 2 pi j / n, j < n (event_kkt_point) */
    arb_t inv_n;          /* 1 / n (a product is cheaper than a division) */
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
    pc_abelian_t G;
    pc_abelian_set_cyclic(&G, n);     /* the sweep is cyclic only */
    cyclic_kkt_init(R, q, &G, prec);
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
    S->dir = _acb_vec_init(k);
    S->dir_src = NULL;
    arb_init(S->inv_n);
    arb_set_si(S->inv_n, n);
    arb_inv(S->inv_n, S->inv_n, prec);
    S->cosv = _arb_vec_init(n);
    S->sinv = _arb_vec_init(n);
    fmpq_t a;
    fmpq_init(a);
    for (slong j = 0; j < n; j++) {
        fmpq_set_si(a, 2 * j, (ulong) n);
        arb_sin_cos_pi_fmpq(S->sinv + j, S->cosv + j, a, prec);
    }
    fmpq_clear(a);
}

static void sys_clear(event_sys_t *S)
{
    free(S->col_t); free(S->col_theta); free(S->row_re); free(S->row_im);
    _acb_vec_clear(S->dir, S->R.k);
    arb_clear(S->inv_n);
    _arb_vec_clear(S->cosv, S->R.n);
    _arb_vec_clear(S->sinv, S->R.n);
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

/* e_a = e^{i theta_a} (pair) or sigma (Nyquist); from the cache when x is the last sys_point's
 * (every caller evaluates at the x of the sys_point before it, unchanged in between). */
static void sys_direction(acb_t e, const event_sys_t *S, arb_srcptr x, slong a)
{
    if (x == S->dir_src) {
        acb_set(e, S->dir + a);
        return;
    }
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

/* cyclic_kkt_point for the cyclic group by direct sums (the spectrum is sparse, s is real):
 * c_m = (1/n) sum_a w_a Re(z_a w^{f_a m}), s = softmax(c), s_hat_j = sum_m s_m w^{-jm} for
 * j <= n/2 and s_hat_{n-j} = conj(s_hat_j) (w = e^{2 pi i / n}, acb_dft's convention); a
 * quarter of the products of the two n-point DFTs. With R->balls the enclosures hold over z's
 * balls; without, c is rounded to midpoints. */
static void event_kkt_point(event_sys_t *S)
{
    cyclic_kkt_t *R = &S->R;
    slong n = R->n, prec = R->prec;
    arb_t mx, sum, t;
    arb_init(mx); arb_init(sum); arb_init(t);
    for (slong m = 0; m < n; m++) {
        arb_zero(R->c + m);
        for (slong a = 0; a < R->k; a++) {
            slong f = R->freq[a], i = (f * m) % n;
            arb_mul(t, acb_realref(R->z + a), S->cosv + i, prec);
            if (2 * f != n) {
                arb_submul(t, acb_imagref(R->z + a), S->sinv + i, prec);
                arb_mul_2exp_si(t, t, 1);
            }
            arb_add(R->c + m, R->c + m, t, prec);
        }
        arb_mul(R->c + m, R->c + m, S->inv_n, prec);
        if (!R->balls)
            arb_get_mid_arb(R->c + m, R->c + m);
    }
    /* softmax is shift-invariant: shift by an exact number (the largest midpoint) */
    arb_get_mid_arb(mx, R->c);
    for (slong m = 1; m < n; m++)
        if (arf_cmp(arb_midref(R->c + m), arb_midref(mx)) > 0)
            arb_get_mid_arb(mx, R->c + m);
    for (slong m = 0; m < n; m++) {
        arb_sub(R->s + m, R->c + m, mx, prec);
        arb_exp(R->s + m, R->s + m, prec);
        arb_add(sum, sum, R->s + m, prec);
    }
    for (slong m = 0; m < n; m++)
        arb_div(R->s + m, R->s + m, sum, prec);
    for (slong j = 0; j <= n / 2; j++) {
        acb_ptr w = R->shat + j;
        acb_zero(w);
        for (slong m = 0; m < n; m++) {
            slong i = (j * m) % n;
            arb_addmul(acb_realref(w), R->s + m, S->cosv + i, prec);
            arb_submul(acb_imagref(w), R->s + m, S->sinv + i, prec);
        }
        if (j > 0 && 2 * j != n)
            acb_conj(R->shat + n - j, w);
    }
    arb_clear(mx); arb_clear(sum); arb_clear(t);
}

/* The spectrum z_a = t_a e_a; then c, s, shat (event_kkt_point). */
static void sys_point(event_sys_t *S, arb_srcptr x, const event_params_t *P)
{
    cyclic_kkt_t *R = &S->R;
    S->dir_src = NULL;
    for (slong a = 0; a < R->k; a++) {
        sys_direction(S->dir + a, S, x, a);
        acb_mul_arb(R->z + a, S->dir + a, sys_t(S, x, P, a), R->prec);
    }
    S->dir_src = x;
    event_kkt_point(S);
}

/* sys_point over the box xb with a tighter s_hat: the mean-value form around the centre xc
 * (parameters Pm, exact), s_hat_j(X) in s_hat_j(c) + sum_f (d s_hat_j / d Re z_f (X)) [dRe z_f]
 * + (d s_hat_j / d Im z_f (X)) [dIm z_f], with (cyclic_kkt_t: c = inverse DFT, s = softmax)
 *   d s_hat_j / d Re z_f = (w_f/n) ((s_hat_{j-f} + s_hat_{j+f})/2 - s_hat_j Re s_hat_f),
 *   d s_hat_j / d Im z_f = (w_f/n) (i (s_hat_{j-f} - s_hat_{j+f})/2 - s_hat_j Im s_hat_f),
 * intersected with the direct enclosure. Interval evaluation of softmax and the DFT over a box
 * spreads every coefficient's radius over every s_hat_j; the mean-value form keeps them apart
 * (each term is the true sensitivity), which lets the Krawczyk boxes be much wider. */
static void sys_point_box(event_sys_t *S, acb_srcptr shat_c, acb_srcptr z_c, arb_srcptr xb,
                          const event_params_t *P)
{
    cyclic_kkt_t *R = &S->R;
    slong n = R->n, prec = R->prec, k = R->k;
    acb_ptr out = _acb_vec_init(n);
    mag_struct *dre = _mag_vec_init(k), *dim_ = _mag_vec_init(k);
    acb_t d, t, dz;
    mag_t m;
    arb_t lo;
    acb_init(d); acb_init(t); acb_init(dz); mag_init(m); arb_init(lo);
    sys_point(S, xb, P);
    for (slong a = 0; a < k; a++) {
        acb_sub(dz, R->z + a, z_c + a, prec);
        arb_get_mag(dre + a, acb_realref(dz));
        arb_get_mag(dim_ + a, acb_imagref(dz));
    }
    for (slong j = 0; j < n; j++) {
        acb_set(out + j, shat_c + j);
        for (slong a = 0; a < k; a++) {
            slong f = R->freq[a], w = 2 * f == n ? 1 : 2;
            acb_srcptr lo_ = R->shat + ((j - f) % n + n) % n, hi_ = R->shat + (j + f) % n;
            acb_add(d, lo_, hi_, prec);
            acb_mul_2exp_si(d, d, -1);
            acb_mul_arb(t, R->shat + j, acb_realref(R->shat + f), prec);
            acb_sub(d, d, t, prec);
            acb_mul_arb(d, d, S->inv_n, prec);
            acb_mul_2exp_si(d, d, w - 1);
            acb_get_mag(m, d);
            mag_mul(m, m, dre + a);
            acb_add_error_mag(out + j, m);
            if (2 * f == n)
                continue;
            acb_sub(d, lo_, hi_, prec);
            acb_mul_2exp_si(d, d, -1);
            acb_mul_onei(d, d);
            acb_mul_arb(t, R->shat + j, acb_imagref(R->shat + f), prec);
            acb_sub(d, d, t, prec);
            acb_mul_arb(d, d, S->inv_n, prec);
            acb_mul_2exp_si(d, d, w - 1);
            acb_get_mag(m, d);
            mag_mul(m, m, dim_ + a);
            acb_add_error_mag(out + j, m);
        }
    }
    for (slong j = 0; j < n; j++) {
        /* both enclose s_hat_j over the box: keep their intersection */
        if (arb_intersection(lo, acb_realref(out + j), acb_realref(R->shat + j), prec))
            arb_set(acb_realref(R->shat + j), lo);
        if (arb_intersection(lo, acb_imagref(out + j), acb_imagref(R->shat + j), prec))
            arb_set(acb_imagref(R->shat + j), lo);
    }
    _acb_vec_clear(out, n);
    _mag_vec_clear(dre, k); _mag_vec_clear(dim_, k);
    acb_clear(d); acb_clear(t); acb_clear(dz); mag_clear(m); arb_clear(lo);
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
    pc_abelian_dft(R->spec, R->tmp, &R->dft, prec);
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
    pc_abelian_dft(R->shat, R->tmp, &R->dft, prec);
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
    /* two updates below the target in a row; one at one limb (the regular cells: their
     * Newton starts on the last cell's tangent, and the Krawczyk test, not this, decides) */
    int wanted = prec <= 64 ? 1 : 2;
    for (it = 0; it < 60 && converged < wanted; it++) {
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

/* d F / d p over the box (after sys_point): the parameter's column (RHO: -1 in the budget row;
 * COEFFICIENT: z_j = t e_j; MARGIN: -e_j in j's rows; NU: e_f in every row). */
static void sys_dparam(arb_ptr gp, event_sys_t *S, arb_srcptr x)
{
    cyclic_kkt_t *R = &S->R;
    slong prec = R->prec, n = R->n;
    acb_t e;
    arb_t dre, dim_;
    acb_init(e); arb_init(dre); arb_init(dim_);
    _arb_vec_zero(gp, R->p + 1);
    if (S->role == PC_CYCLIC_EVENT_RHO)
        arb_set_si(gp + R->p, -1);
    for (slong r = 0; r < R->p; r++) {
        slong ar = R->pa[r], tr = R->pt[r];
        if (S->role == PC_CYCLIC_EVENT_COEFFICIENT) {
            slong a = S->jpos;
            sys_direction(e, S, x, a);
            cyclic_kkt_dshat(dre, R, r, S->row_re[a]);
            arb_mul(gp + r, dre, acb_realref(e), prec);
            if (S->row_im[a] >= 0) {
                cyclic_kkt_dshat(dim_, R, r, S->row_im[a]);
                arb_addmul(gp + r, dim_, acb_imagref(e), prec);
            }
        } else if (S->role == PC_CYCLIC_EVENT_MARGIN && ar == S->jpos) {
            sys_direction(e, S, x, ar);
            arb_neg(gp + r, tr == 0 ? acb_realref(e) : acb_imagref(e));
        } else if (S->role == PC_CYCLIC_EVENT_NU) {
            sys_direction(e, S, x, ar);
            arb_set(gp + r, tr == 0 ? acb_realref(e) : acb_imagref(e));
        }
    }
    if (S->role == PC_CYCLIC_EVENT_COEFFICIENT)
        arb_set_si(gp + R->p, 2 * R->freq[S->jpos] == n ? 1 : 2);
    acb_clear(e); arb_clear(dre); arb_clear(dim_);
}

/* d s_hat_k / d Re z_a and d Im z_a (complex; sys_point_box's formulas) from R->shat. */
static void sys_dshat_dz(acb_t dre, acb_t dim_, const event_sys_t *S, slong k, slong a)
{
    const cyclic_kkt_t *R = &S->R;
    slong n = R->n, prec = R->prec, f = R->freq[a], w = 2 * f == n ? 1 : 2;
    acb_srcptr lo = R->shat + ((k - f) % n + n) % n, hi = R->shat + (k + f) % n;
    acb_t t;
    acb_init(t);
    acb_add(dre, lo, hi, prec);
    acb_mul_2exp_si(dre, dre, -1);
    acb_mul_arb(t, R->shat + k, acb_realref(R->shat + f), prec);
    acb_sub(dre, dre, t, prec);
    acb_mul_arb(dre, dre, S->inv_n, prec);
    acb_mul_2exp_si(dre, dre, w - 1);
    acb_zero(dim_);
    if (2 * f != n) {
        acb_sub(dim_, lo, hi, prec);
        acb_mul_2exp_si(dim_, dim_, -1);
        acb_mul_onei(dim_, dim_);
        acb_mul_arb(t, R->shat + k, acb_imagref(R->shat + f), prec);
        acb_sub(dim_, dim_, t, prec);
        acb_mul_arb(dim_, dim_, S->inv_n, prec);
        acb_mul_2exp_si(dim_, dim_, w - 1);
    }
    acb_clear(t);
}

/* The gradient of s_hat_k over the box: grad[i] = d s_hat_k / d x_i (dim entries), *dp = d / d p
 * (nonzero only for the coefficient side: t moves z_j). */
static void sys_grad_shat(acb_ptr grad, acb_t dp, const event_sys_t *S, arb_srcptr x,
                          const event_params_t *P, slong k)
{
    const cyclic_kkt_t *R = &S->R;
    slong prec = R->prec;
    acb_t dre, dim_, e, d;
    acb_init(dre); acb_init(dim_); acb_init(e); acb_init(d);
    _acb_vec_zero(grad, S->dim);
    acb_zero(dp);
    for (slong a = 0; a < R->k; a++) {
        sys_direction(e, S, x, a);
        sys_dshat_dz(dre, dim_, S, k, a);
        /* d / d t = dre cos + dim sin; d / d theta = t (-dre sin + dim cos) */
        acb_mul_arb(d, dre, acb_realref(e), prec);
        acb_addmul_arb(d, dim_, acb_imagref(e), prec);
        if (S->col_t[a] >= 0) acb_set(grad + S->col_t[a], d);
        else if (S->role == PC_CYCLIC_EVENT_COEFFICIENT) acb_set(dp, d);
        if (S->col_theta[a] >= 0) {
            acb_mul_arb(d, dim_, acb_realref(e), prec);
            acb_submul_arb(d, dre, acb_imagref(e), prec);
            acb_mul_arb(grad + S->col_theta[a], d, sys_t(S, x, P, a), prec);
        }
    }
    acb_clear(dre); acb_clear(dim_); acb_clear(e); acb_clear(d);
}

/* Strict complementarity |g_hat_k| < nu along the curve, for every inactive k: with
 * x(p) = xc + v d + eps (|d| <= h, |eps_i| <= r_i), g_k(x) = g_c + A d + B eps by the mean
 * value theorem over the hull (A = grad . v + d/dp, B = grad), in the frame of u = g_c/|g_c|:
 * |g_k| <= |g_c| + a_r d + (a_i h)^2 / (2 (|g_c| - |a_r| h)) + sum |B_i| r_i (a = conj(u) A),
 * and nu = nu_c + v_nu d + eps_nu: the margin's worst end is nu_c - |g_c| - |v_nu - a_r| h - ...
 * Keeps the correlation of g_k and nu along the curve (both move towards an entering event). */
static const char *sys_complementarity(event_sys_t *S, arb_srcptr hull, const event_params_t *P,
                                       acb_srcptr shat_c, arb_srcptr xc, arb_srcptr v,
                                       const mag_struct *r, const arb_t h, slong *worst)
{
    cyclic_kkt_t *R = &S->R;
    slong n = R->n, prec = R->prec, dim = S->dim;
    acb_ptr grad = _acb_vec_init(dim);
    acb_t A, gc, u, dp, t;
    arb_t absg, margin, nuc, vnu, q, den;
    mag_t B, mt;
    const char *why = NULL;
    acb_init(A); acb_init(gc); acb_init(u); acb_init(dp); acb_init(t);
    arb_init(absg); arb_init(margin); arb_init(nuc); arb_init(vnu); arb_init(q); arb_init(den);
    mag_init(B); mag_init(mt);
    if (S->col_nu >= 0) {
        arb_set(nuc, xc + S->col_nu);
        arb_set(vnu, v + S->col_nu);
    } else {
        arb_get_mid_arb(nuc, P->nu);
        arb_one(vnu);                       /* NU: nu = p */
    }
    for (slong k = 1, a = 0; k <= n / 2 && why == NULL; k++) {
        if (a < R->k && R->freq[a] == k) { a++; continue; }
        acb_sub(gc, shat_c + k, R->qhat + k, prec);
        acb_abs(absg, gc, prec);
        sys_grad_shat(grad, dp, S, hull, P, k);
        acb_set(A, dp);
        mag_zero(B);
        for (slong i = 0; i < dim; i++) {
            acb_addmul_arb(A, grad + i, v + i, prec);
            acb_get_mag(mt, grad + i);
            mag_addmul(B, mt, r + i);
        }
        if (S->col_nu >= 0)
            mag_add(B, B, r + S->col_nu);
        /* the frame of u: a = conj(u) A */
        if (arb_is_positive(absg)) {
            acb_conj(u, gc);
            acb_div_arb(u, u, absg, prec);
            acb_mul(t, u, A, prec);
            arb_sub(q, vnu, acb_realref(t), prec);
            arb_abs(q, q);
            arb_mul(q, q, h, prec);
            arb_sub(margin, nuc, absg, prec);
            arb_sub(margin, margin, q, prec);
            /* (a_i h)^2 / (2 (|g_c| - |a_r| h)) */
            arb_abs(den, acb_realref(t));
            arb_mul(den, den, h, prec);
            arb_sub(den, absg, den, prec);
            arb_mul_2exp_si(den, den, 1);
            arb_mul(q, acb_imagref(t), h, prec);
            arb_sqr(q, q, prec);
            if (arb_is_positive(den)) {
                arb_div(q, q, den, prec);
                arb_sub(margin, margin, q, prec);
            } else {
                arb_indeterminate(margin);
            }
        } else {
            arb_indeterminate(margin);
        }
        if (!arb_is_positive(margin)) {
            /* the plain bound: |g| <= |g_c| + |A| h + B, nu >= nu_c - |v_nu| h - r_nu */
            acb_abs(q, A, prec);
            arb_mul(q, q, h, prec);
            arb_add(q, q, absg, prec);
            arb_sub(margin, nuc, q, prec);
            arb_abs(q, vnu);
            arb_mul(q, q, h, prec);
            arb_sub(margin, margin, q, prec);
        }
        arf_set_mag(arb_midref(q), B);
        mag_zero(arb_radref(q));
        arb_sub(margin, margin, q, prec);
        if (!arb_is_positive(margin)) { why = "strict complementarity not proved"; *worst = k; }
    }
    _acb_vec_clear(grad, dim);
    acb_clear(A); acb_clear(gc); acb_clear(u); acb_clear(dp); acb_clear(t);
    arb_clear(absg); arb_clear(margin); arb_clear(nuc); arb_clear(vnu); arb_clear(q); arb_clear(den);
    mag_clear(B); mag_clear(mt);
    return why;
}

/* s_hat over the curve's boxes, keeping the tangent's correlation: with x(p) = xc + v d + eps
 * (|d| <= h, |eps_i| <= r_i) and p = p_c + d, the mean value theorem on Re and Im of s_hat_j gives
 *   s_hat_j in s_hat_j(xc, p_c) + (grad s_hat_j (hull) . v + d s_hat_j / d p (hull)) [delta]
 *              + sum_i |grad_i s_hat_j (hull)| [-r_i, r_i],
 * intersected with the enclosure already in R->shat (sys_point_box). Along the tangent the
 * stationarity rows are constant to first order (J v = -dF/dp), so where the optimum is
 * ill-conditioned (|v| large, s_hat nearly still along it) this is far tighter than the
 * per-coefficient form, which adds up |d s_hat_j / d z_f| |dz_f| with no cancellation across f.
 * Done twice (the gradient over the hull is itself enclosed from R->shat). */
static void sys_point_curve(event_sys_t *S, acb_srcptr shat_c, arb_srcptr hull, arb_srcptr v,
                            const mag_struct *r, const arb_t delta, const event_params_t *P)
{
    cyclic_kkt_t *R = &S->R;
    slong n = R->n, prec = R->prec, dim = S->dim;
    acb_ptr grad = _acb_vec_init(dim), out = _acb_vec_init(n);
    acb_t A, dp;
    mag_t Bre, Bim, mt;
    arb_t lo;
    acb_init(A); acb_init(dp); mag_init(Bre); mag_init(Bim); mag_init(mt); arb_init(lo);
    for (int pass = 0; pass < 2; pass++) {
        for (slong j = 1; j <= n / 2; j++) {
            sys_grad_shat(grad, dp, S, hull, P, j);
            acb_set(A, dp);
            mag_zero(Bre);
            mag_zero(Bim);
            for (slong i = 0; i < dim; i++) {
                acb_addmul_arb(A, grad + i, v + i, prec);
                arb_get_mag(mt, acb_realref(grad + i));
                mag_addmul(Bre, mt, r + i);
                arb_get_mag(mt, acb_imagref(grad + i));
                mag_addmul(Bim, mt, r + i);
            }
            acb_mul_arb(out + j, A, delta, prec);
            acb_add(out + j, out + j, shat_c + j, prec);
            arb_add_error_mag(acb_realref(out + j), Bre);
            arb_add_error_mag(acb_imagref(out + j), Bim);
        }
        for (slong j = 1; j <= n / 2; j++) {
            if (arb_intersection(lo, acb_realref(out + j), acb_realref(R->shat + j), prec))
                arb_set(acb_realref(R->shat + j), lo);
            if (arb_intersection(lo, acb_imagref(out + j), acb_imagref(R->shat + j), prec))
                arb_set(acb_imagref(R->shat + j), lo);
            acb_conj(R->shat + n - j, R->shat + j);     /* s real: s_hat_{n-j} = conj s_hat_j */
        }
    }
    _acb_vec_clear(grad, dim); _acb_vec_clear(out, n);
    acb_clear(A); acb_clear(dp); mag_clear(Bre); mag_clear(Bim); mag_clear(mt); arb_clear(lo);
}

/* t_f > 0 on every frequency of S' and nu > 0, 2 nu > m (unless nu is the parameter) over the
 * hull. */
static const char *sys_signs(event_sys_t *S, arb_srcptr hull, const event_params_t *P, slong *worst)
{
    cyclic_kkt_t *R = &S->R;
    arb_t two;
    const char *why = NULL;
    arb_init(two);
    for (slong a = 0; a < R->k && why == NULL; a++)
        if (S->col_t[a] >= 0 && !arb_is_positive(hull + S->col_t[a])) {
            why = "the box reaches a zero coefficient";
            *worst = R->freq[a];
        }
    if (why == NULL && S->col_nu >= 0) {
        arb_mul_2exp_si(two, hull + S->col_nu, 1);
        if (!arb_is_positive(hull + S->col_nu) || !arb_gt(two, P->m))
            why = "nu > 0 and 2 nu > m not proved";
    }
    arb_clear(two);
    return why;
}

void pc_cyclic_event_box_init(pc_cyclic_event_box_t *B, slong dim)
{
    B->dim = dim;
    B->hull = _arb_vec_init(dim);
    B->centre = _arb_vec_init(dim);
    B->tangent = _arb_vec_init(dim);
    B->radius = _arb_vec_init(dim);
    arb_init(B->p_centre);
}

void pc_cyclic_event_box_clear(pc_cyclic_event_box_t *B)
{
    _arb_vec_clear(B->hull, B->dim);
    _arb_vec_clear(B->centre, B->dim);
    _arb_vec_clear(B->tangent, B->dim);
    _arb_vec_clear(B->radius, B->dim);
    arb_clear(B->p_centre);
}

void pc_cyclic_event_box_at(arb_ptr out, const pc_cyclic_event_box_t *B, const arb_t p, slong prec)
{
    arb_t d;
    arb_init(d);
    arb_sub(d, p, B->p_centre, prec);
    for (slong i = 0; i < B->dim; i++) {
        arb_mul(out + i, B->tangent + i, d, prec);
        arb_add(out + i, out + i, B->centre + i, prec);
        arb_add(out + i, out + i, B->radius + i, prec);
    }
    arb_clear(d);
}

pc_status_t pc_cyclic_event_krawczyk(pc_cyclic_event_box_t *out, const pc_cyclic_event_t *ev,
                                     pc_cyclic_event_side_t role, const arb_t param,
                                     const fmpq *q, slong prec, pc_msg_t *msg)
{
    event_sys_t S;
    event_params_t P, Pm;
    slong dim = ev->dim, i, worst = -1;
    pc_status_t status = PC_NOT_PROVED;
    const char *why = "K(X) not inside X";
    arb_ptr xc = _arb_vec_init(dim), v = _arb_vec_init(dim), hull = _arb_vec_init(dim);
    arb_ptr F = _arb_vec_init(dim), gp = _arb_vec_init(dim), T = _arb_vec_init(dim);
    acb_ptr shat_c = _acb_vec_init(ev->n), z_c = _acb_vec_init(ev->num_base + 1);
    arb_t h, delta;
    arb_mat_t J, Y, YF, M, D, K, Tm, Vm;
    mag_struct *r = _mag_vec_init(dim);
    mag_t mt, top, floor;
    arb_init(h); arb_init(delta);
    arb_mat_init(J, dim, dim); arb_mat_init(Y, dim, dim); arb_mat_init(YF, dim, 1);
    arb_mat_init(M, dim, dim); arb_mat_init(D, dim, 1); arb_mat_init(K, dim, 1);
    arb_mat_init(Tm, dim, 1); arb_mat_init(Vm, dim, 1);
    mag_init(mt); mag_init(top); mag_init(floor);
    sys_init(&S, ev, role, q, prec);
    params_init(&P, role, param);
    params_mid(&Pm, &P);
    for (i = 0; i < dim; i++)
        arb_get_mid_arb(xc + i, ev->x + i);
    /* h: the parameter's half-width; delta = [-h, h] */
    arb_get_rad_arb(h, param);
    arb_get_ubound_arf(arb_midref(h), h, prec);
    mag_zero(arb_radref(h));
    arb_zero(delta);
    arb_add_error(delta, h);

    /* Y: inverse of the midpoint Jacobian at the centre; v = -Y dF/dp there (the tangent) */
    S.R.balls = 0;
    sys_point(&S, xc, &Pm);
    sys_jacobian(J, &S, xc, &Pm);
    sys_dparam(gp, &S, xc);
    arb_mat_get_mid(J, J);
    if (!arb_mat_approx_inv(Y, J, prec)) {
        why = "the midpoint Jacobian is numerically singular";
        goto report;
    }
    arb_mat_get_mid(Y, Y);
    for (i = 0; i < dim; i++)
        arb_get_mid_arb(arb_mat_entry(D, i, 0), gp + i);
    arb_mat_mul(Vm, Y, D, prec);
    for (i = 0; i < dim; i++) {
        arb_get_mid_arb(v + i, arb_mat_entry(Vm, i, 0));
        arb_neg(v + i, v + i);
    }
    /* F and s_hat at the centre (enclosures at the exact point) */
    S.R.balls = 1;
    sys_point(&S, xc, &Pm);
    sys_residual(F, &S, xc, &Pm);
    _acb_vec_set(shat_c, S.R.shat, ev->n);
    _acb_vec_set(z_c, S.R.z, S.R.k);
    for (i = 0; i < dim; i++) {
        arb_get_mag(r + i, F + i);
        mag_mul_2exp_si(r + i, r + i, 4);
    }
    mag_zero(top);
    for (i = 0; i < dim; i++) {
        arb_get_mag(mt, v + i);
        mag_max(top, top, mt);
    }
    arb_get_mag(mt, h);
    mag_mul(top, top, mt);
    mag_set_ui_2exp_si(floor, 1, -prec + 2 * FLINT_BIT_COUNT(ev->n) + 12);
    mag_mul_2exp_si(mt, top, -24);
    mag_max(floor, floor, mt);
    for (i = 0; i < dim; i++)
        mag_max(r + i, r + i, floor);
    /* the residual along the curve, F(x(p), p) in F_c + (J(seg) v + dF/dp(seg)) [delta], over
     * the segment seg = xc + v [delta] alone (x(p) is on it; the box's eps does not enter), so
     * it is computed once, not at every inflation */
    for (i = 0; i < dim; i++) {
        arb_mul(hull + i, v + i, delta, prec);
        arb_add(hull + i, hull + i, xc + i, prec);
    }
    {
        mag_struct *r0 = _mag_vec_init(dim);
        sys_point_box(&S, shat_c, z_c, hull, &P);
        sys_point_curve(&S, shat_c, hull, v, r0, delta, &P);
        _mag_vec_clear(r0, dim);
    }
    sys_jacobian(J, &S, hull, &P);
    sys_dparam(gp, &S, hull);
    for (i = 0; i < dim; i++)
        arb_set(arb_mat_entry(D, i, 0), v + i);
    arb_mat_mul(Tm, J, D, prec);
    for (i = 0; i < dim; i++) {
        arb_add(T + i, arb_mat_entry(Tm, i, 0), gp + i, prec);
        arb_mul(T + i, T + i, delta, prec);
        arb_add(arb_mat_entry(D, i, 0), T + i, F + i, prec);
    }
    arb_mat_mul(YF, Y, D, prec);
    /* the first radii: twice |Y F| along the curve (K's value at r = 0), at least the floor */
    for (i = 0; i < dim; i++) {
        arb_get_mag(mt, arb_mat_entry(YF, i, 0));
        mag_mul_2exp_si(mt, mt, 1);
        mag_max(r + i, r + i, mt);
    }
    double last_ratio = 0;
    out->ratio = 0;
    /* epsilon-inflation: a radius that K overflows grows to twice |K_i|; given up when the
     * overflow grows past twice the radius (the inflation diverges: no box at this width) */
    for (slong attempt = 0; attempt < 12; attempt++) {
        if (attempt > 0)
            for (i = 0; i < dim; i++) {
                arb_get_mag(mt, arb_mat_entry(K, i, 0));
                if (mag_cmp(mt, r + i) >= 0)
                    mag_mul_2exp_si(r + i, mt, 1);
            }
        /* the hull of the boxes x(p) = xc + v (p - p_c) + [-r, r] */
        for (i = 0; i < dim; i++) {
            arb_mul(hull + i, v + i, delta, prec);
            arb_add(hull + i, hull + i, xc + i, prec);
            arb_add_error_mag(hull + i, r + i);
        }
        sys_point_box(&S, shat_c, z_c, hull, &P);
        sys_point_curve(&S, shat_c, hull, v, r, delta, &P);
        why = sys_signs(&S, hull, &P, &worst);
        if (why != NULL)
            break;
        sys_jacobian(J, &S, hull, &P);
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
        double ratio = 0;
        for (i = 0; i < dim; i++) {
            arb_get_mag(mt, arb_mat_entry(K, i, 0));
            bad += mag_cmp(mt, r + i) >= 0;
            ratio = FLINT_MAX(ratio, mag_get_d(mt) / mag_get_d(r + i));
        }
        if (bad > 0) {
            why = "K(X) not inside X";
            if (attempt > 0 && ratio > 2 && ratio >= last_ratio)
                break;
            last_ratio = ratio;
            continue;
        }
        out->ratio = ratio;
        why = sys_complementarity(&S, hull, &P, shat_c, xc, v, r, h, &worst);
        if (why != NULL)
            break;
        status = PC_OK;
        _arb_vec_set(out->hull, hull, dim);
        _arb_vec_set(out->centre, xc, dim);
        _arb_vec_set(out->tangent, v, dim);
        for (i = 0; i < dim; i++) {
            arb_zero(out->radius + i);
            arb_add_error_mag(out->radius + i, r + i);
        }
        arb_get_mid_arb(out->p_centre, param);
        break;
    }
report:
    if (status != PC_OK)
        pc_fail(msg, PC_NOT_PROVED, "event krawczyk: %s (event %ld, frequency %ld, %ld unknowns, "
                "%ld bits)", why, (long) ev->event, (long) worst, (long) dim, (long) prec);
    sys_clear(&S);
    params_clear(&P);
    params_clear(&Pm);
    _arb_vec_clear(xc, dim); _arb_vec_clear(v, dim); _arb_vec_clear(hull, dim);
    _arb_vec_clear(F, dim); _arb_vec_clear(gp, dim); _arb_vec_clear(T, dim);
    _acb_vec_clear(shat_c, ev->n);
    _acb_vec_clear(z_c, ev->num_base + 1);
    arb_clear(h); arb_clear(delta);
    arb_mat_clear(J); arb_mat_clear(Y); arb_mat_clear(YF);
    arb_mat_clear(M); arb_mat_clear(D); arb_mat_clear(K);
    arb_mat_clear(Tm); arb_mat_clear(Vm);
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

void pc_cyclic_event_eval(arb_ptr F, arb_mat_t J, arb_ptr gp, acb_ptr shat, acb_ptr grad,
                          acb_t grad_p, slong k, const pc_cyclic_event_t *ev,
                          pc_cyclic_event_side_t role, const arb_t param, const fmpq *q, slong prec)
{
    event_sys_t S;
    event_params_t P;
    sys_init(&S, ev, role, q, prec);
    params_init(&P, role, param);
    S.R.balls = 1;
    sys_point(&S, ev->x, &P);
    sys_residual(F, &S, ev->x, &P);
    sys_jacobian(J, &S, ev->x, &P);
    sys_dparam(gp, &S, ev->x);
    _acb_vec_set(shat, S.R.shat, ev->n);
    sys_grad_shat(grad, grad_p, &S, ev->x, &P, k);
    sys_clear(&S);
    params_clear(&P);
}
