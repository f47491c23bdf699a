/* Checks of a claim beyond its value (audit.h): the nuclear norm of a Z claim, KKT residuals,
 * deviations from the optimal structure. Every result is proved (exact or Arb). */
#include <math.h>
#include <acb_mat.h>
#include "audit_internal.h"
#include "peelcert/numbers.h"
#include "peelcert/verify.h"

/* Exact sum of squares of the entries of A. */
void pc_audit_frobenius_squared(fmpq_t out, const fmpq_mat_t A)
{
    fmpq_zero(out);
    for (slong i = 0; i < fmpq_mat_nrows(A); i++)
        for (slong j = 0; j < fmpq_mat_ncols(A); j++)
            fmpq_addmul(out, fmpq_mat_entry(A, i, j), fmpq_mat_entry(A, i, j));
}

/* Encloses ||Z||_* = sum_j sqrt(lambda_j(G)), G = Z^T Z or Z Z^T (the smaller), from rigorous
 * enclosures of all eigenvalues of G, multiple ones included (acb_mat_eig_multiple, started
 * from a QR approximation). Returns 0 when the enclosure fails or G is too large (> 400). */
int pc_audit_nuclear_norm(arb_t out, const fmpq_mat_t Z, slong prec)
{
    slong V = fmpq_mat_nrows(Z), N = fmpq_mat_ncols(Z), m = V < N ? V : N;
    if (m > 400) return 0;
    fmpq_mat_t G, T;
    fmpq_mat_init(G, m, m);
    fmpq_mat_init(T, fmpq_mat_ncols(Z), fmpq_mat_nrows(Z));
    fmpq_mat_transpose(T, Z);
    if (V < N) fmpq_mat_mul(G, Z, T);
    else fmpq_mat_mul(G, T, Z);
    acb_mat_t A, R;
    acb_ptr E = _acb_vec_init(m), E_approx = _acb_vec_init(m);
    acb_mat_init(A, m, m);
    acb_mat_init(R, m, m);
    for (slong i = 0; i < m; i++)
        for (slong j = 0; j < m; j++)
            acb_set_fmpq(acb_mat_entry(A, i, j), fmpq_mat_entry(G, i, j), prec);
    acb_mat_approx_eig_qr(E_approx, NULL, R, A, NULL, 0, prec);
    int ok = acb_mat_eig_multiple(E, A, E_approx, R, prec);
    arb_zero(out);
    arb_t lam;
    arb_init(lam);
    for (slong j = 0; ok && j < m; j++) {
        arb_set(lam, acb_realref(E + j));         /* G is symmetric PSD: eigenvalues real, >= 0 */
        arb_nonnegative_part(lam, lam);
        arb_sqrtpos(lam, lam, prec);
        arb_add(out, out, lam, prec);
    }
    arb_clear(lam);
    acb_mat_clear(A); acb_mat_clear(R);
    _acb_vec_clear(E, m); _acb_vec_clear(E_approx, m);
    fmpq_mat_clear(G); fmpq_mat_clear(T);
    return ok && arb_is_finite(out);
}

/* When Z Z^T = g (I - J/V) exactly (exchangeable or 2-transitive invariant claims), all
 * nonzero singular values equal sqrt(g) with multiplicity V - 1, so ||Z||_*^2 =
 * (V - 1)^2 g is compared with a b exactly. Returns 1 when it decided. */
static int simplex_gram_feasibility(pc_audit_t *a, const fmpq_mat_t Z, const pc_instance_t *inst)
{
    slong V = fmpq_mat_nrows(Z);
    if (V < 2 || V > 1000) return 0;
    fmpq_mat_t T, G;
    fmpq_mat_init(T, fmpq_mat_ncols(Z), V);
    fmpq_mat_init(G, V, V);
    fmpq_mat_transpose(T, Z);
    fmpq_mat_mul(G, Z, T);
    fmpq_t g, want, ab, b;
    fmpq_init(g); fmpq_init(want); fmpq_init(ab); fmpq_init(b);
    fmpq_mul_si(g, fmpq_mat_entry(G, 0, 0), V);
    fmpq_div_fmpz(g, g, (fmpz_t){V - 1});                 /* g from the diagonal g (V-1)/V */
    int simplex = 1;
    for (slong k = 0; k < V && simplex; k++)
        for (slong l = 0; l < V && simplex; l++) {
            fmpq_div_fmpz(want, g, (fmpz_t){-V});
            if (k == l) fmpq_add(want, want, g);
            simplex = fmpq_equal(want, fmpq_mat_entry(G, k, l));
        }
    if (simplex) {
        fmpq_mul_si(want, g, (V - 1) * (V - 1));
        pc_instance_budgets(ab, b, inst);
        fmpq_mul(ab, ab, b);
        a->feasible = fmpq_cmp(want, ab) <= 0;
        a->feasibility_known = 1;
    }
    fmpq_clear(g); fmpq_clear(want); fmpq_clear(ab); fmpq_clear(b);
    fmpq_mat_clear(T); fmpq_mat_clear(G);
    return simplex;
}

/* Z claims: feasible if sqrt(min(V,N)) ||Z||_F <= rho is proved, infeasible if ||Z||_F > rho;
 * otherwise decided from the enclosure of the nuclear norm itself. */
void pc_audit_nuclear(pc_audit_t *a, const pc_claim_t *c, const pc_instance_t *inst, slong prec)
{
    fmpq_t s;
    arb_t fro, rho, bound;
    fmpq_init(s); arb_init(fro); arb_init(rho); arb_init(bound);
    pc_audit_frobenius_squared(s, c->Z);
    arb_set_fmpq(fro, s, prec);
    arb_sqrtpos(fro, fro, prec);
    pc_verify_rho(rho, inst, prec);
    slong m = inst->tokens < inst->contexts ? inst->tokens : inst->contexts;
    arb_sqrt_ui(bound, (ulong) m, prec);
    arb_mul(bound, bound, fro, prec);
    if (arb_le(bound, rho)) {
        a->feasible = 1; a->feasibility_known = 1;
    } else if (arb_gt(fro, rho)) {
        a->feasible = 0; a->feasibility_known = 1;
    } else if (simplex_gram_feasibility(a, c->Z, inst)) {
        /* decided exactly: Z Z^T = c (I - J/V) */
    } else {
        /* the exact nuclear norm, at rising precision until it is on one side of rho */
        for (slong p = prec; p <= 16 * prec && !a->feasibility_known; p *= 2) {
            if (!pc_audit_nuclear_norm(bound, c->Z, p))
                continue;
            pc_verify_rho(rho, inst, p);
            if (arb_le(bound, rho)) { a->feasible = 1; a->feasibility_known = 1; }
            else if (arb_gt(bound, rho)) { a->feasible = 0; a->feasibility_known = 1; }
        }
    }
    fmpq_clear(s); arb_clear(fro); arb_clear(rho); arb_clear(bound);
}

/* KKT residuals at the claim with multipliers from stationarity, <G, Z> + 2 l ||.||^2 = 0. */
void pc_audit_kkt(pc_audit_t *a, const pc_claim_t *c, const arb_mat_t Z,
                      const pc_instance_t *inst, slong prec)
{
    arb_mat_t G;
    arb_t gz, t;
    fmpq_t sw, sh, lw, lh;
    arb_mat_init(G, inst->tokens, inst->contexts);
    arb_init(gz); arb_init(t);
    fmpq_init(sw); fmpq_init(sh); fmpq_init(lw); fmpq_init(lh);
    pc_verify_dense_gradient(G, Z, inst, prec);
    arb_zero(gz);
    for (slong k = 0; k < inst->tokens; k++)
        for (slong i = 0; i < inst->contexts; i++)
            arb_addmul(gz, arb_mat_entry(G, k, i), arb_mat_entry(Z, k, i), prec);
    pc_audit_frobenius_squared(sw, c->W);
    pc_audit_frobenius_squared(sh, c->H);
    double g = -arf_get_d(arb_midref(gz), ARF_RND_NEAR);
    if (g > 0 && !fmpq_is_zero(sw) && !fmpq_is_zero(sh)) {
        pc_rational_set_double(lw, g / (2 * fmpq_get_d(sw)));
        pc_rational_set_double(lh, g / (2 * fmpq_get_d(sh)));
    }
    pc_verify_dense_kkt(a->kkt_W, a->kkt_H, Z, c->W, c->H, lw, lh, inst, prec);
    a->has_kkt = 1;
    arb_mat_clear(G); arb_clear(gz); arb_clear(t);
    fmpq_clear(sw); fmpq_clear(sh); fmpq_clear(lw); fmpq_clear(lh);
}

/* max_{k,i} |(Pi Z)[k][i] - mean of (Pi Z) over the diagonal class (k - i) mod n|. */
void pc_audit_circulant_deviation(arb_t out, const arb_mat_t Z, slong prec)
{
    slong n = arb_mat_nrows(Z);
    arb_mat_t C;
    arb_ptr mean = _arb_vec_init(n);
    arb_t t;
    arb_mat_init(C, n, n);
    arb_init(t);
    for (slong i = 0; i < n; i++) {
        arb_zero(t);
        for (slong k = 0; k < n; k++)
            arb_add(t, t, arb_mat_entry(Z, k, i), prec);
        arb_div_si(t, t, n, prec);
        for (slong k = 0; k < n; k++) {
            arb_sub(arb_mat_entry(C, k, i), arb_mat_entry(Z, k, i), t, prec);
            arb_add(mean + (k - i + n) % n, mean + (k - i + n) % n, arb_mat_entry(C, k, i), prec);
        }
    }
    for (slong m = 0; m < n; m++)
        arb_div_si(mean + m, mean + m, n, prec);
    arb_zero(out);
    for (slong k = 0; k < n; k++)
        for (slong i = 0; i < n; i++) {
            arb_sub(t, arb_mat_entry(C, k, i), mean + (k - i + n) % n, prec);
            arb_abs(t, t);
            arb_max(out, out, t, prec);
        }
    arb_mat_clear(C);
    _arb_vec_clear(mean, n);
    arb_clear(t);
}

/* max |W W^T - u (I - J/V)| with u = a/(V-1), the simplex-ETF Gram of SPEC 5b. */
void pc_audit_etf_deviation(arb_t out, const fmpq_mat_t W, const pc_instance_t *inst, slong prec)
{
    slong V = inst->tokens, d = fmpq_mat_ncols(W);
    arb_mat_t Wb, WT, G;
    arb_t u, target, t;
    fmpq_t a, b;
    arb_mat_init(Wb, V, d); arb_mat_init(WT, d, V); arb_mat_init(G, V, V);
    arb_init(u); arb_init(target); arb_init(t);
    fmpq_init(a); fmpq_init(b);
    arb_mat_set_fmpq_mat(Wb, W, prec);
    arb_mat_transpose(WT, Wb);
    arb_mat_mul(G, Wb, WT, prec);
    pc_instance_budgets(a, b, inst);
    arb_set_fmpq(u, a, prec);
    arb_div_si(u, u, V - 1, prec);
    arb_zero(out);
    for (slong k = 0; k < V; k++)
        for (slong l = 0; l < V; l++) {
            arb_div_si(target, u, -V, prec);
            if (k == l)
                arb_add(target, target, u, prec);
            arb_sub(t, arb_mat_entry(G, k, l), target, prec);
            arb_abs(t, t);
            arb_max(out, out, t, prec);
        }
    arb_mat_clear(Wb); arb_mat_clear(WT); arb_mat_clear(G);
    arb_clear(u); arb_clear(target); arb_clear(t);
    fmpq_clear(a); fmpq_clear(b);
}

