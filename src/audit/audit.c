/* pc_audit_run (audit.h): how far a claimed point is from the certified optimum. */
#include <math.h>
#include <acb_mat.h>
#include "peelcert/audit.h"
#include "peelcert/numbers.h"
#include "peelcert/verify.h"

void pc_audit_init(pc_audit_t *a)
{
    a->feasible = a->feasibility_known = 0;
    a->excess_W = a->excess_H = 0.0;
    arb_init(a->value); arb_init(a->sub_lower); arb_init(a->sub_upper);
    a->has_scaled = 0;
    arb_init(a->scaled_sub_lower); arb_init(a->scaled_sub_upper);
    a->has_kkt = 0;
    arb_init(a->kkt_W); arb_init(a->kkt_H);
    arb_init(a->circulant_deviation);
    a->has_circulant_deviation = 0;
    arb_init(a->etf_deviation);
    a->has_etf_deviation = 0;
    a->verdict = PC_VERDICT_INFEASIBLE;
    arb_init(a->verdict_amount);
}

void pc_audit_clear(pc_audit_t *a)
{
    arb_clear(a->value); arb_clear(a->sub_lower); arb_clear(a->sub_upper);
    arb_clear(a->scaled_sub_lower); arb_clear(a->scaled_sub_upper);
    arb_clear(a->kkt_W); arb_clear(a->kkt_H);
    arb_clear(a->circulant_deviation); arb_clear(a->etf_deviation);
    arb_clear(a->verdict_amount);
}

static void frobenius_squared(fmpq_t out, const fmpq_mat_t A)
{
    fmpq_zero(out);
    for (slong i = 0; i < fmpq_mat_nrows(A); i++)
        for (slong j = 0; j < fmpq_mat_ncols(A); j++)
            fmpq_addmul(out, fmpq_mat_entry(A, i, j), fmpq_mat_entry(A, i, j));
}

/* sub_lower, sub_upper: f(claim) - val lies in [lower end of sub_lower, upper end of sub_upper]. */
static void suboptimality(arb_t lo, arb_t hi, const arb_t value, const pc_cert_t *opt, slong prec)
{
    arb_sub(lo, value, opt->upper, prec);
    arb_sub(hi, value, opt->lower, prec);
}

/* The largest t <= sqrt(budget / s) found in binary, t rational with t^2 s <= budget exactly. */
static void scale_into_budget(fmpq_t t, const fmpq_t s, const fmpq_t budget)
{
    double guess = sqrt(fmpq_get_d(budget) / fmpq_get_d(s)) * (1 - 1e-15);
    fmpq_t lhs;
    fmpq_init(lhs);
    pc_rational_set_double(t, guess);
    for (;;) {
        fmpq_mul(lhs, t, t);
        fmpq_mul(lhs, lhs, s);
        if (fmpq_cmp(lhs, budget) <= 0)
            break;
        pc_rational_set_double(t, fmpq_get_d(t) * (1 - 1e-12));
    }
    fmpq_clear(lhs);
}

/* Feasibility of factors (exact) and, when infeasible, the suboptimality of the claim
 * scaled back onto the budgets. */
static void audit_factors(pc_audit_t *a, const pc_claim_t *c, const pc_instance_t *inst,
                          const pc_cert_t *opt, slong prec)
{
    fmpq_t ab, bb, sw, sh, tw, th;
    fmpq_init(ab); fmpq_init(bb); fmpq_init(sw); fmpq_init(sh); fmpq_init(tw); fmpq_init(th);
    pc_instance_budgets(ab, bb, inst);
    frobenius_squared(sw, c->W);
    frobenius_squared(sh, c->H);
    a->feasibility_known = 1;
    a->feasible = fmpq_cmp(sw, ab) <= 0 && fmpq_cmp(sh, bb) <= 0;
    a->excess_W = fmpq_get_d(sw) / fmpq_get_d(ab) - 1.0;
    a->excess_H = fmpq_get_d(sh) / fmpq_get_d(bb) - 1.0;
    if (!a->feasible) {
        fmpq_mat_t W2, H2;
        arb_mat_t Z;
        arb_t v;
        fmpq_mat_init_set(W2, c->W);
        fmpq_mat_init_set(H2, c->H);
        arb_mat_init(Z, inst->tokens, inst->contexts);
        arb_init(v);
        if (fmpq_cmp(sw, ab) > 0) {
            scale_into_budget(tw, sw, ab);
            fmpq_mat_scalar_mul_fmpq(W2, W2, tw);
        }
        if (fmpq_cmp(sh, bb) > 0) {
            scale_into_budget(th, sh, bb);
            fmpq_mat_scalar_mul_fmpq(H2, H2, th);
        }
        pc_verify_dense_objective(v, Z, W2, H2, inst, prec);
        suboptimality(a->scaled_sub_lower, a->scaled_sub_upper, v, opt, prec);
        a->has_scaled = 1;
        fmpq_mat_clear(W2); fmpq_mat_clear(H2); arb_mat_clear(Z); arb_clear(v);
    }
    fmpq_clear(ab); fmpq_clear(bb); fmpq_clear(sw); fmpq_clear(sh); fmpq_clear(tw); fmpq_clear(th);
}

/* Encloses ||Z||_* = sum_j sqrt(lambda_j(G)), G = Z^T Z or Z Z^T (the smaller), from rigorous
 * enclosures of all eigenvalues of G, multiple ones included (acb_mat_eig_multiple, started
 * from a QR approximation). Returns 0 when the enclosure fails or G is too large (> 400). */
static int nuclear_norm_enclosure(arb_t out, const fmpq_mat_t Z, slong prec)
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
static void audit_nuclear(pc_audit_t *a, const pc_claim_t *c, const pc_instance_t *inst, slong prec)
{
    fmpq_t s;
    arb_t fro, rho, bound;
    fmpq_init(s); arb_init(fro); arb_init(rho); arb_init(bound);
    frobenius_squared(s, c->Z);
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
            if (!nuclear_norm_enclosure(bound, c->Z, p))
                continue;
            pc_verify_rho(rho, inst, p);
            if (arb_le(bound, rho)) { a->feasible = 1; a->feasibility_known = 1; }
            else if (arb_gt(bound, rho)) { a->feasible = 0; a->feasibility_known = 1; }
        }
    }
    fmpq_clear(s); arb_clear(fro); arb_clear(rho); arb_clear(bound);
}

/* KKT residuals at the claim with multipliers from stationarity, <G, Z> + 2 l ||.||^2 = 0. */
static void audit_kkt(pc_audit_t *a, const pc_claim_t *c, const arb_mat_t Z,
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
    frobenius_squared(sw, c->W);
    frobenius_squared(sh, c->H);
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
static void circulant_deviation(arb_t out, const arb_mat_t Z, slong prec)
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
static void etf_deviation(arb_t out, const fmpq_mat_t W, const pc_instance_t *inst, slong prec)
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

/* optimal-within eps if sub_upper <= eps; not-optimal (by sub_lower) if sub_lower > 0;
 * otherwise optimal-within the proved sub_upper. Infeasible claims are infeasible. */
static void decide_verdict(pc_audit_t *a, const fmpq_t eps, slong prec)
{
    arb_t e;
    arb_init(e);
    arb_set_fmpq(e, eps, prec);
    if (a->feasibility_known && !a->feasible) {
        a->verdict = PC_VERDICT_INFEASIBLE;
        arb_zero(a->verdict_amount);
    } else if (arb_le(a->sub_upper, e)) {
        a->verdict = PC_VERDICT_OPTIMAL_WITHIN;
        arb_set(a->verdict_amount, e);
    } else if (arb_is_positive(a->sub_lower)) {
        a->verdict = PC_VERDICT_NOT_OPTIMAL;
        arb_set(a->verdict_amount, a->sub_lower);
    } else {
        a->verdict = PC_VERDICT_OPTIMAL_WITHIN;
        arb_set(a->verdict_amount, a->sub_upper);
    }
    arb_clear(e);
}

pc_status_t pc_audit_run(pc_audit_t *a, const pc_claim_t *claim, const pc_instance_t *inst,
                         const pc_cert_t *opt, const fmpq_t eps, slong prec, pc_msg_t *msg)
{
    pc_status_t st = pc_claim_check_shape(claim, inst, msg);
    if (st != PC_OK)
        return st;
    arb_mat_t Z;
    arb_mat_init(Z, inst->tokens, inst->contexts);
    if (claim->has_factors) {
        audit_factors(a, claim, inst, opt, prec);
        pc_verify_dense_objective(a->value, Z, claim->W, claim->H, inst, prec);
        audit_kkt(a, claim, Z, inst, prec);
        if (opt->structure == PC_STRUCTURE_SIMPLEX_ETF && inst->tokens >= 2) {
            etf_deviation(a->etf_deviation, claim->W, inst, prec);
            a->has_etf_deviation = 1;
        }
    } else {
        fmpq_mat_t I;
        fmpq_mat_init(I, inst->contexts, inst->contexts);
        fmpq_mat_one(I);
        audit_nuclear(a, claim, inst, prec);
        pc_verify_dense_objective(a->value, Z, claim->Z, I, inst, prec);
        fmpq_mat_clear(I);
    }
    suboptimality(a->sub_lower, a->sub_upper, a->value, opt, prec);
    if (inst->tokens == inst->contexts) {
        circulant_deviation(a->circulant_deviation, Z, prec);
        a->has_circulant_deviation = 1;
    }
    decide_verdict(a, eps, prec);
    arb_mat_clear(Z);
    return PC_OK;
}
