/* The optimum of the commutant-reduced problem, proved (commutant.h "The optimum itself";
 * docs/groups.md "geometry"): Newton from a near-optimal primal, then a Krawczyk test of the
 * active-set KKT system of commutant_reduced.c and, over the Krawczyk box, mu > 0, nonzero
 * active components and strict complementarity on the inactive ones.
 *
 * Why this identifies Z°: a zero (x*, mu*) of F = P_S g + mu sum_{k in S} w_k y_k / n_k +
 * (I - P_S) x, G = sum_{k in S} w_k n_k - rho has (I - P_S) x* = 0 (apply I - P_S: the T_k are
 * complementary idempotents), so T_0 x* = 0 (centered) and T_k x* = 0 for k outside S, and
 * T_k g + mu* w_k y_k / n_k = 0 for k in S. With ||T_k g||_D <= mu* w_k outside S, -g lies in
 * mu* times the (D-metric) subdifferential of h(x) = sum_{k >= 1} w_k ||T_k x||_D plus the
 * normal space of the centering (T_0 g = 0: columns of s and p both sum to 1), h(x*) = rho and
 * mu* > 0: the KKT conditions of the convex problem, which are sufficient. So x* minimises f
 * over the invariant centered feasible Z, and since the unique centered optimum Z° of (C) is
 * invariant (SPEC 5), x* are its orbital values. */
#include <stdlib.h>
#include "peelcert/commutant.h"
#include "peelcert/verify.h"

#define PC_KKT_NEWTON_STEPS 4
#define PC_KKT_ATTEMPTS 4

void pc_commutant_optimum_init(pc_commutant_optimum_t *opt)
{
    opt->R = opt->r = 0;
    opt->proved = 0;
    opt->active = NULL;
    opt->x = opt->norm = NULL;
    arb_init(opt->mu);
    opt->radius = 0.0;
}

void pc_commutant_optimum_clear(pc_commutant_optimum_t *opt)
{
    free(opt->active);
    if (opt->x) _arb_vec_clear(opt->x, opt->R);
    if (opt->norm) _arb_vec_clear(opt->norm, opt->r);
    arb_clear(opt->mu);
    opt->active = NULL;
    opt->x = opt->norm = NULL;
    opt->R = opt->r = 0;
    opt->proved = 0;
}

/* out = ||T_k v||_D (y receives T_k v), balls. */
static void component_norm(arb_t out, arb_ptr y, arb_srcptr T, slong k, arb_srcptr v,
                           const pc_commutant_problem_t *P, slong prec)
{
    slong R = P->red->num_orbitals;
    arb_t t;
    arb_init(t);
    arb_zero(out);
    for (slong o = 0; o < R; o++) {
        arb_dot(y + o, NULL, 0, T + (k * R + o) * R, 1, v, 1, R, prec);
        arb_sqr(t, y + o, prec);
        arb_addmul_si(out, t, P->red->orbital_size[o], prec);
    }
    arb_sqrtpos(out, out, prec);
    arb_clear(t);
}

static void optimum_rho(arb_t rho, const pc_reduced_t *red, slong prec)
{
    arb_t t;
    arb_init(t);
    arb_set_fmpq(rho, red->a, prec);
    arb_set_fmpq(t, red->b, prec);
    arb_mul(rho, rho, t, prec);
    arb_sqrtpos(rho, rho, prec);
    arb_clear(t);
}

/* Over the box (x, mu) (an enclosure of the zero): mu > 0, ||T_k x||_D > 0 on S and
 * ||T_k g||_D < mu sqrt(m_k) off S (k >= 1). Fills norm. 0 with a message if not proved. */
static int optimum_conditions(arb_ptr norm, arb_srcptr x, const arb_t mu, const int *active,
                              const pc_commutant_problem_t *P, arb_srcptr T, slong prec,
                              pc_msg_t *msg)
{
    slong R = P->red->num_orbitals, r = P->alg->r;
    arb_ptr s = _arb_vec_init(R), g = _arb_vec_init(R), y = _arb_vec_init(R);
    arb_t n, w;
    int ok = arb_is_positive(mu);
    arb_init(n); arb_init(w);
    if (!ok) pc_fail(msg, PC_NOT_PROVED, "KKT: the multiplier is not proved positive");
    pc_commutant_softmax(s, g, P->red, x, prec);
    for (slong k = 0; k < r && ok; k++) {
        arb_zero(norm + k);
        if (k == 0) continue;
        if (active[k]) {
            component_norm(norm + k, y, T, k, x, P, prec);
            if (!arb_is_positive(norm + k)) {
                pc_fail(msg, PC_NOT_PROVED, "KKT: active component %ld not proved nonzero", (long) k);
                ok = 0;
            }
        } else {
            component_norm(n, y, T, k, g, P, prec);
            arb_sqrt_ui(w, (ulong) P->alg->multiplicity[k], prec);
            arb_mul(w, w, mu, prec);
            if (!arb_lt(n, w)) {
                pc_fail(msg, PC_NOT_PROVED, "KKT: strict complementarity not proved on "
                        "inactive component %ld", (long) k);
                ok = 0;
            }
        }
    }
    _arb_vec_clear(s, R); _arb_vec_clear(g, R); _arb_vec_clear(y, R);
    arb_clear(n); arb_clear(w);
    return ok;
}

/* The Krawczyk test around the exact centre c (R + 1 coordinates: x, mu):
 * K = c - Y F(c) + (I - Y J(X)) (X - c), X = c + [-rad, rad]^(R+1), Y = mid(J(c))^-1.
 * K strictly inside X proves a unique zero of (F, G) in X (Krawczyk 1969, Moore 1977), which
 * then lies in K; box receives K. 0 if not proved. d = -Y F(c). */
static int optimum_krawczyk(arb_ptr box, const arb_mat_t Y, const arb_mat_t d,
                            arb_srcptr c, const mag_t rad, const int *active,
                            const pc_commutant_problem_t *P, arb_srcptr T, slong prec)
{
    slong R = P->red->num_orbitals, n = R + 1;
    arb_mat_t JX, rhs, M, e, K;
    arb_ptr X = _arb_vec_init(n);
    arf_t bound, radf;
    int ok = 1;
    arb_mat_init(JX, n, n); arb_mat_init(rhs, n, 1); arb_mat_init(M, n, n);
    arb_mat_init(e, n, 1); arb_mat_init(K, n, 1);
    arf_init(bound); arf_init(radf);
    for (slong i = 0; i < n; i++) {
        arb_set(X + i, c + i);
        arb_add_error_mag(X + i, rad);
        arb_zero(arb_mat_entry(e, i, 0));
        arb_add_error_mag(arb_mat_entry(e, i, 0), rad);
    }
    pc_commutant_kkt_system(JX, rhs, X, X + R, active, P, T, prec);
    arb_mat_mul(M, Y, JX, prec);
    arb_mat_neg(M, M);
    for (slong i = 0; i < n; i++) arb_add_si(arb_mat_entry(M, i, i), arb_mat_entry(M, i, i), 1, prec);
    arb_mat_mul(K, M, e, prec);
    arb_mat_add(K, K, d, prec);               /* d = -Y F(c) */
    arf_set_mag(radf, rad);
    for (slong i = 0; i < n && ok; i++) {
        arb_get_abs_ubound_arf(bound, arb_mat_entry(K, i, 0), prec);
        ok = arb_is_finite(arb_mat_entry(K, i, 0)) && arf_cmp(bound, radf) < 0;
        arb_add(box + i, c + i, arb_mat_entry(K, i, 0), prec);
    }
    arb_mat_clear(JX); arb_mat_clear(rhs); arb_mat_clear(M); arb_mat_clear(e); arb_mat_clear(K);
    _arb_vec_clear(X, n);
    arf_clear(bound); arf_clear(radf);
    return ok;
}

/* Active set from z and the multiplier estimate mu = ||T_k g||_D / w_k at the largest
 * active component (T_k g = -mu w_k y_k / n_k at the optimum). Returns the number active. */
static slong optimum_start(int *active, arb_t mu, arb_srcptr x, const pc_commutant_problem_t *P,
                           arb_srcptr T, slong prec)
{
    slong R = P->red->num_orbitals, r = P->alg->r, count = 0, best = -1;
    arb_ptr s = _arb_vec_init(R), g = _arb_vec_init(R), y = _arb_vec_init(R);
    arb_t n, rho, cut, largest;
    arb_init(n); arb_init(rho); arb_init(cut); arb_init(largest);
    optimum_rho(rho, P->red, prec);
    arb_mul_2exp_si(cut, rho, -40);
    active[0] = 0;
    for (slong k = 1; k < r; k++) {
        component_norm(n, y, T, k, x, P, prec);
        active[k] = arf_cmp(arb_midref(n), arb_midref(cut)) > 0;
        count += active[k];
        if (active[k] && (best < 0 || arf_cmp(arb_midref(n), arb_midref(largest)) > 0)) {
            best = k;
            arb_set(largest, n);
        }
    }
    arb_zero(mu);
    if (best > 0) {
        pc_commutant_softmax(s, g, P->red, x, prec);
        component_norm(mu, y, T, best, g, P, prec);
        arb_sqrt_ui(n, (ulong) P->alg->multiplicity[best], prec);
        arb_div(mu, mu, n, prec);
        arb_get_mid_arb(mu, mu);
    }
    _arb_vec_clear(s, R); _arb_vec_clear(g, R); _arb_vec_clear(y, R);
    arb_clear(n); arb_clear(rho); arb_clear(cut); arb_clear(largest);
    return count;
}

pc_status_t pc_commutant_optimum(pc_commutant_optimum_t *opt, const pc_commutant_problem_t *P,
                                 const fmpq *z, slong prec, pc_msg_t *msg)
{
    slong R = P->red->num_orbitals, r = P->alg->r, n = R + 1;
    pc_commutant_optimum_clear(opt);
    opt->R = R;
    opt->r = r;
    opt->active = calloc((size_t) r, sizeof(int));
    opt->x = _arb_vec_init(R);
    opt->norm = _arb_vec_init(r);
    if (!opt->active) abort();
    arb_ptr T = _arb_vec_init(r * R * R), c = _arb_vec_init(n), box = _arb_vec_init(n);
    arb_mat_t J0, rhs, Y, d;
    mag_t rad;
    pc_status_t st = PC_OK;
    arb_mat_init(J0, n, n); arb_mat_init(rhs, n, 1); arb_mat_init(Y, n, n); arb_mat_init(d, n, 1);
    mag_init(rad);
    pc_commutant_projections(T, P, prec);
    for (slong o = 0; o < R; o++) arb_set_fmpq(c + o, z + o, prec);
    if (optimum_start(opt->active, c + R, c, P, T, prec) == 0)
        st = pc_fail(msg, PC_NOT_PROVED, "KKT: no active component (the primal is 0)");
    if (st == PC_OK) {
        pc_commutant_refine(c, c + R, opt->active, P, PC_KKT_NEWTON_STEPS, prec);
        for (slong i = 0; i < n; i++) arb_get_mid_arb(c + i, c + i);
        pc_commutant_kkt_system(J0, rhs, c, c + R, opt->active, P, T, prec);
        arb_mat_get_mid(Y, J0);
        if (!arb_mat_approx_inv(Y, Y, prec))
            st = pc_fail(msg, PC_NOT_PROVED, "KKT: the Newton matrix is singular at the refined point");
        else
            arb_mat_get_mid(Y, Y);
    }
    if (st == PC_OK) {
        arb_mat_mul(d, Y, rhs, prec);            /* -Y F(c) */
        mag_zero(rad);
        for (slong i = 0; i < n; i++) {
            mag_t t;
            mag_init(t);
            arb_get_mag(t, arb_mat_entry(d, i, 0));
            mag_max(rad, rad, t);
            mag_clear(t);
        }
        mag_mul_2exp_si(rad, rad, 4);
        mag_t floor_rad;
        mag_init(floor_rad);
        mag_one(floor_rad);
        mag_mul_2exp_si(floor_rad, floor_rad, -(prec - 32));
        mag_max(rad, rad, floor_rad);
        mag_clear(floor_rad);
        int proved = 0;
        for (int attempt = 0; attempt < PC_KKT_ATTEMPTS && !proved; attempt++) {
            proved = optimum_krawczyk(box, Y, d, c, rad, opt->active, P, T, prec);
            if (!proved) mag_mul_2exp_si(rad, rad, 12);
        }
        if (!proved)
            st = pc_fail(msg, PC_NOT_PROVED, "KKT: the Krawczyk test failed (radius up to %.3g)",
                         mag_get_d(rad));
        else if (!optimum_conditions(opt->norm, box, box + R, opt->active, P, T, prec, msg))
            st = PC_NOT_PROVED;
        else {
            _arb_vec_set(opt->x, box, R);
            arb_set(opt->mu, box + R);
            opt->radius = mag_get_d(rad);
            opt->proved = 1;
        }
    }
    _arb_vec_clear(T, r * R * R); _arb_vec_clear(c, n); _arb_vec_clear(box, n);
    arb_mat_clear(J0); arb_mat_clear(rhs); arb_mat_clear(Y); arb_mat_clear(d);
    mag_clear(rad);
    return st;
}

int pc_commutant_context_multiplicities(slong *out, const pc_commutant_problem_t *P, slong prec)
{
    const pc_commutant_t *alg = P->alg;
    slong r = alg->r, R = P->red->num_orbitals, V = alg->V, N = P->red->N, total = 0;
    arb_ptr e = _arb_vec_init(r * r), tr = _arb_vec_init(r);
    fmpz_t m;
    int ok = 1;
    fmpz_init(m);
    for (slong k = 0; k < r; k++)             /* (E_k)_j = m_k theta_k(A_j) / (V n_j) */
        for (slong j = 0; j < r; j++) {
            arb_mul_si(e + k * r + j, acb_realref(alg->theta + k * r + j), alg->multiplicity[k], prec);
            arb_div_si(e + k * r + j, e + k * r + j, V * alg->valency[j], prec);
        }
    /* T_k[o][o] = sum_{w : orbital(w, i_o) = o} (E_k)[u_o][w] */
    for (slong o = 0; o < R; o++) {
        slong u = P->rep_token[o], i = P->red->context_rep[P->red->context_of[o]];
        for (slong w = 0; w < V; w++)
            if (P->orbital_of[w * N + i] == o)
                for (slong k = 0; k < r; k++)
                    arb_add(tr + k, tr + k, e + k * r + alg->orbital[u * V + w], prec);
    }
    for (slong k = 0; k < r && ok; k++) {
        ok = arb_get_unique_fmpz(m, tr + k) && fmpz_sgn(m) >= 0 && fmpz_fits_si(m);
        if (ok) { out[k] = fmpz_get_si(m); total += out[k]; }
    }
    ok = ok && total == R;
    _arb_vec_clear(e, r * r); _arb_vec_clear(tr, r);
    fmpz_clear(m);
    return ok;
}
