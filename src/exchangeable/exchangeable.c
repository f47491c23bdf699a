/* Closed-form certificates for exchangeable targets (SPEC 5b; FORMAT.md "exchangeable"). */
#include "peelcert/exchangeable.h"
#include "peelcert/verify.h"

#define PC_EXCHANGEABLE_MAX_PREC 65536

void pc_exchangeable_objective(arb_t out, const fmpq_t x, slong n, const fmpq_t alpha, slong prec)
{
    arb_t t, xb;
    arb_init(t);
    arb_init(xb);
    arb_set_fmpq(xb, x, prec);
    arb_exp(t, xb, prec);
    arb_add_si(t, t, n - 1, prec);
    arb_log(out, t, prec);
    arb_set_fmpq(t, alpha, prec);
    arb_submul(out, t, xb, prec);
    arb_clear(t);
    arb_clear(xb);
}

void pc_exchangeable_dual_bound(arb_t out, const fmpq_t r, slong n, const fmpq_t alpha,
                                const arb_t rho, slong prec)
{
    fmpq_t rest, t;
    fmpz_t m;
    arb_t term;
    fmpq_init(rest); fmpq_init(t); fmpz_init_set_si(m, n - 1); arb_init(term);
    /* H(q) for q = (r, t, ..., t): -r log r - (n-1) t log t, t = (1-r)/(n-1). */
    pc_verify_entropy_term(out, r, prec);
    fmpq_one(rest);
    fmpq_sub(rest, rest, r);
    fmpq_div_fmpz(t, rest, m);
    pc_verify_entropy_term(term, t, prec);
    arb_mul_si(term, term, n - 1, prec);
    arb_add(out, out, term, prec);
    /* ||Q - P||_op = |r - alpha| n/(n-1); times rho/n. */
    fmpq_sub(t, r, alpha);
    fmpq_abs(t, t);
    fmpq_div_fmpz(t, t, m);
    arb_set_fmpq(term, t, prec);
    arb_submul(out, rho, term, prec);
    fmpq_clear(rest); fmpq_clear(t); fmpz_clear(m); arb_clear(term);
}

/* The unconstrained optimum log(alpha/beta) as a ball; returns 0 if infinite (sign in *sign). */
static int unconstrained_logit(arb_t L, int *sign, const fmpq_t alpha, const fmpq_t beta, slong prec)
{
    if (fmpq_is_zero(beta)) { *sign = 1; return 0; }
    if (fmpq_is_zero(alpha)) { *sign = -1; return 0; }
    fmpq_t ratio;
    fmpq_init(ratio);
    fmpq_div(ratio, alpha, beta);
    arb_set_fmpq(L, ratio, prec);
    arb_log(L, L, prec);
    *sign = fmpq_cmp(alpha, beta) > 0 ? 1 : (fmpq_equal(alpha, beta) ? 0 : -1);
    fmpq_clear(ratio);
    return 1;
}

/* A rational x near the midpoint of target with x^2 (n-1)^2 <= a b exactly. */
static void feasible_rational(fmpq_t x, const arb_t target, slong n, const fmpq_t ab, slong prec)
{
    fmpq_t lhs, shrink;
    fmpz_t m;
    fmpq_init(lhs); fmpq_init(shrink); fmpz_init_set_si(m, n - 1);
    arf_get_fmpq(x, arb_midref(target));
    /* shrink = 1 - 2^-(prec - 16): a relative step far below the target accuracy. */
    fmpq_one(shrink);
    fmpq_div_2exp(lhs, shrink, prec > 32 ? prec - 16 : 16);
    fmpq_sub(shrink, shrink, lhs);
    for (;;) {
        fmpq_mul_fmpz(lhs, x, m);
        fmpq_mul(lhs, lhs, lhs);
        if (fmpq_cmp(lhs, ab) <= 0)
            break;
        fmpq_mul(x, x, shrink);
    }
    fmpq_clear(lhs); fmpq_clear(shrink); fmpz_clear(m);
}

/* One attempt at precision prec: fills x, r, upper, lower of cert. */
static void certify_at_precision(pc_cert_t *cert, const pc_instance_t *inst, const fmpq_t beta,
                                 int *interior, slong prec)
{
    slong n = inst->tokens;
    fmpq_t a, b, ab;
    arb_t rho, bound, L, target, e;
    fmpq_init(a); fmpq_init(b); fmpq_init(ab);
    arb_init(rho); arb_init(bound); arb_init(L); arb_init(target); arb_init(e);
    pc_instance_budgets(a, b, inst);
    fmpq_mul(ab, a, b);
    pc_verify_rho(rho, inst, prec);
    arb_div_si(bound, rho, n - 1, prec);
    int sign;
    int finite = unconstrained_logit(L, &sign, inst->alpha, beta, prec);
    arb_t absL;
    arb_init(absL);
    if (finite)
        arb_abs(absL, L);
    /* x* = clamp(L, -rho/(n-1), rho/(n-1)) (SPEC 5b); interior iff |L| < rho/(n-1). */
    *interior = finite && arb_lt(absL, bound);
    if (*interior)
        arb_set(target, L);
    else if (sign >= 0)
        arb_set(target, bound);
    else
        arb_neg(target, bound);
    if (sign == 0)
        fmpq_zero(cert->x);
    else
        feasible_rational(cert->x, target, n, ab, prec);
    pc_exchangeable_objective(cert->upper, cert->x, n, inst->alpha, prec);
    if (*interior) {
        fmpq_set(cert->r_diag, inst->alpha);      /* Q = P: LB = mean entropy exactly */
    } else {
        /* r = softmax of the optimal logits: exp(x) / (exp(x) + n - 1). */
        arb_set_fmpq(e, cert->x, prec);
        arb_exp(e, e, prec);
        arb_add_si(target, e, n - 1, prec);
        arb_div(e, e, target, prec);
        arf_get_fmpq(cert->r_diag, arb_midref(e));
        if (fmpq_sgn(cert->r_diag) < 0)
            fmpq_zero(cert->r_diag);
        if (fmpq_cmp_ui(cert->r_diag, 1) > 0)
            fmpq_one(cert->r_diag);
    }
    pc_exchangeable_dual_bound(cert->lower, cert->r_diag, n, inst->alpha, rho, prec);
    fmpq_clear(a); fmpq_clear(b); fmpq_clear(ab);
    arb_clear(rho); arb_clear(bound); arb_clear(L); arb_clear(target); arb_clear(e); arb_clear(absL);
}

pc_status_t pc_exchangeable_certify(pc_cert_t *cert, const pc_instance_t *inst, slong digits,
                                    pc_msg_t *msg)
{
    slong n = inst->tokens;
    fmpq_t beta;
    fmpz_t m;
    fmpq_init(beta);
    fmpz_init_set_si(m, n - 1);
    fmpq_one(beta);
    fmpq_sub(beta, beta, inst->alpha);
    fmpq_div_fmpz(beta, beta, m);
    int interior = 0;
    slong prec = 64 + (slong) (3.33 * (double) digits) + 2 * fmpz_bits(m);
    int reached = 0;
    for (; prec <= PC_EXCHANGEABLE_MAX_PREC; prec *= 2) {
        certify_at_precision(cert, inst, beta, &interior, prec);
        if (pc_verify_gap_at_most(cert->upper, cert->lower, digits, prec)) {
            reached = 1;
            break;
        }
    }
    if (!reached)
        prec /= 2;
    /* Regime and structure, proved (FORMAT.md "Regime claims", "gram"). */
    if (interior)
        cert->regime = PC_REGIME_INTERIOR;
    else if (pc_verify_binding(cert->lower, inst, prec))
        cert->regime = PC_REGIME_BINDING;
    else
        cert->regime = PC_REGIME_UNDETERMINED;
    cert->upper_is_lp = inst->dim >= n - 1 || fmpq_is_zero(cert->x);
    if (cert->regime == PC_REGIME_BINDING && inst->dim >= n - 1) {
        fmpq_t a, b;
        fmpq_init(a); fmpq_init(b);
        pc_instance_budgets(a, b, inst);
        cert->has_gram = 1;
        fmpq_div_fmpz(cert->gram_W, a, m);
        fmpq_div_fmpz(cert->gram_H, b, m);
        cert->structure = PC_STRUCTURE_SIMPLEX_ETF;
        fmpq_clear(a); fmpq_clear(b);
    }
    cert->places = digits + 10;
    fmpq_clear(beta);
    fmpz_clear(m);
    if (!reached)
        return pc_fail(msg, PC_NOT_PROVED,
                       "exchangeable: gap <= 1e-%ld not reached at the precision ceiling (%d bits)",
                       (long) digits, PC_EXCHANGEABLE_MAX_PREC);
    return PC_OK;
}
