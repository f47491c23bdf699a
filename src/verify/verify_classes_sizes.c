/* Rigorous bounds for the one-hot form with several sizes (reduction "onehot-sizes",
 * docs/classes.md, FORMAT.md). Size class s: n_s tokens, each targeted by m_s contexts; c_s =
 * n_s m_s contexts; u0 untargeted tokens; G = S + (u0 > 0) token groups of sizes n_s (and u0).
 * Z has the values x_t (own target), y_st, w_t; with d_t = x_t - y_tt and the block means
 * Mbar = A B, ||Z||_* = sum_s (n_s - 1) sqrt(m_s) |d_s| + ||D_g^(1/2) Mbar D_c^(1/2)||_*. Every
 * claim: exact rationals or Arb. */
#include "peelcert/verify.h"

static slong group_size(const pc_classes_sizes_t *sz, slong g)
{
    return g < sz->info.S ? sz->info.n[g] : sz->info.u0;
}

/* multiplicity of y_st in a column of size class t */
static slong other_count(const pc_classes_sizes_t *sz, slong s, slong t)
{
    return sz->info.n[s] - (s == t);
}

void pc_sizes_values(fmpq *x, fmpq_mat_t Y, const pc_classes_sizes_t *sz)
{
    slong S = sz->info.S;
    fmpq_t e;
    fmpq_init(e);
    fmpq_mat_mul(Y, sz->A, sz->B);                   /* Mbar, G x S */
    for (slong t = 0; t < S; t++) {
        fmpq *mt = fmpq_mat_entry(Y, t, t);
        fmpq_div_fmpz(e, sz->d + t, (fmpz_t){sz->info.n[t]});   /* d_t / n_t */
        fmpq_sub(mt, mt, e);                                  /* y_tt = Mbar_tt - d_t / n_t */
        fmpq_add(x + t, mt, sz->d + t);                        /* x_t = y_tt + d_t */
    }
    fmpq_clear(e);
}

pc_status_t pc_verify_sizes_budget(const pc_classes_sizes_t *sz, const pc_instance_t *inst,
                                   slong prec, pc_msg_t *msg)
{
    slong S = sz->info.S, r = fmpq_mat_ncols(sz->A);
    fmpq_t al, be, e;
    arb_t tot, t, rho;
    fmpq_init(al); fmpq_init(be); fmpq_init(e);
    arb_init(tot); arb_init(t); arb_init(rho);
    for (slong g = 0; g < sz->G; g++)
        for (slong j = 0; j < r; j++) {
            fmpq_mul(e, fmpq_mat_entry(sz->A, g, j), fmpq_mat_entry(sz->A, g, j));
            fmpq_mul_si(e, e, group_size(sz, g));
            fmpq_add(al, al, e);
        }
    for (slong j = 0; j < r; j++)
        for (slong s = 0; s < S; s++) {
            fmpq_mul(e, fmpq_mat_entry(sz->B, j, s), fmpq_mat_entry(sz->B, j, s));
            fmpq_mul_si(e, e, sz->info.n[s] * sz->info.m[s]);
            fmpq_add(be, be, e);
        }
    fmpq_mul(e, al, be);
    arb_set_fmpq(tot, e, prec);
    arb_sqrtpos(tot, tot, prec);                      /* ||E_g A||_F ||B E_c^T||_F */
    for (slong s = 0; s < S; s++) {
        fmpq_abs(e, sz->d + s);
        fmpq_mul_si(e, e, sz->info.n[s] - 1);
        arb_sqrt_ui(t, (ulong) sz->info.m[s], prec);
        arb_mul_fmpz(t, t, fmpq_numref(e), prec);
        arb_div_fmpz(t, t, fmpq_denref(e), prec);
        arb_add(tot, tot, t, prec);
    }
    pc_verify_rho(rho, inst, prec);
    pc_status_t st = arb_le(tot, rho) ? PC_OK
        : pc_fail(msg, PC_NOT_PROVED, "nuclear_norm: sum_s (n_s-1) sqrt(m_s) |d_s| + ||E_g A||_F "
                  "||B E_c^T||_F <= rho not proved (%.17g vs %.17g)",
                  arf_get_d(arb_midref(tot), ARF_RND_NEAR), arf_get_d(arb_midref(rho), ARF_RND_NEAR));
    fmpq_clear(al); fmpq_clear(be); fmpq_clear(e);
    arb_clear(tot); arb_clear(t); arb_clear(rho);
    return st;
}

void pc_verify_sizes_objective(arb_t out, const pc_classes_sizes_t *sz, slong N, slong prec)
{
    slong S = sz->info.S;
    fmpq *x = _fmpq_vec_init(S);
    fmpq_mat_t Y;
    fmpq_t e;
    arb_t col, t;
    fmpq_mat_init(Y, sz->G, S);
    fmpq_init(e); arb_init(col); arb_init(t);
    pc_sizes_values(x, Y, sz);
    arb_zero(out);
    for (slong c = 0; c < S; c++) {          /* c_t log(1 + sum_s n' e^(y_st - x_t) + u0 e^(w_t - x_t)) */
        arb_one(col);
        for (slong g = 0; g < sz->G; g++) {
            slong mult = g < S ? other_count(sz, g, c) : sz->info.u0;
            if (mult == 0) continue;
            fmpq_sub(e, fmpq_mat_entry(Y, g, c), x + c);
            arb_set_fmpq(t, e, prec);
            arb_exp(t, t, prec);
            arb_addmul_si(col, t, mult, prec);
        }
        arb_log(col, col, prec);
        arb_addmul_si(out, col, sz->info.n[c] * sz->info.m[c], prec);
    }
    arb_div_si(out, out, N, prec);
    _fmpq_vec_clear(x, S);
    fmpq_mat_clear(Y);
    fmpq_clear(e); arb_clear(col); arb_clear(t);
}

pc_status_t pc_verify_sizes_dual_simplex(const pc_classes_sizes_t *sz, pc_msg_t *msg)
{
    slong S = sz->info.S;
    fmpq_t sum, e;
    fmpq_init(sum); fmpq_init(e);
    pc_status_t st = PC_OK;
    for (slong t = 0; t < S && st == PC_OK; t++) {
        fmpq_set(sum, sz->q_own + t);
        int neg = fmpq_sgn(sz->q_own + t) < 0 || fmpq_sgn(sz->q_un + t) < 0;
        for (slong s = 0; s < S; s++) {
            neg |= fmpq_sgn(fmpq_mat_entry(sz->q, s, t)) < 0;
            fmpq_mul_si(e, fmpq_mat_entry(sz->q, s, t), other_count(sz, s, t));
            fmpq_add(sum, sum, e);
        }
        fmpq_mul_si(e, sz->q_un + t, sz->info.u0);
        fmpq_add(sum, sum, e);
        if (neg)
            st = pc_fail(msg, PC_NOT_PROVED, "dual_simplex: a negative dual value in size class %ld",
                         (long) t);
        else if (!fmpq_is_one(sum))
            st = pc_fail(msg, PC_NOT_PROVED, "dual_simplex: the row of size class %ld sums to "
                         "%.17g, not 1", (long) t, fmpq_get_d(sum));
    }
    fmpq_clear(sum); fmpq_clear(e);
    return st;
}

/* The mean matrix of M = Q - P, transposed (S x G): MT[t][s] = Mbar_M[s][t], with
 * Mbar_M[t][t] = q_tt + d^M_t / n_t and d^M_t = q_own_t - 1 - q_tt. */
static void dual_mean_transposed(fmpq_mat_t MT, const pc_classes_sizes_t *sz)
{
    slong S = sz->info.S;
    fmpq_t dm;
    fmpq_init(dm);
    for (slong t = 0; t < S; t++) {
        for (slong s = 0; s < S; s++)
            fmpq_set(fmpq_mat_entry(MT, t, s), fmpq_mat_entry(sz->q, s, t));
        if (sz->G > S) fmpq_set(fmpq_mat_entry(MT, t, S), sz->q_un + t);
        fmpq_sub_si(dm, sz->q_own + t, 1);
        fmpq_sub(dm, dm, fmpq_mat_entry(sz->q, t, t));
        fmpq_div_fmpz(dm, dm, (fmpz_t){sz->info.n[t]});
        fmpq_add(fmpq_mat_entry(MT, t, t), fmpq_mat_entry(MT, t, t), dm);
    }
    fmpq_clear(dm);
}

pc_status_t pc_verify_sizes_opnorm(const pc_classes_sizes_t *sz, const fmpq_t s, slong prec,
                                   pc_msg_t *msg)
{
    slong S = sz->info.S;
    if (fmpq_sgn(s) < 0)
        return pc_fail(msg, PC_NOT_PROVED, "opnorm: bound s < 0");
    fmpq_t dm, s2;
    fmpq_init(dm); fmpq_init(s2);
    fmpq_mul(s2, s, s);
    pc_status_t st = PC_OK;
    for (slong t = 0; t < S && st == PC_OK; t++) {   /* perp parts: m_t (d^M_t)^2 <= s^2 */
        if (sz->info.n[t] < 2) continue;
        fmpq_sub_si(dm, sz->q_own + t, 1);
        fmpq_sub(dm, dm, fmpq_mat_entry(sz->q, t, t));
        fmpq_mul(dm, dm, dm);
        fmpq_mul_si(dm, dm, sz->info.m[t]);
        if (fmpq_cmp(dm, s2) > 0)
            st = pc_fail(msg, PC_NOT_PROVED, "opnorm: sqrt(m_%ld) |d^M_%ld| > s = %.17g", (long) t,
                         (long) t, fmpq_get_d(s));
    }
    if (st == PC_OK) {   /* the mean part: blocks form with contexts = size classes, tokens = groups */
        pc_classes_t groups;
        fmpq_mat_t MT;
        fmpq *zero = _fmpq_vec_init(S * sz->G);
        fmpq_mat_init(MT, S, sz->G);
        dual_mean_transposed(MT, sz);
        groups.u = sz->G;
        groups.v = S;
        groups.token_size = flint_malloc(sizeof(slong) * (size_t) sz->G);
        groups.context_size = flint_malloc(sizeof(slong) * (size_t) S);
        for (slong g = 0; g < sz->G; g++) groups.token_size[g] = group_size(sz, g);
        for (slong t = 0; t < S; t++) groups.context_size[t] = sz->info.n[t] * sz->info.m[t];
        st = pc_verify_classes_opnorm(MT, zero, s, &groups, prec, msg);
        flint_free(groups.token_size);
        flint_free(groups.context_size);
        fmpq_mat_clear(MT);
        _fmpq_vec_clear(zero, S * sz->G);
    }
    fmpq_clear(dm); fmpq_clear(s2);
    return st;
}

void pc_verify_sizes_dual_bound(arb_t out, const pc_classes_sizes_t *sz, const fmpq_t s,
                                const pc_instance_t *inst, slong prec)
{
    slong S = sz->info.S;
    arb_t col, t;
    arb_init(col); arb_init(t);
    arb_zero(out);
    for (slong c = 0; c < S; c++) {
        pc_verify_entropy_term(col, sz->q_own + c, prec);
        for (slong g = 0; g < S; g++) {
            pc_verify_entropy_term(t, fmpq_mat_entry(sz->q, g, c), prec);
            arb_addmul_si(col, t, other_count(sz, g, c), prec);
        }
        pc_verify_entropy_term(t, sz->q_un + c, prec);
        arb_addmul_si(col, t, sz->info.u0, prec);
        arb_addmul_si(out, col, sz->info.n[c] * sz->info.m[c], prec);
    }
    pc_verify_rho(t, inst, prec);
    arb_set_fmpq(col, s, prec);
    arb_submul(out, t, col, prec);
    arb_div_si(out, out, inst->contexts, prec);
    arb_clear(col); arb_clear(t);
}

slong pc_sizes_rank_bound(const pc_classes_sizes_t *sz)
{
    slong r = fmpq_mat_ncols(sz->A);
    for (slong s = 0; s < sz->info.S; s++)
        if (!fmpq_is_zero(sz->d + s)) r += sz->info.n[s] - 1;
    return r;
}

pc_status_t pc_verify_classes_sizes_cert(pc_cert_t *cert, const pc_instance_t *inst, slong prec,
                                         pc_msg_t *msg)
{
    const pc_classes_sizes_t *sz = cert->sizes;
    pc_status_t st = pc_verify_sizes_budget(sz, inst, prec, msg);
    if (st == PC_OK) st = pc_verify_sizes_dual_simplex(sz, msg);
    if (st == PC_OK) st = pc_verify_sizes_opnorm(sz, cert->opnorm_bound, prec, msg);
    if (st != PC_OK)
        return st;
    pc_verify_sizes_objective(cert->upper, sz, inst->contexts, prec);
    pc_verify_sizes_dual_bound(cert->lower, sz, cert->opnorm_bound, inst, prec);
    cert->upper_is_lp = pc_sizes_rank_bound(sz) <= inst->dim;
    cert->structure = PC_STRUCTURE_NONE;
    cert->regime = pc_verify_binding(cert->lower, inst, prec) ? PC_REGIME_BINDING
                                                              : PC_REGIME_UNDETERMINED;
    return PC_OK;
}
