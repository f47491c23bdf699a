/* Rigorous bounds for the certificate kind classes (SPEC 10; FORMAT.md "Kind classes").
 * Exact checks use fmpq; everything transcendental is an Arb ball. The expanded matrices
 * Z = E_T A B E_C^T (V x N) and Q are never built. */
#include <stdlib.h>
#include "peelcert/verify.h"

/* sum_i w_i sum_j A[i][j]^2 over rows (by_rows) or columns, exactly */
static void weighted_frobenius(fmpq_t out, const fmpq_mat_t A, const slong *w, int by_rows)
{
    fmpq_t t;
    fmpq_init(t);
    fmpq_zero(out);
    for (slong i = 0; i < fmpq_mat_nrows(A); i++)
        for (slong j = 0; j < fmpq_mat_ncols(A); j++) {
            fmpq_mul(t, fmpq_mat_entry(A, i, j), fmpq_mat_entry(A, i, j));
            fmpq_mul_si(t, t, w[by_rows ? i : j]);
            fmpq_add(out, out, t);
        }
    fmpq_clear(t);
}

pc_status_t pc_verify_classes_budgets(const fmpq_mat_t A, const fmpq_mat_t B,
                                      const pc_classes_t *cls, const pc_instance_t *inst,
                                      pc_msg_t *msg)
{
    fmpq_t a, b, sw, sh;
    fmpq_init(a); fmpq_init(b); fmpq_init(sw); fmpq_init(sh);
    pc_instance_budgets(a, b, inst);
    weighted_frobenius(sw, A, cls->token_size, 1);
    weighted_frobenius(sh, B, cls->context_size, 0);
    pc_status_t st = PC_OK;
    if (fmpq_cmp(sw, a) > 0)
        st = pc_fail(msg, PC_NOT_PROVED, "budget_W: sum_a t_a ||A_a||^2 = %.17g exceeds V E_W = "
                     "%.17g", fmpq_get_d(sw), fmpq_get_d(a));
    else if (fmpq_cmp(sh, b) > 0)
        st = pc_fail(msg, PC_NOT_PROVED, "budget_H: sum_b c_b ||B^b||^2 = %.17g exceeds N E_H = "
                     "%.17g", fmpq_get_d(sh), fmpq_get_d(b));
    fmpq_clear(a); fmpq_clear(b); fmpq_clear(sw); fmpq_clear(sh);
    return st;
}

void pc_verify_classes_objective(arb_t out, const fmpq_mat_t A, const fmpq_mat_t B,
                                 const fmpq *Pr, const pc_classes_t *cls, slong prec)
{
    slong u = cls->u, v = cls->v;
    arb_mat_t Ab, Bb, R;
    arb_mat_init(Ab, u, fmpq_mat_ncols(A));
    arb_mat_init(Bb, fmpq_mat_nrows(B), v);
    arb_mat_init(R, u, v);
    arb_mat_set_fmpq_mat(Ab, A, prec);
    arb_mat_set_fmpq_mat(Bb, B, prec);
    arb_mat_mul(R, Ab, Bb, prec);
    arb_t sum, t, p, term;
    arf_t shift;
    arb_init(sum); arb_init(t); arb_init(p); arb_init(term);
    arf_init(shift);
    arb_zero(out);
    for (slong b = 0; b < v; b++) {
        /* log sum_a t_a exp(R_ab), shifted by the largest midpoint (exact math) */
        arf_set(shift, arb_midref(arb_mat_entry(R, 0, b)));
        for (slong a = 1; a < u; a++)
            if (arf_cmp(arb_midref(arb_mat_entry(R, a, b)), shift) > 0)
                arf_set(shift, arb_midref(arb_mat_entry(R, a, b)));
        arb_zero(sum);
        for (slong a = 0; a < u; a++) {
            arb_sub_arf(t, arb_mat_entry(R, a, b), shift, prec);
            arb_exp(t, t, prec);
            arb_mul_si(t, t, cls->token_size[a], prec);
            arb_add(sum, sum, t, prec);
        }
        arb_log(term, sum, prec);
        arb_add_arf(term, term, shift, prec);
        for (slong a = 0; a < u; a++) {
            if (fmpq_is_zero(Pr + b * u + a))
                continue;
            arb_set_fmpq(p, Pr + b * u + a, prec);
            arb_mul_si(p, p, cls->token_size[a], prec);
            arb_submul(term, p, arb_mat_entry(R, a, b), prec);
        }
        arb_addmul_si(out, term, cls->context_size[b], prec);
    }
    arb_div_si(out, out, cls->N, prec);
    arb_clear(sum); arb_clear(t); arb_clear(p); arb_clear(term);
    arf_clear(shift);
    arb_mat_clear(Ab); arb_mat_clear(Bb); arb_mat_clear(R);
}

pc_status_t pc_verify_classes_dual_simplex(const fmpq_mat_t Q, const pc_classes_t *cls,
                                           pc_msg_t *msg)
{
    fmpq_t sum, t;
    fmpq_init(sum); fmpq_init(t);
    pc_status_t st = PC_OK;
    for (slong b = 0; b < fmpq_mat_nrows(Q) && st == PC_OK; b++) {
        fmpq_zero(sum);
        for (slong a = 0; a < fmpq_mat_ncols(Q); a++) {
            if (fmpq_sgn(fmpq_mat_entry(Q, b, a)) < 0) {
                st = pc_fail(msg, PC_NOT_PROVED, "dual_simplex: Q[%ld][%ld] < 0", (long) b, (long) a);
                break;
            }
            fmpq_mul_si(t, fmpq_mat_entry(Q, b, a), cls->token_size[a]);
            fmpq_add(sum, sum, t);
        }
        if (st == PC_OK && !fmpq_is_one(sum))
            st = pc_fail(msg, PC_NOT_PROVED, "dual_simplex: sum_a t_a Q[%ld][a] = %.17g, not 1",
                         (long) b, fmpq_get_d(sum));
    }
    fmpq_clear(sum); fmpq_clear(t);
    return st;
}

pc_status_t pc_verify_classes_opnorm(const fmpq_mat_t Q, const fmpq *Pr, const fmpq_t s,
                                     const pc_classes_t *cls, slong prec, pc_msg_t *msg)
{
    slong u = cls->u, v = cls->v, m = u <= v ? u : v;
    if (fmpq_sgn(s) < 0)
        return pc_fail(msg, PC_NOT_PROVED, "opnorm: bound s < 0");
    fmpq_t e;
    fmpq_init(e);
    int zero = 1;
    arb_mat_t M, MT, DM, G;
    arb_mat_init(M, v, u); arb_mat_init(MT, u, v); arb_mat_init(DM, v, u); arb_mat_init(G, m, m);
    for (slong b = 0; b < v; b++)
        for (slong a = 0; a < u; a++) {
            fmpq_sub(e, fmpq_mat_entry(Q, b, a), Pr + b * u + a);
            zero = zero && fmpq_is_zero(e);
            arb_set_fmpq(arb_mat_entry(M, b, a), e, prec);
        }
    pc_status_t st = PC_OK;
    if (zero) {
        /* ||0||_op = 0 <= s */
    } else if (fmpq_is_zero(s)) {
        st = pc_fail(msg, PC_NOT_PROVED, "opnorm: s = 0 but Q != P");
    } else {
        arb_t s2, w;
        arb_init(s2); arb_init(w);
        arb_set_fmpq(s2, s, prec);
        arb_sqr(s2, s2, prec);
        arb_mat_transpose(MT, M);
        if (u <= v) {                      /* G = s^2 D_T^-1 - M^T D_C M */
            for (slong b = 0; b < v; b++)
                for (slong a = 0; a < u; a++)
                    arb_mul_si(arb_mat_entry(DM, b, a), arb_mat_entry(M, b, a),
                               cls->context_size[b], prec);
            arb_mat_mul(G, MT, DM, prec);
        } else {                           /* G = s^2 D_C^-1 - M D_T M^T */
            arb_mat_t DMT;
            arb_mat_init(DMT, u, v);
            for (slong a = 0; a < u; a++)
                for (slong b = 0; b < v; b++)
                    arb_mul_si(arb_mat_entry(DMT, a, b), arb_mat_entry(MT, a, b),
                               cls->token_size[a], prec);
            arb_mat_mul(G, M, DMT, prec);
            arb_mat_clear(DMT);
        }
        arb_mat_neg(G, G);
        for (slong j = 0; j < m; j++) {
            arb_div_si(w, s2, u <= v ? cls->token_size[j] : cls->context_size[j], prec);
            arb_add(arb_mat_entry(G, j, j), arb_mat_entry(G, j, j), w, prec);
        }
        if (!arb_mat_cho(G, G, prec))
            st = pc_fail(msg, PC_NOT_PROVED, "opnorm: s^2 D^-1 - M^T D M not proved positive "
                         "definite (s = %.17g, prec %ld)", fmpq_get_d(s), (long) prec);
        arb_clear(s2); arb_clear(w);
    }
    arb_mat_clear(M); arb_mat_clear(MT); arb_mat_clear(DM); arb_mat_clear(G);
    fmpq_clear(e);
    return st;
}

void pc_verify_classes_dual_bound(arb_t out, const fmpq_mat_t Q, const fmpq_t s,
                                  const pc_classes_t *cls, const pc_instance_t *inst, slong prec)
{
    arb_t term, row, rho;
    arb_init(term); arb_init(row); arb_init(rho);
    arb_zero(out);
    for (slong b = 0; b < fmpq_mat_nrows(Q); b++) {
        arb_zero(row);
        for (slong a = 0; a < fmpq_mat_ncols(Q); a++) {
            pc_verify_entropy_term(term, fmpq_mat_entry(Q, b, a), prec);
            arb_addmul_si(row, term, cls->token_size[a], prec);
        }
        arb_addmul_si(out, row, cls->context_size[b], prec);
    }
    pc_verify_rho(rho, inst, prec);
    arb_set_fmpq(term, s, prec);
    arb_submul(out, rho, term, prec);
    arb_div_si(out, out, inst->contexts, prec);
    arb_clear(term); arb_clear(row); arb_clear(rho);
}

int pc_verify_classes_interior(const fmpq_mat_t A, const fmpq_mat_t B, const fmpq *Pr,
                               const pc_classes_t *cls, const pc_instance_t *inst, slong prec)
{
    if (pc_instance_has_zero_target(inst))
        return 0;
    slong u = cls->u, v = cls->v;
    arb_mat_t Ab, Bb, R;
    arb_ptr logs = _arb_vec_init(u);
    arb_t mean, t, fro, bound, rho;
    fmpq_t sw, sh;
    arb_mat_init(Ab, u, fmpq_mat_ncols(A)); arb_mat_init(Bb, fmpq_mat_nrows(B), v);
    arb_mat_init(R, u, v);
    arb_init(mean); arb_init(t); arb_init(fro); arb_init(bound); arb_init(rho);
    fmpq_init(sw); fmpq_init(sh);
    arb_mat_set_fmpq_mat(Ab, A, prec);
    arb_mat_set_fmpq_mat(Bb, B, prec);
    arb_mat_mul(R, Ab, Bb, prec);
    for (slong b = 0; b < v; b++) {
        arb_zero(mean);
        for (slong a = 0; a < u; a++) {
            arb_set_fmpq(logs + a, Pr + b * u + a, prec);
            arb_log(logs + a, logs + a, prec);
            arb_addmul_si(mean, logs + a, cls->token_size[a], prec);
        }
        arb_div_si(mean, mean, cls->V, prec);
        for (slong a = 0; a < u; a++) {   /* t_a c_b (L~_ab - R_ab)^2 */
            arb_sub(t, logs + a, mean, prec);
            arb_sub(t, t, arb_mat_entry(R, a, b), prec);
            arb_sqr(t, t, prec);
            arb_mul_si(t, t, cls->token_size[a] * cls->context_size[b], prec);
            arb_add(fro, fro, t, prec);
        }
    }
    arb_sqrtpos(fro, fro, prec);
    arb_sqrt_ui(t, (ulong) (u < v ? u : v), prec);
    arb_mul(bound, fro, t, prec);
    weighted_frobenius(sw, A, cls->token_size, 1);
    weighted_frobenius(sh, B, cls->context_size, 0);
    fmpq_mul(sw, sw, sh);
    arb_set_fmpq(t, sw, prec);
    arb_sqrtpos(t, t, prec);
    arb_add(bound, bound, t, prec);
    pc_verify_rho(rho, inst, prec);
    int proved = arb_lt(bound, rho);
    _arb_vec_clear(logs, u);
    arb_mat_clear(Ab); arb_mat_clear(Bb); arb_mat_clear(R);
    arb_clear(mean); arb_clear(t); arb_clear(fro); arb_clear(bound); arb_clear(rho);
    fmpq_clear(sw); fmpq_clear(sh);
    return proved;
}

pc_status_t pc_verify_classes_cert(pc_cert_t *cert, const pc_instance_t *inst, int try_interior,
                                   slong prec, pc_msg_t *msg)
{
    const pc_classes_t *cls = cert->classes;
    pc_status_t st = pc_verify_classes_budgets(cert->W, cert->H, cls, inst, msg);
    if (st == PC_OK)
        st = pc_verify_classes_dual_simplex(cert->Q, cls, msg);
    if (st != PC_OK)
        return st;
    fmpq *Pr = _fmpq_vec_init(cls->u * cls->v);
    pc_classes_block_targets(Pr, cls, inst);
    st = pc_verify_classes_opnorm(cert->Q, Pr, cert->opnorm_bound, cls, prec, msg);
    if (st == PC_OK) {
        pc_verify_classes_objective(cert->upper, cert->W, cert->H, Pr, cls, prec);
        pc_verify_classes_dual_bound(cert->lower, cert->Q, cert->opnorm_bound, cls, inst, prec);
        /* W = E_T A has the r <= d columns of A: Z factors in dimension d */
        cert->upper_is_lp = fmpq_mat_ncols(cert->W) <= inst->dim;
        cert->structure = PC_STRUCTURE_NONE;
        if (pc_verify_binding(cert->lower, inst, prec))
            cert->regime = PC_REGIME_BINDING;
        else if (try_interior
                 && pc_verify_classes_interior(cert->W, cert->H, Pr, cls, inst, prec))
            cert->regime = PC_REGIME_INTERIOR;
        else
            cert->regime = PC_REGIME_UNDETERMINED;
    }
    _fmpq_vec_clear(Pr, cls->u * cls->v);
    return st;
}
