/* KKT residuals, the interior-regime proof and the driver for dense certificates. */
#include "peelcert/verify.h"

void pc_verify_dense_gradient(arb_mat_t G, const arb_mat_t Z, const pc_instance_t *inst, slong prec)
{
    slong V = inst->tokens, N = inst->contexts;
    arb_t sum, e;
    fmpq_t p;
    arb_init(sum);
    arb_init(e);
    fmpq_init(p);
    for (slong i = 0; i < N; i++) {
        arb_zero(sum);
        for (slong k = 0; k < V; k++) {
            arb_exp(arb_mat_entry(G, k, i), arb_mat_entry(Z, k, i), prec);
            arb_add(sum, sum, arb_mat_entry(G, k, i), prec);
        }
        for (slong k = 0; k < V; k++) {
            arb_div(arb_mat_entry(G, k, i), arb_mat_entry(G, k, i), sum, prec);
            pc_instance_target(p, inst, i, k);
            arb_set_fmpq(e, p, prec);
            arb_sub(arb_mat_entry(G, k, i), arb_mat_entry(G, k, i), e, prec);
            arb_div_si(arb_mat_entry(G, k, i), arb_mat_entry(G, k, i), N, prec);
        }
    }
    arb_clear(sum);
    arb_clear(e);
    fmpq_clear(p);
}

/* out = A + 2 lambda B, then its Frobenius norm. */
static void residual_norm(arb_t out, arb_mat_t A, const fmpq_mat_t B, const fmpq_t lambda, slong prec)
{
    arb_t l2, t;
    arb_init(l2);
    arb_init(t);
    arb_set_fmpq(l2, lambda, prec);
    arb_mul_2exp_si(l2, l2, 1);
    for (slong i = 0; i < arb_mat_nrows(A); i++)
        for (slong j = 0; j < arb_mat_ncols(A); j++) {
            arb_set_fmpq(t, fmpq_mat_entry(B, i, j), prec);
            arb_addmul(arb_mat_entry(A, i, j), l2, t, prec);
        }
    arb_mat_frobenius_norm(out, A, prec);
    arb_clear(l2);
    arb_clear(t);
}

void pc_verify_dense_kkt(arb_t res_W, arb_t res_H, const arb_mat_t Z, const fmpq_mat_t W,
                         const fmpq_mat_t H, const fmpq_t lambda_W, const fmpq_t lambda_H,
                         const pc_instance_t *inst, slong prec)
{
    slong V = inst->tokens, N = inst->contexts, d = fmpq_mat_ncols(W);
    arb_mat_t G, Wb, Hb, HT, WT, GHT, WTG;
    arb_mat_init(G, V, N);
    arb_mat_init(Wb, V, d);
    arb_mat_init(Hb, d, N);
    arb_mat_init(HT, N, d);
    arb_mat_init(WT, d, V);
    arb_mat_init(GHT, V, d);
    arb_mat_init(WTG, d, N);
    pc_verify_dense_gradient(G, Z, inst, prec);
    arb_mat_set_fmpq_mat(Wb, W, prec);
    arb_mat_set_fmpq_mat(Hb, H, prec);
    arb_mat_transpose(HT, Hb);
    arb_mat_transpose(WT, Wb);
    arb_mat_mul(GHT, G, HT, prec);
    arb_mat_mul(WTG, WT, G, prec);
    residual_norm(res_W, GHT, W, lambda_W, prec);
    residual_norm(res_H, WTG, H, lambda_H, prec);
    arb_mat_clear(G); arb_mat_clear(Wb); arb_mat_clear(Hb); arb_mat_clear(HT);
    arb_mat_clear(WT); arb_mat_clear(GHT); arb_mat_clear(WTG);
}

void pc_verify_centered_log(arb_mat_t L, const pc_instance_t *inst, slong prec)
{
    slong V = inst->tokens, N = inst->contexts;
    arb_t mean, t;
    fmpq_t p;
    arb_init(mean); arb_init(t); fmpq_init(p);
    for (slong i = 0; i < N; i++) {
        arb_zero(mean);
        for (slong k = 0; k < V; k++) {
            pc_instance_target(p, inst, i, k);
            arb_set_fmpq(t, p, prec);
            arb_log(arb_mat_entry(L, k, i), t, prec);
            arb_add(mean, mean, arb_mat_entry(L, k, i), prec);
        }
        arb_div_si(mean, mean, V, prec);
        for (slong k = 0; k < V; k++)
            arb_sub(arb_mat_entry(L, k, i), arb_mat_entry(L, k, i), mean, prec);
    }
    arb_clear(mean); arb_clear(t); fmpq_clear(p);
}

int pc_verify_dense_interior(const arb_mat_t Z, const fmpq_mat_t W, const fmpq_mat_t H,
                             const pc_instance_t *inst, slong prec)
{
    if (pc_instance_has_zero_target(inst))
        return 0;
    slong V = inst->tokens, N = inst->contexts;
    arb_mat_t D;
    arb_t t, bound, rho;
    fmpq_t sw, sh;
    arb_mat_init(D, V, N);
    arb_init(t); arb_init(bound); arb_init(rho);
    fmpq_init(sw); fmpq_init(sh);
    pc_verify_centered_log(D, inst, prec);
    arb_mat_sub(D, D, Z, prec);                      /* D = Pi log P^T - Z */
    /* ||L||_* <= ||W H||_* + ||L - W H||_* <= ||W||_F ||H||_F + sqrt(min(V,N)) ||D||_F. */
    arb_mat_frobenius_norm(bound, D, prec);
    arb_sqrt_ui(t, (ulong) (V < N ? V : N), prec);
    arb_mul(bound, bound, t, prec);
    for (slong i = 0; i < fmpq_mat_nrows(W); i++)
        for (slong j = 0; j < fmpq_mat_ncols(W); j++)
            fmpq_addmul(sw, fmpq_mat_entry(W, i, j), fmpq_mat_entry(W, i, j));
    for (slong i = 0; i < fmpq_mat_nrows(H); i++)
        for (slong j = 0; j < fmpq_mat_ncols(H); j++)
            fmpq_addmul(sh, fmpq_mat_entry(H, i, j), fmpq_mat_entry(H, i, j));
    fmpq_mul(sw, sw, sh);
    arb_set_fmpq(t, sw, prec);
    arb_sqrtpos(t, t, prec);
    arb_add(bound, bound, t, prec);
    pc_verify_rho(rho, inst, prec);
    int proved = arb_lt(bound, rho);
    arb_mat_clear(D);
    arb_clear(t); arb_clear(bound); arb_clear(rho);
    fmpq_clear(sw); fmpq_clear(sh);
    return proved;
}

static pc_status_t verify_dense_cert(pc_cert_t *cert, const pc_instance_t *inst, int try_interior,
                                     slong prec, int opnorm_proved, pc_msg_t *msg)
{
    pc_status_t st = pc_verify_dense_budgets(cert->W, cert->H, inst, msg);
    if (st != PC_OK)
        return st;
    st = pc_verify_dual_simplex(cert->Q, msg);
    if (st != PC_OK)
        return st;
    if (!opnorm_proved)
        st = pc_verify_opnorm_bound(cert->Q, cert->opnorm_bound, inst, prec, msg);
    if (st != PC_OK)
        return st;
    arb_mat_t Z;
    arb_mat_init(Z, inst->tokens, inst->contexts);
    pc_verify_dense_objective(cert->upper, Z, cert->W, cert->H, inst, prec);
    pc_verify_dual_bound(cert->lower, cert->Q, cert->opnorm_bound, inst, prec);
    cert->upper_is_lp = 1;
    /* Z° circulant follows from circulant targets alone (SPEC 5a). */
    cert->structure = pc_instance_is_circulant(inst, NULL) ? PC_STRUCTURE_CIRCULANT
                                                           : PC_STRUCTURE_NONE;
    if (pc_verify_binding(cert->lower, inst, prec))
        cert->regime = PC_REGIME_BINDING;
    else if (try_interior && pc_verify_dense_interior(Z, cert->W, cert->H, inst, prec))
        cert->regime = PC_REGIME_INTERIOR;
    else
        cert->regime = PC_REGIME_UNDETERMINED;
    if (cert->has_kkt) {   /* FORMAT.md item 6: upper ends times 5/4, so that a checker's
                              binary64 products (error ~ gamma_N |H||G|) can prove them */
        pc_verify_dense_kkt(cert->residual_W, cert->residual_H, Z, cert->W, cert->H,
                            cert->lambda_W, cert->lambda_H, inst, prec);
        arb_mul_si(cert->residual_W, cert->residual_W, 5, prec);
        arb_mul_2exp_si(cert->residual_W, cert->residual_W, -2);
        arb_mul_si(cert->residual_H, cert->residual_H, 5, prec);
        arb_mul_2exp_si(cert->residual_H, cert->residual_H, -2);
    }
    arb_mat_clear(Z);
    return PC_OK;
}

pc_status_t pc_verify_dense_cert(pc_cert_t *cert, const pc_instance_t *inst, int try_interior,
                                 slong prec, pc_msg_t *msg)
{
    return verify_dense_cert(cert, inst, try_interior, prec, 0, msg);
}

pc_status_t pc_verify_dense_cert_opnorm_proved(pc_cert_t *cert, const pc_instance_t *inst,
                                               int try_interior, slong prec, pc_msg_t *msg)
{
    return verify_dense_cert(cert, inst, try_interior, prec, 1, msg);
}

