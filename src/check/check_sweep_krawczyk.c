/* The parametric Krawczyk test of the polar KKT system of a cyclic instance (check_sweep.h;
 * docs/sweep.md "How"), the checker's own code: the system, its residual and Jacobian, the
 * mean-value form of s_hat over a box, strict complementarity along the curve. Every active
 * frequency f is z_f = t_f e^{i theta_f} (Nyquist: a fixed sign sigma); c = inverse DFT of the
 * sparse spectrum, s = softmax(c), s_hat = DFT(s) (acb_dft: w_k = sum_m v_m w^{-km}). */
#include <stdlib.h>
#include <string.h>
#include "check_sweep.h"

/* The parameters of one evaluation: t_j, m (event roles), nu (NU), rho (RHO); 0 where unused. */
typedef struct { arb_t t, m, nu, rho; } sw_params_t;

static int is_nyquist(slong f, slong n) { return 2 * f == n; }
static slong weight(slong f, slong n) { return is_nyquist(f, n) ? 1 : 2; }
static slong mod_n(slong x, slong n) { return ((x % n) + n) % n; }

void pcc_sw_sys_init(pcc_sw_sys_t *S, slong n, const slong *base, slong num_base, slong event,
                     int sigma, pcc_sw_role_t role, const fmpq *q, slong prec)
{
    slong k = num_base + (event != 0);
    memset(S, 0, sizeof *S);
    S->n = n; S->prec = prec; S->k = k; S->role = role; S->sigma = sigma >= 0 ? 1 : -1;
    S->freq = malloc(sizeof(slong) * (size_t) (k + 1));
    S->jpos = -1;
    for (slong a = 0, b = 0; a < k; a++) {
        if (event != 0 && S->jpos < 0 && (b == num_base || base[b] > event)) {
            S->freq[a] = event;
            S->jpos = a;
        } else {
            S->freq[a] = base[b++];
        }
    }
    /* the Cartesian rows: Re (and Im, pairs) of each active frequency */
    S->p = 0;
    for (slong a = 0; a < k; a++) S->p += weight(S->freq[a], n);
    S->pf = malloc(sizeof(slong) * (size_t) (S->p + 1));
    S->pt = malloc(sizeof(slong) * (size_t) (S->p + 1));
    S->pa = malloc(sizeof(slong) * (size_t) (S->p + 1));
    S->row_re = malloc(sizeof(slong) * (size_t) (k + 1));
    S->row_im = malloc(sizeof(slong) * (size_t) (k + 1));
    S->col_t = malloc(sizeof(slong) * (size_t) (k + 1));
    S->col_theta = malloc(sizeof(slong) * (size_t) (k + 1));
    for (slong a = 0, i = 0; a < k; a++) {
        S->pf[i] = S->freq[a]; S->pt[i] = 0; S->pa[i] = a; S->row_re[a] = i++;
        S->row_im[a] = -1;
        if (!is_nyquist(S->freq[a], n)) {
            S->pf[i] = S->freq[a]; S->pt[i] = 1; S->pa[i] = a; S->row_im[a] = i++;
        }
    }
    slong c = 0;
    for (slong a = 0; a < k; a++) {
        S->col_t[a] = a == S->jpos ? -1 : c++;
        S->col_theta[a] = is_nyquist(S->freq[a], n) || a == S->jpos ? -1 : c++;
    }
    S->col_nu = role == PCC_SW_NU ? -1 : c++;
    if (S->jpos >= 0 && !is_nyquist(event, n))
        S->col_theta[S->jpos] = c++;
    S->col_rho = role == PCC_SW_RHO ? -1 : c++;
    S->dim = c;
    acb_dft_precomp_init(S->pre, n, prec);
    S->qhat = _acb_vec_init(n); S->spec = _acb_vec_init(n); S->tmp = _acb_vec_init(n);
    S->shat = _acb_vec_init(n); S->z = _acb_vec_init(k + 1);
    S->c = _arb_vec_init(n); S->s = _arb_vec_init(n);
    for (slong m = 0; m < n; m++)
        arb_set_fmpq(acb_realref(S->tmp + m), q + m, prec);
    acb_dft_precomp(S->qhat, S->tmp, S->pre, prec);
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

void pcc_sw_sys_clear(pcc_sw_sys_t *S)
{
    slong n = S->n;
    free(S->freq); free(S->pf); free(S->pt); free(S->pa);
    free(S->row_re); free(S->row_im); free(S->col_t); free(S->col_theta);
    acb_dft_precomp_clear(S->pre);
    _acb_vec_clear(S->qhat, n); _acb_vec_clear(S->spec, n); _acb_vec_clear(S->tmp, n);
    _acb_vec_clear(S->shat, n); _acb_vec_clear(S->z, S->k + 1);
    _arb_vec_clear(S->c, n); _arb_vec_clear(S->s, n);
    _arb_vec_clear(S->cosv, n); _arb_vec_clear(S->sinv, n);
}

static void params_init(sw_params_t *P, pcc_sw_role_t role, const arb_t p, int mid)
{
    arb_init(P->t); arb_init(P->m); arb_init(P->nu); arb_init(P->rho);
    arb_ptr dst = role == PCC_SW_COEFFICIENT ? P->t : role == PCC_SW_MARGIN ? P->m
                  : role == PCC_SW_NU ? P->nu : P->rho;
    if (mid) arb_get_mid_arb(dst, p); else arb_set(dst, p);
}

static void params_clear(sw_params_t *P)
{
    arb_clear(P->t); arb_clear(P->m); arb_clear(P->nu); arb_clear(P->rho);
}

static void sys_direction(acb_t e, const pcc_sw_sys_t *S, arb_srcptr x, slong a)
{
    acb_zero(e);
    if (S->col_theta[a] >= 0)
        arb_sin_cos(acb_imagref(e), acb_realref(e), x + S->col_theta[a], S->prec);
    else
        arb_set_si(acb_realref(e), S->sigma);
}

static arb_srcptr sys_t(const pcc_sw_sys_t *S, arb_srcptr x, const sw_params_t *P, slong a)
{
    return S->col_t[a] >= 0 ? x + S->col_t[a] : P->t;
}

static arb_srcptr sys_nu(const pcc_sw_sys_t *S, arb_srcptr x, const sw_params_t *P)
{
    return S->col_nu >= 0 ? x + S->col_nu : P->nu;
}

static arb_srcptr sys_rho(const pcc_sw_sys_t *S, arb_srcptr x, const sw_params_t *P)
{
    return S->col_rho >= 0 ? x + S->col_rho : P->rho;
}

/* z_a = t_a e_a; c = inverse DFT of the spectrum, s = softmax(c), shat = DFT(s), by direct sums
 * (the spectrum is sparse and s real): c_m = (1/n) sum_a w_a Re(z_a w^{f_a m}), s_hat_j =
 * sum_m s_m w^{-jm} for j <= n/2 and s_hat_{n-j} = conj(s_hat_j), w = e^{2 pi i / n}. With balls
 * the enclosures hold over the whole box x; without, c is rounded to midpoints (Newton). */
static void sys_point(pcc_sw_sys_t *S, arb_srcptr x, const sw_params_t *P)
{
    slong n = S->n, prec = S->prec;
    acb_t e;
    arb_t mx, sum, t;
    acb_init(e); arb_init(mx); arb_init(sum); arb_init(t);
    for (slong a = 0; a < S->k; a++) {
        sys_direction(e, S, x, a);
        acb_mul_arb(S->z + a, e, sys_t(S, x, P, a), prec);
    }
    for (slong m = 0; m < n; m++) {
        arb_zero(S->c + m);
        for (slong a = 0; a < S->k; a++) {
            slong f = S->freq[a], i = (f * m) % n;
            arb_mul(t, acb_realref(S->z + a), S->cosv + i, prec);
            if (!is_nyquist(f, n)) {
                arb_submul(t, acb_imagref(S->z + a), S->sinv + i, prec);
                arb_mul_2exp_si(t, t, 1);
            }
            arb_add(S->c + m, S->c + m, t, prec);
        }
        arb_div_si(S->c + m, S->c + m, n, prec);
        if (!S->balls) arb_get_mid_arb(S->c + m, S->c + m);
    }
    /* softmax is shift-invariant: shift by an exact number */
    arb_get_mid_arb(mx, S->c);
    for (slong m = 1; m < n; m++)
        if (arf_cmp(arb_midref(S->c + m), arb_midref(mx)) > 0)
            arb_get_mid_arb(mx, S->c + m);
    for (slong m = 0; m < n; m++) {
        arb_sub(S->s + m, S->c + m, mx, prec);
        arb_exp(S->s + m, S->s + m, prec);
        arb_add(sum, sum, S->s + m, prec);
    }
    for (slong m = 0; m < n; m++)
        arb_div(S->s + m, S->s + m, sum, prec);
    for (slong j = 0; j <= n / 2; j++) {
        acb_ptr w = S->shat + j;
        acb_zero(w);
        for (slong m = 0; m < n; m++) {
            slong i = (j * m) % n;
            arb_addmul(acb_realref(w), S->s + m, S->cosv + i, prec);
            arb_submul(acb_imagref(w), S->s + m, S->sinv + i, prec);
        }
        if (j > 0 && !is_nyquist(j, n))
            acb_conj(S->shat + n - j, w);
    }
    acb_clear(e); arb_clear(mx); arb_clear(sum); arb_clear(t);
}

/* d s_hat_k / d Re z_a and d Im z_a (complex) from S->shat:
 *   d s_hat_k / d Re z_f = (w_f/n) ((s_hat_{k-f} + s_hat_{k+f})/2 - s_hat_k Re s_hat_f),
 *   d s_hat_k / d Im z_f = (w_f/n) (i (s_hat_{k-f} - s_hat_{k+f})/2 - s_hat_k Im s_hat_f). */
static void sys_dshat_dz(acb_t dre, acb_t dim_, const pcc_sw_sys_t *S, slong k, slong a)
{
    slong n = S->n, prec = S->prec, f = S->freq[a], w = weight(f, n);
    acb_srcptr lo = S->shat + mod_n(k - f, n), hi = S->shat + mod_n(k + f, n);
    acb_t t;
    acb_init(t);
    acb_add(dre, lo, hi, prec);
    acb_mul_2exp_si(dre, dre, -1);
    acb_mul_arb(t, S->shat + k, acb_realref(S->shat + f), prec);
    acb_sub(dre, dre, t, prec);
    acb_mul_si(dre, dre, w, prec);
    acb_div_si(dre, dre, n, prec);
    acb_zero(dim_);
    if (!is_nyquist(f, n)) {
        acb_sub(dim_, lo, hi, prec);
        acb_mul_2exp_si(dim_, dim_, -1);
        acb_mul_onei(dim_, dim_);
        acb_mul_arb(t, S->shat + k, acb_imagref(S->shat + f), prec);
        acb_sub(dim_, dim_, t, prec);
        acb_mul_si(dim_, dim_, w, prec);
        acb_div_si(dim_, dim_, n, prec);
    }
    acb_clear(t);
}

/* sys_point over the box xb, s_hat tightened by the mean-value form around the exact centre
 * xc (parameters Pm): s_hat_j(X) in s_hat_j(c) + sum_f |d s_hat_j / d Re z_f (X)| |dRe z_f| +
 * |d s_hat_j / d Im z_f (X)| |dIm z_f|, intersected with the direct enclosure. */
static void sys_point_box(pcc_sw_sys_t *S, arb_srcptr xc, arb_srcptr xb, const sw_params_t *P,
                          const sw_params_t *Pm)
{
    slong n = S->n, prec = S->prec, k = S->k;
    acb_ptr shat_c = _acb_vec_init(n), z_c = _acb_vec_init(k), out = _acb_vec_init(n);
    mag_struct *dre = _mag_vec_init(k), *dim_ = _mag_vec_init(k);
    acb_t dz, gr, gi;
    mag_t m;
    arb_t lo;
    acb_init(dz); acb_init(gr); acb_init(gi); mag_init(m); arb_init(lo);
    sys_point(S, xc, Pm);
    _acb_vec_set(shat_c, S->shat, n);
    _acb_vec_set(z_c, S->z, k);
    sys_point(S, xb, P);
    for (slong a = 0; a < k; a++) {
        acb_sub(dz, S->z + a, z_c + a, prec);
        arb_get_mag(dre + a, acb_realref(dz));
        arb_get_mag(dim_ + a, acb_imagref(dz));
    }
    for (slong j = 0; j < n; j++) {
        acb_set(out + j, shat_c + j);
        for (slong a = 0; a < k; a++) {
            sys_dshat_dz(gr, gi, S, j, a);
            acb_get_mag(m, gr);
            mag_mul(m, m, dre + a);
            acb_add_error_mag(out + j, m);
            acb_get_mag(m, gi);
            mag_mul(m, m, dim_ + a);
            acb_add_error_mag(out + j, m);
        }
    }
    for (slong j = 0; j < n; j++) {
        if (arb_intersection(lo, acb_realref(out + j), acb_realref(S->shat + j), prec))
            arb_set(acb_realref(S->shat + j), lo);
        if (arb_intersection(lo, acb_imagref(out + j), acb_imagref(S->shat + j), prec))
            arb_set(acb_imagref(S->shat + j), lo);
    }
    _acb_vec_clear(shat_c, n); _acb_vec_clear(z_c, k); _acb_vec_clear(out, n);
    _mag_vec_clear(dre, k); _mag_vec_clear(dim_, k);
    acb_clear(dz); acb_clear(gr); acb_clear(gi); mag_clear(m); arb_clear(lo);
}

/* F (dim) at x, after sys_point(S, x, P). */
static void sys_residual(arb_ptr F, pcc_sw_sys_t *S, arb_srcptr x, const sw_params_t *P)
{
    slong prec = S->prec, n = S->n;
    acb_t g, e;
    arb_t coef;
    acb_init(g); acb_init(e); arb_init(coef);
    arb_neg(F + S->p, sys_rho(S, x, P));
    for (slong a = 0; a < S->k; a++)
        arb_addmul_si(F + S->p, sys_t(S, x, P, a), weight(S->freq[a], n), prec);
    for (slong i = 0; i < S->p; i++) {
        slong f = S->pf[i], a = S->pa[i];
        sys_direction(e, S, x, a);
        arb_set(coef, sys_nu(S, x, P));
        if (a == S->jpos) arb_sub(coef, coef, P->m, prec);
        acb_sub(g, S->shat + f, S->qhat + f, prec);
        acb_addmul_arb(g, e, coef, prec);
        arb_set(F + i, S->pt[i] == 0 ? acb_realref(g) : acb_imagref(g));
    }
    acb_clear(g); acb_clear(e); arb_clear(coef);
}

/* The derivative of row r (Re or Im of s_hat_{f_r}) along d z_a = e (d_t) and i t e (d_theta). */
static void sys_row_dz(arb_t dt, arb_t dth, const pcc_sw_sys_t *S, slong r, slong a,
                       const acb_t e, const arb_t t)
{
    acb_t gr, gi;
    arb_t x;
    acb_init(gr); acb_init(gi); arb_init(x);
    sys_dshat_dz(gr, gi, S, S->pf[r], a);
    arb_srcptr re = S->pt[r] == 0 ? acb_realref(gr) : acb_imagref(gr);
    arb_srcptr im = S->pt[r] == 0 ? acb_realref(gi) : acb_imagref(gi);
    /* d / d t = dRe cos + dIm sin; d / d theta = t (dIm cos - dRe sin) */
    arb_mul(dt, re, acb_realref(e), S->prec);
    arb_addmul(dt, im, acb_imagref(e), S->prec);
    arb_mul(x, im, acb_realref(e), S->prec);
    arb_submul(x, re, acb_imagref(e), S->prec);
    arb_mul(dth, x, t, S->prec);
    acb_clear(gr); acb_clear(gi); arb_clear(x);
}

/* J (dim x dim) and dF/dp (gp, dim) at x, after sys_point(S, x, P). */
static void sys_jacobian(arb_mat_t J, arb_ptr gp, pcc_sw_sys_t *S, arb_srcptr x,
                         const sw_params_t *P)
{
    slong prec = S->prec, n = S->n;
    acb_t e, ie;
    arb_t dt, dth, coef;
    acb_init(e); acb_init(ie); arb_init(dt); arb_init(dth); arb_init(coef);
    arb_mat_zero(J);
    _arb_vec_zero(gp, S->dim);
    for (slong r = 0; r < S->p; r++) {
        slong tr = S->pt[r], ar = S->pa[r];
        for (slong a = 0; a < S->k; a++) {
            sys_direction(e, S, x, a);
            sys_row_dz(dt, dth, S, r, a, e, sys_t(S, x, P, a));
            if (S->col_t[a] >= 0)
                arb_add(arb_mat_entry(J, r, S->col_t[a]), arb_mat_entry(J, r, S->col_t[a]), dt, prec);
            else if (S->role == PCC_SW_COEFFICIENT)
                arb_add(gp + r, gp + r, dt, prec);          /* z_j = t e_j, t the parameter */
            if (S->col_theta[a] >= 0)
                arb_add(arb_mat_entry(J, r, S->col_theta[a]), arb_mat_entry(J, r, S->col_theta[a]), dth, prec);
        }
        /* the row's own k e: d / d theta = k i e, d / d nu = e, d / d m = -e (f = j) */
        sys_direction(e, S, x, ar);
        arb_set(coef, sys_nu(S, x, P));
        if (ar == S->jpos) arb_sub(coef, coef, P->m, prec);
        arb_srcptr er = tr == 0 ? acb_realref(e) : acb_imagref(e);
        if (S->col_theta[ar] >= 0) {
            acb_mul_onei(ie, e);
            arb_addmul(arb_mat_entry(J, r, S->col_theta[ar]), coef,
                       tr == 0 ? acb_realref(ie) : acb_imagref(ie), prec);
        }
        if (S->col_nu >= 0) arb_set(arb_mat_entry(J, r, S->col_nu), er);
        if (S->role == PCC_SW_NU) arb_set(gp + r, er);
        if (S->role == PCC_SW_MARGIN && ar == S->jpos) arb_neg(gp + r, er);
    }
    for (slong a = 0; a < S->k; a++)
        if (S->col_t[a] >= 0)
            arb_set_si(arb_mat_entry(J, S->p, S->col_t[a]), weight(S->freq[a], n));
    if (S->col_rho >= 0) arb_set_si(arb_mat_entry(J, S->p, S->col_rho), -1);
    if (S->role == PCC_SW_RHO) arb_set_si(gp + S->p, -1);
    if (S->role == PCC_SW_COEFFICIENT) arb_set_si(gp + S->p, weight(S->freq[S->jpos], n));
    acb_clear(e); acb_clear(ie); arb_clear(dt); arb_clear(dth); arb_clear(coef);
}

/* The gradient of s_hat_k over the box (dim entries) and d / d p (the coefficient side). */
static void sys_grad_shat(acb_ptr grad, acb_t dp, const pcc_sw_sys_t *S, arb_srcptr x,
                          const sw_params_t *P, slong k)
{
    slong prec = S->prec;
    acb_t gr, gi, e, d;
    acb_init(gr); acb_init(gi); acb_init(e); acb_init(d);
    _acb_vec_zero(grad, S->dim);
    acb_zero(dp);
    for (slong a = 0; a < S->k; a++) {
        sys_direction(e, S, x, a);
        sys_dshat_dz(gr, gi, S, k, a);
        acb_mul_arb(d, gr, acb_realref(e), prec);
        acb_addmul_arb(d, gi, acb_imagref(e), prec);
        if (S->col_t[a] >= 0) acb_set(grad + S->col_t[a], d);
        else if (S->role == PCC_SW_COEFFICIENT) acb_set(dp, d);
        if (S->col_theta[a] >= 0) {
            acb_mul_arb(d, gi, acb_realref(e), prec);
            acb_submul_arb(d, gr, acb_imagref(e), prec);
            acb_mul_arb(grad + S->col_theta[a], d, sys_t(S, x, P, a), prec);
        }
    }
    acb_clear(gr); acb_clear(gi); acb_clear(e); acb_clear(d);
}

/* s_hat over the boxes of the curve x(p) = xc + v d + eps (|d| <= h, |eps_i| <= r_i, p = p_c + d)
 * with the tangent's correlation kept: by the mean value theorem on Re and Im of s_hat_j,
 *   s_hat_j in s_hat_j(xc, p_c) + (grad s_hat_j (hull) . v + d s_hat_j / d p (hull)) [delta]
 *              + sum_i |grad_i s_hat_j (hull)| [-r_i, r_i],
 * intersected with S->shat (sys_point_box over hull); twice, the gradient enclosed from the
 * tighter s_hat the second time. s is real: s_hat_{n-j} = conj(s_hat_j). */
static void sys_point_curve(pcc_sw_sys_t *S, acb_srcptr shat_c, arb_srcptr hull, arb_srcptr v,
                            const mag_struct *r, const arb_t delta, const sw_params_t *P)
{
    slong n = S->n, prec = S->prec, dim = S->dim;
    acb_ptr grad = _acb_vec_init(dim), out = _acb_vec_init(n);
    acb_t A, dp;
    mag_t bre, bim, mt;
    arb_t lo;
    acb_init(A); acb_init(dp); mag_init(bre); mag_init(bim); mag_init(mt); arb_init(lo);
    for (int pass = 0; pass < 2; pass++) {
        for (slong j = 1; j <= n / 2; j++) {
            sys_grad_shat(grad, dp, S, hull, P, j);
            acb_set(A, dp);
            mag_zero(bre);
            mag_zero(bim);
            for (slong i = 0; i < dim; i++) {
                acb_addmul_arb(A, grad + i, v + i, prec);
                arb_get_mag(mt, acb_realref(grad + i));
                mag_addmul(bre, mt, r + i);
                arb_get_mag(mt, acb_imagref(grad + i));
                mag_addmul(bim, mt, r + i);
            }
            acb_mul_arb(out + j, A, delta, prec);
            acb_add(out + j, out + j, shat_c + j, prec);
            arb_add_error_mag(acb_realref(out + j), bre);
            arb_add_error_mag(acb_imagref(out + j), bim);
        }
        for (slong j = 1; j <= n / 2; j++) {
            if (arb_intersection(lo, acb_realref(out + j), acb_realref(S->shat + j), prec))
                arb_set(acb_realref(S->shat + j), lo);
            if (arb_intersection(lo, acb_imagref(out + j), acb_imagref(S->shat + j), prec))
                arb_set(acb_imagref(S->shat + j), lo);
            acb_conj(S->shat + n - j, S->shat + j);
        }
    }
    _acb_vec_clear(grad, dim); _acb_vec_clear(out, n);
    acb_clear(A); acb_clear(dp); mag_clear(bre); mag_clear(bim); mag_clear(mt); arb_clear(lo);
}

/* A lower bound of nu - |g_hat_k| along the curve x(p) = xc + v d + eps (|d| <= h, |eps_i| <=
 * r_i): g_k = g_c + A d + B eps (mean value over the hull; A = grad . v + d/dp, B = grad), in the
 * frame of u = g_c / |g_c| (a = conj(u) A): |g_k| <= |g_c| + a_r d + (a_i h)^2 / (2 (|g_c| -
 * |a_r| h)) + sum |B_i| r_i, nu = nu_c + v_nu d + eps_nu; else the plain bound. */
static void sys_margin(arb_t margin, pcc_sw_sys_t *S, arb_srcptr hull, const sw_params_t *P,
                       acb_srcptr shat_c, arb_srcptr xc, arb_srcptr v, const mag_struct *r,
                       const arb_t h, slong k)
{
    slong prec = S->prec, dim = S->dim;
    acb_ptr grad = _acb_vec_init(dim);
    acb_t A, gc, u, dp, t;
    arb_t absg, nuc, vnu, q, den;
    mag_t B, mt;
    acb_init(A); acb_init(gc); acb_init(u); acb_init(dp); acb_init(t);
    arb_init(absg); arb_init(nuc); arb_init(vnu); arb_init(q); arb_init(den);
    mag_init(B); mag_init(mt);
    if (S->col_nu >= 0) {
        arb_set(nuc, xc + S->col_nu);
        arb_set(vnu, v + S->col_nu);
    } else {
        arb_get_mid_arb(nuc, P->nu);
        arb_one(vnu);
    }
    acb_sub(gc, shat_c + k, S->qhat + k, prec);
    acb_abs(absg, gc, prec);
    sys_grad_shat(grad, dp, S, hull, P, k);
    acb_set(A, dp);
    mag_zero(B);
    for (slong i = 0; i < dim; i++) {
        acb_addmul_arb(A, grad + i, v + i, prec);
        acb_get_mag(mt, grad + i);
        mag_addmul(B, mt, r + i);
    }
    if (S->col_nu >= 0) mag_add(B, B, r + S->col_nu);
    arb_indeterminate(margin);
    if (arb_is_positive(absg)) {
        acb_conj(u, gc);
        acb_div_arb(u, u, absg, prec);
        acb_mul(t, u, A, prec);
        arb_sub(q, vnu, acb_realref(t), prec);
        arb_abs(q, q);
        arb_mul(q, q, h, prec);
        arb_sub(margin, nuc, absg, prec);
        arb_sub(margin, margin, q, prec);
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
    }
    if (!arb_is_positive(margin)) {
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
    _acb_vec_clear(grad, dim);
    acb_clear(A); acb_clear(gc); acb_clear(u); acb_clear(dp); acb_clear(t);
    arb_clear(absg); arb_clear(nuc); arb_clear(vnu); arb_clear(q); arb_clear(den);
    mag_clear(B); mag_clear(mt);
}

/* Strict complementarity on every inactive frequency (NULL) or why not (*worst: which). */
static const char *sys_complementarity(pcc_sw_sys_t *S, arb_srcptr hull, const sw_params_t *P,
                                       acb_srcptr shat_c, arb_srcptr xc, arb_srcptr v,
                                       const mag_struct *r, const arb_t h, slong *worst)
{
    arb_t margin;
    const char *why = NULL;
    arb_init(margin);
    for (slong k = 1, a = 0; k <= S->n / 2 && why == NULL; k++) {
        if (a < S->k && S->freq[a] == k) { a++; continue; }
        sys_margin(margin, S, hull, P, shat_c, xc, v, r, h, k);
        if (!arb_is_positive(margin)) {
            why = "strict complementarity |g_hat_k| < nu not proved";
            *worst = k;
        }
    }
    arb_clear(margin);
    return why;
}

/* t_f > 0 on S', nu > 0 and 2 nu > m (unless nu is the parameter) over the hull. */
static const char *sys_signs(const pcc_sw_sys_t *S, arb_srcptr hull, const sw_params_t *P,
                             slong *worst)
{
    for (slong a = 0; a < S->k; a++)
        if (S->col_t[a] >= 0 && !arb_is_positive(hull + S->col_t[a])) {
            *worst = S->freq[a];
            return "t_f > 0 not proved (the box reaches a zero coefficient)";
        }
    if (S->col_nu >= 0) {
        arb_t two;
        arb_init(two);
        arb_mul_2exp_si(two, hull + S->col_nu, 1);
        int ok = arb_is_positive(hull + S->col_nu) && arb_gt(two, P->m);
        arb_clear(two);
        if (!ok) return "nu > 0 and 2 nu > m not proved";
    }
    return NULL;
}

void pcc_sw_box_init(pcc_sw_box_t *B, slong dim)
{
    B->dim = dim;
    B->centre = _arb_vec_init(dim); B->tangent = _arb_vec_init(dim);
    B->hull = _arb_vec_init(dim); B->image = _arb_vec_init(dim);
    B->radius = _mag_vec_init(dim);
    arb_init(B->p_centre);
}

void pcc_sw_box_clear(pcc_sw_box_t *B)
{
    _arb_vec_clear(B->centre, B->dim); _arb_vec_clear(B->tangent, B->dim);
    _arb_vec_clear(B->hull, B->dim); _arb_vec_clear(B->image, B->dim);
    _mag_vec_clear(B->radius, B->dim);
    arb_clear(B->p_centre);
}

void pcc_sw_box_centre_at(arb_ptr out, const pcc_sw_box_t *B, const arb_t p, slong prec)
{
    arb_t d;
    arb_init(d);
    arb_sub(d, p, B->p_centre, prec);
    for (slong i = 0; i < B->dim; i++) {
        arb_mul(out + i, B->tangent + i, d, prec);
        arb_add(out + i, out + i, B->centre + i, prec);
    }
    arb_clear(d);
}

int pcc_sw_box_contains_at(const pcc_sw_box_t *B, const arb_t p, arb_srcptr inner, slong prec)
{
    arb_ptr at = _arb_vec_init(B->dim);
    arb_t d;
    mag_t m;
    arb_init(d);
    mag_init(m);
    pcc_sw_box_centre_at(at, B, p, prec);
    int ok = 1;
    for (slong i = 0; i < B->dim && ok; i++) {
        /* |inner - centre(p)| < r_i, the difference enclosed (rounding widens it: sound) */
        arb_sub(d, inner + i, at + i, prec);
        arb_get_mag(m, d);
        ok = mag_cmp(m, B->radius + i) < 0;
    }
    arb_clear(d);
    mag_clear(m);
    _arb_vec_clear(at, B->dim);
    return ok;
}

/* The midpoint inverse Y of the Jacobian at the centre and the tangent v = -Y dF/dp. */
static int krawczyk_start(arb_mat_t Y, arb_ptr v, pcc_sw_sys_t *S, arb_srcptr xc,
                          const sw_params_t *Pm)
{
    slong dim = S->dim;
    arb_mat_t J, D, V;
    arb_ptr gp = _arb_vec_init(dim);
    arb_mat_init(J, dim, dim); arb_mat_init(D, dim, 1); arb_mat_init(V, dim, 1);
    S->balls = 0;
    sys_point(S, xc, Pm);
    sys_jacobian(J, gp, S, xc, Pm);
    arb_mat_get_mid(J, J);
    int ok = arb_mat_approx_inv(Y, J, S->prec);
    if (ok) {
        arb_mat_get_mid(Y, Y);
        for (slong i = 0; i < dim; i++) arb_get_mid_arb(arb_mat_entry(D, i, 0), gp + i);
        arb_mat_mul(V, Y, D, S->prec);
        for (slong i = 0; i < dim; i++) {
            arb_get_mid_arb(v + i, arb_mat_entry(V, i, 0));
            arb_neg(v + i, v + i);
        }
    }
    S->balls = 1;
    _arb_vec_clear(gp, dim);
    arb_mat_clear(J); arb_mat_clear(D); arb_mat_clear(V);
    return ok;
}

/* Y times the residual along the curve: F(x(p), p) in F_c + (J(seg) v + dF/dp(seg)) [delta]
 * over the segment seg = xc + v [delta] (x(p) lies on it; eps does not enter), into YF. */
static void krawczyk_curve(arb_mat_t YF, pcc_sw_sys_t *S, const arb_mat_t Y, arb_srcptr F,
                           arb_srcptr xc, acb_srcptr shat_c, arb_srcptr v, const arb_t delta,
                           const sw_params_t *P, const sw_params_t *Pm)
{
    slong dim = S->dim, prec = S->prec;
    arb_mat_t J, D, T;
    arb_ptr gp = _arb_vec_init(dim), seg = _arb_vec_init(dim);
    mag_struct *zero = _mag_vec_init(dim);
    arb_mat_init(J, dim, dim); arb_mat_init(D, dim, 1); arb_mat_init(T, dim, 1);
    for (slong i = 0; i < dim; i++) {
        arb_mul(seg + i, v + i, delta, prec);
        arb_add(seg + i, seg + i, xc + i, prec);
    }
    sys_point_box(S, xc, seg, P, Pm);
    sys_point_curve(S, shat_c, seg, v, zero, delta, P);
    sys_jacobian(J, gp, S, seg, P);
    for (slong i = 0; i < dim; i++) arb_set(arb_mat_entry(D, i, 0), v + i);
    arb_mat_mul(T, J, D, prec);
    for (slong i = 0; i < dim; i++) {
        arb_add(arb_mat_entry(T, i, 0), arb_mat_entry(T, i, 0), gp + i, prec);
        arb_mul(arb_mat_entry(T, i, 0), arb_mat_entry(T, i, 0), delta, prec);
        arb_add(arb_mat_entry(T, i, 0), arb_mat_entry(T, i, 0), F + i, prec);
    }
    arb_mat_mul(YF, Y, T, prec);
    _arb_vec_clear(gp, dim); _arb_vec_clear(seg, dim);
    _mag_vec_clear(zero, dim);
    arb_mat_clear(J); arb_mat_clear(D); arb_mat_clear(T);
}

/* K = -YF + (I - Y J(hull)) [-r, r]; returns the number of components with |K_i| >= r_i. */
static slong krawczyk_image(arb_mat_t K, pcc_sw_sys_t *S, const arb_mat_t Y, const arb_mat_t YF,
                            arb_srcptr hull, const mag_struct *r, const sw_params_t *P)
{
    slong dim = S->dim, prec = S->prec, bad = 0;
    arb_mat_t J, D, M;
    arb_ptr gp = _arb_vec_init(dim);
    mag_t mt;
    arb_mat_init(J, dim, dim); arb_mat_init(D, dim, 1); arb_mat_init(M, dim, dim);
    mag_init(mt);
    sys_jacobian(J, gp, S, hull, P);
    arb_mat_mul(M, Y, J, prec);
    arb_mat_neg(M, M);
    for (slong i = 0; i < dim; i++) {
        arb_add_ui(arb_mat_entry(M, i, i), arb_mat_entry(M, i, i), 1, prec);
        arb_zero(arb_mat_entry(D, i, 0));
        arb_add_error_mag(arb_mat_entry(D, i, 0), r + i);
    }
    arb_mat_mul(K, M, D, prec);
    arb_mat_sub(K, K, YF, prec);
    for (slong i = 0; i < dim; i++) {
        arb_get_mag(mt, arb_mat_entry(K, i, 0));
        bad += mag_cmp(mt, r + i) >= 0;
    }
    _arb_vec_clear(gp, dim);
    arb_mat_clear(J); arb_mat_clear(D); arb_mat_clear(M);
    mag_clear(mt);
    return bad;
}

/* The first radii: 16 |F(xc)|, at least a floor from the precision and the tangent's reach. */
static void krawczyk_radius(mag_struct *r, const pcc_sw_sys_t *S, arb_srcptr F, arb_srcptr v,
                            const arb_t h)
{
    mag_t top, floor, mt;
    mag_init(top); mag_init(floor); mag_init(mt);
    for (slong i = 0; i < S->dim; i++) {
        arb_get_mag(mt, v + i);
        mag_max(top, top, mt);
    }
    arb_get_mag(mt, h);
    mag_mul(top, top, mt);
    mag_set_ui_2exp_si(floor, 1, -S->prec + 2 * FLINT_BIT_COUNT(S->n) + 12);
    mag_mul_2exp_si(mt, top, -24);
    mag_max(floor, floor, mt);
    for (slong i = 0; i < S->dim; i++) {
        arb_get_mag(r + i, F + i);
        mag_mul_2exp_si(r + i, r + i, 4);
        mag_max(r + i, r + i, floor);
    }
    mag_clear(top); mag_clear(floor); mag_clear(mt);
}

int pcc_sw_krawczyk(pcc_sw_box_t *out, pcc_sw_sys_t *S, arb_srcptr xc, const arb_t param,
                    const char **why, slong *worst)
{
    slong dim = S->dim, prec = S->prec;
    sw_params_t P, Pm;
    arb_ptr v = _arb_vec_init(dim), hull = _arb_vec_init(dim), F = _arb_vec_init(dim);
    acb_ptr shat_c = _acb_vec_init(S->n);
    mag_struct *r = _mag_vec_init(dim);
    arb_mat_t Y, K, YF;
    arb_t h, delta;
    mag_t mt;
    int ok = 0;
    arb_mat_init(Y, dim, dim); arb_mat_init(K, dim, 1); arb_mat_init(YF, dim, 1);
    arb_init(h); arb_init(delta); mag_init(mt);
    params_init(&P, S->role, param, 0);
    params_init(&Pm, S->role, param, 1);
    *worst = -1;
    *why = "the midpoint Jacobian is numerically singular";
    arb_get_rad_arb(h, param);
    arb_get_ubound_arf(arb_midref(h), h, prec);
    mag_zero(arb_radref(h));
    arb_add_error(delta, h);
    if (!krawczyk_start(Y, v, S, xc, &Pm)) goto done;
    sys_point(S, xc, &Pm);
    sys_residual(F, S, xc, &Pm);
    _acb_vec_set(shat_c, S->shat, S->n);
    krawczyk_radius(r, S, F, v, h);
    krawczyk_curve(YF, S, Y, F, xc, shat_c, v, delta, &P, &Pm);
    for (slong i = 0; i < dim; i++) {      /* at least twice K at r = 0 */
        arb_get_mag(mt, arb_mat_entry(YF, i, 0));
        mag_mul_2exp_si(mt, mt, 1);
        mag_max(r + i, r + i, mt);
    }
    /* epsilon-inflation: a radius that K overflows grows to twice |K_i| (16 rounds, more than
     * the producer's 12: a box it found needs no more here) */
    for (slong attempt = 0; attempt < 16; attempt++) {
        if (attempt > 0)
            for (slong i = 0; i < dim; i++) {
                arb_get_mag(mt, arb_mat_entry(K, i, 0));
                if (mag_cmp(mt, r + i) >= 0) mag_mul_2exp_si(r + i, mt, 1);
            }
        for (slong i = 0; i < dim; i++) {
            arb_mul(hull + i, v + i, delta, prec);
            arb_add(hull + i, hull + i, xc + i, prec);
            arb_add_error_mag(hull + i, r + i);
        }
        sys_point_box(S, xc, hull, &P, &Pm);
        sys_point_curve(S, shat_c, hull, v, r, delta, &P);
        if ((*why = sys_signs(S, hull, &P, worst)) != NULL) break;
        *why = "the Krawczyk image is not inside the box";
        slong bad = krawczyk_image(K, S, Y, YF, hull, r, &P);
        if (bad > 0) {
            for (slong i = 0; i < dim; i++) {
                arb_get_mag(mt, arb_mat_entry(K, i, 0));
                if (mag_cmp(mt, r + i) >= 0) { *worst = i; break; }
            }
            continue;
        }
        *worst = -1;
        if ((*why = sys_complementarity(S, hull, &P, shat_c, xc, v, r, h, worst)) != NULL) break;
        ok = 1;
        _arb_vec_set(out->centre, xc, dim);
        _arb_vec_set(out->tangent, v, dim);
        _arb_vec_set(out->hull, hull, dim);
        for (slong i = 0; i < dim; i++) mag_set(out->radius + i, r + i);
        arb_get_mid_arb(out->p_centre, param);
        for (slong i = 0; i < dim; i++) {
            arb_mul(out->image + i, v + i, delta, prec);
            arb_add(out->image + i, out->image + i, xc + i, prec);
            arb_add(out->image + i, out->image + i, arb_mat_entry(K, i, 0), prec);
        }
        break;
    }
done:
    params_clear(&P); params_clear(&Pm);
    _arb_vec_clear(v, dim); _arb_vec_clear(hull, dim); _arb_vec_clear(F, dim);
    _acb_vec_clear(shat_c, S->n);
    _mag_vec_clear(r, dim);
    arb_mat_clear(Y); arb_mat_clear(K); arb_mat_clear(YF);
    arb_clear(h); arb_clear(delta); mag_clear(mt);
    return ok;
}

int pcc_sw_newton(arb_ptr x, pcc_sw_sys_t *S, const arb_t p)
{
    slong dim = S->dim, target = -S->prec + 2 * FLINT_BIT_COUNT(S->n) + 40;
    sw_params_t P;
    arb_mat_t J, B, X;
    arb_ptr F = _arb_vec_init(dim), gp = _arb_vec_init(dim);
    arf_t norm, t;
    int converged = 0;
    arf_init(norm); arf_init(t);
    arb_mat_init(J, dim, dim); arb_mat_init(B, dim, 1); arb_mat_init(X, dim, 1);
    params_init(&P, S->role, p, 1);
    S->balls = 0;
    for (slong it = 0; it < 60 && converged < 2; it++) {
        sys_point(S, x, &P);
        sys_residual(F, S, x, &P);
        sys_jacobian(J, gp, S, x, &P);
        for (slong i = 0; i < dim; i++) arb_set(arb_mat_entry(B, i, 0), F + i);
        if (!arb_mat_approx_solve(X, J, B, S->prec)) break;
        arf_zero(norm);
        for (slong i = 0; i < dim; i++) {
            arb_sub(x + i, x + i, arb_mat_entry(X, i, 0), S->prec);
            arb_get_mid_arb(x + i, x + i);
            arb_get_abs_ubound_arf(t, arb_mat_entry(X, i, 0), S->prec);
            arf_max(norm, norm, t);
        }
        converged = arf_cmpabs_2exp_si(norm, target) < 0 ? converged + 1 : 0;
    }
    S->balls = 1;
    params_clear(&P);
    _arb_vec_clear(F, dim); _arb_vec_clear(gp, dim);
    arf_clear(norm); arf_clear(t);
    arb_mat_clear(J); arb_mat_clear(B); arb_mat_clear(X);
    return converged > 0;
}

void pcc_sw_eval(arb_ptr F, arb_mat_t J, arb_ptr gp, acb_ptr shat, acb_ptr grad, acb_t grad_p,
                 slong k, pcc_sw_sys_t *S, arb_srcptr x, const arb_t p)
{
    sw_params_t P;
    params_init(&P, S->role, p, 0);
    int balls = S->balls;
    S->balls = 1;
    sys_point(S, x, &P);
    sys_residual(F, S, x, &P);
    sys_jacobian(J, gp, S, x, &P);
    _acb_vec_set(shat, S->shat, S->n);
    sys_grad_shat(grad, grad_p, S, x, &P, k);
    S->balls = balls;
    params_clear(&P);
}
