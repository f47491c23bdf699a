/* A numerically flat direction (lowdim_internal.h; docs/below-rank.md, "A curvature below
 * double precision"): when the projected Hessian at the best point is singular in doubles,
 * walk along the curve of near-minimisers through it, find the minimum of f along the curve
 * at high precision and refine the KKT point there, so that a proof at a higher precision can
 * be attempted. Everything here finds; nothing proves (lowdim_prove.c does).
 *
 * The curve is followed by the constrained problems
 *     F(u) + nu (v, 0) = 0,   <v, x - xc> = tau
 * (F the KKT system of lowdim_kkt.c with its slice through xc, v a unit vector along the
 * curve, nu the multiplier of the extra constraint): their Jacobian [[J, v], [v^T, 0]] is
 * regular where J is only nearly singular along v, and nu = -df/dtau along the curve. */
#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include "lowdim_internal.h"

#define PC_LOWDIM_FLAT_WALK_PREC 64      /* the walk: doubles' worth of bits */
#define PC_LOWDIM_FLAT_VALUE_PREC 160    /* f along the walk: differences of 1e-30 resolved */
#define PC_LOWDIM_FLAT_MAX_STEPS 40      /* steps of the walk in one direction */
#define PC_LOWDIM_FLAT_MAX_PREC 1024     /* refinement precision ceiling */
#define PC_LOWDIM_FLAT_WALK_RESIDUAL 1e-10 /* a walk step whose solve ends above: stop */

typedef struct {
    slong V, N, d, nw, nh, nx, n;
    const pc_instance_t *inst;
    arb_mat_t PT;
    arb_t a, b;
    slong prec;
} flat_data_t;

static void flat_data_init(flat_data_t *D, const pc_instance_t *inst, slong prec)
{
    D->V = inst->tokens;
    D->N = inst->contexts;
    D->d = inst->dim;
    D->nw = D->V * D->d;
    D->nh = D->d * D->N;
    D->nx = D->nw + D->nh;
    D->n = pc_lowdim_system_size(D->V, D->N, D->d, 0);
    D->inst = inst;
    D->prec = prec;
    arb_mat_init(D->PT, D->V, D->N);
    arb_init(D->a);
    arb_init(D->b);
    pc_lowdim_targets(D->PT, D->a, D->b, inst, prec);
}

static void flat_data_clear(flat_data_t *D)
{
    arb_mat_clear(D->PT);
    arb_clear(D->a);
    arb_clear(D->b);
}

void pc_lowdim_flat_init(pc_lowdim_flat_t *fl, slong n)
{
    memset(fl, 0, sizeof *fl);
    fl->n = n;
    fl->u = _arb_vec_init(n);
}

void pc_lowdim_flat_clear(pc_lowdim_flat_t *fl)
{
    _arb_vec_clear(fl->u, fl->n);
}

static double mid_d(const arb_t x)
{
    return arf_get_d(arb_midref(x), ARF_RND_NEAR);
}

static double max_abs_mid(arb_srcptr v, slong len)
{
    double w = 0.0;
    for (slong j = 0; j < len; j++)
        w = fmax(w, fabs(mid_d(v + j)));
    return w;
}

static void zero_radii(arb_ptr v, slong len)
{
    for (slong j = 0; j < len; j++)
        mag_zero(arb_radref(v + j));
}

/* f at the point (W, H) of u scaled exactly onto the spheres (midpoint of an enclosure at
 * PC_LOWDIM_FLAT_VALUE_PREC): off the spheres f would move at first order with the norm
 * errors of a double-precision point, on them only at second order with its errors. */
static void sphere_value(arb_t f, arb_srcptr u, const flat_data_t *D)
{
    slong prec = PC_LOWDIM_FLAT_VALUE_PREC, V = D->V, N = D->N, d = D->d;
    arb_t sw, sh, a, b, t, s, acc;
    arb_init(sw); arb_init(sh); arb_init(a); arb_init(b); arb_init(t); arb_init(s); arb_init(acc);
    arb_ptr x = _arb_vec_init(D->nx), col = _arb_vec_init(V);
    arb_mat_t PT;
    arb_mat_init(PT, V, N);
    pc_lowdim_targets(PT, a, b, D->inst, prec);
    for (slong j = 0; j < D->nx; j++)
        arb_addmul(j < D->nw ? sw : sh, u + j, u + j, prec);
    arb_div(sw, a, sw, prec);
    arb_sqrt(sw, sw, prec);
    arb_div(sh, b, sh, prec);
    arb_sqrt(sh, sh, prec);
    for (slong j = 0; j < D->nx; j++)
        arb_mul(x + j, u + j, j < D->nw ? sw : sh, prec);
    for (slong i = 0; i < N; i++) {
        for (slong k = 0; k < V; k++) {
            arb_zero(col + k);
            for (slong p = 0; p < d; p++)
                arb_addmul(col + k, x + k * d + p, x + D->nw + p * N + i, prec);
        }
        arb_zero(s);
        for (slong k = 0; k < V; k++) {
            arb_exp(t, col + k, prec);
            arb_add(s, s, t, prec);
        }
        arb_log(s, s, prec);
        arb_add(acc, acc, s, prec);
        for (slong k = 0; k < V; k++)
            arb_submul(acc, arb_mat_entry(PT, k, i), col + k, prec);
    }
    arb_div_si(f, acc, N, prec);
    arb_mat_clear(PT);
    _arb_vec_clear(x, D->nx);
    _arb_vec_clear(col, V);
    arb_clear(sw); arb_clear(sh); arb_clear(a); arb_clear(b); arb_clear(t); arb_clear(s);
    arb_clear(acc);
}

/* Newton on the constrained system above at D->prec from (u, nu), slice and constraint
 * centred at xc (nx entries), until the max residual is <= tol or stops decreasing (at
 * most max_it steps). With du != NULL also the tangent (du, dnu) = d(u, nu)/dtau, from the
 * last Jacobian. Returns the final max residual. Midpoints only (radii cleared). */
static double constrained_newton(arb_ptr u, arb_t nu, arb_srcptr xc, arb_srcptr v,
                                 const arb_t tau, const flat_data_t *D, slong max_it,
                                 double tol, arb_ptr du, arb_t dnu)
{
    slong n = D->n, na = n + 1, nx = D->nx, prec = D->prec;
    arb_mat_t W0, H0, J, Ja, LU, rhs, sol;
    arb_mat_init(W0, D->V, D->d);
    arb_mat_init(H0, D->d, D->N);
    arb_mat_init(J, n, n);
    arb_mat_init(Ja, na, na);
    arb_mat_init(LU, na, na);
    arb_mat_init(rhs, na, 1);
    arb_mat_init(sol, na, 1);
    slong *perm = malloc(sizeof(slong) * (size_t) na);
    pc_lowdim_unpack(W0, H0, xc, D->V, D->N, D->d);
    arb_ptr G = _arb_vec_init(na), un = _arb_vec_init(n);
    arb_t t, nun;
    arb_init(t);
    arb_init(nun);
    int have_lu = 0;
    double res = INFINITY;
    for (slong it = 0; ; it++) {
        /* residual at (u, nu) */
        pc_lowdim_kkt_residual(G, u, W0, H0, D->PT, D->a, D->b, prec, 0);
        for (slong j = 0; j < nx; j++)
            arb_addmul(G + j, nu, v + j, prec);
        arb_neg(G + n, tau);
        for (slong j = 0; j < nx; j++) {
            arb_sub(t, u + j, xc + j, prec);
            arb_addmul(G + n, v + j, t, prec);
        }
        double r = max_abs_mid(G, na);
        if (!(r < res) && it > 0) {     /* no progress: undo the last step */
            _arb_vec_swap(u, un, n);
            arb_swap(nu, nun);
            break;
        }
        res = r;
        if (res <= tol || it == max_it)
            break;
        pc_lowdim_kkt_jacobian(J, u, W0, H0, D->PT, prec, 0, 0);
        for (slong r0 = 0; r0 < n; r0++)
            for (slong c = 0; c < n; c++)
                arb_set_round(arb_mat_entry(Ja, r0, c), arb_mat_entry(J, r0, c), prec);
        for (slong j = 0; j < nx; j++) {
            arb_set(arb_mat_entry(Ja, j, n), v + j);
            arb_set(arb_mat_entry(Ja, n, j), v + j);
        }
        for (slong j = nx; j <= n; j++) {
            arb_zero(arb_mat_entry(Ja, j, n));
            arb_zero(arb_mat_entry(Ja, n, j));
        }
        arb_mat_get_mid(Ja, Ja);
        have_lu = arb_mat_approx_lu(perm, LU, Ja, prec);
        if (!have_lu)
            break;
        for (slong j = 0; j < na; j++)
            arb_neg(arb_mat_entry(rhs, j, 0), G + j);
        arb_mat_get_mid(rhs, rhs);
        arb_mat_approx_solve_lu_precomp(sol, perm, LU, rhs, prec);
        _arb_vec_set(un, u, n);
        arb_set(nun, nu);
        for (slong j = 0; j < n; j++)
            arb_add(u + j, u + j, arb_mat_entry(sol, j, 0), prec);
        arb_add(nu, nu, arb_mat_entry(sol, n, 0), prec);
        zero_radii(u, n);
        mag_zero(arb_radref(nu));
    }
    if (du != NULL) {
        if (!have_lu) {
            pc_lowdim_kkt_jacobian(J, u, W0, H0, D->PT, prec, 0, 0);
            arb_mat_zero(Ja);
            for (slong r0 = 0; r0 < n; r0++)
                for (slong c = 0; c < n; c++)
                    arb_set(arb_mat_entry(Ja, r0, c), arb_mat_entry(J, r0, c));
            for (slong j = 0; j < nx; j++) {
                arb_set(arb_mat_entry(Ja, j, n), v + j);
                arb_set(arb_mat_entry(Ja, n, j), v + j);
            }
            arb_mat_get_mid(Ja, Ja);
            have_lu = arb_mat_approx_lu(perm, LU, Ja, prec);
        }
        arb_mat_zero(rhs);
        arb_one(arb_mat_entry(rhs, n, 0));   /* d/dtau of the last equation is -1 */
        if (have_lu)
            arb_mat_approx_solve_lu_precomp(sol, perm, LU, rhs, prec);
        else
            arb_mat_zero(sol);
        for (slong j = 0; j < n; j++)
            arb_set(du + j, arb_mat_entry(sol, j, 0));
        arb_set(dnu, arb_mat_entry(sol, n, 0));
    }
    _arb_vec_clear(G, na);
    _arb_vec_clear(un, n);
    arb_clear(t);
    arb_clear(nun);
    free(perm);
    arb_mat_clear(W0);
    arb_mat_clear(H0);
    arb_mat_clear(J);
    arb_mat_clear(Ja);
    arb_mat_clear(LU);
    arb_mat_clear(rhs);
    arb_mat_clear(sol);
    return res;
}

/* One step of the walk: from the point c (n, slice centre) along the unit v by tau, the
 * predictor c + tau v corrected by constrained Newton at D->prec (a doubles' worth). Writes
 * the new point into out and its f into f. Returns the final residual. */
static double walk_step(arb_ptr out, arb_t f, arb_srcptr c, arb_srcptr v, double tau,
                        const flat_data_t *D)
{
    arb_t nu, t;
    arb_init(nu);
    arb_init(t);
    arb_set_d(t, tau);
    _arb_vec_set(out, c, D->n);
    for (slong j = 0; j < D->nx; j++)
        arb_addmul(out + j, v + j, t, D->prec);
    zero_radii(out, D->n);
    double res = constrained_newton(out, nu, c, v, t, D, 12, 1e-15, NULL, NULL);
    sphere_value(f, out, D);
    arb_clear(nu);
    arb_clear(t);
    return res;
}

/* v = (x - y) / ||x - y|| on the nx leading entries. */
static void unit_difference(arb_ptr v, arb_srcptr x, arb_srcptr y, const flat_data_t *D)
{
    arb_t s;
    arb_init(s);
    for (slong j = 0; j < D->nx; j++) {
        arb_sub(v + j, x + j, y + j, D->prec);
        arb_addmul(s, v + j, v + j, D->prec);
    }
    arb_sqrt(s, s, D->prec);
    for (slong j = 0; j < D->nx; j++)
        arb_div(v + j, v + j, s, D->prec);
    zero_radii(v, D->nx);
    arb_clear(s);
}

/* x - y as a double (the difference taken exactly enough, at 2 * 160 bits). */
static double diff_d(const arb_t x, const arb_t y)
{
    arb_t t;
    arb_init(t);
    arb_sub(t, x, y, 2 * PC_LOWDIM_FLAT_VALUE_PREC);
    double out = mid_d(t);
    arb_clear(t);
    return out;
}

static double dot_mid(arb_srcptr v, arb_srcptr x, arb_srcptr y, slong len)
{
    double s = 0.0;
    for (slong j = 0; j < len; j++)
        s += mid_d(v + j) * (mid_d(x + j) - mid_d(y + j));
    return s;
}

/* Floating estimate, at D->prec, of the smallest eigenvalue of the Finsler matrix
 * Hess L + sum_r c_r a_r a_r^T of the prover (c_r = 2^ceil(log2(penalty / ||a_r||^2))),
 * at u with the slice through u: inverse iteration from v. NAN on a failure. */
static double smallest_curvature(arb_srcptr u, arb_srcptr v, double penalty, const flat_data_t *D)
{
    slong nx = D->nx, m = 2 + pc_lowdim_generators(D->d, 0), prec = D->prec;
    arb_mat_t W0, H0, S, A, LU, x, y;
    arb_mat_init(W0, D->V, D->d);
    arb_mat_init(H0, D->d, D->N);
    arb_mat_init(S, nx, nx);
    arb_mat_init(A, m, nx);
    arb_mat_init(LU, nx, nx);
    arb_mat_init(x, nx, 1);
    arb_mat_init(y, nx, 1);
    slong *perm = malloc(sizeof(slong) * (size_t) nx);
    pc_lowdim_unpack(W0, H0, u, D->V, D->N, D->d);
    pc_lowdim_kkt_jacobian(S, u, W0, H0, D->PT, prec, 1, 0);
    pc_lowdim_constraint_rows(A, u, W0, H0, D->V, D->N, D->d, prec, 0);
    arb_t c, t;
    arb_init(c);
    arb_init(t);
    for (slong r = 0; r < m; r++) {
        double norm2 = 0.0;
        for (slong j = 0; j < nx; j++)
            norm2 += mid_d(arb_mat_entry(A, r, j)) * mid_d(arb_mat_entry(A, r, j));
        double cr = penalty / (norm2 > 0 ? norm2 : 1.0);
        arb_set_d(c, ldexp(1.0, (int) ceil(log2(cr))));
        for (slong i = 0; i < nx; i++)
            for (slong j = 0; j < nx; j++) {
                arb_mul(t, arb_mat_entry(A, r, i), arb_mat_entry(A, r, j), prec);
                arb_addmul(arb_mat_entry(S, i, j), t, c, prec);
            }
    }
    arb_mat_get_mid(S, S);
    double out = NAN;
    if (arb_mat_approx_lu(perm, LU, S, prec)) {
        for (slong j = 0; j < nx; j++)
            arb_set(arb_mat_entry(x, j, 0), v + j);
        for (int it = 0; it < 4; it++) {
            arb_mat_approx_solve_lu_precomp(y, perm, LU, x, prec);
            arb_zero(t);
            for (slong j = 0; j < nx; j++)
                arb_addmul(t, arb_mat_entry(y, j, 0), arb_mat_entry(y, j, 0), prec);
            arb_sqrt(t, t, prec);
            for (slong j = 0; j < nx; j++)
                arb_div(arb_mat_entry(x, j, 0), arb_mat_entry(y, j, 0), t, prec);
            arb_mat_get_mid(x, x);
        }
        arb_mat_mul(y, S, x, prec);
        arb_zero(t);
        for (slong j = 0; j < nx; j++)
            arb_addmul(t, arb_mat_entry(y, j, 0), arb_mat_entry(x, j, 0), prec);
        out = mid_d(t);
    }
    arb_clear(c);
    arb_clear(t);
    free(perm);
    arb_mat_clear(W0);
    arb_mat_clear(H0);
    arb_mat_clear(S);
    arb_mat_clear(A);
    arb_mat_clear(LU);
    arb_mat_clear(x);
    arb_mat_clear(y);
    return out;
}

/* Newton on tau for nu(tau) = 0 along the curve through xc in direction v (both at D->prec),
 * from the point u (n) at tau0: each step a constrained solve at D->prec, then
 * tau -= nu / (dnu/dtau) with the predictor u += dtau du. Stops when |nu| and the residual
 * are below 2^(24 - prec). Returns the final max residual of the full KKT system. */
static double refine_on_curve(arb_ptr u, arb_srcptr xc, arb_srcptr v, double tau0,
                              const flat_data_t *D, slong *iterations)
{
    slong n = D->n, prec = D->prec;
    double tol = ldexp(1.0, 24 - (int) prec);
    arb_ptr du = _arb_vec_init(n);
    arb_t nu, dnu, tau, step;
    arb_init(nu);
    arb_init(dnu);
    arb_init(tau);
    arb_init(step);
    arb_set_d(tau, tau0);
    double res = INFINITY, nu_abs = INFINITY;
    for (slong it = 0; it < 16; it++) {
        res = constrained_newton(u, nu, xc, v, tau, D, 10, tol, du, dnu);
        nu_abs = fabs(mid_d(nu));
        *iterations = it + 1;
        if (nu_abs <= tol || arb_is_zero(dnu))
            break;
        arb_div(step, nu, dnu, prec);
        arb_neg(step, step);
        arb_add(tau, tau, step, prec);
        for (slong j = 0; j < n; j++)
            arb_addmul(u + j, du + j, step, prec);
        arb_addmul(nu, dnu, step, prec);
        zero_radii(u, n);
        mag_zero(arb_radref(tau));
    }
    _arb_vec_clear(du, n);
    arb_clear(nu);
    arb_clear(dnu);
    arb_clear(tau);
    arb_clear(step);
    return fmax(res, nu_abs);
}

/* Steps of the walk in one direction: PC_LOWDIM_FLAT_MAX_STEPS, or fewer when the test hook
 * PEELCERT_TEST_FLAT_MAX_STEPS (an integer >= 1) asks, so that tests reach the failure path of
 * the escalation. The hook can only make the walk give up earlier, never prove more. */
static long flat_max_steps(void)
{
    const char *hook = getenv("PEELCERT_TEST_FLAT_MAX_STEPS");
    long m = hook != NULL ? strtol(hook, NULL, 10) : 0;
    return m >= 1 && m < PC_LOWDIM_FLAT_MAX_STEPS ? m : PC_LOWDIM_FLAT_MAX_STEPS;
}

static void walk_failed(pc_lowdim_flat_t *fl, double residual, double h)
{
    snprintf(fl->why, sizeof fl->why, "a constrained Newton solve of the walk along the "
             "near-flat curve did not converge (residual %.2g after %ld steps of %.2g)",
             residual, (long) fl->steps, h);
}

int pc_lowdim_flat_refine(pc_lowdim_flat_t *fl, const pc_lowdim_point_t *best,
                          const double *dir, const pc_lowdim_problem_t *pb,
                          const pc_instance_t *inst, double penalty)
{
    flat_data_t D;
    flat_data_init(&D, inst, PC_LOWDIM_FLAT_WALK_PREC);
    slong n = D.n, nx = D.nx;
    double h = 0.05 * sqrt(pb->a + pb->b);
    arb_ptr prev = _arb_vec_init(n), cur = _arb_vec_init(n), next = _arb_vec_init(n);
    arb_ptr v = _arb_vec_init(nx), w = _arb_vec_init(nx);
    arb_t f0, fprev, fcur, fnext, diff;
    arb_init(f0); arb_init(fprev); arb_init(fcur); arb_init(fnext); arb_init(diff);
    int found = 0;
    pc_lowdim_pack_double(cur, best->W, best->H, best->lambda_W, best->lambda_H, pb->V, pb->N,
                          pb->d, 0);
    {
        double s = 0.0;
        for (slong j = 0; j < nx; j++)
            s += dir[j] * dir[j];
        for (slong j = 0; j < nx; j++)
            arb_set_d(v + j, dir[j] / sqrt(s));
    }
    sphere_value(f0, cur, &D);
    double noise = 1e-26 * (1.0 + fabs(mid_d(f0)));
    /* both directions from the start: walk the one where f decreases */
    double worst = fmax(walk_step(prev, fprev, cur, v, -h, &D),
                        walk_step(next, fnext, cur, v, h, &D));
    arb_set(fcur, f0);
    int sign = arf_cmp(arb_midref(fnext), arb_midref(fprev)) <= 0 ? 1 : -1;
    double drop_first = -fmin(diff_d(fprev, f0), diff_d(fnext, f0));
    fl->steps = 1;
    if (!(worst <= PC_LOWDIM_FLAT_WALK_RESIDUAL)) {
        walk_failed(fl, worst, h);
        goto done;
    }
    if (fabs(diff_d(fprev, f0)) < noise && fabs(diff_d(fnext, f0)) < noise) {
        snprintf(fl->why, sizeof fl->why, "f along the near-flat direction does not change "
                 "beyond %.1g at steps of %.2g (not resolved)", noise, h);
        goto done;
    }
    if (drop_first > noise) {      /* walk downhill until f increases */
        if (sign < 0) {            /* next: the lower side, ahead; prev: behind */
            _arb_vec_swap(prev, next, n);
            arb_swap(fprev, fnext);
        }
        arb_sub(diff, fnext, fcur, D.prec);
        while (mid_d(diff) < 0) {
            if (fl->steps >= flat_max_steps()) {
                snprintf(fl->why, sizeof fl->why, "f still decreases after %ld steps of %.2g "
                         "along the near-flat curve", (long) fl->steps, h);
                goto done;
            }
            _arb_vec_swap(prev, cur, n);
            _arb_vec_swap(cur, next, n);
            arb_swap(fprev, fcur);
            arb_swap(fcur, fnext);
            unit_difference(w, cur, prev, &D);
            worst = fmax(worst, walk_step(next, fnext, cur, w, h, &D));
            fl->steps++;
            if (!(worst <= PC_LOWDIM_FLAT_WALK_RESIDUAL))
                break;
            arb_sub(diff, fnext, fcur, D.prec);
        }
        unit_difference(v, next, prev, &D);
    }
    if (!(worst <= PC_LOWDIM_FLAT_WALK_RESIDUAL)) {
        walk_failed(fl, worst, h);
        goto done;
    }
    fl->walked = (double) fl->steps * h;
    /* the minimum along the curve lies near cur, between prev and next: the vertex of the
     * parabola through the three values, in the coordinate <v, x - cur> */
    double t0 = dot_mid(v, prev, cur, nx), t1 = dot_mid(v, next, cur, nx);
    double g0 = diff_d(fprev, fcur), g1 = diff_d(fnext, fcur);
    double den = g0 * t1 - g1 * t0, tau0 = 0.0;
    if (den != 0.0)
        tau0 = 0.5 * (g0 * t1 * t1 - g1 * t0 * t0) / den;
    if (!(fabs(tau0) <= fmax(fabs(t0), fabs(t1))))
        tau0 = 0.0;
    fl->f_drop = diff_d(f0, fcur);
    /* high precision: Newton on tau for nu = 0, raising the precision until it is about
     * twice the bits of the curvature plus a margin (docs/below-rank.md) */
    arb_ptr xc = _arb_vec_init(n);
    _arb_vec_set(xc, cur, n);
    for (slong prec = 256; prec <= PC_LOWDIM_FLAT_MAX_PREC; prec *= 2) {
        flat_data_clear(&D);
        flat_data_init(&D, inst, prec);
        slong its = 0;
        fl->residual = refine_on_curve(cur, xc, v, tau0, &D, &its);
        fl->newton_steps += its;
        tau0 = dot_mid(v, cur, xc, nx);
        fl->curvature = smallest_curvature(cur, v, penalty, &D);
        fl->prec = prec;
        if (!(fl->curvature > 0)) {
            snprintf(fl->why, sizeof fl->why, "at the critical point along the curve the "
                     "smallest eigenvalue of Hess L + c A^T A is %.3g at %ld bits: not a "
                     "minimum (a saddle or degenerate)", fl->curvature, (long) prec);
            break;
        }
        double need = 2.0 * -log2(fl->curvature) + 96.0;
        if (need <= (double) prec && fl->residual <= ldexp(1.0, 32 - (int) prec)) {
            found = 1;
            break;
        }
        if (2 * prec > PC_LOWDIM_FLAT_MAX_PREC)
            snprintf(fl->why, sizeof fl->why, "curvature %.3g along the near-flat curve needs "
                     "about %.0f bits, above the ceiling %d", fl->curvature, need,
                     PC_LOWDIM_FLAT_MAX_PREC);
    }
    _arb_vec_clear(xc, n);
    if (found) {
        _arb_vec_set(fl->u, cur, n);
        for (slong j = nx + 2; j < n; j++)
            arb_zero(fl->u + j);     /* gauge multipliers: 0 at the centre (the prover's) */
        fl->found = 1;
    }
done:
    _arb_vec_clear(prev, n);
    _arb_vec_clear(cur, n);
    _arb_vec_clear(next, n);
    _arb_vec_clear(v, nx);
    _arb_vec_clear(w, nx);
    arb_clear(f0); arb_clear(fprev); arb_clear(fcur); arb_clear(fnext); arb_clear(diff);
    flat_data_clear(&D);
    return found;
}
