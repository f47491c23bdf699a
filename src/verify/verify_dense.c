/* Rigorous bounds for the dense certificate kind (SPEC 3, 6; FORMAT.md "dense").
 * Exact checks use fmpq; everything transcendental is an Arb ball. */
#include "peelcert/verify.h"

/* Exact sum of squares of the entries of A. */
static void frobenius_squared(fmpq_t out, const fmpq_mat_t A)
{
    fmpq_zero(out);
    for (slong i = 0; i < fmpq_mat_nrows(A); i++)
        for (slong j = 0; j < fmpq_mat_ncols(A); j++)
            fmpq_addmul(out, fmpq_mat_entry(A, i, j), fmpq_mat_entry(A, i, j));
}

pc_status_t pc_verify_dense_budgets(const fmpq_mat_t W, const fmpq_mat_t H,
                                    const pc_instance_t *inst, pc_msg_t *msg)
{
    fmpq_t a, b, sw, sh;
    fmpq_init(a); fmpq_init(b); fmpq_init(sw); fmpq_init(sh);
    pc_instance_budgets(a, b, inst);
    frobenius_squared(sw, W);
    frobenius_squared(sh, H);
    pc_status_t st = PC_OK;
    if (fmpq_cmp(sw, a) > 0)
        st = pc_fail(msg, PC_NOT_PROVED, "budget_W: ||W||_F^2 = %.17g exceeds V E_W = %.17g",
                     fmpq_get_d(sw), fmpq_get_d(a));
    else if (fmpq_cmp(sh, b) > 0)
        st = pc_fail(msg, PC_NOT_PROVED, "budget_H: ||H||_F^2 = %.17g exceeds N E_H = %.17g",
                     fmpq_get_d(sh), fmpq_get_d(b));
    fmpq_clear(a); fmpq_clear(b); fmpq_clear(sw); fmpq_clear(sh);
    return st;
}

/* P^T as a V x N ball matrix (exact entries rounded to prec). */
static void targets_transposed(arb_mat_t PT, const pc_instance_t *inst, slong prec)
{
    fmpq_t p;
    fmpq_init(p);
    for (slong i = 0; i < inst->contexts; i++)
        for (slong k = 0; k < inst->tokens; k++) {
            pc_instance_target(p, inst, i, k);
            arb_set_fmpq(arb_mat_entry(PT, k, i), p, prec);
        }
    fmpq_clear(p);
}

/* Encloses LSE of column i of Z; the shift by the largest midpoint is exact math. */
static void column_logsumexp(arb_t out, const arb_mat_t Z, slong i, slong prec)
{
    slong V = arb_mat_nrows(Z);
    arf_t shift;
    arb_t t;
    arf_init(shift);
    arb_init(t);
    arf_set(shift, arb_midref(arb_mat_entry(Z, 0, i)));
    for (slong k = 1; k < V; k++)
        if (arf_cmp(arb_midref(arb_mat_entry(Z, k, i)), shift) > 0)
            arf_set(shift, arb_midref(arb_mat_entry(Z, k, i)));
    arb_zero(out);
    for (slong k = 0; k < V; k++) {
        arb_sub_arf(t, arb_mat_entry(Z, k, i), shift, prec);
        arb_exp(t, t, prec);
        arb_add(out, out, t, prec);
    }
    arb_log(out, out, prec);
    arb_add_arf(out, out, shift, prec);
    arf_clear(shift);
    arb_clear(t);
}

void pc_verify_logits_objective(arb_t out, const arb_mat_t Z, const pc_instance_t *inst, slong prec)
{
    slong V = inst->tokens, N = inst->contexts;
    arb_mat_t PT;
    arb_mat_init(PT, V, N);
    targets_transposed(PT, inst, prec);
    arb_t lse, dot;
    arb_init(lse);
    arb_init(dot);
    arb_zero(out);
    for (slong i = 0; i < N; i++) {
        column_logsumexp(lse, Z, i, prec);
        arb_add(out, out, lse, prec);
        arb_zero(dot);
        for (slong k = 0; k < V; k++)
            arb_addmul(dot, arb_mat_entry(PT, k, i), arb_mat_entry(Z, k, i), prec);
        arb_sub(out, out, dot, prec);
    }
    arb_div_si(out, out, N, prec);
    arb_clear(lse);
    arb_clear(dot);
    arb_mat_clear(PT);
}

void pc_verify_dense_objective(arb_t out, arb_mat_t Z, const fmpq_mat_t W, const fmpq_mat_t H,
                               const pc_instance_t *inst, slong prec)
{
    slong V = inst->tokens, N = inst->contexts;
    arb_mat_t Wb, Hb;
    arb_mat_init(Wb, V, fmpq_mat_ncols(W));
    arb_mat_init(Hb, fmpq_mat_nrows(H), N);
    arb_mat_set_fmpq_mat(Wb, W, prec);
    arb_mat_set_fmpq_mat(Hb, H, prec);
    arb_mat_mul(Z, Wb, Hb, prec);
    pc_verify_logits_objective(out, Z, inst, prec);
    arb_mat_clear(Wb);
    arb_mat_clear(Hb);
}

pc_status_t pc_verify_dual_simplex(const fmpq_mat_t Q, pc_msg_t *msg)
{
    fmpq_t sum;
    fmpq_init(sum);
    pc_status_t st = PC_OK;
    for (slong i = 0; i < fmpq_mat_nrows(Q) && st == PC_OK; i++) {
        fmpq_zero(sum);
        for (slong k = 0; k < fmpq_mat_ncols(Q); k++) {
            if (fmpq_sgn(fmpq_mat_entry(Q, i, k)) < 0) {
                st = pc_fail(msg, PC_NOT_PROVED, "dual_simplex: Q[%ld][%ld] < 0", (long) i, (long) k);
                break;
            }
            fmpq_add(sum, sum, fmpq_mat_entry(Q, i, k));
        }
        if (st == PC_OK && !fmpq_is_one(sum))
            st = pc_fail(msg, PC_NOT_PROVED, "dual_simplex: row %ld of Q sums to %.17g, not 1",
                         (long) i, fmpq_get_d(sum));
    }
    fmpq_clear(sum);
    return st;
}

/* M = Q - P as an N x V ball matrix. Returns 1 if M == 0 exactly. */
static int dual_residual(arb_mat_t M, const fmpq_mat_t Q, const pc_instance_t *inst, slong prec)
{
    fmpq_t p;
    fmpq_init(p);
    int zero = 1;
    for (slong i = 0; i < inst->contexts; i++)
        for (slong k = 0; k < inst->tokens; k++) {
            pc_instance_target(p, inst, i, k);
            fmpq_sub(p, fmpq_mat_entry(Q, i, k), p);
            zero = zero && fmpq_is_zero(p);
            arb_set_fmpq(arb_mat_entry(M, i, k), p, prec);
        }
    fmpq_clear(p);
    return zero;
}

pc_status_t pc_verify_opnorm_bound(const fmpq_mat_t Q, const fmpq_t s, const pc_instance_t *inst,
                                   slong prec, pc_msg_t *msg)
{
    slong V = inst->tokens, N = inst->contexts;
    if (fmpq_sgn(s) < 0)
        return pc_fail(msg, PC_NOT_PROVED, "opnorm: bound s < 0");
    arb_mat_t M, MT, G, L;
    arb_mat_init(M, N, V);
    arb_mat_init(MT, V, N);
    int zero = dual_residual(M, Q, inst, prec);
    pc_status_t st = PC_OK;
    if (zero) {
        /* ||0||_op = 0 <= s: nothing more to prove. */
    } else if (fmpq_is_zero(s)) {
        st = pc_fail(msg, PC_NOT_PROVED, "opnorm: s = 0 but Q != P");
    } else {
        slong m = V <= N ? V : N;
        arb_mat_init(G, m, m);
        arb_mat_init(L, m, m);
        arb_mat_transpose(MT, M);
        if (V <= N)
            arb_mat_mul(G, MT, M, prec);   /* M^T M, V x V */
        else
            arb_mat_mul(G, M, MT, prec);   /* M M^T, N x N */
        arb_mat_neg(G, G);
        arb_t s2;
        arb_init(s2);
        arb_set_fmpq(s2, s, prec);
        arb_sqr(s2, s2, prec);
        for (slong j = 0; j < m; j++)
            arb_add(arb_mat_entry(G, j, j), arb_mat_entry(G, j, j), s2, prec);
        if (!arb_mat_cho(L, G, prec))
            st = pc_fail(msg, PC_NOT_PROVED,
                         "opnorm: s^2 I - M^T M not proved positive definite (s = %.17g, prec %ld)",
                         fmpq_get_d(s), (long) prec);
        arb_clear(s2);
        arb_mat_clear(G);
        arb_mat_clear(L);
    }
    arb_mat_clear(M);
    arb_mat_clear(MT);
    return st;
}

void pc_verify_dual_bound(arb_t out, const fmpq_mat_t Q, const fmpq_t s,
                          const pc_instance_t *inst, slong prec)
{
    arb_t term, rho;
    arb_init(term);
    arb_init(rho);
    arb_zero(out);
    for (slong i = 0; i < fmpq_mat_nrows(Q); i++)
        for (slong k = 0; k < fmpq_mat_ncols(Q); k++) {
            pc_verify_entropy_term(term, fmpq_mat_entry(Q, i, k), prec);
            arb_add(out, out, term, prec);
        }
    pc_verify_rho(rho, inst, prec);
    arb_set_fmpq(term, s, prec);
    arb_submul(out, rho, term, prec);
    arb_div_si(out, out, inst->contexts, prec);
    arb_clear(term);
    arb_clear(rho);
}
