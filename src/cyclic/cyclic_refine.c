/* Multiprecision refinement of the circulant problem (SPEC 5a): Newton's method
 * on the active-set KKT system, parametrised by the active Fourier coefficients.
 * Finds; proves nothing (cyclic_bounds.c proves).
 *
 * Unknowns: for each active frequency f (1 <= f <= n/2) the coefficient
 * z_f = c_hat_f (two reals for a conjugate pair, one for the real Nyquist f = n/2),
 * and nu = n mu. With s = softmax(c), g = s - q:
 *     g_hat_f + nu u_f = 0  (u_f = z_f / |z_f|),      sum_f w_f |z_f| = rho,
 * w_f = 2 for a pair, 1 for Nyquist. Writing a real unknown's row as the
 * analysis vector a(m) = cos(2 pi f m / n) (real part) or -sin(2 pi f m / n)
 * (imaginary part), the stationarity Jacobian is (w_k / n) a_r^T (diag s - s s^T) a_k,
 * and a_r^T diag(s) a_k only needs s_hat at f_r +- f_k (product-to-sum), so one
 * DFT of s per iteration gives the whole Jacobian: O(n log n + p^2). */
#include <stdlib.h>
#include <stdio.h>
#include <acb.h>
#include <acb_dft.h>
#include <arb_mat.h>
#include "peelcert/cyclic.h"
#include "cyclic_internal.h"


void cyclic_kkt_init(cyclic_kkt_t *R, const fmpq *q, const pc_abelian_t *G, slong prec)
{
    slong n = G->n;
    R->G = *G;
    R->n = n;
    R->prec = prec;
    R->balls = 0;
    R->k = 0;
    R->p = 0;
    R->freq = NULL; R->pf = NULL; R->pt = NULL; R->pa = NULL;
    R->z = _acb_vec_init(1);
    pc_abelian_dft_init(&R->dft, G, prec);
    R->qhat = _acb_vec_init(n);
    R->spec = _acb_vec_init(n);
    R->tmp = _acb_vec_init(n);
    R->shat = _acb_vec_init(n);
    R->c = _arb_vec_init(n);
    R->s = _arb_vec_init(n);
    arb_init(R->nu);
    for (slong m = 0; m < n; m++)
        arb_set_fmpq(acb_realref(R->tmp + m), q + m, prec);
    pc_abelian_dft(R->qhat, R->tmp, &R->dft, prec);
}

void cyclic_kkt_clear(cyclic_kkt_t *R)
{
    slong n = R->n;
    pc_abelian_dft_clear(&R->dft);
    _acb_vec_clear(R->qhat, n);
    _acb_vec_clear(R->spec, n);
    _acb_vec_clear(R->tmp, n);
    _acb_vec_clear(R->shat, n);
    _arb_vec_clear(R->c, n);
    _arb_vec_clear(R->s, n);
    _acb_vec_clear(R->z, FLINT_MAX(R->k, 1));
    arb_clear(R->nu);
    flint_free(R->freq); flint_free(R->pf); flint_free(R->pt); flint_free(R->pa);
}

void cyclic_kkt_layout(cyclic_kkt_t *R)
{
    slong a, i = 0;
    R->p = 0;
    for (a = 0; a < R->k; a++)
        R->p += pc_abelian_weight(&R->G, R->freq[a]);
    R->pf = flint_realloc(R->pf, sizeof(slong) * (R->p + 1));
    R->pt = flint_realloc(R->pt, sizeof(slong) * (R->p + 1));
    R->pa = flint_realloc(R->pa, sizeof(slong) * (R->p + 1));
    for (a = 0; a < R->k; a++) {
        R->pf[i] = R->freq[a]; R->pt[i] = 0; R->pa[i] = a; i++;
        if (!pc_abelian_is_real(&R->G, R->freq[a])) {
            R->pf[i] = R->freq[a]; R->pt[i] = 1; R->pa[i] = a; i++;
        }
    }
}

/* c = inverse DFT of the sparse spectrum z; then s = softmax(c), shat = DFT(s). */
void cyclic_kkt_point(cyclic_kkt_t *R, acb_srcptr z)
{
    slong n = R->n, prec = R->prec, m, a;
    arb_t mx, sum;
    arb_init(mx);
    arb_init(sum);
    _acb_vec_zero(R->spec, n);
    for (a = 0; a < R->k; a++) {
        slong f = R->freq[a];
        if (pc_abelian_is_real(&R->G, f)) {
            arb_set(acb_realref(R->spec + f), acb_realref(z + a));
        } else {
            acb_set(R->spec + f, z + a);
            acb_conj(R->spec + pc_abelian_neg(&R->G, f), z + a);
        }
    }
    pc_abelian_dft_inverse(R->tmp, R->spec, &R->dft, prec);
    for (m = 0; m < n; m++) {
        if (R->balls) arb_swap(R->c + m, acb_realref(R->tmp + m));   /* tmp is rewritten below */
        else arb_get_mid_arb(R->c + m, acb_realref(R->tmp + m));
    }
    /* softmax is shift-invariant: shift by an exact number (the largest midpoint) */
    arb_set(mx, R->c);
    for (m = 1; m < n; m++)
        if (arf_cmp(arb_midref(R->c + m), arb_midref(mx)) > 0)
            arb_set(mx, R->c + m);
    arb_get_mid_arb(mx, mx);
    for (m = 0; m < n; m++) {
        arb_sub(R->s + m, R->c + m, mx, prec);
        arb_exp(R->s + m, R->s + m, prec);
        arb_add(sum, sum, R->s + m, prec);
    }
    for (m = 0; m < n; m++) {
        arb_div(R->s + m, R->s + m, sum, prec);
        acb_set_arb(R->tmp + m, R->s + m);
    }
    pc_abelian_dft(R->shat, R->tmp, &R->dft, prec);
    arb_clear(mx);
    arb_clear(sum);
}

/* u = z / |z| (pair) or sign(Re z) (Nyquist); abs = |z|. */
void cyclic_kkt_unit(acb_t u, arb_t abs, const acb_t z, int nyquist, slong prec)
{
    if (nyquist) {
        arb_abs(abs, acb_realref(z));
        acb_zero(u);
        arb_set_si(acb_realref(u), arf_sgn(arb_midref(acb_realref(z))));
    } else {
        acb_abs(abs, z, prec);
        acb_div_arb(u, z, abs, prec);
    }
}

/* F (length p + 1) at (z, nu); cyclic_kkt_point must have been called with z. */
void cyclic_kkt_residual(arb_ptr F, cyclic_kkt_t *R, acb_srcptr z, const arb_t nu,
                            const arb_t rho)
{
    slong i, a, prec = R->prec;
    acb_t g, u;
    arb_t abs;
    acb_init(g);
    acb_init(u);
    arb_init(abs);
    arb_neg(F + R->p, rho);
    for (a = 0; a < R->k; a++) {
        int nyq = pc_abelian_is_real(&R->G, R->freq[a]);
        cyclic_kkt_unit(u, abs, z + a, nyq, prec);
        arb_addmul_si(F + R->p, abs, nyq ? 1 : 2, prec);
    }
    for (i = 0; i < R->p; i++) {
        slong f = R->pf[i], a = R->pa[i];
        cyclic_kkt_unit(u, abs, z + a, pc_abelian_is_real(&R->G, f), prec);
        acb_sub(g, R->shat + f, R->qhat + f, prec);
        acb_addmul_arb(g, u, nu, prec);
        arb_set(F + i, R->pt[i] == 0 ? acb_realref(g) : acb_imagref(g));
    }
    acb_clear(g);
    acb_clear(u);
    arb_clear(abs);
}

/* C(x) = Re shat_x, S(x) = -Im shat_x at x = f + sign g in G (sign +1 or -1). */
static const arb_struct *refine_C(const cyclic_kkt_t *R, slong f, int sign, slong g)
{
    slong x = sign > 0 ? pc_abelian_add(&R->G, f, g) : pc_abelian_sub(&R->G, f, g);
    return acb_realref(R->shat + x);
}

static void refine_S(arb_t out, const cyclic_kkt_t *R, slong f, int sign, slong g)
{
    slong x = sign > 0 ? pc_abelian_add(&R->G, f, g) : pc_abelian_sub(&R->G, f, g);
    arb_neg(out, acb_imagref(R->shat + x));
}

void cyclic_kkt_dshat(arb_t e, const cyclic_kkt_t *R, slong r, slong k)
{
    slong fr = R->pf[r], tr = R->pt[r], fk = R->pf[k], tk = R->pt[k], prec = R->prec;
    arb_t t, t2;
    arb_init(t); arb_init(t2);
    if (tr == 0 && tk == 0) {
        arb_add(e, refine_C(R, fr, -1, fk), refine_C(R, fr, 1, fk), prec);
    } else if (tr == 1 && tk == 1) {
        arb_sub(e, refine_C(R, fr, -1, fk), refine_C(R, fr, 1, fk), prec);
    } else {
        if (tr == 0) refine_S(t, R, fr, -1, fk);
        else refine_S(t, R, fk, -1, fr);
        refine_S(t2, R, fr, 1, fk);
        arb_sub(e, t, t2, prec);
    }
    arb_mul_2exp_si(e, e, -1);
    arb_mul(t, tr == 0 ? acb_realref(R->shat + fr) : acb_imagref(R->shat + fr),
            tk == 0 ? acb_realref(R->shat + fk) : acb_imagref(R->shat + fk), prec);
    arb_sub(e, e, t, prec);
    arb_mul_si(e, e, pc_abelian_weight(&R->G, fk), prec);
    arb_div_si(e, e, R->n, prec);
    arb_clear(t); arb_clear(t2);
}

void cyclic_kkt_jacobian(arb_mat_t J, cyclic_kkt_t *R, acb_srcptr z, const arb_t nu)
{
    slong r, k, p = R->p, prec = R->prec;
    arb_t t;
    acb_t u;
    arb_t abs;
    arb_init(t); acb_init(u); arb_init(abs);
    for (r = 0; r < p; r++) {
        slong fr = R->pf[r], tr = R->pt[r];
        for (k = 0; k < p; k++) {
            slong tk = R->pt[k];
            arb_ptr e = arb_mat_entry(J, r, k);
            cyclic_kkt_dshat(e, R, r, k);
            if (R->pa[r] == R->pa[k] && !pc_abelian_is_real(&R->G, fr)) {
                /* nu d u / d(x, y) = nu (I - u u^T) / |z| */
                cyclic_kkt_unit(u, abs, z + R->pa[r], 0, prec);
                arb_mul(t, tr == 0 ? acb_realref(u) : acb_imagref(u),
                        tk == 0 ? acb_realref(u) : acb_imagref(u), prec);
                arb_neg(t, t);
                if (tr == tk) arb_add_ui(t, t, 1, prec);
                arb_mul(t, t, nu, prec);
                arb_div(t, t, abs, prec);
                arb_add(e, e, t, prec);
            }
        }
        cyclic_kkt_unit(u, abs, z + R->pa[r], pc_abelian_is_real(&R->G, fr), prec);
        arb_set(arb_mat_entry(J, r, p), tr == 0 ? acb_realref(u) : acb_imagref(u));
        arb_mul_si(arb_mat_entry(J, p, r), tr == 0 ? acb_realref(u) : acb_imagref(u),
                   pc_abelian_weight(&R->G, fr), prec);
    }
    arb_zero(arb_mat_entry(J, p, p));
    arb_clear(t); acb_clear(u); arb_clear(abs);
}

/* max(|F_i|, |F_p| / rho) as an upper bound (arf). */
static void refine_norm(arf_t out, arb_srcptr F, slong p, const arb_t rho, slong prec)
{
    arf_t t;
    arb_t b;
    arf_init(t);
    arb_init(b);
    arf_zero(out);
    for (slong i = 0; i <= p; i++) {
        if (i == p) arb_div(b, F + p, rho, prec); else arb_set(b, F + i);
        arb_get_abs_ubound_arf(t, b, prec);
        if (arf_cmp(t, out) > 0) arf_set(out, t);
    }
    arf_clear(t);
    arb_clear(b);
}

/* Newton on the current active set. Returns 1 if converged to the noise level. */
static int refine_newton(cyclic_kkt_t *R, const arb_t rho, slong *iters)
{
    slong p = R->p, prec = R->prec, it, i, half;
    slong target = -prec + 2 * FLINT_BIT_COUNT(R->n) + 24;
    arb_ptr F = _arb_vec_init(p + 1), Fn = _arb_vec_init(p + 1);
    acb_ptr zn = _acb_vec_init(R->k);
    arb_t nun;
    arf_t norm, normn;
    arb_mat_t J, X, B;
    int converged = 0;
    arb_init(nun);
    arf_init(norm);
    arf_init(normn);
    arb_mat_init(J, p + 1, p + 1);
    arb_mat_init(X, p + 1, 1);
    arb_mat_init(B, p + 1, 1);

    cyclic_kkt_point(R, R->z);
    cyclic_kkt_residual(F, R, R->z, R->nu, rho);
    refine_norm(norm, F, p, rho, prec);
    for (it = 0; it < 80 && converged < 2; it++) {
        cyclic_kkt_jacobian(J, R, R->z, R->nu);
        for (i = 0; i <= p; i++)
            arb_neg(arb_mat_entry(B, i, 0), F + i);
        if (!arb_mat_approx_solve(X, J, B, prec))
            break;
        /* damped step: halve until the residual decreases */
        for (half = 0; half < 30; half++) {
            for (i = 0; i < p; i++) {
                arb_ptr d = arb_mat_entry(X, i, 0);
                acb_ptr za = zn + R->pa[i];
                if (i == 0 || R->pa[i] != R->pa[i - 1]) acb_set(za, R->z + R->pa[i]);
                arb_mul_2exp_si(d, d, -(half > 0));
                if (R->pt[i] == 0) arb_add(acb_realref(za), acb_realref(za), d, prec);
                else arb_add(acb_imagref(za), acb_imagref(za), d, prec);
            }
            arb_mul_2exp_si(arb_mat_entry(X, p, 0), arb_mat_entry(X, p, 0), -(half > 0));
            arb_add(nun, R->nu, arb_mat_entry(X, p, 0), prec);
            for (i = 0; i < R->k; i++) {
                arb_get_mid_arb(acb_realref(zn + i), acb_realref(zn + i));
                arb_get_mid_arb(acb_imagref(zn + i), acb_imagref(zn + i));
            }
            arb_get_mid_arb(nun, nun);
            cyclic_kkt_point(R, zn);
            cyclic_kkt_residual(Fn, R, zn, nun, rho);
            refine_norm(normn, Fn, p, rho, prec);
            if (arf_cmp(normn, norm) < 0 || arf_cmpabs_2exp_si(normn, target) < 0)
                break;
        }
        if (getenv("RDEBUG")) { fprintf(stderr, "  it %ld half %ld norm ", (long) it, (long) half); arf_fprintd(stderr, normn, 5); fprintf(stderr, "\n"); }
        if (half == 30) break;  /* no decrease: at the noise level or stuck */
        _acb_vec_swap(R->z, zn, R->k);
        arb_swap(R->nu, nun);
        _arb_vec_swap(F, Fn, p + 1);
        arf_swap(norm, normn);
        if (arf_cmpabs_2exp_si(norm, target) < 0)
            converged++;   /* one more step at the noise level, then stop */
        if (converged == 1) converged = arf_cmpabs_2exp_si(norm, target - 32) < 0 ? 2 : 1;
    }
    /* leave R->c, R->s, R->shat at the accepted point */
    cyclic_kkt_point(R, R->z);
    *iters += it;
    _arb_vec_clear(F, p + 1);
    _arb_vec_clear(Fn, p + 1);
    _acb_vec_clear(zn, R->k);
    arb_clear(nun);
    arf_clear(norm);
    arf_clear(normn);
    arb_mat_clear(J);
    arb_mat_clear(X);
    arb_mat_clear(B);
    return converged > 0;
}

/* Changes the active set if a KKT sign check fails; returns 1 if it changed. */
static int refine_reidentify(cyclic_kkt_t *R, slong *active, slong *num_active, int converged,
                             slong prec)
{
    slong n = R->n, a, j, k = R->k, worst = -1, smallest = -1;
    arb_t abs, mx, tol, g, best;
    acb_t gj;
    int changed = 0;
    arb_init(abs); arb_init(mx); arb_init(tol); arb_init(g); arb_init(best); acb_init(gj);
    for (a = 0; a < k; a++) {
        acb_abs(abs, R->z + a, prec);
        if (arb_gt(abs, mx)) arb_set(mx, abs);
    }
    /* an active coefficient at (relative) zero leaves; if Newton failed, the smallest leaves */
    arb_mul_2exp_si(tol, mx, -prec / 2);
    arb_set(best, mx);
    for (a = 0; a < k; a++) {
        acb_abs(abs, R->z + a, prec);
        if (arf_cmp(arb_midref(abs), arb_midref(best)) <= 0) {
            arb_set(best, abs);
            smallest = a;
        }
    }
    if (smallest >= 0 && k > 1 && (arf_cmp(arb_midref(best), arb_midref(tol)) < 0 || !converged)) {
        for (a = smallest; a + 1 < *num_active; a++)
            active[a] = active[a + 1];
        (*num_active)--;
        changed = 1;
        goto done;
    }
    /* the most violating inactive frequency joins */
    arb_mul_2exp_si(tol, R->nu, -prec / 2);
    arb_add(tol, tol, R->nu, prec);
    arb_set(best, tol);
    for (j = 1, a = 0; j < n; j++) {
        if (!pc_abelian_is_representative(&R->G, j)) continue;
        if (a < k && R->freq[a] == j) { a++; continue; }
        acb_sub(gj, R->shat + j, R->qhat + j, prec);
        acb_abs(g, gj, prec);
        if (arf_cmp(arb_midref(g), arb_midref(best)) > 0) {
            arb_set(best, g);
            worst = j;
        }
    }
    if (worst >= 0) {
        for (a = *num_active; a > 0 && active[a - 1] > worst; a--)
            active[a] = active[a - 1];
        active[a] = worst;
        (*num_active)++;
        changed = 1;
    }
done:
    arb_clear(abs); arb_clear(mx); arb_clear(tol); arb_clear(g); arb_clear(best); acb_clear(gj);
    return changed;
}

/* Loads R->z for the active set from the spectrum of R->c; a new frequency starts
 * small, along -g_hat_f (the direction the KKT system asks for). */
static void refine_load(cyclic_kkt_t *R, const slong *active, slong num_active, const arb_t rho)
{
    slong a, n = R->n, prec = R->prec;
    acb_t g;
    arb_t abs, eps;
    acb_init(g);
    arb_init(abs);
    arb_init(eps);
    _acb_vec_clear(R->z, R->k);
    R->k = num_active;
    R->freq = flint_realloc(R->freq, sizeof(slong) * FLINT_MAX(num_active, 1));
    R->z = _acb_vec_init(FLINT_MAX(num_active, 1));
    for (a = 0; a < num_active; a++)
        R->freq[a] = active[a];
    for (slong m = 0; m < n; m++)
        acb_set_arb(R->tmp + m, R->c + m);
    pc_abelian_dft(R->spec, R->tmp, &R->dft, prec);
    arb_div_si(eps, rho, 1000 * n, prec);
    for (a = 0; a < num_active; a++) {
        slong f = active[a];
        acb_get_mid(R->z + a, R->spec + f);
        if (pc_abelian_is_real(&R->G, f)) arb_zero(acb_imagref(R->z + a));
        acb_abs(abs, R->z + a, prec);
        if (arb_is_zero(abs) || arf_cmp(arb_midref(abs), arb_midref(eps)) < 0) {
            acb_sub(g, R->shat + f, R->qhat + f, prec);
            if (pc_abelian_is_real(&R->G, f)) arb_zero(acb_imagref(g));
            acb_abs(abs, g, prec);
            if (!arb_is_positive(abs)) { acb_one(g); arb_one(abs); }
            acb_div_arb(g, g, abs, prec);
            acb_mul_arb(R->z + a, g, eps, prec);
            acb_neg(R->z + a, R->z + a);
            acb_get_mid(R->z + a, R->z + a);
        }
    }
    cyclic_kkt_layout(R);
    acb_clear(g);
    arb_clear(abs);
    arb_clear(eps);
}

pc_status_t pc_cyclic_refine(arb_ptr c, arb_t nu, slong *active, slong *num_active,
                             const fmpq *q, slong n, const arb_t rho, slong prec, pc_msg_t *msg)
{
    pc_abelian_t G;
    pc_abelian_set_cyclic(&G, n);
    return pc_abelian_refine(c, nu, active, num_active, q, &G, rho, prec, msg);
}

pc_status_t pc_abelian_refine(arb_ptr c, arb_t nu, slong *active, slong *num_active,
                              const fmpq *q, const pc_abelian_t *G, const arb_t rho, slong prec,
                              pc_msg_t *msg)
{
    slong n = G->n;
    cyclic_kkt_t R;
    slong m, round, iters = 0;
    pc_status_t status = PC_NOT_PROVED;
    int converged = 0;

    if (n < 2 || *num_active < 1)
        return pc_fail(msg, PC_NOT_PROVED, "cyclic refine: no active frequency (n = %ld)", (long) n);
    cyclic_kkt_init(&R, q, G, prec);
    for (m = 0; m < n; m++)
        arb_get_mid_arb(R.c + m, c + m);
    /* shat at the starting point, for nu and for new frequencies */
    {
        /* softmax and its DFT at the given c */
        arb_t mx, sum;
        arb_init(mx); arb_init(sum);
        arb_set(mx, R.c);
        for (m = 1; m < n; m++)
            if (arf_cmp(arb_midref(R.c + m), arb_midref(mx)) > 0) arb_set(mx, R.c + m);
        for (m = 0; m < n; m++) {
            arb_sub(R.s + m, R.c + m, mx, prec);
            arb_exp(R.s + m, R.s + m, prec);
            arb_add(sum, sum, R.s + m, prec);
        }
        for (m = 0; m < n; m++) {
            arb_div(R.s + m, R.s + m, sum, prec);
            acb_set_arb(R.tmp + m, R.s + m);
        }
        pc_abelian_dft(R.shat, R.tmp, &R.dft, prec);
        arb_clear(mx); arb_clear(sum);
    }
    arb_get_mid_arb(R.nu, nu);
    if (!arb_is_positive(R.nu)) {
        /* nu = max over active of |g_hat| */
        acb_t g; arb_t abs;
        acb_init(g); arb_init(abs);
        arb_zero(R.nu);
        for (slong a = 0; a < *num_active; a++) {
            acb_sub(g, R.shat + active[a], R.qhat + active[a], prec);
            acb_abs(abs, g, prec);
            if (arb_gt(abs, R.nu)) arb_set(R.nu, abs);
        }
        arb_get_mid_arb(R.nu, R.nu);
        acb_clear(g); arb_clear(abs);
    }
    for (round = 0; round < 40; round++) {
        refine_load(&R, active, *num_active, rho);
        if (R.p > PC_CYCLIC_MAX_NEWTON) {
            status = pc_fail(msg, PC_NOT_PROVED,
                             "cyclic refine: %ld real unknowns exceed the Newton limit %d",
                             (long) R.p, PC_CYCLIC_MAX_NEWTON);
            goto cleanup;
        }
        converged = refine_newton(&R, rho, &iters);
        if (!refine_reidentify(&R, active, num_active, converged, prec))
            break;
    }
    if (converged && round < 40)
        status = PC_OK;
    else
        status = pc_fail(msg, PC_NOT_PROVED,
                         "cyclic refine: Newton did not converge at %ld bits (%ld iterations, "
                         "%ld active-set rounds)", (long) prec, (long) iters, (long) round);
    for (m = 0; m < n; m++)
        arb_set(c + m, R.c + m);
    arb_set(nu, R.nu);
cleanup:
    cyclic_kkt_clear(&R);
    return status;
}
