/* Proof that a local minimum of (LP) lies in a small box (lowdim.h; the argument is in
 * docs/below-rank.md, "Local optimality"):
 *   1. Krawczyk: K(X) = y - Y F(y) + (I - Y J(X)) (X - y) inside the open box X proves that
 *      the gauge-fixed KKT system F has exactly one zero u* in X;
 *   2. lW, lH > 0 over X (strict complementarity: both budgets bind); in the interior
 *      variant (no multipliers, GL(d) gauge) ||W||^2 < a and ||H||^2 < b over X instead;
 *   3. the slice is transversal to the O(d) orbit over X (the matrix <T_e(x0), T_f(x)> has a
 *      positive definite symmetric part), so every nearby feasible point has a rotation into
 *      the slice with the same value;
 *   4. Hess L + sum_r c_r a_r a_r^T positive definite over X (ball Cholesky): by Finsler's
 *      lemma Hess L is positive definite on ker A at u*, the second-order sufficient
 *      condition of the sliced problem.
 * Y is a floating approximate inverse, made exact; it only has to be good, not right. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lapacke.h>
#include "lowdim_internal.h"
#include "peelcert/numbers.h"

void pc_lowdim_proof_init(pc_lowdim_proof_t *pf)
{
    memset(pf, 0, sizeof *pf);
    fmpq_init(pf->radius_exact);
    fmpq_init(pf->curvature_lower);
    pf->penalties = NULL;
    pf->num_penalties = 0;
}

void pc_lowdim_proof_clear(pc_lowdim_proof_t *pf)
{
    fmpq_clear(pf->radius_exact);
    fmpq_clear(pf->curvature_lower);
    if (pf->penalties != NULL)
        _fmpq_vec_clear(pf->penalties, pf->num_penalties);
    pf->penalties = NULL;
}

/* Y = floating inverse of the midpoint of J, as exact balls: binary64 (LAPACK) at
 * prec <= 128, an Arb approximation at prec above. Returns 0 on success. */
static int approximate_inverse(arb_mat_t Y, const arb_mat_t J, slong prec)
{
    slong n = arb_mat_nrows(J);
    if (prec > 128) {
        arb_mat_t M;
        arb_mat_init(M, n, n);
        arb_mat_get_mid(M, J);
        int ok = arb_mat_approx_inv(Y, M, prec);
        arb_mat_get_mid(Y, Y);
        arb_mat_clear(M);
        return ok ? 0 : -1;
    }
    double *A = malloc(sizeof(double) * (size_t) (n * n));
    lapack_int *piv = malloc(sizeof(lapack_int) * (size_t) n);
    for (slong r = 0; r < n; r++)
        for (slong c = 0; c < n; c++)
            A[r * n + c] = arf_get_d(arb_midref(arb_mat_entry(J, r, c)), ARF_RND_NEAR);
    int info = LAPACKE_dgetrf(LAPACK_ROW_MAJOR, n, n, A, n, piv);
    if (info == 0)
        info = LAPACKE_dgetri(LAPACK_ROW_MAJOR, n, A, n, piv);
    for (slong j = 0; info == 0 && j < n * n; j++) {
        if (!isfinite(A[j]))
            info = -1;
        else
            arb_set_d(arb_mat_entry(Y, j / n, j % n), A[j]);
    }
    free(A);
    free(piv);
    return info;
}

/* 1 iff every |K_i - y_i| < r is proved: K - y = -Y F(y) + (I - Y J(X)) [-r, r]^n. */
static int krawczyk_inside(const arb_mat_t Y, arb_srcptr Fy, const arb_mat_t JX,
                           const arb_t r, slong prec, double *worst)
{
    slong n = arb_mat_nrows(Y);
    arb_mat_t C, v, delta, out;
    arb_mat_init(C, n, n);
    arb_mat_init(v, n, 1);
    arb_mat_init(delta, n, 1);
    arb_mat_init(out, n, 1);
    arb_mat_mul(C, Y, JX, prec);
    arb_mat_neg(C, C);
    for (slong j = 0; j < n; j++) {
        arb_add_si(arb_mat_entry(C, j, j), arb_mat_entry(C, j, j), 1, prec);
        arb_set(arb_mat_entry(v, j, 0), Fy + j);
        arb_zero(arb_mat_entry(delta, j, 0));
        arb_add_error(arb_mat_entry(delta, j, 0), r);
    }
    arb_mat_mul(out, Y, v, prec);
    arb_mat_neg(out, out);
    arb_mat_mul(v, C, delta, prec);
    arb_mat_add(out, out, v, prec);
    int inside = 1;
    arb_t t;
    arb_init(t);
    *worst = 0.0;
    for (slong j = 0; j < n; j++) {
        arb_abs(t, arb_mat_entry(out, j, 0));
        arb_sub(t, t, r, prec);
        if (!arb_is_negative(t))
            inside = 0;
        arf_t hi;
        arf_init(hi);
        arb_get_abs_ubound_arf(hi, arb_mat_entry(out, j, 0), 30);
        double h = arf_get_d(hi, ARF_RND_UP);
        if (h > *worst)
            *worst = h;
        arf_clear(hi);
    }
    arb_clear(t);
    arb_mat_clear(C);
    arb_mat_clear(v);
    arb_mat_clear(delta);
    arb_mat_clear(out);
    return inside;
}

/* Step 3: the symmetric part of M_ef = <T_e(x0), T_f(x)> is positive definite over the box. */
static int slice_transversal(arb_srcptr X, const arb_mat_t W0, const arb_mat_t H0,
                             slong V, slong N, slong d, slong prec, int interior)
{
    slong m = pc_lowdim_generators(d, interior), s = interior ? 0 : 2, nx = V * d + d * N;
    if (m == 0)
        return 1;
    arb_mat_t A0, AX, WX, HX, M, Mt;
    arb_mat_init(A0, s + m, nx);
    arb_mat_init(AX, s + m, nx);
    arb_mat_init(WX, V, d);
    arb_mat_init(HX, d, N);
    arb_mat_init(M, m, m);
    arb_mat_init(Mt, m, m);
    for (slong j = 0; j < V * d; j++)
        arb_set(arb_mat_entry(WX, j / d, j % d), X + j);
    for (slong j = 0; j < d * N; j++)
        arb_set(arb_mat_entry(HX, j / N, j % N), X + V * d + j);
    pc_lowdim_constraint_rows(A0, X, W0, H0, V, N, d, prec, interior);
    pc_lowdim_constraint_rows(AX, X, WX, HX, V, N, d, prec, interior);
    for (slong e = 0; e < m; e++)
        for (slong f = 0; f < m; f++) {
            arb_ptr out = arb_mat_entry(M, e, f);
            arb_zero(out);
            for (slong j = 0; j < nx; j++)
                arb_addmul(out, arb_mat_entry(A0, s + e, j), arb_mat_entry(AX, s + f, j), prec);
        }
    arb_mat_transpose(Mt, M);
    arb_mat_add(M, M, Mt, prec);
    int ok = arb_mat_cho(Mt, M, prec);
    arb_mat_clear(A0);
    arb_mat_clear(AX);
    arb_mat_clear(WX);
    arb_mat_clear(HX);
    arb_mat_clear(M);
    arb_mat_clear(Mt);
    return ok;
}

/* 1 only if every symmetric matrix enclosed by S is positive definite. Congruence
 * M = X S X^T with X an exact lower-triangular matrix with nonzero diagonal (the floating
 * inverse of the Cholesky factor of mid S, so that M is close to I): X is invertible, so S
 * is positive definite iff M is, and ball Cholesky of the well-conditioned M succeeds where
 * that of S would lose its radii. */
static int positive_definite_preconditioned(const arb_mat_t S, slong prec)
{
    slong n = arb_mat_nrows(S);
    if (prec > 128) {   /* the preconditioner at prec: a curvature below binary64 */
        arb_mat_t M, L, X, Xt, T, Id;
        arb_mat_init(M, n, n); arb_mat_init(L, n, n); arb_mat_init(X, n, n);
        arb_mat_init(Xt, n, n); arb_mat_init(T, n, n); arb_mat_init(Id, n, n);
        arb_mat_get_mid(M, S);
        int ok = arb_mat_cho(L, M, prec);
        if (ok) {
            arb_mat_get_mid(L, L);
            arb_mat_one(Id);
            arb_mat_approx_solve_tril(X, L, Id, 0, prec);
            arb_mat_get_mid(X, X);
            for (slong i = 0; i < n && ok; i++) {
                for (slong j = i + 1; j < n; j++)
                    arb_zero(arb_mat_entry(X, i, j));
                ok = !arb_is_zero(arb_mat_entry(X, i, i));
            }
        }
        if (ok) {
            arb_mat_transpose(Xt, X);
            arb_mat_mul(T, X, S, prec);
            arb_mat_mul(M, T, Xt, prec);
            ok = arb_mat_cho(T, M, prec);
        }
        arb_mat_clear(M); arb_mat_clear(L); arb_mat_clear(X); arb_mat_clear(Xt);
        arb_mat_clear(T); arb_mat_clear(Id);
        return ok;
    }
    double *A = malloc(sizeof(double) * (size_t) (n * n));
    for (slong i = 0; i < n; i++)
        for (slong j = 0; j < n; j++)
            A[i * n + j] = arf_get_d(arb_midref(arb_mat_entry(S, i, j)), ARF_RND_NEAR);
    int ok = LAPACKE_dpotrf(LAPACK_ROW_MAJOR, 'L', n, A, n) == 0
             && LAPACKE_dtrtri(LAPACK_ROW_MAJOR, 'L', 'N', n, A, n) == 0;
    arb_mat_t X, Xt, T, M;
    arb_mat_init(X, n, n);
    arb_mat_init(Xt, n, n);
    arb_mat_init(T, n, n);
    arb_mat_init(M, n, n);
    for (slong i = 0; ok && i < n; i++) {
        if (!(A[i * n + i] != 0.0 && isfinite(A[i * n + i])))
            ok = 0;
        for (slong j = 0; ok && j <= i; j++) {
            if (!isfinite(A[i * n + j]))
                ok = 0;
            else
                arb_set_d(arb_mat_entry(X, i, j), A[i * n + j]);
        }
    }
    if (ok) {
        arb_mat_transpose(Xt, X);
        arb_mat_mul(T, X, S, prec);
        arb_mat_mul(M, T, Xt, prec);
        ok = arb_mat_cho(T, M, prec);
    }
    free(A);
    arb_mat_clear(X);
    arb_mat_clear(Xt);
    arb_mat_clear(T);
    arb_mat_clear(M);
    return ok;
}

/* Step 4: Hess L(X) + sum_r c_r a_r(X) a_r(X)^T positive definite (ball Cholesky). */
static int finsler_positive(arb_srcptr X, const arb_mat_t W0, const arb_mat_t H0,
                            const arb_mat_t PT, const fmpq *c, const fmpq_t mu, slong V,
                            slong N, slong d, slong prec, int interior)
{
    slong m = (interior ? 0 : 2) + pc_lowdim_generators(d, interior), nx = V * d + d * N;
    arb_mat_t S, A, As, At, L;
    arb_mat_init(S, nx, nx);
    arb_mat_init(A, m, nx);
    arb_mat_init(As, m, nx);
    arb_mat_init(At, nx, m);
    arb_mat_init(L, nx, nx);
    pc_lowdim_kkt_jacobian(S, X, W0, H0, PT, prec, 1, interior);
    pc_lowdim_constraint_rows(A, X, W0, H0, V, N, d, prec, interior);
    arb_t cr;
    arb_init(cr);
    for (slong r = 0; r < m; r++) {
        arb_set_fmpq(cr, c + r, prec);
        for (slong j = 0; j < nx; j++)
            arb_mul(arb_mat_entry(As, r, j), arb_mat_entry(A, r, j), cr, prec);
    }
    arb_mat_transpose(At, A);
    arb_mat_mul(L, At, As, prec);
    arb_mat_add(S, S, L, prec);
    /* the exact matrix is symmetric; symmetrise the enclosure (each entry and its mirror
     * enclose the same number, so their intersection-free average still encloses it) */
    for (slong i = 0; i < nx; i++)
        for (slong j = i + 1; j < nx; j++) {
            arb_union(arb_mat_entry(S, i, j), arb_mat_entry(S, i, j), arb_mat_entry(S, j, i), prec);
            arb_set(arb_mat_entry(S, j, i), arb_mat_entry(S, i, j));
        }
    if (!fmpq_is_zero(mu)) {   /* S - mu I */
        arb_set_fmpq(cr, mu, prec);
        for (slong i = 0; i < nx; i++)
            arb_sub(arb_mat_entry(S, i, i), arb_mat_entry(S, i, i), cr, prec);
    }
    int ok = positive_definite_preconditioned(S, prec);
    arb_clear(cr);
    arb_mat_clear(S);
    arb_mat_clear(A);
    arb_mat_clear(As);
    arb_mat_clear(At);
    arb_mat_clear(L);
    return ok;
}

pc_status_t pc_lowdim_prove_local_minimum(pc_lowdim_proof_t *pf, const fmpq_mat_t W0q,
                                          const fmpq_mat_t H0q, const fmpq_t lW0,
                                          const fmpq_t lH0, const pc_instance_t *inst,
                                          double penalty_hint, double curvature_hint,
                                          slong prec, int interior)
{
    slong V = inst->tokens, N = inst->contexts, d = fmpq_mat_ncols(W0q);
    slong nw = V * d, nh = d * N, n = pc_lowdim_system_size(V, N, d, interior);
    slong m = (interior ? 0 : 2) + pc_lowdim_generators(d, interior);
    pc_status_t st = PC_NOT_PROVED;
    pf->proved = 0;
    pf->interior = interior;
    pf->precision = prec > 128 ? prec : 0;
    fmpq_zero(pf->curvature_lower);
    arb_mat_t PT, W0, H0, J, Y;
    arb_t a, b, r, t;
    arb_mat_init(PT, V, N);
    arb_mat_init(W0, V, d);
    arb_mat_init(H0, d, N);
    arb_mat_init(J, n, n);
    arb_mat_init(Y, n, n);
    arb_init(a);
    arb_init(b);
    arb_init(r);
    arb_init(t);
    arb_ptr y = _arb_vec_init(n), Fy = _arb_vec_init(n), X = _arb_vec_init(n);
    pc_lowdim_targets(PT, a, b, inst, prec);
    arb_mat_set_fmpq_mat(W0, W0q, prec);
    arb_mat_set_fmpq_mat(H0, H0q, prec);
    for (slong j = 0; j < nw; j++)
        arb_set(y + j, arb_mat_entry(W0, j / d, j % d));
    for (slong j = 0; j < nh; j++)
        arb_set(y + nw + j, arb_mat_entry(H0, j / N, j % N));
    if (!interior) {
        arb_set_fmpq(y + nw + nh, lW0, prec);
        arb_set_fmpq(y + nw + nh + 1, lH0, prec);
    }
    pc_lowdim_kkt_residual(Fy, y, W0, H0, PT, a, b, prec, interior);
    pc_lowdim_kkt_jacobian(J, y, W0, H0, PT, prec, 0, interior);
    if (approximate_inverse(Y, J, prec) != 0) {
        snprintf(pf->why, sizeof pf->why, "the KKT Jacobian is numerically singular");
        goto done;
    }
    /* first guess of the radius: a multiple of the Newton step |Y F(y)| */
    double step = 0.0;
    {
        arb_mat_t v, w;
        arb_mat_init(v, n, 1);
        arb_mat_init(w, n, 1);
        for (slong j = 0; j < n; j++)
            arb_set(arb_mat_entry(v, j, 0), Fy + j);
        arb_mat_mul(w, Y, v, prec);
        for (slong j = 0; j < n; j++)
            step = fmax(step, fabs(arf_get_d(arb_midref(arb_mat_entry(w, j, 0)), ARF_RND_NEAR))
                                  + mag_get_d(arb_radref(arb_mat_entry(w, j, 0))));
        arb_mat_clear(v);
        arb_mat_clear(w);
    }
    /* the floor: 1e-40 in the binary64 regime; 2^(-prec/2) above (between the Newton step
     * ~ 2^-prec / curvature and the curvature itself, docs/below-rank.md) */
    double floor_radius = prec > 128 ? ldexp(1.0, -(int) (prec / 2)) : 1e-40;
    double radius = fmax(8.0 * step, floor_radius), worst = 0.0;
    int inside = 0;
    for (int attempt = 0; attempt < 8 && !inside && radius < 1e-4; attempt++) {
        radius = ldexp(1.0, (int) ceil(log2(radius)));   /* a power of two */
        arb_set_d(r, radius);
        for (slong j = 0; j < n; j++) {
            arb_set(X + j, y + j);
            arb_add_error(X + j, r);
        }
        pc_lowdim_kkt_jacobian(J, X, W0, H0, PT, prec, 0, interior);
        inside = krawczyk_inside(Y, Fy, J, r, prec, &worst);
        if (!inside)
            radius = fmax(radius * 16, 2 * worst);
    }
    if (!inside) {
        snprintf(pf->why, sizeof pf->why, "Krawczyk test failed (last radius %.3g, |K - y| up to "
                 "%.3g)", radius, worst);
        goto done;
    }
    pf->radius = radius;
    fmpq_set_si(pf->radius_exact, 1, 1);
    {
        int e = (int) log2(radius);
        if (e < 0)
            fmpq_div_2exp(pf->radius_exact, pf->radius_exact, (ulong) (-e));
        else
            fmpq_mul_2exp(pf->radius_exact, pf->radius_exact, (ulong) e);
    }
    if (interior) {
        arb_t sw, sh;
        arb_init(sw);
        arb_init(sh);
        for (slong j = 0; j < nw + nh; j++)
            arb_addmul(j < nw ? sw : sh, X + j, X + j, prec);
        int strictly_inside = arb_lt(sw, a) && arb_lt(sh, b);
        arb_clear(sw);
        arb_clear(sh);
        if (!strictly_inside) {
            snprintf(pf->why, sizeof pf->why, "interior: ||W||^2 < a and ||H||^2 < b are not "
                     "proved over the box (a budget may bind)");
            goto done;
        }
    } else if (!arb_is_positive(X + nw + nh) || !arb_is_positive(X + nw + nh + 1)) {
        snprintf(pf->why, sizeof pf->why, "a multiplier is not proved positive over the box "
                 "(a budget may not bind)");
        goto done;
    }
    if (!slice_transversal(X, W0, H0, V, N, d, prec, interior)) {
        snprintf(pf->why, sizeof pf->why, "the gauge slice is not proved transversal to the "
                 "%s orbit (W or H may be rank-deficient)", interior ? "GL(d)" : "O(d)");
        goto done;
    }
    /* penalties c_r = c / ||a_r(y)||^2 (any positive numbers are sound; these are exact) */
    pf->num_penalties = m;
    pf->penalties = _fmpq_vec_init(m);
    int positive = 0;
    for (int attempt = 0; attempt < 3 && !positive; attempt++) {
        arb_mat_t A;
        arb_mat_init(A, m, nw + nh);
        pc_lowdim_constraint_rows(A, y, W0, H0, V, N, d, prec, interior);
        for (slong row = 0; row < m; row++) {
            double norm2 = 0.0;
            for (slong j = 0; j < nw + nh; j++) {
                double x = arf_get_d(arb_midref(arb_mat_entry(A, row, j)), ARF_RND_NEAR);
                norm2 += x * x;
            }
            double c = ldexp(penalty_hint, 2 * attempt) / (norm2 > 0 ? norm2 : 1.0);
            c = ldexp(1.0, (int) ceil(log2(c)));
            pc_rational_set_double(pf->penalties + row, c);
        }
        arb_mat_clear(A);
        positive = finsler_positive(X, W0, H0, PT, pf->penalties, pf->curvature_lower, V, N,
                                    d, prec, interior);
    }
    if (positive && curvature_hint > 0) {
        /* a proved lower bound on the curvature: S - mu I > 0 (else mu = 0 stays) */
        fmpq_t mu;
        fmpq_init(mu);
        pc_rational_set_double(mu, ldexp(1.0, (int) floor(log2(curvature_hint / 4))));
        if (finsler_positive(X, W0, H0, PT, pf->penalties, mu, V, N, d, prec, interior))
            fmpq_set(pf->curvature_lower, mu);
        fmpq_clear(mu);
    }
    if (!positive) {
        snprintf(pf->why, sizeof pf->why, "the second-order condition is not proved: ball "
                 "Cholesky of Hess L + c A^T A fails over the box");
        goto done;
    }
    pf->proved = 1;
    st = PC_OK;
    if (interior)
        snprintf(pf->why, sizeof pf->why, "exact critical point unique in the box (Krawczyk), "
                 "both budgets strictly inside, gauge slice transversal, Hess f positive definite "
                 "on the tangent space modulo the orbit (W A + 1 t^T, A^-1 H), A in GL(d) (ball "
                 "Cholesky, Finsler)");
    else
        snprintf(pf->why, sizeof pf->why, "exact KKT point unique in the box (Krawczyk), both "
                 "multipliers > 0, gauge slice transversal, Hess L positive definite on the "
                 "tangent space modulo the O(d) orbit (ball Cholesky, Finsler)");
done:
    _arb_vec_clear(y, n);
    _arb_vec_clear(Fy, n);
    _arb_vec_clear(X, n);
    arb_mat_clear(PT);
    arb_mat_clear(W0);
    arb_mat_clear(H0);
    arb_mat_clear(J);
    arb_mat_clear(Y);
    arb_clear(a);
    arb_clear(b);
    arb_clear(r);
    arb_clear(t);
    return st;
}
