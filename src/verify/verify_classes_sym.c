/* Rigorous bounds for the symmetric one-hot form of kind classes (docs/classes.md, FORMAT.md).
 * Norms are proved with exact rationals (squares, no square root is rounded); f and LB are
 * Arb enclosures of three-term sums. */
#include "peelcert/verify.h"

/* 1 iff A + sqrt(C) <= sqrt(T) for rationals A, C, T >= 0, decided exactly:
 * T >= A^2, R = T + A^2 - C >= 0 and 4 A^2 T <= R^2. */
static int sum_with_root_at_most(const fmpq_t A, const fmpq_t C, const fmpq_t T)
{
    fmpq_t A2, R, l, r;
    fmpq_init(A2); fmpq_init(R); fmpq_init(l); fmpq_init(r);
    fmpq_mul(A2, A, A);
    fmpq_add(R, T, A2);
    fmpq_sub(R, R, C);
    fmpq_mul(l, A2, T);
    fmpq_mul_2exp(l, l, 2);
    fmpq_mul(r, R, R);
    int ok = fmpq_cmp(T, A2) >= 0 && fmpq_sgn(R) >= 0 && fmpq_cmp(l, r) <= 0;
    fmpq_clear(A2); fmpq_clear(R); fmpq_clear(l); fmpq_clear(r);
    return ok;
}

/* out = (x + (v-1) y)^2 + v k w^2, the square of the last singular value / m */
static void last_singular_squared(fmpq_t out, const fmpq_t x, const fmpq_t y, const fmpq_t w,
                                  slong v, slong k)
{
    fmpq_t t;
    fmpq_init(t);
    fmpq_mul_si(out, y, v - 1);
    fmpq_add(out, out, x);
    fmpq_mul(out, out, out);
    fmpq_mul(t, w, w);
    fmpq_mul_si(t, t, v * k);
    fmpq_add(out, out, t);
    fmpq_clear(t);
}

pc_status_t pc_verify_symmetric_budget(const pc_classes_symmetric_t *sy, slong v,
                                       const pc_instance_t *inst, pc_msg_t *msg)
{
    fmpq_t a, b, A, C, T;
    fmpq_init(a); fmpq_init(b); fmpq_init(A); fmpq_init(C); fmpq_init(T);
    pc_instance_budgets(a, b, inst);
    fmpq_mul(T, a, b);
    fmpq_div_fmpz(T, T, (fmpz_t){sy->m});              /* rho^2 / m */
    fmpq_sub(A, sy->x, sy->y);
    fmpq_abs(A, A);
    fmpq_mul_si(A, A, v - 1);                          /* (v - 1) |x - y| */
    last_singular_squared(C, sy->x, sy->y, sy->w, v, sy->k);
    pc_status_t st = sum_with_root_at_most(A, C, T) ? PC_OK
        : pc_fail(msg, PC_NOT_PROVED, "nuclear_norm: sqrt(m) [(v-1) |x - y| + sqrt((x + (v-1) y)^2 "
                  "+ v k w^2)] <= rho does not hold (exact)");
    fmpq_clear(a); fmpq_clear(b); fmpq_clear(A); fmpq_clear(C); fmpq_clear(T);
    return st;
}

pc_status_t pc_verify_symmetric_dual_simplex(const pc_classes_symmetric_t *sy, slong v,
                                             pc_msg_t *msg)
{
    fmpq_t sum, t;
    fmpq_init(sum); fmpq_init(t);
    fmpq_mul_si(sum, sy->q_other, v - 1);
    fmpq_mul_si(t, sy->q_untargeted, sy->k);
    fmpq_add(sum, sum, t);
    fmpq_add(sum, sum, sy->q_target);
    pc_status_t st = PC_OK;
    if (fmpq_sgn(sy->q_target) < 0 || fmpq_sgn(sy->q_other) < 0 || fmpq_sgn(sy->q_untargeted) < 0)
        st = pc_fail(msg, PC_NOT_PROVED, "dual_simplex: a negative dual value");
    else if (!fmpq_is_one(sum))
        st = pc_fail(msg, PC_NOT_PROVED, "dual_simplex: q_target + (v-1) q_other + k q_untargeted "
                     "= %.17g, not 1", fmpq_get_d(sum));
    fmpq_clear(sum); fmpq_clear(t);
    return st;
}

pc_status_t pc_verify_symmetric_opnorm(const pc_classes_symmetric_t *sy, slong v, const fmpq_t s,
                                       pc_msg_t *msg)
{
    fmpq_t x, s2, t;
    fmpq_init(x); fmpq_init(s2); fmpq_init(t);
    fmpq_mul(s2, s, s);
    fmpq_div_fmpz(s2, s2, (fmpz_t){sy->m});            /* s^2 / m */
    fmpq_sub_si(x, sy->q_target, 1);                   /* Q - P: x = q_t - 1, y = q_o, w = q_u */
    int ok = fmpq_sgn(s) >= 0;
    if (ok && v >= 2) {
        fmpq_sub(t, x, sy->q_other);
        fmpq_mul(t, t, t);
        ok = fmpq_cmp(t, s2) <= 0;
    }
    if (ok) {
        last_singular_squared(t, x, sy->q_other, sy->q_untargeted, v, sy->k);
        ok = fmpq_cmp(t, s2) <= 0;
    }
    fmpq_clear(x); fmpq_clear(s2); fmpq_clear(t);
    return ok ? PC_OK : pc_fail(msg, PC_NOT_PROVED, "opnorm: ||Q - P||_op <= s = %.17g does not "
                                "hold (exact)", fmpq_get_d(s));
}

void pc_verify_symmetric_objective(arb_t out, const pc_classes_symmetric_t *sy, slong v,
                                   slong prec)
{
    arb_t t, d;
    fmpq_t e;
    arb_init(t); arb_init(d); fmpq_init(e);
    arb_one(out);
    fmpq_sub(e, sy->y, sy->x);
    arb_set_fmpq(d, e, prec);
    arb_exp(d, d, prec);
    arb_addmul_si(out, d, v - 1, prec);
    fmpq_sub(e, sy->w, sy->x);
    arb_set_fmpq(d, e, prec);
    arb_exp(d, d, prec);
    arb_addmul_si(out, d, sy->k, prec);
    arb_log(out, out, prec);
    arb_clear(t); arb_clear(d); fmpq_clear(e);
}

void pc_verify_symmetric_dual_bound(arb_t out, const pc_classes_symmetric_t *sy, slong v,
                                    const fmpq_t s, const pc_instance_t *inst, slong prec)
{
    arb_t t, rho;
    arb_init(t); arb_init(rho);
    pc_verify_entropy_term(out, sy->q_target, prec);
    pc_verify_entropy_term(t, sy->q_other, prec);
    arb_addmul_si(out, t, v - 1, prec);
    pc_verify_entropy_term(t, sy->q_untargeted, prec);
    arb_addmul_si(out, t, sy->k, prec);
    pc_verify_rho(rho, inst, prec);
    arb_set_fmpq(t, s, prec);
    arb_mul(t, t, rho, prec);
    arb_div_si(t, t, inst->contexts, prec);
    arb_sub(out, out, t, prec);
    arb_clear(t); arb_clear(rho);
}

slong pc_symmetric_rank(const pc_classes_symmetric_t *sy, slong v)
{
    fmpq_t c;
    fmpq_init(c);
    last_singular_squared(c, sy->x, sy->y, sy->w, v, sy->k);
    slong r = (v >= 2 && !fmpq_equal(sy->x, sy->y) ? v - 1 : 0) + !fmpq_is_zero(c);
    fmpq_clear(c);
    return r;
}

pc_status_t pc_verify_classes_symmetric_cert(pc_cert_t *cert, const pc_instance_t *inst,
                                             slong prec, pc_msg_t *msg)
{
    const pc_classes_symmetric_t *sy = cert->symmetric;
    slong v = cert->classes->v;
    pc_status_t st = pc_verify_symmetric_budget(sy, v, inst, msg);
    if (st == PC_OK)
        st = pc_verify_symmetric_dual_simplex(sy, v, msg);
    if (st == PC_OK)
        st = pc_verify_symmetric_opnorm(sy, v, cert->opnorm_bound, msg);
    if (st != PC_OK)
        return st;
    pc_verify_symmetric_objective(cert->upper, sy, v, prec);
    pc_verify_symmetric_dual_bound(cert->lower, sy, v, cert->opnorm_bound, inst, prec);
    cert->upper_is_lp = pc_symmetric_rank(sy, v) <= inst->dim;
    cert->structure = PC_STRUCTURE_NONE;
    cert->regime = pc_verify_binding(cert->lower, inst, prec) ? PC_REGIME_BINDING
                                                              : PC_REGIME_UNDETERMINED;
    return PC_OK;
}
