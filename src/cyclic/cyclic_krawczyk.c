/* The rigorous KKT test of the circulant problem (SPEC 5a): a Krawczyk
 * (interval-Newton) proof that the active-set KKT system of cyclic_refine.c has
 * exactly one zero in a small box around the refined point, together with strict
 * complementarity on every inactive frequency, proved with balls over the whole box.
 *
 * Unknowns x = (Re z_f, Im z_f for active pairs, Re z_f for an active Nyquist f, nu)
 * and equations F as in cyclic_internal.h (cyclic_kkt_residual). With Y the inverse
 * of the midpoint Jacobian at the centre x and X = x + [-r, r]^(p+1),
 *
 *     K(X) = x - Y F(x) + (I - Y J(X)) (X - x);
 *
 * K(X) inside the interior of X proves a unique zero x* of F in X (Krawczyk 1969,
 * Moore 1977), for every value of rho in its enclosure. At x* the active
 * coefficients are nonzero and nu > 0 (both proved over X), the inactive
 * coefficients are exactly 0 (they are not unknowns), and |s_hat_j - q_hat_j| < nu on
 * every inactive j (proved over X): x* is a KKT point of the convex problem, so it is
 * the Fourier data of the optimum c* (unique: CE is strictly convex on sum c = 0), and
 * the active set is exactly the one given. Extra information: the value certificate
 * is the gap, not this test. */
#include <stdio.h>
#include "peelcert/cyclic.h"
#include "cyclic_internal.h"

/* The box around the centre: z with radius r on every real unknown, nu +- r. */
static void krawczyk_box(acb_ptr zb, arb_t nub, const cyclic_kkt_t *R, acb_srcptr z,
                         const arb_t nu, const mag_t r)
{
    for (slong a = 0; a < R->k; a++) {
        acb_set(zb + a, z + a);
        arb_add_error_mag(acb_realref(zb + a), r);
        if (!pc_abelian_is_real(&R->G, R->freq[a]))
            arb_add_error_mag(acb_imagref(zb + a), r);
    }
    arb_set(nub, nu);
    arb_add_error_mag(nub, r);
}

/* 1 if over the box every active coefficient is proved nonzero (a Nyquist real part
 * of constant sign) and nu > 0. */
static int krawczyk_box_regular(const cyclic_kkt_t *R, acb_srcptr zb, const arb_t nub)
{
    arb_t abs;
    int ok = arb_is_positive(nub);
    arb_init(abs);
    for (slong a = 0; a < R->k && ok; a++) {
        if (pc_abelian_is_real(&R->G, R->freq[a]))
            ok = !arb_contains_zero(acb_realref(zb + a));
        else {
            acb_abs(abs, zb + a, R->prec);
            ok = arb_is_positive(abs);
        }
    }
    arb_clear(abs);
    return ok;
}

/* 1 if |s_hat_j - q_hat_j| < nu is proved on every inactive representative j (R->shat
 * enclosing the box); *worst = the first failing j otherwise. */
static int krawczyk_complementarity(const cyclic_kkt_t *R, const arb_t nub, slong *worst)
{
    slong j, a = 0;
    acb_t g;
    arb_t abs;
    int ok = 1;
    acb_init(g);
    arb_init(abs);
    for (j = 1; j < R->n && ok; j++) {
        if (!pc_abelian_is_representative(&R->G, j)) continue;
        if (a < R->k && R->freq[a] == j) { a++; continue; }
        acb_sub(g, R->shat + j, R->qhat + j, R->prec);
        acb_abs(abs, g, R->prec);
        if (!arb_lt(abs, nub)) { ok = 0; *worst = j; }
    }
    acb_clear(g);
    arb_clear(abs);
    return ok;
}

pc_status_t pc_cyclic_krawczyk(double *radius, arb_srcptr c, const arb_t nu, const slong *active,
                               slong num_active, const fmpq *q, slong n, const arb_t rho,
                               slong prec, pc_msg_t *msg)
{
    pc_abelian_t G;
    pc_abelian_set_cyclic(&G, n);
    return pc_abelian_krawczyk(radius, c, nu, active, num_active, q, &G, rho, prec, msg);
}

pc_status_t pc_abelian_krawczyk(double *radius, arb_srcptr c, const arb_t nu, const slong *active,
                                slong num_active, const fmpq *q, const pc_abelian_t *G,
                                const arb_t rho, slong prec, pc_msg_t *msg)
{
    slong n = G->n;
    cyclic_kkt_t R;
    slong i, a, m, p, attempt, worst = -1;
    acb_ptr zc, zb;
    arb_t nuc, nub;
    arb_ptr F;
    arb_mat_t J, Y, YF, M, D, K;
    mag_t r, bound, t;
    pc_status_t status = PC_NOT_PROVED;
    const char *why = "K(X) not inside X";

    *radius = 0.0;
    if (n < 2 || num_active < 1)
        return pc_fail(msg, PC_NOT_PROVED, "krawczyk: no active frequency");
    cyclic_kkt_init(&R, q, G, prec);
    R.balls = 1;
    _acb_vec_clear(R.z, 1);
    R.k = num_active;
    R.z = _acb_vec_init(num_active);
    R.freq = flint_malloc(sizeof(slong) * num_active);
    for (a = 0; a < num_active; a++)
        R.freq[a] = active[a];
    cyclic_kkt_layout(&R);
    p = R.p;
    if (p > PC_CYCLIC_MAX_NEWTON) {
        cyclic_kkt_clear(&R);
        return pc_fail(msg, PC_NOT_PROVED, "krawczyk: %ld real unknowns exceed %d", (long) p,
                       PC_CYCLIC_MAX_NEWTON);
    }
    zc = _acb_vec_init(num_active);
    zb = _acb_vec_init(num_active);
    arb_init(nuc);
    arb_init(nub);
    F = _arb_vec_init(p + 1);
    arb_mat_init(J, p + 1, p + 1);
    arb_mat_init(Y, p + 1, p + 1);
    arb_mat_init(YF, p + 1, 1);
    arb_mat_init(M, p + 1, p + 1);
    arb_mat_init(D, p + 1, 1);
    arb_mat_init(K, p + 1, 1);
    mag_init(r);
    mag_init(bound);
    mag_init(t);

    /* the centre: exact midpoints of the active coefficients of c, and of nu */
    for (m = 0; m < n; m++) {
        arb_get_mid_arb(acb_realref(R.tmp + m), c + m);
        arb_zero(acb_imagref(R.tmp + m));
    }
    pc_abelian_dft(R.spec, R.tmp, &R.dft, prec);
    for (a = 0; a < num_active; a++) {
        acb_get_mid(zc + a, R.spec + active[a]);
        if (pc_abelian_is_real(G, active[a])) arb_zero(acb_imagref(zc + a));
    }
    arb_get_mid_arb(nuc, nu);

    /* F(x) enclosed at the exact centre, Y = midpoint inverse of J(x) */
    cyclic_kkt_point(&R, zc);
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
    /* first radius: a few times the Newton step |Y F(x)|, not below the noise of prec */
    mag_zero(bound);
    for (i = 0; i <= p; i++) {
        arb_get_mag(t, arb_mat_entry(YF, i, 0));
        mag_max(bound, bound, t);
    }
    mag_set_ui_2exp_si(t, 1, -prec + 2 * FLINT_BIT_COUNT(n) + 8);
    mag_max(bound, bound, t);
    mag_mul_2exp_si(r, bound, 4);

    for (attempt = 0; attempt < 6; attempt++, mag_mul_2exp_si(r, r, 6)) {
        krawczyk_box(zb, nub, &R, zc, nuc, r);
        if (!krawczyk_box_regular(&R, zb, nub)) {
            why = "the box reaches a zero coefficient or nu <= 0";
            break;
        }
        cyclic_kkt_point(&R, zb);
        cyclic_kkt_jacobian(J, &R, zb, nub);
        /* M = I - Y J(X); D = X - x = [-r, r]; K - x = -Y F(x) + M D */
        arb_mat_mul(M, Y, J, prec);
        arb_mat_neg(M, M);
        for (i = 0; i <= p; i++) {
            arb_add_ui(arb_mat_entry(M, i, i), arb_mat_entry(M, i, i), 1, prec);
            arb_zero(arb_mat_entry(D, i, 0));
            arb_add_error_mag(arb_mat_entry(D, i, 0), r);
        }
        arb_mat_mul(K, M, D, prec);
        arb_mat_sub(K, K, YF, prec);
        for (i = 0; i <= p; i++) {
            arb_get_mag(t, arb_mat_entry(K, i, 0));
            if (mag_cmp(t, r) >= 0)
                break;
        }
        if (i <= p) {
            why = "K(X) not inside X";
            continue;
        }
        if (!krawczyk_complementarity(&R, nub, &worst)) {
            why = "strict complementarity not proved";
            break;   /* a larger box only widens |s_hat_j - q_hat_j| */
        }
        status = PC_OK;
        *radius = mag_get_d(r);   /* mag_get_d rounds up */
        break;
    }
report:
    if (status != PC_OK) {
        if (worst >= 0)
            pc_fail(msg, PC_NOT_PROVED, "krawczyk: %s (frequency %ld, %ld unknowns, %ld bits)",
                    why, (long) worst, (long) p + 1, (long) prec);
        else
            pc_fail(msg, PC_NOT_PROVED, "krawczyk: %s (%ld unknowns, %ld bits)", why,
                    (long) p + 1, (long) prec);
    }
    _acb_vec_clear(zc, num_active);
    _acb_vec_clear(zb, num_active);
    arb_clear(nuc);
    arb_clear(nub);
    _arb_vec_clear(F, p + 1);
    arb_mat_clear(J);
    arb_mat_clear(Y);
    arb_mat_clear(YF);
    arb_mat_clear(M);
    arb_mat_clear(D);
    arb_mat_clear(K);
    mag_clear(r);
    mag_clear(bound);
    mag_clear(t);
    cyclic_kkt_clear(&R);
    return status;
}
