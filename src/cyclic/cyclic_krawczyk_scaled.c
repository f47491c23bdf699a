/* The Krawczyk test of cyclic_krawczyk.c with one radius per unknown (a box, not a cube),
 * for rho given as an interval (the sweep, SPEC 13). Same theorem: with Y the inverse of the
 * midpoint Jacobian at the centre x and X = x + [-r_i, r_i]_i,
 *     K(X) = x - Y F(x, [rho]) + (I - Y J(X)) (X - x)  inside the interior of X
 * proves a unique zero of F(., rho) in X for every rho in the interval; with every active
 * coefficient nonzero, nu > 0 and |s_hat_j - q_hat_j| < nu on every inactive j over X, it is the
 * optimum's Fourier data and the active set is exact for every such rho. A box matters near a
 * breakpoint: the entering coefficient is tiny while the others move by much more along the
 * interval, and a cube wide enough for them would reach zero in the small one. */
#include <stdio.h>
#include "peelcert/cyclic.h"
#include "cyclic_internal.h"

/* The box: unknown i (layout of R) with radius r[i]; nu with r[p]. */
static void scaled_box(acb_ptr zb, arb_t nub, const cyclic_kkt_t *R, acb_srcptr z, const arb_t nu,
                       const mag_struct *r)
{
    for (slong a = 0; a < R->k; a++)
        acb_set(zb + a, z + a);
    for (slong i = 0; i < R->p; i++) {
        acb_ptr t = zb + R->pa[i];
        arb_add_error_mag(R->pt[i] == 0 ? acb_realref(t) : acb_imagref(t), r + i);
    }
    arb_set(nub, nu);
    arb_add_error_mag(nub, r + R->p);
}

static int scaled_regular(const cyclic_kkt_t *R, acb_srcptr zb, const arb_t nub)
{
    arb_t abs;
    int ok = arb_is_positive(nub);
    arb_init(abs);
    for (slong a = 0; a < R->k && ok; a++) {
        if (2 * R->freq[a] == R->n)
            ok = !arb_contains_zero(acb_realref(zb + a));
        else {
            acb_abs(abs, zb + a, R->prec);
            ok = arb_is_positive(abs);
        }
    }
    arb_clear(abs);
    return ok;
}

/* |s_hat_j - q_hat_j| < nu on every inactive j over the box, by the direct enclosure (R->shat
 * over the box) or by the mean-value form g_j(x) + sum_i dg_j/dx_i(X) [-r_i, r_i] with the
 * centre's values shat_c: with w_f/n the weight of unknown i (frequency f, 2 for a pair, 1 for
 * Nyquist) and s = softmax(c),
 *   d s_hat_j / d Re z_f = (w_f/n) ((s_hat_{j-f} + s_hat_{j+f})/2 - s_hat_j Re s_hat_f),
 *   d s_hat_j / d Im z_f = (w_f/n) (i (s_hat_{j-f} - s_hat_{j+f})/2 - s_hat_j Im s_hat_f)
 * (c = inverse DFT of the active spectrum; d s / d c = diag s - s s^T). The mean-value form
 * keeps near a breakpoint the margin that interval evaluation of s over the box wraps away. */
static int scaled_complementarity(const cyclic_kkt_t *R, acb_srcptr shat_c, const mag_struct *r,
                                  const arb_t nub, slong *worst)
{
    slong n = R->n, prec = R->prec;
    acb_t g, d, t;
    arb_t abs, bound, nulow;
    arf_t m_arf;
    int ok = 1;
    acb_init(g); acb_init(d); acb_init(t);
    arb_init(abs); arb_init(bound); arb_init(nulow);
    arf_init(m_arf);
    arb_get_lbound_arf(m_arf, nub, prec);
    arb_set_arf(nulow, m_arf);                          /* nu >= nulow over the box */
    for (slong j = 1, a = 0; j <= n / 2 && ok; j++) {
        if (a < R->k && R->freq[a] == j) { a++; continue; }
        acb_sub(g, R->shat + j, R->qhat + j, prec);
        acb_abs(abs, g, prec);
        if (arb_lt(abs, nub))
            continue;                           /* the direct enclosure suffices */
        acb_sub(g, shat_c + j, R->qhat + j, prec);
        acb_abs(bound, g, prec);
        for (slong i = 0; i < R->p; i++) {
            slong f = R->pf[i], w = 2 * f == n ? 1 : 2;
            acb_srcptr lo = R->shat + ((j - f) % n + n) % n, hi = R->shat + (j + f) % n;
            if (R->pt[i] == 0) {
                acb_add(d, lo, hi, prec);
                acb_mul_2exp_si(d, d, -1);
                acb_mul_arb(t, R->shat + j, acb_realref(R->shat + f), prec);
            } else {
                acb_sub(d, lo, hi, prec);
                acb_mul_2exp_si(d, d, -1);
                acb_mul_onei(d, d);
                acb_mul_arb(t, R->shat + j, acb_imagref(R->shat + f), prec);
            }
            acb_sub(d, d, t, prec);
            acb_mul_si(d, d, w, prec);
            acb_div_si(d, d, n, prec);
            acb_abs(abs, d, prec);
            arf_set_mag(m_arf, r + i);                  /* r_i, exactly */
            arb_mul_arf(abs, abs, m_arf, prec);
            arb_add(bound, bound, abs, prec);
        }
        if (!arb_lt(bound, nulow)) { ok = 0; *worst = j; }
    }
    acb_clear(g); acb_clear(d); acb_clear(t);
    arb_clear(abs); arb_clear(bound); arb_clear(nulow);
    arf_clear(m_arf);
    return ok;
}

pc_status_t pc_cyclic_krawczyk_box(arb_ptr radii, arb_srcptr c, const arb_t nu, const slong *active,
                                   slong num_active, const fmpq *q, slong n, const arb_t rho,
                                   slong prec, pc_msg_t *msg)
{
    cyclic_kkt_t R;
    slong i, p, worst = -1;
    pc_status_t status = PC_NOT_PROVED;
    const char *why = "K(X) not inside X";
    pc_abelian_t G;
    if (n < 2 || num_active < 1)
        return pc_fail(msg, PC_NOT_PROVED, "krawczyk: no active frequency");
    pc_abelian_set_cyclic(&G, n);     /* the sweep's box test is cyclic only */
    cyclic_kkt_init(&R, q, &G, prec);
    R.balls = 1;
    _acb_vec_clear(R.z, 1);
    R.k = num_active;
    R.z = _acb_vec_init(num_active);
    R.freq = flint_malloc(sizeof(slong) * num_active);
    for (slong a = 0; a < num_active; a++)
        R.freq[a] = active[a];
    cyclic_kkt_layout(&R);
    p = R.p;
    if (p > PC_CYCLIC_MAX_NEWTON) {
        cyclic_kkt_clear(&R);
        return pc_fail(msg, PC_NOT_PROVED, "krawczyk: %ld real unknowns exceed %d", (long) p,
                       PC_CYCLIC_MAX_NEWTON);
    }
    acb_ptr zc = _acb_vec_init(num_active), zb = _acb_vec_init(num_active);
    acb_ptr shat_c = _acb_vec_init(n);                  /* s_hat at the centre */
    arb_t nuc, nub;
    arb_ptr F = _arb_vec_init(p + 1);
    arb_mat_t J, Y, YF, M, D, K;
    mag_struct *r = _mag_vec_init(p + 1);
    mag_t t, top, floor;
    arb_init(nuc); arb_init(nub);
    arb_mat_init(J, p + 1, p + 1); arb_mat_init(Y, p + 1, p + 1); arb_mat_init(YF, p + 1, 1);
    arb_mat_init(M, p + 1, p + 1); arb_mat_init(D, p + 1, 1); arb_mat_init(K, p + 1, 1);
    mag_init(t); mag_init(top); mag_init(floor);

    /* the centre: as pc_cyclic_krawczyk (exact midpoints) */
    for (slong m = 0; m < n; m++) {
        arb_get_mid_arb(acb_realref(R.tmp + m), c + m);
        arb_zero(acb_imagref(R.tmp + m));
    }
    pc_abelian_dft(R.spec, R.tmp, &R.dft, prec);
    for (slong a = 0; a < num_active; a++) {
        acb_get_mid(zc + a, R.spec + active[a]);
        if (2 * active[a] == n) arb_zero(acb_imagref(zc + a));
    }
    arb_get_mid_arb(nuc, nu);
    cyclic_kkt_point(&R, zc);
    _acb_vec_set(shat_c, R.shat, n);
    cyclic_kkt_residual(F, &R, zc, nuc, rho);
    cyclic_kkt_jacobian(J, &R, zc, nuc);
    arb_mat_get_mid(J, J);
    if (!arb_mat_approx_inv(Y, J, prec)) {
        why = "the midpoint Jacobian is numerically singular";
        goto report;
    }
    arb_mat_get_mid(Y, Y);
    for (i = 0; i <= p; i++)
        arb_set(arb_mat_entry(D, i, 0), F + i);
    arb_mat_mul(YF, Y, D, prec);
    /* radii: 16 |(Y F)_i|, at least 2^-20 of the largest and the noise of prec */
    mag_zero(top);
    for (i = 0; i <= p; i++) {
        arb_get_mag(r + i, arb_mat_entry(YF, i, 0));
        mag_mul_2exp_si(r + i, r + i, 1);
        mag_max(top, top, r + i);
    }
    mag_set_ui_2exp_si(floor, 1, -prec + 2 * FLINT_BIT_COUNT(n) + 12);
    mag_mul_2exp_si(t, top, -20);
    mag_max(floor, floor, t);
    for (i = 0; i <= p; i++)
        mag_max(r + i, r + i, floor);

    for (slong attempt = 0; attempt < 8; attempt++) {
        if (attempt > 0)
            for (i = 0; i <= p; i++)
                mag_mul_2exp_si(r + i, r + i, 1);
        scaled_box(zb, nub, &R, zc, nuc, r);
        if (!scaled_regular(&R, zb, nub)) {
            why = "the box reaches a zero coefficient or nu <= 0";
            break;
        }
        cyclic_kkt_point(&R, zb);
        cyclic_kkt_jacobian(J, &R, zb, nub);
        arb_mat_mul(M, Y, J, prec);
        arb_mat_neg(M, M);
        for (i = 0; i <= p; i++) {
            arb_add_ui(arb_mat_entry(M, i, i), arb_mat_entry(M, i, i), 1, prec);
            arb_zero(arb_mat_entry(D, i, 0));
            arb_add_error_mag(arb_mat_entry(D, i, 0), r + i);
        }
        arb_mat_mul(K, M, D, prec);
        arb_mat_sub(K, K, YF, prec);
        for (i = 0; i <= p; i++) {
            arb_get_mag(t, arb_mat_entry(K, i, 0));
            if (mag_cmp(t, r + i) >= 0)
                break;
        }
        if (i <= p) {
            why = "K(X) not inside X";
            continue;
        }
        if (!scaled_complementarity(&R, shat_c, r, nub, &worst)) {
            why = "strict complementarity not proved";
            break;
        }
        status = PC_OK;
        for (i = 0; i <= p; i++) {
            arb_zero(radii + i);
            arb_add_error_mag(radii + i, r + i);
        }
        break;
    }
report:
    if (status != PC_OK)
        pc_fail(msg, PC_NOT_PROVED, "krawczyk: %s (frequency %ld, %ld unknowns, %ld bits)", why,
                (long) worst, (long) p + 1, (long) prec);
    _acb_vec_clear(zc, num_active);
    _acb_vec_clear(zb, num_active);
    _acb_vec_clear(shat_c, n);
    arb_clear(nuc); arb_clear(nub);
    _arb_vec_clear(F, p + 1);
    arb_mat_clear(J); arb_mat_clear(Y); arb_mat_clear(YF);
    arb_mat_clear(M); arb_mat_clear(D); arb_mat_clear(K);
    _mag_vec_clear(r, p + 1);
    mag_clear(t); mag_clear(top); mag_clear(floor);
    cyclic_kkt_clear(&R);
    return status;
}
