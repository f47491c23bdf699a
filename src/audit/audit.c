/* pc_audit_run (audit.h): how far a claimed point is from the certified optimum, and the
 * verdict model for float claims (docs/audit.md). */
#include <math.h>
#include "audit_internal.h"
#include "peelcert/numbers.h"
#include "peelcert/verify.h"

void pc_audit_init(pc_audit_t *a)
{
    fmpq_init(a->eps);
    a->feasible = a->feasibility_known = 0;
    a->has_excess = 0;
    fmpq_init(a->excess_W); fmpq_init(a->excess_H);
    fmpq_init(a->bound_W); fmpq_init(a->bound_H);
    a->dtype_W = a->dtype_H = a->dtype_Z = PC_DTYPE_EXACT;
    a->has_nuclear_excess = 0;
    arb_init(a->nuclear_excess);
    fmpq_init(a->bound_Z);
    a->rounding_excess = 0;
    arb_init(a->value); arb_init(a->sub_lower); arb_init(a->sub_upper);
    a->has_scaled = 0;
    arb_init(a->scaled_value); arb_init(a->scaled_sub_lower); arb_init(a->scaled_sub_upper);
    a->dim = -1;
    a->rank = -1;
    a->d_below_rank = 0;
    a->lp_upper_known = 0;
    a->has_lp_upper = 0;
    arb_init(a->lp_upper);
    arb_init(a->verdict_lower); arb_init(a->verdict_upper);
    a->has_kkt = 0;
    arb_init(a->kkt_W); arb_init(a->kkt_H);
    arb_init(a->circulant_deviation);
    a->has_circulant_deviation = 0;
    arb_init(a->etf_deviation);
    a->has_etf_deviation = 0;
    a->verdict = PC_VERDICT_INFEASIBLE;
    arb_init(a->verdict_amount);
    a->verdict_proved = 0;
}

void pc_audit_clear(pc_audit_t *a)
{
    fmpq_clear(a->eps);
    fmpq_clear(a->excess_W); fmpq_clear(a->excess_H);
    fmpq_clear(a->bound_W); fmpq_clear(a->bound_H);
    arb_clear(a->nuclear_excess);
    fmpq_clear(a->bound_Z);
    arb_clear(a->value); arb_clear(a->sub_lower); arb_clear(a->sub_upper);
    arb_clear(a->scaled_value); arb_clear(a->scaled_sub_lower); arb_clear(a->scaled_sub_upper);
    arb_clear(a->verdict_lower); arb_clear(a->verdict_upper);
    arb_clear(a->lp_upper);
    arb_clear(a->kkt_W); arb_clear(a->kkt_H);
    arb_clear(a->circulant_deviation); arb_clear(a->etf_deviation);
    arb_clear(a->verdict_amount);
}

void pc_audit_rounding_bound(fmpq_t out, pc_dtype_t dtype, slong entries)
{
    if (dtype == PC_DTYPE_EXACT) {
        fmpq_zero(out);
        return;
    }
    double ulp = dtype == PC_DTYPE_FLOAT32 ? ldexp(1.0, -23) : ldexp(1.0, -52);
    /* a policy threshold, not a proof: the exact rational of this double is the bound */
    pc_rational_set_double(out, 4.0 * ulp * sqrt((double) (entries > 1 ? entries : 1)));
}

/* f(claim) - val in [lower end of lo, upper end of hi], val enclosed in [opt->lower, opt->upper]. */
static void suboptimality(arb_t lo, arb_t hi, const arb_t value, const pc_cert_t *opt, slong prec)
{
    arb_sub(lo, value, opt->upper, prec);
    arb_sub(hi, value, opt->lower, prec);
}

/* out = x/budget - 1, exact. */
static void relative_excess(fmpq_t out, const fmpq_t x, const fmpq_t budget)
{
    fmpq_div(out, x, budget);
    fmpq_sub_si(out, out, 1);
}

/* Exact budgets, the signed relative excesses, and, when a budget is exceeded, f at the claim
 * scaled exactly onto the budgets: the exceeding factor times sqrt(budget / ||.||^2) (a ball
 * around the exact factor; the scaled point meets the budgets with equality). Z encloses W H. */
static void audit_factors(pc_audit_t *a, const pc_claim_t *c, const arb_mat_t Z,
                          const pc_instance_t *inst, const pc_cert_t *opt, slong prec)
{
    fmpq_t ab, bb, sw, sh, s2, t;
    fmpq_init(ab); fmpq_init(bb); fmpq_init(sw); fmpq_init(sh); fmpq_init(s2); fmpq_init(t);
    pc_instance_budgets(ab, bb, inst);
    pc_audit_frobenius_squared(sw, c->W);
    pc_audit_frobenius_squared(sh, c->H);
    a->has_excess = 1;
    relative_excess(a->excess_W, sw, ab);
    relative_excess(a->excess_H, sh, bb);
    a->dtype_W = c->dtype_W;
    a->dtype_H = c->dtype_H;
    pc_audit_rounding_bound(a->bound_W, c->dtype_W, fmpq_mat_nrows(c->W) * fmpq_mat_ncols(c->W));
    pc_audit_rounding_bound(a->bound_H, c->dtype_H, fmpq_mat_nrows(c->H) * fmpq_mat_ncols(c->H));
    int over_W = fmpq_cmp(sw, ab) > 0, over_H = fmpq_cmp(sh, bb) > 0;
    a->feasibility_known = 1;
    a->feasible = !over_W && !over_H;
    if (!a->feasible) {
        a->rounding_excess = (!over_W || fmpq_cmp(a->excess_W, a->bound_W) <= 0)
                          && (!over_H || fmpq_cmp(a->excess_H, a->bound_H) <= 0);
        /* s^2 = min(1, a/||W||^2) min(1, b/||H||^2), exact; Z_s = s W H */
        fmpq_one(s2);
        if (over_W) { fmpq_div(t, ab, sw); fmpq_mul(s2, s2, t); }
        if (over_H) { fmpq_div(t, bb, sh); fmpq_mul(s2, s2, t); }
        arb_t s;
        arb_mat_t Zs;
        arb_init(s);
        arb_mat_init(Zs, arb_mat_nrows(Z), arb_mat_ncols(Z));
        arb_set_fmpq(s, s2, prec);
        arb_sqrtpos(s, s, prec);
        arb_mat_scalar_mul_arb(Zs, Z, s, prec);
        pc_verify_logits_objective(a->scaled_value, Zs, inst, prec);
        suboptimality(a->scaled_sub_lower, a->scaled_sub_upper, a->scaled_value, opt, prec);
        /* the scaled point is feasible: f >= val(C) */
        arb_nonnegative_part(a->scaled_sub_lower, a->scaled_sub_lower);
        a->has_scaled = 1;
        arb_clear(s);
        arb_mat_clear(Zs);
    }
    fmpq_clear(ab); fmpq_clear(bb); fmpq_clear(sw); fmpq_clear(sh); fmpq_clear(s2); fmpq_clear(t);
}

/* An infeasible float Z claim: its relative nuclear-norm excess ||Z||_* / rho - 1, enclosed; when
 * its upper end is within the dtype's rounding bound, f at Z scaled exactly onto the ball,
 * (rho / ||Z||_*) Z (a ball around that point, which has ||.||_* = rho exactly). Z encloses the
 * claim. */
static void audit_nuclear_rounding(pc_audit_t *a, const pc_claim_t *c, const arb_mat_t Z,
                                   const pc_instance_t *inst, const pc_cert_t *opt, slong prec)
{
    a->dtype_Z = c->dtype_Z;
    pc_audit_rounding_bound(a->bound_Z, c->dtype_Z, fmpq_mat_nrows(c->Z) * fmpq_mat_ncols(c->Z));
    if (c->dtype_Z == PC_DTYPE_EXACT || !a->feasibility_known || a->feasible)
        return;
    arb_t nuc, rho, s, bound;
    arb_init(nuc); arb_init(rho); arb_init(s); arb_init(bound);
    if (pc_audit_nuclear_norm(nuc, c->Z, prec) && arb_is_positive(nuc)) {
        pc_verify_rho(rho, inst, prec);
        arb_div(s, nuc, rho, prec);
        arb_sub_ui(a->nuclear_excess, s, 1, prec);
        a->has_nuclear_excess = 1;
        arb_set_fmpq(bound, a->bound_Z, prec);
        if (arb_le(a->nuclear_excess, bound)) {
            a->rounding_excess = 1;
            arb_mat_t Zs;
            arb_mat_init(Zs, arb_mat_nrows(Z), arb_mat_ncols(Z));
            arb_div(s, rho, nuc, prec);
            arb_mat_scalar_mul_arb(Zs, Z, s, prec);
            pc_verify_logits_objective(a->scaled_value, Zs, inst, prec);
            suboptimality(a->scaled_sub_lower, a->scaled_sub_upper, a->scaled_value, opt, prec);
            arb_nonnegative_part(a->scaled_sub_lower, a->scaled_sub_lower);
            a->has_scaled = 1;
            arb_mat_clear(Zs);
        }
    }
    arb_clear(nuc); arb_clear(rho); arb_clear(s); arb_clear(bound);
}

/* The claim's d against the rank of the optimum of (C). val(LP at d) >= val(C) >= opt->lower
 * always; val(LP at d) <= opt->upper is known when d >= min(V-1, N) or d >= the rank (SPEC 2),
 * or when opt's primal factors have at most d columns (upper_is_lp); below the rank, by the
 * certificate's own feasible rank-d point (SPEC 12, opt->lp) when the claim has the instance's d. */
static void audit_dimension(pc_audit_t *a, const pc_claim_t *c, const pc_instance_t *inst,
                            const pc_cert_t *opt, const pc_certify_report_t *rep)
{
    a->rank = rep != NULL ? rep->rank : -1;
    if (!c->has_factors) {
        a->dim = -1;                 /* a Z claim is a point of (C) itself */
        a->lp_upper_known = 1;
        return;
    }
    a->dim = fmpq_mat_ncols(c->W);
    slong full = inst->tokens - 1 < inst->contexts ? inst->tokens - 1 : inst->contexts;
    a->d_below_rank = a->rank >= 0 && a->dim < a->rank;
    a->lp_upper_known = a->dim >= full || (a->rank >= 0 && a->dim >= a->rank)
                     || (opt->upper_is_lp && inst->dim <= a->dim);
    if (!a->lp_upper_known && opt->lp != NULL && opt->lp->done && inst->dim <= a->dim) {
        a->has_lp_upper = a->lp_upper_known = 1;
        arb_set(a->lp_upper, opt->lp->upper);
    }
}

/* The interval the verdict is about, then the verdict (docs/audit.md):
 * infeasible beyond rounding; optimal-within eps if the upper end is <= eps; not-optimal if
 * the lower end is > 0; otherwise optimal-within the proved upper end. */
static void decide_verdict(pc_audit_t *a, const pc_cert_t *opt, slong prec)
{
    const arb_struct *value = a->rounding_excess ? a->scaled_value : a->value;
    if (a->lp_upper_known)
        arb_sub(a->verdict_lower, value, a->has_lp_upper ? a->lp_upper : opt->upper, prec);
    else
        arb_zero(a->verdict_lower);      /* only f(claim) >= val(LP at d) is known */
    arb_sub(a->verdict_upper, value, opt->lower, prec);
    int proved_feasible = a->feasibility_known && (a->feasible || a->rounding_excess);
    if (proved_feasible)
        arb_nonnegative_part(a->verdict_lower, a->verdict_lower);
    a->verdict_proved = a->feasibility_known;
    arb_t e;
    arb_init(e);
    arb_set_fmpq(e, a->eps, prec);
    if (a->feasibility_known && !a->feasible && !a->rounding_excess) {
        a->verdict = PC_VERDICT_INFEASIBLE;
        arb_zero(a->verdict_amount);
    } else if (arb_le(a->verdict_upper, e)) {
        a->verdict = PC_VERDICT_OPTIMAL_WITHIN;
        arb_set(a->verdict_amount, e);
    } else if (arb_is_positive(a->verdict_lower)) {
        a->verdict = PC_VERDICT_NOT_OPTIMAL;
        arb_set(a->verdict_amount, a->verdict_lower);
    } else {
        a->verdict = PC_VERDICT_OPTIMAL_WITHIN;
        arb_set(a->verdict_amount, a->verdict_upper);
    }
    arb_clear(e);
}

int pc_audit_exit_code(const pc_audit_t *a)
{
    if (a->verdict != PC_VERDICT_OPTIMAL_WITHIN || !a->verdict_proved)
        return 1;
    arb_t e;
    arb_init(e);
    arb_set_fmpq(e, a->eps, 128);
    int ok = arb_le(a->verdict_upper, e);
    arb_clear(e);
    return ok ? 0 : 1;
}

pc_status_t pc_audit_run(pc_audit_t *a, const pc_claim_t *claim, const pc_instance_t *inst,
                         const pc_cert_t *opt, const pc_certify_report_t *rep, const fmpq_t eps,
                         slong prec, pc_msg_t *msg)
{
    pc_status_t st = pc_claim_check_shape(claim, inst, msg);
    if (st != PC_OK)
        return st;
    fmpq_set(a->eps, eps);
    arb_mat_t Z;
    arb_mat_init(Z, inst->tokens, inst->contexts);
    if (claim->has_factors) {
        pc_verify_dense_objective(a->value, Z, claim->W, claim->H, inst, prec);
        audit_factors(a, claim, Z, inst, opt, prec);
        pc_audit_kkt(a, claim, Z, inst, prec);
        if (opt->structure == PC_STRUCTURE_SIMPLEX_ETF && inst->tokens >= 2) {
            pc_audit_etf_deviation(a->etf_deviation, claim->W, inst, prec);
            a->has_etf_deviation = 1;
        }
    } else {
        fmpq_mat_t I;
        fmpq_mat_init(I, inst->contexts, inst->contexts);
        fmpq_mat_one(I);
        pc_audit_nuclear(a, claim, inst, prec);
        pc_verify_dense_objective(a->value, Z, claim->Z, I, inst, prec);
        fmpq_mat_clear(I);
        audit_nuclear_rounding(a, claim, Z, inst, opt, prec);
    }
    suboptimality(a->sub_lower, a->sub_upper, a->value, opt, prec);
    if (a->feasibility_known && a->feasible)
        arb_nonnegative_part(a->sub_lower, a->sub_lower);   /* a feasible point: f >= val(C) */
    audit_dimension(a, claim, inst, opt, rep);
    if (inst->tokens == inst->contexts) {
        pc_audit_circulant_deviation(a->circulant_deviation, Z, prec);
        a->has_circulant_deviation = 1;
    }
    decide_verdict(a, opt, prec);
    arb_mat_clear(Z);
    return PC_OK;
}
