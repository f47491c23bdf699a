/* Claims of kind "dense" (FORMAT.md, "Kind dense"): budgets and the dual simplex exactly,
 * f(W H), the lower bound and the KKT residuals as Arb enclosures, ||Q - P||_op <= s by a ball
 * Cholesky factorisation. Matrices are converted entry by entry from the exact data (each
 * conversion encloses), then multiplied in ball arithmetic, which encloses the exact product. */
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
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

/* What the claims of kind dense share at one precision (C->keep): the enclosure of Z^T (row i
 * the logits z_i), and from claim upper E[i][k] = exp(z_ik - m_i) (m_i the largest midpoint of
 * row i), S_i = sum_k E[i][k] and the targets P[i][k] as balls, so that kkt needs no
 * exponential (softmax(z_i)_k = E[i][k] / S_i). Kept only up to DENSE_KEEP_ENTRIES = N V
 * (above, each claim computes its own and frees it, as the --max-memory estimates assume). */
#define DENSE_KEEP_ENTRIES (1 << 20)
struct pcc_dense_keep {
    slong prec;
    arb_mat_t Zt;
    int rows;       /* E, S and P are set */
    arb_mat_t E, P;
    arb_ptr S;
};

void pcc_dense_clear(pcc_cert_t *C)
{
    struct pcc_dense_keep *K = C->keep;
    if (K == NULL) return;
    arb_mat_clear(K->Zt);
    if (K->rows) {
        arb_mat_clear(K->E); arb_mat_clear(K->P);
        _arb_vec_clear(K->S, C->inst.N);
    }
    free(K);
    C->keep = NULL;
}

static int keep_fits(const pcc_cert_t *C)
{
    return (double) C->inst.N * (double) C->inst.V <= DENSE_KEEP_ENTRIES;
}

/* Bytes held in C->keep while `claim` is attempted at prec, plus what claim upper adds to it
 * (the matrices E and P); for the --max-memory estimates (check_memory.c). */
double pcc_dense_kept_bytes(const pcc_cert_t *C, const char *claim, slong prec)
{
    double NV = (double) C->inst.N * (double) C->inst.V, b = 2.0 * (double) sizeof(arb_struct);
    const struct pcc_dense_keep *K = C->keep;
    double kept = 0.0;
    if (K != NULL) kept = (K->rows ? 3.0 : 1.0) * NV * (b + (K->prec > 128 ? K->prec / 4.0 + 32.0 : 0.0));
    if (strcmp(claim, "upper") == 0 && keep_fits(C))
        kept += 2.0 * NV * (b + (prec > 128 ? prec / 4.0 + 32.0 : 0.0));
    return kept;
}

/* Z^T = H^T W^T by rows (pcc_rows_parallel): B = W^T as balls, then rows lo..hi of Z^T =
 * (rows lo..hi of H^T) B. Each conversion encloses the exact rational, and arb_mat_mul_block
 * encloses the exact product (arb_mat_mul would take its classical product for a half). */
struct zt_job {
    arb_mat_struct *Zt, *B;
    const pcc_cert_t *C;
    slong prec;
};

static void zt_set_B(void *ctx, int part, slong lo, slong hi)
{
    struct zt_job *J = ctx;
    (void) part;
    for (slong j = lo; j < hi; j++)
        for (slong k = 0; k < J->C->inst.V; k++)
            arb_set_fmpq(arb_mat_entry(J->B, j, k), fmpq_mat_entry(J->C->W, k, j), J->prec);
}

static void zt_rows(void *ctx, int part, slong lo, slong hi)
{
    struct zt_job *J = ctx;
    slong d = J->C->inst.d;
    arb_mat_t A, Zw;
    (void) part;
    if (hi <= lo) return;
    arb_mat_init(A, hi - lo, d);
    for (slong i = lo; i < hi; i++)
        for (slong j = 0; j < d; j++)
            arb_set_fmpq(arb_mat_entry(A, i - lo, j), fmpq_mat_entry(J->C->H, j, i), J->prec);
    arb_mat_window_init(Zw, J->Zt, lo, 0, hi, J->C->inst.V);
    arb_mat_mul_block(Zw, A, J->B, J->prec);
    arb_mat_window_clear(Zw);
    arb_mat_clear(A);
}

/* Encloses Z^T = H^T W^T (N x V): row i is the logit column z_i. */
static void product_Zt(arb_mat_t Zt, const pcc_cert_t *C, slong prec)
{
    slong V = C->inst.V, N = C->inst.N, d = C->inst.d;
    arb_mat_t B;
    arb_mat_init(B, d, V);
    struct zt_job J = {Zt, B, C, prec};
    pcc_rows_parallel(d, (double) d * (double) V * PCC_NS_CONVERT, zt_set_B, &J);
    pcc_rows_parallel(N, (double) N * (double) d * ((double) V * PCC_NS_MULADD + PCC_NS_CONVERT),
                      zt_rows, &J);
    arb_mat_clear(B);
}

/* C->keep at prec, with Z^T computed once per precision: claims upper, kkt and regime
 * (interior) use the same product (the costliest step of each). */
static struct pcc_dense_keep *dense_keep(pcc_cert_t *C, slong prec)
{
    if (C->keep == NULL || C->keep->prec != prec) {
        pcc_dense_clear(C);
        C->keep = calloc(1, sizeof(struct pcc_dense_keep));
        C->keep->prec = prec;
        arb_mat_init(C->keep->Zt, C->inst.N, C->inst.V);
        product_Zt(C->keep->Zt, C, prec);
    }
    return C->keep;
}

/* After a claim: what it kept goes when the instance is too large to keep it. */
static void dense_release(pcc_cert_t *C)
{
    if (!keep_fits(C)) pcc_dense_clear(C);
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

/* Rows lo..hi of claim upper: E[i][k] = exp(z_ik - m_i), S_i = sum_k E[i][k], P[i][k] as
 * balls, and f[part] += sum_i [log S_i + m_i - <p_i, z_i>] (enclosures). */
struct upper_job {
    const pcc_cert_t *C;
    struct pcc_dense_keep *K;
    arb_struct f[2];
    slong prec;
};

static void upper_rows(void *ctx, int part, slong lo, slong hi)
{
    struct upper_job *J = ctx;
    slong V = J->C->inst.V, prec = J->prec;
    struct pcc_dense_keep *K = J->K;
    arb_ptr f = J->f + part;
    arb_t t, sum;
    arf_t m;
    fmpq_t e;
    arb_init(t); arb_init(sum); arf_init(m); fmpq_init(e);
    for (slong i = lo; i < hi; i++) {
        arb_srcptr z = K->Zt->rows[i];
        arf_set(m, arb_midref(z));
        for (slong k = 1; k < V; k++)
            if (arf_cmp(arb_midref(z + k), m) > 0) arf_set(m, arb_midref(z + k));
        arb_zero(sum);
        for (slong k = 0; k < V; k++) {
            arb_ptr x = arb_mat_entry(K->E, i, k);
            arb_sub_arf(x, z + k, m, prec);
            arb_exp(x, x, prec);
            arb_add(sum, sum, x, prec);
        }
        arb_set(K->S + i, sum);
        arb_log(t, sum, prec);
        arb_add_arf(t, t, m, prec);
        arb_add(f, f, t, prec);
        for (slong k = 0; k < V; k++) {
            arb_ptr p = arb_mat_entry(K->P, i, k);
            pcc_instance_entry(e, &J->C->inst, i, k);
            arb_set_fmpq(p, e, prec);
            arb_submul(f, p, arb_mat_entry(K->Zt, i, k), prec);
        }
    }
    arb_clear(t); arb_clear(sum); arf_clear(m); fmpq_clear(e);
}

/* f(Z) = (1/N) sum_i [LSE(z_i) - <p_i, z_i>], upper end against claims.upper. LSE(z_i) as in
 * pcc_lse, keeping E, S and P (struct pcc_dense_keep) for claim kkt. */
static int claim_upper(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    slong V = C->inst.V, N = C->inst.N;
    struct upper_job J = {.C = C, .K = dense_keep(C, prec), .prec = prec};
    arb_init(J.f); arb_init(J.f + 1);
    if (!J.K->rows) {
        arb_mat_init(J.K->E, N, V); arb_mat_init(J.K->P, N, V);
        J.K->S = _arb_vec_init(N);
        J.K->rows = 1;
    }
    pcc_rows_parallel(N, (double) N * (double) V * (PCC_NS_ELEMENTARY + PCC_NS_CONVERT), upper_rows, &J);
    arb_add(J.f, J.f, J.f + 1, prec);
    arb_div_si(J.f, J.f, N, prec);
    int out = pcc_claim_bound(J.f, C->upper, C->upper_text, 1, "f(W H)", prec, detail, len);
    arb_clear(J.f); arb_clear(J.f + 1);
    dense_release(C);
    return out;
}

/* 1 if row i of Q is row i of dense targets P, entry by entry (exact). */
static int row_is_target_row(const pcc_cert_t *C, slong i)
{
    if (C->inst.form != PCC_DENSE) return 0;
    for (slong k = 0; k < C->inst.V; k++)
        if (!fmpq_equal(fmpq_mat_entry(C->Q, i, k), C->inst.P + i * C->inst.V + k)) return 0;
    return 1;
}

/* Q >= 0 and rows summing to 1, exactly; 0 or the row index + 1 of the first failure. A row
 * equal to its dense target row sums to 1: the reader proved it (check_row, refused if not). */
static slong simplex_failure(const pcc_cert_t *C, int nonneg_only)
{
    slong bad = 0;
    for (slong i = 0; i < C->inst.N && !bad; i++) {
        for (slong k = 0; k < C->inst.V; k++)
            if (fmpq_sgn(fmpq_mat_entry(C->Q, i, k)) < 0) bad = i + 1;
        if (nonneg_only || bad || row_is_target_row(C, i)) continue;
        if (!pcc_fmpq_sum_is(C->Q->rows[i], C->inst.V, 1, NULL, 0))
            bad = i + 1;   /* tree sum: near-linear in the row's size */
    }
    return bad;
}

static int claim_dual_simplex(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    slong bad = simplex_failure(C, 0);
    if (bad) snprintf(detail, len, "row Q[%ld] has a negative entry or does not sum to 1", bad - 1);
    else snprintf(detail, len, "Q >= 0 and every row sums to 1 (exact)");
    return bad ? PCC_REJECTED : PCC_VERIFIED;
}

/* Rows lo..hi of claim lower: sum[part] -= sum_k Q[i][k] log Q[i][k] (enclosures). */
struct entropy_job {
    const pcc_cert_t *C;
    arb_struct sum[2];
    slong prec;
};

static void entropy_rows(void *ctx, int part, slong lo, slong hi)
{
    struct entropy_job *J = ctx;
    arb_t t;
    arb_init(t);
    for (slong i = lo; i < hi; i++)
        for (slong k = 0; k < J->C->inst.V; k++) {
            pcc_xlogx(t, fmpq_mat_entry(J->C->Q, i, k), J->prec);
            arb_sub(J->sum + part, J->sum + part, t, J->prec);
        }
    arb_clear(t);
}

/* LB = (1/N) [sum_i H(q_i) - rho s], lower end against claims.lower. */
static int claim_lower(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    arb_t t, rho;
    if (simplex_failure(C, 1) || fmpq_sgn(C->s) < 0) {
        snprintf(detail, len, "needs Q >= 0 and opnorm_bound >= 0");
        return PCC_REJECTED;
    }
    struct entropy_job J = {.C = C, .prec = prec};
    arb_ptr lb = J.sum;
    arb_init(J.sum); arb_init(J.sum + 1); arb_init(t); arb_init(rho);
    pcc_rows_parallel(C->inst.N, (double) C->inst.N * (double) C->inst.V
                      * (PCC_NS_ELEMENTARY + PCC_NS_CONVERT), entropy_rows, &J);
    arb_add(lb, J.sum, J.sum + 1, prec);
    pcc_rho(rho, &C->inst, prec);
    arb_set_fmpq(t, C->s, prec);
    arb_submul(lb, rho, t, prec);
    arb_div_si(lb, lb, C->inst.N, prec);
    int out = pcc_claim_bound(lb, C->lower, C->lower_text, 0, "(sum_i H(q_i) - rho s)/N", prec,
                              detail, len);
    arb_clear(J.sum); arb_clear(J.sum + 1); arb_clear(t); arb_clear(rho);
    return out;
}

/* G^T at KKT_FLOAT_G_PREC bits from claim upper's E, S, P for the binary64 step, whose own
 * rounding (2^-52 relative) dwarfs these balls' radii: G = (E (1/S_i) - P) (1/N). */
#define KKT_FLOAT_G_PREC 64
struct float_G_job {
    arb_mat_struct *Gt;
    const struct pcc_dense_keep *K;
    slong N, V;
};

static void float_G_rows(void *ctx, int part, slong lo, slong hi)
{
    struct float_G_job *J = ctx;
    arb_t r, n;
    (void) part;
    arb_init(r); arb_init(n);
    arb_set_si(n, J->N);
    arb_inv(n, n, KKT_FLOAT_G_PREC);
    for (slong i = lo; i < hi; i++) {
        arb_inv(r, J->K->S + i, KKT_FLOAT_G_PREC);
        for (slong k = 0; k < J->V; k++) {
            arb_ptr g = arb_mat_entry(J->Gt, i, k);
            arb_mul(g, arb_mat_entry(J->K->E, i, k), r, KKT_FLOAT_G_PREC);
            arb_sub(g, g, arb_mat_entry(J->K->P, i, k), KKT_FLOAT_G_PREC);
            arb_mul(g, g, n, KKT_FLOAT_G_PREC);
        }
    }
    arb_clear(r); arb_clear(n);
}

static void float_step_G(arb_mat_t Gt, const struct pcc_dense_keep *K, slong N, slong V)
{
    struct float_G_job J = {Gt, K, N, V};
    pcc_rows_parallel(N, (double) N * (double) V * PCC_NS_CONVERT, float_G_rows, &J);
}

/* Claim kkt in ball arithmetic at prec from the enclosure Gt of G^T, computed transposed:
 * (G H^T)^T = H G^T and (W^T G)^T = G^T W; fdetail (why the binary64
 * step did not prove it) ends the detail. */
static int kkt_ball(const pcc_cert_t *C, const arb_mat_t Gt, slong prec, const char *fdetail,
                    char *detail, size_t len)
{
    slong V = C->inst.V, N = C->inst.N, d = C->inst.d;
    arb_mat_t Wa, Wt, Ha, Ht, X, Y;
    arb_t p, nw, nh;
    char a[320], b[320];
    int ow, oh;
    arb_init(p); arb_init(nw); arb_init(nh);
    arb_mat_init(Wa, V, d); arb_mat_init(Wt, d, V);
    arb_mat_init(Ha, d, N); arb_mat_init(Ht, N, d); arb_mat_init(X, d, V); arb_mat_init(Y, N, d);
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
    snprintf(detail, len, "%s; %s; %s", a, b, fdetail);
    arb_mat_clear(Wa); arb_mat_clear(Wt); arb_mat_clear(Ha); arb_mat_clear(Ht);
    arb_mat_clear(X); arb_mat_clear(Y);
    arb_clear(p); arb_clear(nw); arb_clear(nh);
    if (ow == PCC_REJECTED || oh == PCC_REJECTED) return PCC_REJECTED;
    return ow == PCC_VERIFIED && oh == PCC_VERIFIED ? PCC_VERIFIED : PCC_UNDECIDED;
}

/* G = (softmax(Z) - P^T)/N; ||G H^T + 2 l_W W||_F <= residual_W, ||W^T G + 2 l_H H||_F <=
 * residual_H (upper ends), l_W, l_H >= 0 exactly: first in binary64 (check_float_kkt.c, from G
 * at 64 bits), which only proves, then in balls at prec (kkt_ball). */
static int claim_kkt(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    slong V = C->inst.V, N = C->inst.N;
    arb_mat_t Gt;
    arb_t lse, p;
    fmpq_t e;
    char fdetail[720];
    int out, tried = 0, proved = 0;
    if (fmpq_sgn(C->lambda_W) < 0 || fmpq_sgn(C->lambda_H) < 0) {
        snprintf(detail, len, "lambda_W and lambda_H must be >= 0");
        return PCC_REJECTED;
    }
    arb_mat_init(Gt, N, V);
    arb_init(lse); arb_init(p); fmpq_init(e);
    struct pcc_dense_keep *K = dense_keep(C, prec);
    if (K->rows) {   /* from claim upper at this precision: softmax = E / S */
        float_step_G(Gt, K, N, V);   /* binary64 first; it only proves */
        tried = 1;
        proved = pcc_dense_kkt_float(C, Gt, fdetail, sizeof fdetail);
        for (slong i = 0; i < N && !proved; i++)
            for (slong k = 0; k < V; k++) {
                arb_ptr g = arb_mat_entry(Gt, i, k);
                arb_div(g, arb_mat_entry(K->E, i, k), K->S + i, prec);
                arb_sub(g, g, arb_mat_entry(K->P, i, k), prec);
                arb_div_si(g, g, N, prec);
            }
    } else {
        arb_mat_set(Gt, K->Zt);
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
    }
    dense_release(C);
    if (!tried) proved = pcc_dense_kkt_float(C, Gt, fdetail, sizeof fdetail);
    if (proved) snprintf(detail, len, "%s", fdetail);
    out = proved ? PCC_VERIFIED : kkt_ball(C, Gt, prec, fdetail, detail, len);
    arb_mat_clear(Gt);
    arb_clear(lse); arb_clear(p); fmpq_clear(e);
    return out;
}

/* Regime interior (FORMAT.md): ||L||_* <= ||W||_F ||H||_F + sqrt(min(V, N)) ||L - W H||_F < rho,
 * L = Pi log(P^T). Needs every target entry positive (checked by the caller). A bound that is
 * certainly >= rho is reported as rejected: this sufficient condition cannot prove it. */
int pcc_dense_interior(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    slong V = C->inst.V, N = C->inst.N;
    const arb_mat_struct *Zt = dense_keep(C, prec)->Zt;
    arb_ptr logs = _arb_vec_init(V);
    arb_t fro, t, rho;
    fmpq_t e;
    char b[128], r[128];
    int out;
    arb_init(fro); arb_init(t); arb_init(rho); fmpq_init(e);
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
    _arb_vec_clear(logs, V);
    dense_release(C);
    arb_clear(fro); arb_clear(t); arb_clear(rho); fmpq_clear(e);
    return out;
}

void pcc_check_dense(pcc_report_t *R, pcc_cert_t *C)
{
    int dual_ok;
    pcc_fmpq_mat_sum_squares(C->sum_W2, C->W);
    pcc_fmpq_mat_sum_squares(C->sum_H2, C->H);
    pcc_run_claim(R, C, "budget_W", claim_budget_W);
    pcc_run_claim(R, C, "budget_H", claim_budget_H);
    pcc_run_claim(R, C, "upper", claim_upper);
    dual_ok = pcc_run_claim(R, C, "dual_simplex", claim_dual_simplex);
    dual_ok &= pcc_run_claim(R, C, "opnorm", pcc_claim_opnorm);
    C->lower_verified = pcc_run_claim(R, C, "lower", claim_lower) && dual_ok;
    if (C->has_kkt) pcc_run_claim(R, C, "kkt", claim_kkt);
    if (strcmp(C->regime, "interior") != 0) pcc_dense_clear(C);   /* else regime uses it */
}
