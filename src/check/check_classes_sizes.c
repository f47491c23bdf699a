/* Kind classes, reduction "onehot-sizes" (FORMAT.md; docs/classes.md "Several sizes"). Once the
 * class maps are the canonical ones (pcc_claim_classes), claim onehot_sizes establishes from
 * the instance that every row is a point mass and that the context classes, grouped by size,
 * are the certificate's sizes [n_s, m_s] (m increasing) with u0 = V - v untargeted tokens. Then
 * Z takes x_t (own target of a context of size class t), y_st (a token of class s, not the
 * target), w_t (untargeted); with d_t = x_t - y_tt the perp part of the class-t diagonal block
 * has singular value sqrt(m_t) |d_t| (n_t - 1 times), orthogonal to the block means, so
 *   ||Z||_* = sum_t (n_t - 1) sqrt(m_t) |d_t| + ||D_g^(1/2) Mbar D_c^(1/2)||_*,
 * Mbar = A B the block means (G x S), D_g = diag(n_s, u0), D_c = diag(n_t m_t); and likewise
 * ||Q - P||_op = max(sqrt(m_t) |d^M_t| (n_t >= 2), ||D_g^(1/2) Mbar_M D_c^(1/2)||_op).
 * Own code: no solver header. */
#include <stdio.h>
#include <string.h>
#include "check_internal.h"

void pcc_sizes_clear(pcc_cert_t *C)
{
    free(C->zn); free(C->zm);
    if (C->zd) _fmpq_vec_clear(C->zd, C->zS);
    if (C->zqo) _fmpq_vec_clear(C->zqo, C->zS);
    if (C->zqu) _fmpq_vec_clear(C->zqu, C->zS);
    C->zn = C->zm = NULL;
    C->zd = C->zqo = C->zqu = NULL;
}

int pcc_sizes_read(pcc_cert_t *C, const json_t *cl, const json_t *primal, const json_t *dual,
                   pcc_error_t *err)
{
    const json_t *list = json_object_get(cl, "sizes"), *A = json_object_get(primal, "A");
    char sub[96];
    if (!json_is_array(list) || json_array_size(list) < 1 || (slong) json_array_size(list) > C->cv)
        return pcc_fail(err, "classes.sizes: expected an array of 1 to %ld [n, m] pairs", C->cv);
    C->zS = (slong) json_array_size(list);
    C->zn = calloc((size_t) C->zS, sizeof(slong));
    C->zm = calloc((size_t) C->zS, sizeof(slong));
    C->zd = _fmpq_vec_init(C->zS);
    C->zqo = _fmpq_vec_init(C->zS);
    C->zqu = _fmpq_vec_init(C->zS);
    for (slong s = 0; s < C->zS; s++) {
        const json_t *pair = json_array_get(list, (size_t) s);
        snprintf(sub, sizeof sub, "classes.sizes[%ld]", s);
        if (pcc_json_array(pair, sub, 2, err)) return 1;
        snprintf(sub, sizeof sub, "classes.sizes[%ld][0]", s);
        if (pcc_json_size(C->zn + s, json_array_get(pair, 0), sub, 1, C->cv, err)) return 1;
        snprintf(sub, sizeof sub, "classes.sizes[%ld][1]", s);
        if (pcc_json_size(C->zm + s, json_array_get(pair, 1), sub, 1, C->inst.N, err)) return 1;
    }
    if (pcc_json_size(&C->zu0, json_object_get(cl, "untargeted"), "classes.untargeted", 0,
                      C->inst.V, err))
        return 1;
    C->zG = C->zS + (C->zu0 > 0);
    if (pcc_json_array(A, "primal.A", C->zG, err)) return 1;
    const json_t *row = json_array_get(A, 0);
    if (!json_is_array(row) || json_array_size(row) < 1 || (slong) json_array_size(row) > C->zG)
        return pcc_fail(err, "primal.A[0]: expected an array of 1 to %ld entries", C->zG);
    C->cr = (slong) json_array_size(row);
    return pcc_json_rational_vector(C->zd, json_object_get(primal, "d"), "primal.d", C->zS, err)
        || pcc_json_sized_rational_matrix(C->W, A, "primal.A", C->zG, C->cr, err)
        || pcc_json_sized_rational_matrix(C->H, json_object_get(primal, "B"), "primal.B", C->cr, C->zS, err)
        || pcc_json_rational_vector(C->zqo, json_object_get(dual, "q_own"), "dual.q_own", C->zS, err)
        || pcc_json_sized_rational_matrix(C->Q, json_object_get(dual, "q_other"), "dual.q_other", C->zS, C->zS, err)
        || pcc_json_rational_vector(C->zqu, json_object_get(dual, "q_untargeted"), "dual.q_untargeted", C->zS, err)
        || pcc_json_rational(C->s, json_object_get(dual, "opnorm_bound"), "dual.opnorm_bound", err);
}

static slong row_nonzeros(const pcc_instance_t *I, slong i)
{
    if (I->form == PCC_ONEHOT) return 1;
    if (I->form == PCC_SPARSE) return I->sp_start[i + 1] - I->sp_start[i];
    slong n = 0;
    for (slong k = 0; k < I->V; k++) n += !fmpq_is_zero(I->P + i * I->V + k);
    return n;
}

static int cmp_slong(const void *x, const void *y)
{
    slong a = *(const slong *) x, b = *(const slong *) y;
    return (a > b) - (a < b);
}

static int claim_sizes(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    (void) prec;
    if (!C->classes_verified) {
        snprintf(detail, len, "not checked: the class maps were rejected");
        return PCC_REJECTED;
    }
    for (slong b = 0; b < C->cv; b++)
        if (row_nonzeros(&C->inst, C->crep[b]) != 1) {   /* rows sum to 1: a point mass */
            snprintf(detail, len, "row %ld of P is not a point mass", C->crep[b]);
            return PCC_REJECTED;
        }
    slong u0 = C->inst.V - C->cv, S = 0;
    slong *sorted = malloc(sizeof(slong) * (size_t) C->cv);
    memcpy(sorted, C->csize, sizeof(slong) * (size_t) C->cv);
    qsort(sorted, (size_t) C->cv, sizeof(slong), cmp_slong);
    int ok = C->zu0 == u0 && C->cu == C->cv + (u0 > 0);
    for (slong b = 0; b < C->cv && ok; ) {
        slong e = b;
        while (e < C->cv && sorted[e] == sorted[b]) e++;
        ok = S < C->zS && C->zm[S] == sorted[b] && C->zn[S] == e - b;
        S++;
        b = e;
    }
    ok = ok && S == C->zS;
    free(sorted);
    if (!ok) {
        snprintf(detail, len, "classes.sizes / classes.untargeted (%ld size classes, %ld untargeted) "
                 "are not the instance's: %ld untargeted tokens and the context class sizes "
                 "grouped by increasing size", C->zS, C->zu0, u0);
        return PCC_REJECTED;
    }
    C->sizes_verified = 1;
    snprintf(detail, len, "one-hot rows, %ld context classes in %ld sizes, %ld untargeted tokens",
             C->cv, C->zS, u0);
    return PCC_VERIFIED;
}

static int needs_sizes(const pcc_cert_t *C, char *detail, size_t len)
{
    if (C->sizes_verified) return 0;
    snprintf(detail, len, "not checked: claim onehot_sizes was rejected");
    return 1;
}

static slong gsize(const pcc_cert_t *C, slong g) { return g < C->zS ? C->zn[g] : C->zu0; }
static slong others(const pcc_cert_t *C, slong g, slong t)
{
    return g < C->zS ? C->zn[g] - (g == t) : C->zu0;
}

slong pcc_sizes_rank_bound(const pcc_cert_t *C)
{
    slong r = C->cr;
    for (slong s = 0; s < C->zS; s++)
        if (!fmpq_is_zero(C->zd + s)) r += C->zn[s] - 1;
    return r;
}

static int claim_nuclear(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    if (needs_sizes(C, detail, len)) return PCC_REJECTED;
    fmpq_t al, be, e;
    arb_t tot, t, rho;
    char b1[128], b2[128];
    fmpq_init(al); fmpq_init(be); fmpq_init(e);
    arb_init(tot); arb_init(t); arb_init(rho);
    for (slong g = 0; g < C->zG; g++)
        for (slong j = 0; j < C->cr; j++) {
            fmpq_mul(e, fmpq_mat_entry(C->W, g, j), fmpq_mat_entry(C->W, g, j));
            fmpq_mul_si(e, e, gsize(C, g));
            fmpq_add(al, al, e);
        }
    for (slong j = 0; j < C->cr; j++)
        for (slong s = 0; s < C->zS; s++) {
            fmpq_mul(e, fmpq_mat_entry(C->H, j, s), fmpq_mat_entry(C->H, j, s));
            fmpq_mul_si(e, e, C->zn[s] * C->zm[s]);
            fmpq_add(be, be, e);
        }
    fmpq_mul(e, al, be);
    arb_set_fmpq(tot, e, prec);
    arb_sqrtpos(tot, tot, prec);
    for (slong s = 0; s < C->zS; s++) {
        fmpq_abs(e, C->zd + s);
        fmpq_mul_si(e, e, C->zn[s] - 1);
        arb_sqrt_ui(t, (ulong) C->zm[s], prec);
        arb_mul_fmpz(t, t, fmpq_numref(e), prec);
        arb_div_fmpz(t, t, fmpq_denref(e), prec);
        arb_add(tot, tot, t, prec);
    }
    pcc_rho(rho, &C->inst, prec);
    int out = arb_le(tot, rho) ? PCC_VERIFIED : arb_gt(tot, rho) ? PCC_REJECTED : PCC_UNDECIDED;
    pcc_arb_text(b1, sizeof b1, tot);
    pcc_arb_text(b2, sizeof b2, rho);
    snprintf(detail, len, "||Z||_* <= sum_s (n_s-1) sqrt(m_s) |d_s| + ||E_g A||_F ||B E_c^T||_F = %s "
             "%s rho = %s", b1, out == PCC_VERIFIED ? "<=" : "is not proved <=", b2);
    fmpq_clear(al); fmpq_clear(be); fmpq_clear(e);
    arb_clear(tot); arb_clear(t); arb_clear(rho);
    return out;
}

static int claim_upper(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    if (needs_sizes(C, detail, len)) return PCC_REJECTED;
    slong S = C->zS;
    fmpq_mat_t Y;
    fmpq_t x, e;
    arb_t f, col, t;
    fmpq_mat_init(Y, C->zG, S);
    fmpq_init(x); fmpq_init(e);
    arb_init(f); arb_init(col); arb_init(t);
    fmpq_mat_mul(Y, C->W, C->H);               /* block means */
    for (slong c = 0; c < S; c++) {
        pcc_fmpq_div_si(e, C->zd + c, C->zn[c]);
        fmpq_sub(fmpq_mat_entry(Y, c, c), fmpq_mat_entry(Y, c, c), e);   /* y_cc */
        fmpq_add(x, fmpq_mat_entry(Y, c, c), C->zd + c);                 /* x_c */
        arb_one(col);
        for (slong g = 0; g < C->zG; g++) {
            if (others(C, g, c) == 0) continue;
            fmpq_sub(e, fmpq_mat_entry(Y, g, c), x);
            arb_set_fmpq(t, e, prec);
            arb_exp(t, t, prec);
            arb_addmul_si(col, t, others(C, g, c), prec);
        }
        arb_log(col, col, prec);
        arb_addmul_si(f, col, C->zn[c] * C->zm[c], prec);
    }
    arb_div_si(f, f, C->inst.N, prec);
    int out = pcc_claim_bound(f, C->upper, C->upper_text, 1,
                              "f(Z) = (1/N) sum_t n_t m_t log(1 + sum n' e^(y - x_t))", prec, detail, len);
    fmpq_mat_clear(Y);
    fmpq_clear(x); fmpq_clear(e);
    arb_clear(f); arb_clear(col); arb_clear(t);
    return out;
}

static int claim_dual_simplex(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    (void) prec;
    if (needs_sizes(C, detail, len)) return PCC_REJECTED;
    fmpq_t sum, e;
    fmpq_init(sum); fmpq_init(e);
    slong bad = -1;
    int neg = 0;
    for (slong t = 0; t < C->zS && bad < 0; t++) {
        fmpq_set(sum, C->zqo + t);
        neg = fmpq_sgn(C->zqo + t) < 0 || fmpq_sgn(C->zqu + t) < 0;
        for (slong s = 0; s < C->zS; s++) {
            neg |= fmpq_sgn(fmpq_mat_entry(C->Q, s, t)) < 0;
            fmpq_mul_si(e, fmpq_mat_entry(C->Q, s, t), others(C, s, t));
            fmpq_add(sum, sum, e);
        }
        fmpq_mul_si(e, C->zqu + t, C->zu0);
        fmpq_add(sum, sum, e);
        if (neg || !fmpq_is_one(sum)) bad = t;
    }
    if (bad < 0)
        snprintf(detail, len, "q >= 0 and q_own + sum_s (n_s - [s = t]) q_other[s][t] + u0 "
                 "q_untargeted = 1 for every size class t (exact)");
    else
        snprintf(detail, len, "size class %ld: %s", bad, neg ? "a negative dual value"
                 : "the row sum is not 1");
    fmpq_clear(sum); fmpq_clear(e);
    return bad < 0 ? PCC_VERIFIED : PCC_REJECTED;
}

/* perp parts exactly; mean part: s^2 D_c^-1 - Mbar_M^T D_g Mbar_M (S x S) by ball Cholesky */
static int claim_opnorm(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    if (needs_sizes(C, detail, len)) return PCC_REJECTED;
    slong S = C->zS, G = C->zG;
    if (fmpq_sgn(C->s) <= 0) {
        snprintf(detail, len, "opnorm_bound must be > 0 (Q - P has -1 + q_own on every target)");
        return PCC_REJECTED;
    }
    fmpq_t dm, s2;
    fmpq_mat_t Mb;
    fmpq_init(dm); fmpq_init(s2);
    fmpq_mat_init(Mb, G, S);
    fmpq_mul(s2, C->s, C->s);
    for (slong t = 0; t < S; t++) {
        fmpq_sub_si(dm, C->zqo + t, 1);
        fmpq_sub(dm, dm, fmpq_mat_entry(C->Q, t, t));          /* d^M_t */
        for (slong s = 0; s < S; s++) fmpq_set(fmpq_mat_entry(Mb, s, t), fmpq_mat_entry(C->Q, s, t));
        if (G > S) fmpq_set(fmpq_mat_entry(Mb, S, t), C->zqu + t);
        if (C->zn[t] >= 2) {
            fmpq_t sq;
            fmpq_init(sq);
            fmpq_mul(sq, dm, dm);
            fmpq_mul_si(sq, sq, C->zm[t]);
            int over = fmpq_cmp(sq, s2) > 0;
            fmpq_clear(sq);
            if (over) {
                snprintf(detail, len, "size class %ld: sqrt(m) |q_own - 1 - q_other[t][t]| > "
                         "opnorm_bound (exact squares)", t);
                fmpq_clear(dm); fmpq_clear(s2); fmpq_mat_clear(Mb);
                return PCC_REJECTED;
            }
        }
        pcc_fmpq_div_si(dm, dm, C->zn[t]);
        fmpq_add(fmpq_mat_entry(Mb, t, t), fmpq_mat_entry(Mb, t, t), dm);
    }
    arb_mat_t Ma, L;
    arb_t e, w;
    arb_mat_init(Ma, G, S); arb_mat_init(L, S, S);
    arb_init(e); arb_init(w);
    arb_mat_set_fmpq_mat(Ma, Mb, prec);
    for (slong i = 0; i < S; i++)
        for (slong j = 0; j < S; j++) {
            arb_zero(e);
            for (slong g = 0; g < G; g++) {
                arb_mul(w, arb_mat_entry(Ma, g, i), arb_mat_entry(Ma, g, j), prec);
                arb_addmul_si(e, w, gsize(C, g), prec);
            }
            arb_neg(arb_mat_entry(L, i, j), e);
        }
    for (slong t = 0; t < S; t++) {
        arb_set_fmpq(w, s2, prec);
        arb_div_si(w, w, C->zn[t] * C->zm[t], prec);
        arb_add(arb_mat_entry(L, t, t), arb_mat_entry(L, t, t), w, prec);
    }
    int pivot_sign = 0;
    slong fail = pcc_ball_cholesky(L, prec, &pivot_sign);
    int out = fail < 0 ? PCC_VERIFIED : pivot_sign < 0 ? PCC_REJECTED : PCC_UNDECIDED;
    snprintf(detail, len, "perp parts <= s (exact); s^2 D_c^-1 - Mbar_M^T D_g Mbar_M (%ld x %ld) %s "
             "positive definite (ball Cholesky)", S, S, out == PCC_VERIFIED ? "is"
             : out == PCC_REJECTED ? "is not" : "not proved");
    arb_mat_clear(Ma); arb_mat_clear(L);
    arb_clear(e); arb_clear(w);
    fmpq_clear(dm); fmpq_clear(s2); fmpq_mat_clear(Mb);
    return out;
}

static int claim_lower(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    if (needs_sizes(C, detail, len)) return PCC_REJECTED;
    arb_t lb, col, t;
    arb_init(lb); arb_init(col); arb_init(t);
    for (slong c = 0; c < C->zS; c++) {
        if (fmpq_sgn(C->zqo + c) < 0 || fmpq_sgn(C->zqu + c) < 0) {
            snprintf(detail, len, "needs q >= 0");
            arb_clear(lb); arb_clear(col); arb_clear(t);
            return PCC_REJECTED;
        }
        pcc_xlogx(col, C->zqo + c, prec);
        for (slong s = 0; s < C->zS; s++) {
            if (fmpq_sgn(fmpq_mat_entry(C->Q, s, c)) < 0) {
                snprintf(detail, len, "needs q >= 0");
                arb_clear(lb); arb_clear(col); arb_clear(t);
                return PCC_REJECTED;
            }
            pcc_xlogx(t, fmpq_mat_entry(C->Q, s, c), prec);
            arb_addmul_si(col, t, others(C, s, c), prec);
        }
        pcc_xlogx(t, C->zqu + c, prec);
        arb_addmul_si(col, t, C->zu0, prec);
        arb_submul_si(lb, col, C->zn[c] * C->zm[c], prec);
    }
    pcc_rho(col, &C->inst, prec);
    arb_set_fmpq(t, C->s, prec);
    arb_submul(lb, col, t, prec);
    arb_div_si(lb, lb, C->inst.N, prec);
    int out = pcc_claim_bound(lb, C->lower, C->lower_text, 0,
                              "(sum_t n_t m_t H(q_t) - rho s)/N", prec, detail, len);
    arb_clear(lb); arb_clear(col); arb_clear(t);
    return out;
}

void pcc_check_classes_sizes(pcc_report_t *R, pcc_cert_t *C)
{
    int dual_ok;
    pcc_run_claim(R, C, "classes", pcc_claim_classes);
    pcc_run_claim(R, C, "onehot_sizes", claim_sizes);
    pcc_run_claim(R, C, "nuclear_norm", claim_nuclear);
    pcc_run_claim(R, C, "upper", claim_upper);
    dual_ok = pcc_run_claim(R, C, "dual_simplex", claim_dual_simplex);
    dual_ok &= pcc_run_claim(R, C, "opnorm", claim_opnorm);
    C->lower_verified = pcc_run_claim(R, C, "lower", claim_lower) && dual_ok;
}
