/* The symmetric one-hot form of the classes path (docs/classes.md): v context classes of equal
 * size m, each targeting its own token, k untargeted tokens. Relabelling the targeted tokens
 * together with their context classes leaves the reduced problem invariant, so Z° takes three
 * values (x target, y other targeted, w untargeted) and the optimum is the closed form below;
 * it is rounded to exact rationals and every bound proved exactly or in Arb
 * (verify_classes_sym.c). Nothing here is trusted: the checker re-proves every claim. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "paths.h"
#include "peelcert/verify.h"

/* The optimum in d1 = x - y, d2 = x - w (docs/classes.md): with rho' = rho / sqrt(m),
 * gamma = sqrt((v + k)/k), the ball is (v-1) d1 + (v d2 - (v-1) d1) / gamma <= rho', d2 follows
 * from d1 on its boundary, and the stationary point of the convex 1-D objective is
 * d1 = (rho' gamma - v log(k (gamma - 1) / v)) / (1 + (v-1) gamma), clamped to [0, rho'/(v-1)]. */
static void symmetric_optimum(arb_t d1, arb_t d2, slong v, slong k, slong m, const arb_t rho,
                              slong prec)
{
    arb_t rp, g, t;
    arb_init(rp); arb_init(g); arb_init(t);
    arb_sqrt_ui(t, (ulong) m, prec);
    arb_div(rp, rho, t, prec);
    arb_zero(d1);
    arb_zero(d2);
    if (k == 0 && v >= 2) {
        arb_div_si(d1, rp, v - 1, prec);
    } else if (k > 0) {
        arb_set_si(g, v + k);
        arb_div_si(g, g, k, prec);
        arb_sqrt(g, g, prec);
        if (v >= 2) {
            arb_sub_ui(t, g, 1, prec);
            arb_mul_si(t, t, k, prec);
            arb_div_si(t, t, v, prec);
            arb_log(t, t, prec);
            arb_mul_si(t, t, v, prec);
            arb_mul(d1, rp, g, prec);
            arb_sub(d1, d1, t, prec);
            arb_mul_si(t, g, v - 1, prec);
            arb_add_ui(t, t, 1, prec);
            arb_div(d1, d1, t, prec);
            arb_div_si(t, rp, v - 1, prec);
            arb_get_mid_arb(d1, d1);
            if (arf_sgn(arb_midref(d1)) < 0) arb_zero(d1);
            if (arf_cmp(arb_midref(d1), arb_midref(t)) > 0) arb_get_mid_arb(d1, t);
        }
        arb_mul_si(t, d1, v - 1, prec);        /* d2 = ((v-1) d1 + (rho' - (v-1) d1) gamma) / v */
        arb_sub(d2, rp, t, prec);
        arb_mul(d2, d2, g, prec);
        arb_add(d2, d2, t, prec);
        arb_div_si(d2, d2, v, prec);
    }
    arb_clear(rp); arb_clear(g); arb_clear(t);
}

/* x, y, w from d1, d2 scaled by (1 - 2^-shrink): centered, x + (v-1) y + k w = 0. Exact. */
static void symmetric_primal(pc_classes_symmetric_t *sy, const arb_t d1, const arb_t d2, slong v,
                             slong V, slong shrink)
{
    fmpq_t a, b, f, t;
    fmpq_init(a); fmpq_init(b); fmpq_init(f); fmpq_init(t);
    arf_get_fmpq(a, arb_midref(d1));
    arf_get_fmpq(b, arb_midref(d2));
    fmpq_one(f);
    fmpq_div_2exp(t, f, shrink);
    fmpq_sub(f, f, t);
    fmpq_mul(a, a, f);
    fmpq_mul(b, b, f);
    fmpq_mul_si(sy->x, a, v - 1);
    fmpq_mul_si(t, b, sy->k);
    fmpq_add(sy->x, sy->x, t);
    fmpq_div_fmpz(sy->x, sy->x, (fmpz_t){V});
    fmpq_sub(sy->y, sy->x, a);
    if (sy->k > 0) fmpq_sub(sy->w, sy->x, b); else fmpq_zero(sy->w);
    fmpq_clear(a); fmpq_clear(b); fmpq_clear(f); fmpq_clear(t);
}

/* q = softmax of the primal's column, q_other and q_untargeted floored at 2^-bits, q_target the
 * exact rest; s = ||Q - P||_op rounded up with a relative margin 2^-margin. */
static void symmetric_dual(pc_cert_t *cert, slong v, slong bits, slong margin, slong prec)
{
    pc_classes_symmetric_t *sy = cert->symmetric;
    arb_t S, eo, eu, t, u;
    fmpq_t e;
    arf_t up;
    arb_init(S); arb_init(eo); arb_init(eu); arb_init(t); arb_init(u);
    fmpq_init(e); arf_init(up);
    fmpq_sub(e, sy->y, sy->x);
    arb_set_fmpq(eo, e, prec);
    arb_exp(eo, eo, prec);
    fmpq_sub(e, sy->w, sy->x);
    arb_set_fmpq(eu, e, prec);
    arb_exp(eu, eu, prec);
    arb_one(S);
    arb_addmul_si(S, eo, v - 1, prec);
    arb_addmul_si(S, eu, sy->k, prec);
    arb_div(eo, eo, S, prec);
    arb_div(eu, eu, S, prec);
    arf_mul_2exp_si(up, arb_midref(eo), bits);
    arf_floor(up, up);
    arf_mul_2exp_si(up, up, -bits);
    arf_get_fmpq(sy->q_other, up);
    arf_mul_2exp_si(up, arb_midref(eu), bits);
    arf_floor(up, up);
    arf_mul_2exp_si(up, up, -bits);
    arf_get_fmpq(sy->q_untargeted, up);
    if (v < 2) fmpq_zero(sy->q_other);
    if (sy->k == 0) fmpq_zero(sy->q_untargeted);
    fmpq_one(sy->q_target);
    fmpq_mul_si(e, sy->q_other, v - 1);
    fmpq_sub(sy->q_target, sy->q_target, e);
    fmpq_mul_si(e, sy->q_untargeted, sy->k);
    fmpq_sub(sy->q_target, sy->q_target, e);
    /* the two singular values of Q - P (divided by sqrt(m)) */
    fmpq_sub_si(e, sy->q_target, 1);
    fmpq_sub(e, e, sy->q_other);
    arb_set_fmpq(S, e, prec);
    arb_abs(S, S);
    if (v < 2) arb_zero(S);
    fmpq_sub_si(e, sy->q_target, 1);
    arb_set_fmpq(t, e, prec);
    arb_set_fmpq(u, sy->q_other, prec);
    arb_addmul_si(t, u, v - 1, prec);
    arb_sqr(t, t, prec);
    arb_set_fmpq(u, sy->q_untargeted, prec);
    arb_sqr(u, u, prec);
    arb_addmul_si(t, u, v * sy->k, prec);
    arb_sqrtpos(t, t, prec);
    arb_max(S, S, t, prec);
    arb_sqrt_ui(t, (ulong) sy->m, prec);
    arb_mul(S, S, t, prec);
    arb_one(t);
    arb_mul_2exp_si(t, t, -margin);
    arb_add_ui(t, t, 1, prec);
    arb_mul(S, S, t, prec);
    arb_get_ubound_arf(up, S, prec);
    arf_get_fmpq(cert->opnorm_bound, up);
    arb_clear(S); arb_clear(eo); arb_clear(eu); arb_clear(t); arb_clear(u);
    fmpq_clear(e); arf_clear(up);
}

pc_status_t pc_certify_classes_symmetric(pc_cert_t *cert, pc_certify_report_t *rep,
                                         const pc_instance_t *inst, slong m, slong k,
                                         const pc_certify_options_t *opt, pc_msg_t *msg)
{
    slong v = cert->classes->v, V = inst->tokens;
    slong prec = (slong) ceil(3.33 * (rep->digits_target + 10)) + 64;
    pc_classes_symmetric_t *sy = flint_malloc(sizeof *sy);
    fmpq_init(sy->x); fmpq_init(sy->y); fmpq_init(sy->w);
    fmpq_init(sy->q_target); fmpq_init(sy->q_other); fmpq_init(sy->q_untargeted);
    sy->m = m;
    sy->k = k;
    cert->symmetric = sy;
    snprintf(rep->note, sizeof rep->note, "token and context classes (SPEC 10): one-hot targets, "
             "%ld context classes of %ld contexts each, %ld untargeted tokens; the symmetric "
             "reduction (docs/classes.md: Z° takes 3 values) was certified", (long) v, (long) m,
             (long) k);
    arb_t rho, d1, d2;
    arb_init(rho); arb_init(d1); arb_init(d2);
    pc_verify_rho(rho, inst, prec);
    symmetric_optimum(d1, d2, v, k, m, rho, prec);
    pc_status_t st = PC_NOT_PROVED;
    for (slong shrink = prec - 16; shrink > 8 && st != PC_OK; shrink -= prec / 8) {
        symmetric_primal(sy, d1, d2, v, V, shrink);
        st = pc_verify_symmetric_budget(sy, v, inst, msg);
    }
    for (slong margin = prec - 8; margin > 8 && st == PC_OK; margin -= prec / 8) {
        symmetric_dual(cert, v, prec - 4, margin, prec);
        if (pc_verify_symmetric_opnorm(sy, v, cert->opnorm_bound, msg) == PC_OK)
            break;
    }
    if (st == PC_OK)
        st = pc_verify_classes_symmetric_cert(cert, inst, prec, msg);
    rep->rank = pc_symmetric_rank(sy, v);
    rep->d_below_rank = inst->dim < rep->rank;
    if (opt->progress)
        fprintf(stderr, "peelcert: symmetric one-hot classes: closed form at %ld bits\n", (long) prec);
    int gap_applies = !(rep->d_below_rank && opt->digits == 0);
    if (st == PC_OK && gap_applies
        && !pc_verify_gap_at_most(cert->upper, cert->lower, rep->digits_target, prec)) {
        arb_t gap;
        arb_init(gap);
        arb_sub(gap, cert->upper, cert->lower, prec);
        st = pc_fail(msg, PC_NOT_PROVED, "symmetric classes: certified gap %.3g does not reach "
                     "1e-%ld", arf_get_d(arb_midref(gap), ARF_RND_UP), (long) rep->digits_target);
        arb_clear(gap);
    }
    arb_clear(rho); arb_clear(d1); arb_clear(d2);
    cert->places = rep->digits_target + 10 > 20 ? rep->digits_target + 10 : 20;
    return st;
}
