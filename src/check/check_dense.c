/* Claims of kind "dense" (FORMAT.md, "Kind dense"): budgets and the dual simplex exactly,
 * f(W H), the lower bound and the KKT residuals as Arb enclosures, ||Q - P||_op <= s by a ball
 * Cholesky factorisation. Matrices are converted entry by entry from the exact data (each
 * conversion encloses), then multiplied in ball arithmetic, which encloses the exact product. */
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <arb_mat.h>
#include "check_internal.h"

/* Encloses LSE(z) = log sum_k exp(z_k); shifting by an exact m keeps the sum in range. */
void pcc_lse(arb_t out, arb_srcptr z, slong n, slong prec)
{
    arf_t m;
    arb_t t;
    arf_init(m); arb_init(t);
    arf_set(m, arb_midref(z));
    for (slong k = 1; k < n; k++)
        if (arf_cmp(arb_midref(z + k), m) > 0) arf_set(m, arb_midref(z + k));
    arb_zero(out);
    for (slong k = 0; k < n; k++) {
        arb_sub_arf(t, z + k, m, prec);
        arb_exp(t, t, prec);
        arb_add(out, out, t, prec);
    }
    arb_log(out, out, prec);
    arb_add_arf(out, out, m, prec);
    arf_clear(m); arb_clear(t);
}

/* Encloses Z^T = H^T W^T (N x V): row i is the logit column z_i. */
static void enclose_Zt(arb_mat_t Zt, const pcc_cert_t *C, slong prec)
{
    fmpq_mat_t Wt, Ht;
    arb_mat_t A, B;
    fmpq_mat_init(Wt, C->inst.d, C->inst.V); fmpq_mat_init(Ht, C->inst.N, C->inst.d);
    fmpq_mat_transpose(Wt, C->W); fmpq_mat_transpose(Ht, C->H);
    arb_mat_init(A, C->inst.N, C->inst.d); arb_mat_init(B, C->inst.d, C->inst.V);
    arb_mat_set_fmpq_mat(A, Ht, prec); arb_mat_set_fmpq_mat(B, Wt, prec);
    arb_mat_mul(Zt, A, B, prec);
    arb_mat_clear(A); arb_mat_clear(B); fmpq_mat_clear(Wt); fmpq_mat_clear(Ht);
}

static int budget(const fmpq_t sum, const fmpq_t cap, const char *what, char *detail, size_t len)
{
    char s[96], c[96];
    int ok = fmpq_cmp(sum, cap) <= 0;
    pcc_fmpq_text(s, sizeof s, sum);
    pcc_fmpq_text(c, sizeof c, cap);
    snprintf(detail, len, "%s = %s %s %s (exact)", what, s, ok ? "<=" : "is not <=", c);
    return ok ? PCC_VERIFIED : PCC_REJECTED;
}

static int claim_budget_W(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    return budget(C->sum_W2, C->inst.a, "||W||_F^2", detail, len);
}

static int claim_budget_H(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    return budget(C->sum_H2, C->inst.b, "||H||_F^2", detail, len);
}

/* f(Z) = (1/N) sum_i [LSE(z_i) - <p_i, z_i>], upper end against claims.upper. */
static int claim_upper(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    slong V = C->inst.V, N = C->inst.N;
    arb_mat_t Zt;
    arb_t f, t, p;
    fmpq_t e;
    arb_mat_init(Zt, N, V); arb_init(f); arb_init(t); arb_init(p); fmpq_init(e);
    enclose_Zt(Zt, C, prec);
    for (slong i = 0; i < N; i++) {
        pcc_lse(t, Zt->rows[i], V, prec);
        arb_add(f, f, t, prec);
        for (slong k = 0; k < V; k++) {
            pcc_instance_entry(e, &C->inst, i, k);
            arb_set_fmpq(p, e, prec);
            arb_submul(f, p, arb_mat_entry(Zt, i, k), prec);
        }
    }
    arb_div_si(f, f, N, prec);
    int out = pcc_claim_bound(f, C->upper, C->upper_text, 1, "f(W H)", prec, detail, len);
    arb_mat_clear(Zt); arb_clear(f); arb_clear(t); arb_clear(p); fmpq_clear(e);
    return out;
}

/* Q >= 0 and rows summing to 1, exactly; 0 or the row index + 1 of the first failure. */
static slong simplex_failure(const pcc_cert_t *C, int nonneg_only)
{
    fmpq_t sum;
    slong bad = 0;
    fmpq_init(sum);
    for (slong i = 0; i < C->inst.N && !bad; i++) {
        fmpq_zero(sum);
        for (slong k = 0; k < C->inst.V; k++) {
            if (fmpq_sgn(fmpq_mat_entry(C->Q, i, k)) < 0) bad = i + 1;
            fmpq_add(sum, sum, fmpq_mat_entry(C->Q, i, k));
        }
        if (!nonneg_only && !fmpq_is_one(sum)) bad = i + 1;
    }
    fmpq_clear(sum);
    return bad;
}

static int claim_dual_simplex(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    slong bad = simplex_failure(C, 0);
    if (bad) snprintf(detail, len, "row Q[%ld] has a negative entry or does not sum to 1", bad - 1);
    else snprintf(detail, len, "Q >= 0 and every row sums to 1 (exact)");
    return bad ? PCC_REJECTED : PCC_VERIFIED;
}

/* Looks for x with x^T G x > s^2 x^T x (power iteration on the midpoints in double; the test
 * itself is in ball arithmetic with x exact). Returns 1 only if ||M||_op > s is proved. */
static int opnorm_refuted(const arb_mat_t G, const arb_t s2, slong prec)
{
    slong m = arb_mat_nrows(G);
    double *x = malloc(sizeof(double) * (size_t) m), *y = malloc(sizeof(double) * (size_t) m);
    arb_ptr xs = _arb_vec_init(m);
    arb_t quad, t;
    int out;
    for (slong a = 0; a < m; a++) x[a] = 1.0 + 0.5 * sin((double) a + 1.0);
    for (int it = 0; it < 300; it++) {
        double norm = 0;
        for (slong a = 0; a < m; a++) {
            y[a] = 0;
            for (slong b = 0; b < m; b++)
                y[a] += arf_get_d(arb_midref(arb_mat_entry(G, a, b)), ARF_RND_NEAR) * x[b];
            norm += y[a] * y[a];
        }
        if (!(norm > 0) || !isfinite(norm)) break;
        for (slong a = 0; a < m; a++) x[a] = y[a] / sqrt(norm);
    }
    arb_init(quad); arb_init(t);
    for (slong a = 0; a < m; a++) arb_set_d(xs + a, x[a]);
    for (slong a = 0; a < m; a++) {   /* quad = s^2 x^T x - x^T G x */
        arb_mul(t, xs + a, xs + a, prec);
        arb_addmul(quad, t, s2, prec);
        arb_dot(t, NULL, 0, G->rows[a], 1, xs, 1, m, prec);
        arb_submul(quad, t, xs + a, prec);
    }
    out = arb_is_negative(quad);
    arb_clear(quad); arb_clear(t); _arb_vec_clear(xs, m);
    free(x); free(y);
    return out;
}

/* ||Q - P||_op <= s: s^2 I - G positive definite (arb_mat_cho) for G = M^T M or M M^T,
 * whichever is smaller; s = 0 needs Q = P exactly. */
static int claim_opnorm(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    slong V = C->inst.V, N = C->inst.N, m = V <= N ? V : N;
    fmpq_mat_t M;
    arb_mat_t A, At, G, L;
    arb_t s2;
    char s[96];
    int out, equal = 1;
    pcc_fmpq_text(s, sizeof s, C->s);
    if (fmpq_sgn(C->s) < 0) {
        snprintf(detail, len, "opnorm_bound %s is negative", s);
        return PCC_REJECTED;
    }
    fmpq_mat_init(M, N, V);
    for (slong i = 0; i < N; i++)
        for (slong k = 0; k < V; k++) {
            pcc_instance_entry(fmpq_mat_entry(M, i, k), &C->inst, i, k);
            fmpq_sub(fmpq_mat_entry(M, i, k), fmpq_mat_entry(C->Q, i, k), fmpq_mat_entry(M, i, k));
            equal &= fmpq_is_zero(fmpq_mat_entry(M, i, k));
        }
    if (fmpq_is_zero(C->s) || equal) {
        fmpq_mat_clear(M);
        snprintf(detail, len, equal ? "Q = P exactly, so ||Q - P||_op = 0 <= %s"
                 : "opnorm_bound is 0 but Q != P", s);
        return equal ? PCC_VERIFIED : PCC_REJECTED;
    }
    arb_mat_init(A, N, V); arb_mat_init(At, V, N); arb_mat_init(G, m, m); arb_mat_init(L, m, m);
    arb_init(s2);
    arb_mat_set_fmpq_mat(A, M, prec);
    arb_mat_transpose(At, A);
    if (V <= N) arb_mat_mul(G, At, A, prec); else arb_mat_mul(G, A, At, prec);
    arb_set_fmpq(s2, C->s, prec);
    arb_mul(s2, s2, s2, prec);
    arb_mat_neg(L, G);
    for (slong a = 0; a < m; a++) arb_add(arb_mat_entry(L, a, a), arb_mat_entry(L, a, a), s2, prec);
    out = arb_mat_cho(L, L, prec) ? PCC_VERIFIED
        : opnorm_refuted(G, s2, prec) ? PCC_REJECTED : PCC_UNDECIDED;
    if (out == PCC_VERIFIED)
        snprintf(detail, len, "s^2 I - M^T M (%ld x %ld, M = Q - P, s = %s) is positive definite: "
                 "ball Cholesky succeeded", m, m, s);
    else if (out == PCC_REJECTED)
        snprintf(detail, len, "||Q - P||_op > %s: some x has ||M x|| > s ||x|| (ball arithmetic)", s);
    else
        snprintf(detail, len, "ball Cholesky of s^2 I - M^T M (%ld x %ld, s = %s) failed", m, m, s);
    arb_mat_clear(A); arb_mat_clear(At); arb_mat_clear(G); arb_mat_clear(L);
    arb_clear(s2); fmpq_mat_clear(M);
    return out;
}

/* LB = (1/N) [sum_i H(q_i) - rho s], lower end against claims.lower. */
static int claim_lower(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    arb_t lb, t, rho;
    if (simplex_failure(C, 1) || fmpq_sgn(C->s) < 0) {
        snprintf(detail, len, "needs Q >= 0 and opnorm_bound >= 0");
        return PCC_REJECTED;
    }
    arb_init(lb); arb_init(t); arb_init(rho);
    for (slong i = 0; i < C->inst.N; i++)
        for (slong k = 0; k < C->inst.V; k++) {
            pcc_xlogx(t, fmpq_mat_entry(C->Q, i, k), prec);
            arb_sub(lb, lb, t, prec);
        }
    pcc_rho(rho, &C->inst, prec);
    arb_set_fmpq(t, C->s, prec);
    arb_submul(lb, rho, t, prec);
    arb_div_si(lb, lb, C->inst.N, prec);
    int out = pcc_claim_bound(lb, C->lower, C->lower_text, 0, "(sum_i H(q_i) - rho s)/N", prec,
                              detail, len);
    arb_clear(lb); arb_clear(t); arb_clear(rho);
    return out;
}

/* G = (softmax(Z) - P^T)/N; ||G H^T + 2 l_W W||_F <= residual_W, ||W^T G + 2 l_H H||_F <=
 * residual_H (upper ends), l_W, l_H >= 0 exactly. Computed transposed from the rows of Z^T:
 * (G H^T)^T = H G^T and (W^T G)^T = G^T W. */
static int claim_kkt(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    slong V = C->inst.V, N = C->inst.N, d = C->inst.d;
    arb_mat_t Gt, Wa, Wt, Ha, Ht, X, Y;
    arb_t lse, p, nw, nh;
    fmpq_t e;
    char a[320], b[320];
    int ow, oh;
    if (fmpq_sgn(C->lambda_W) < 0 || fmpq_sgn(C->lambda_H) < 0) {
        snprintf(detail, len, "lambda_W and lambda_H must be >= 0");
        return PCC_REJECTED;
    }
    arb_mat_init(Gt, N, V); arb_mat_init(Wa, V, d); arb_mat_init(Wt, d, V);
    arb_mat_init(Ha, d, N); arb_mat_init(Ht, N, d); arb_mat_init(X, d, V); arb_mat_init(Y, N, d);
    arb_init(lse); arb_init(p); arb_init(nw); arb_init(nh); fmpq_init(e);
    enclose_Zt(Gt, C, prec);
    for (slong i = 0; i < N; i++) {   /* row i of Z^T becomes row i of G^T */
        pcc_lse(lse, Gt->rows[i], V, prec);
        for (slong k = 0; k < V; k++) {
            arb_ptr z = arb_mat_entry(Gt, i, k);
            arb_sub(z, z, lse, prec);
            arb_exp(z, z, prec);
            pcc_instance_entry(e, &C->inst, i, k);
            arb_set_fmpq(p, e, prec);
            arb_sub(z, z, p, prec);
            arb_div_si(z, z, N, prec);
        }
    }
    arb_mat_set_fmpq_mat(Wa, C->W, prec);
    arb_mat_transpose(Wt, Wa);
    arb_mat_set_fmpq_mat(Ha, C->H, prec);
    arb_mat_transpose(Ht, Ha);
    arb_mat_mul(X, Ha, Gt, prec);
    arb_set_fmpq(p, C->lambda_W, prec);
    arb_mul_2exp_si(p, p, 1);
    arb_mat_scalar_addmul_arb(X, Wt, p, prec);
    arb_mat_mul(Y, Gt, Wa, prec);
    arb_set_fmpq(p, C->lambda_H, prec);
    arb_mul_2exp_si(p, p, 1);
    arb_mat_scalar_addmul_arb(Y, Ht, p, prec);
    arb_mat_frobenius_norm(nw, X, prec);
    arb_mat_frobenius_norm(nh, Y, prec);
    ow = pcc_claim_bound(nw, C->residual_W, NULL, 1, "||G H^T + 2 lambda_W W||_F", prec, a, sizeof a);
    oh = pcc_claim_bound(nh, C->residual_H, NULL, 1, "||W^T G + 2 lambda_H H||_F", prec, b, sizeof b);
    snprintf(detail, len, "%s; %s", a, b);
    arb_mat_clear(Gt); arb_mat_clear(Wa); arb_mat_clear(Wt); arb_mat_clear(Ha); arb_mat_clear(Ht);
    arb_mat_clear(X); arb_mat_clear(Y);
    arb_clear(lse); arb_clear(p); arb_clear(nw); arb_clear(nh); fmpq_clear(e);
    if (ow == PCC_REJECTED || oh == PCC_REJECTED) return PCC_REJECTED;
    return ow == PCC_VERIFIED && oh == PCC_VERIFIED ? PCC_VERIFIED : PCC_UNDECIDED;
}

/* Regime interior (FORMAT.md): ||L||_* <= ||W||_F ||H||_F + sqrt(min(V, N)) ||L - W H||_F < rho,
 * L = Pi log(P^T). Needs every target entry positive (checked by the caller). A bound that is
 * certainly >= rho is reported as rejected: this sufficient condition cannot prove it. */
int pcc_dense_interior(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    slong V = C->inst.V, N = C->inst.N;
    arb_mat_t Zt;
    arb_ptr logs = _arb_vec_init(V);
    arb_t fro, t, rho;
    fmpq_t e;
    char b[128], r[128];
    int out;
    arb_mat_init(Zt, N, V); arb_init(fro); arb_init(t); arb_init(rho); fmpq_init(e);
    enclose_Zt(Zt, C, prec);
    for (slong i = 0; i < N; i++) {
        pcc_centered_log_row(logs, &C->inst, i, prec);
        for (slong k = 0; k < V; k++) {
            arb_sub(t, logs + k, arb_mat_entry(Zt, i, k), prec);
            arb_addmul(fro, t, t, prec);
        }
    }
    arb_sqrtpos(fro, fro, prec);
    arb_sqrt_ui(t, (ulong) (V < N ? V : N), prec);
    arb_mul(fro, fro, t, prec);
    fmpq_mul(e, C->sum_W2, C->sum_H2);
    arb_set_fmpq(t, e, prec);
    arb_sqrtpos(t, t, prec);
    arb_add(fro, fro, t, prec);
    pcc_rho(rho, &C->inst, prec);
    out = arb_lt(fro, rho) ? PCC_VERIFIED : arb_ge(fro, rho) ? PCC_REJECTED : PCC_UNDECIDED;
    pcc_arb_text(b, sizeof b, fro);
    pcc_arb_text(r, sizeof r, rho);
    snprintf(detail, len, "||L||_* <= ||W||_F ||H||_F + sqrt(min(V, N)) ||L - W H||_F = %s %s "
             "rho = %s", b, out == PCC_VERIFIED ? "<" : "is not proved <", r);
    arb_mat_clear(Zt); _arb_vec_clear(logs, V);
    arb_clear(fro); arb_clear(t); arb_clear(rho); fmpq_clear(e);
    return out;
}

static void frobenius2(fmpq_t out, const fmpq_mat_t A)
{
    fmpq_t t;
    fmpq_init(t);
    fmpq_zero(out);
    for (slong i = 0; i < fmpq_mat_nrows(A); i++)
        for (slong j = 0; j < fmpq_mat_ncols(A); j++) {
            fmpq_mul(t, fmpq_mat_entry(A, i, j), fmpq_mat_entry(A, i, j));
            fmpq_add(out, out, t);
        }
    fmpq_clear(t);
}

void pcc_check_dense(pcc_report_t *R, pcc_cert_t *C)
{
    int dual_ok;
    frobenius2(C->sum_W2, C->W);
    frobenius2(C->sum_H2, C->H);
    pcc_run_claim(R, C, "budget_W", claim_budget_W);
    pcc_run_claim(R, C, "budget_H", claim_budget_H);
    pcc_run_claim(R, C, "upper", claim_upper);
    dual_ok = pcc_run_claim(R, C, "dual_simplex", claim_dual_simplex);
    dual_ok &= pcc_run_claim(R, C, "opnorm", claim_opnorm);
    C->lower_verified = pcc_run_claim(R, C, "lower", claim_lower) && dual_ok;
    if (C->has_kkt) pcc_run_claim(R, C, "kkt", claim_kkt);
}
