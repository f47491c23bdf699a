/* Quantities shared by every kind of certificate: rho, entropies, the regime. */
#include "peelcert/verify.h"

void pc_verify_rho(arb_t rho, const pc_instance_t *inst, slong prec)
{
    fmpq_t a, b;
    fmpq_init(a);
    fmpq_init(b);
    pc_instance_budgets(a, b, inst);
    fmpq_mul(a, a, b);
    arb_set_fmpq(rho, a, prec);
    arb_sqrt(rho, rho, prec);
    fmpq_clear(a);
    fmpq_clear(b);
}

/* Encloses -x log x for an exact x in [0, 1] (0 log 0 = 0). */
void pc_verify_entropy_term(arb_t out, const fmpq_t x, slong prec)
{
    if (fmpq_is_zero(x)) {
        arb_zero(out);
        return;
    }
    arb_t t;
    arb_init(t);
    arb_set_fmpq(t, x, prec);
    arb_log(out, t, prec);
    arb_mul(out, out, t, prec);
    arb_neg(out, out);
    arb_clear(t);
}

/* Encloses (1/N) sum_i H(p_i); O(1) for exchangeable and one-hot targets. */
void pc_verify_mean_entropy(arb_t out, const pc_instance_t *inst, slong prec)
{
    arb_t term;
    fmpq_t p;
    arb_init(term);
    fmpq_init(p);
    arb_zero(out);
    if (inst->form == PC_TARGETS_ONEHOT) {
        /* every row is a point mass: entropy 0 */
    } else if (inst->form == PC_TARGETS_EXCHANGEABLE) {
        slong n = inst->tokens;
        pc_verify_entropy_term(out, inst->alpha, prec);
        fmpq_one(p);
        fmpq_sub(p, p, inst->alpha);
        fmpz_t m;
        fmpz_init_set_si(m, n - 1);
        fmpq_div_fmpz(p, p, m);
        fmpz_clear(m);
        pc_verify_entropy_term(term, p, prec);
        arb_mul_si(term, term, n - 1, prec);
        arb_add(out, out, term, prec);
    } else if (inst->form == PC_TARGETS_SPARSE) {     /* unlisted entries contribute 0 */
        for (slong m = 0; m < pc_instance_sparse_entries(inst); m++) {
            pc_verify_entropy_term(term, inst->sparse_value + m, prec);
            arb_add(out, out, term, prec);
        }
        arb_div_si(out, out, inst->contexts, prec);
    } else if (inst->form == PC_TARGETS_CIRCULANT || inst->form == PC_TARGETS_GROUP_CIRCULANT) {
        for (slong k = 0; k < inst->tokens; k++) {
            pc_verify_entropy_term(term, inst->circulant + k, prec);
            arb_add(out, out, term, prec);
        }
    } else {
        for (slong i = 0; i < inst->contexts; i++)
            for (slong k = 0; k < inst->tokens; k++) {
                pc_verify_entropy_term(term, inst->dense + i * inst->tokens + k, prec);
                arb_add(out, out, term, prec);
            }
        arb_div_si(out, out, inst->contexts, prec);
    }
    arb_clear(term);
    fmpq_clear(p);
}

int pc_verify_binding(const arb_t lower, const pc_instance_t *inst, slong prec)
{
    if (pc_instance_has_zero_target(inst))
        return 1;
    arb_t ent;
    arb_init(ent);
    pc_verify_mean_entropy(ent, inst, prec);
    int proved = arb_gt(lower, ent);
    arb_clear(ent);
    return proved;
}

int pc_verify_gap_at_most(const arb_t upper, const arb_t lower, slong digits, slong prec)
{
    arb_t gap, tol;
    arb_init(gap);
    arb_init(tol);
    arb_sub(gap, upper, lower, prec);
    arb_set_ui(tol, 10);
    arb_pow_ui(tol, tol, (ulong) digits, prec);
    arb_inv(tol, tol, prec);
    int ok = arb_le(gap, tol);
    arb_clear(gap);
    arb_clear(tol);
    return ok;
}
