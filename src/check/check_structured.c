/* Claims of kinds "circulant" (rigorous DFT, pcc_fft of check_fft.c; on a product group
 * Z_n1 x ... x Z_nk given by primal.orders, acb_dft_prod, SPEC 11) and "exchangeable" (O(1)
 * closed forms) (FORMAT.md). Structured data stays structured: nothing here is n x n, nothing exchangeable is
 * of size n, so n = 10^9 costs O(1). */
#include <stdio.h>
#include <acb_dft.h>
#include "check_internal.h"

/* ---------------------------------------------------------------- circulant */

/* The first row q of the (circulant) targets, n entries; the caller clears it. */
static fmpq *first_row(const pcc_instance_t *I)
{
    fmpq *q = _fmpq_vec_init(I->V);
    for (slong k = 0; k < I->V; k++) pcc_instance_entry(q + k, I, 0, k);
    return q;
}

/* Encloses |v_hat_f| for every character f of G (rigorous DFT of the exact v, or of log v). */
static void dft_abs(arb_ptr out, const fmpq *v, const pcc_abelian_t *G, int take_log, slong prec)
{
    slong n = G->n;
    acb_ptr x = _acb_vec_init(n), w = _acb_vec_init(n);
    for (slong m = 0; m < n; m++) {
        arb_set_fmpq(acb_realref(x + m), v + m, prec);
        if (take_log) arb_log(acb_realref(x + m), acb_realref(x + m), prec);
    }
    pcc_abelian_dft(w, x, G, prec);
    for (slong j = 0; j < n; j++) acb_abs(out + j, w + j, prec);
    _acb_vec_clear(x, n); _acb_vec_clear(w, n);
}

static int claim_primal_centered(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    char t[96];
    int ok = pcc_fmpq_sum_is(C->c, C->n, 0, t, sizeof t);
    snprintf(detail, len, "sum_m c[m] = %s%s", t, ok ? " (exact)" : ", not 0");
    return ok ? PCC_VERIFIED : PCC_REJECTED;
}

/* Proves x < rho (above = 0: a nuclear norm within the budget) or x > rho (above = 1). */
static int compare_rho(const arb_t x, const pcc_cert_t *C, const char *what, int above,
                       slong prec, char *detail, size_t len)
{
    arb_t rho;
    char a[128], b[128];
    int out;
    arb_init(rho);
    pcc_rho(rho, &C->inst, prec);
    if (above) out = arb_gt(x, rho) ? PCC_VERIFIED : arb_le(x, rho) ? PCC_REJECTED : PCC_UNDECIDED;
    else out = arb_lt(x, rho) ? PCC_VERIFIED : arb_ge(x, rho) ? PCC_REJECTED : PCC_UNDECIDED;
    pcc_arb_text(a, sizeof a, x);
    pcc_arb_text(b, sizeof b, rho);
    snprintf(detail, len, "%s = %s %s%s rho = %s", what, a, out == PCC_VERIFIED ? ""
             : out == PCC_REJECTED ? "is not " : "is not proved ", above ? ">" : "<", b);
    arb_clear(rho);
    return out;
}

/* |c_hat_j| and |m_hat_j| (m = r - q) from ONE rigorous DFT of x = c + i m on the group of the
 * certificate: with X = DFT(x), c_hat_j = (X_j + conj X_{-j}) / 2 and
 * m_hat_j = (X_j - conj X_{-j}) / (2i) (-j in the group), identities applied to the
 * enclosures. c and m are real, so c_hat_{-j} = conj c_hat_j and |c_hat_{-j}| = |c_hat_j|
 * exactly (likewise m): the enclosure computed for the first of j, -j is copied to the other.
 * Cached in C for the precision prec. */
static void circulant_dfts(pcc_cert_t *C, slong prec)
{
    slong n = C->n;
    if (C->c_abs != NULL && C->dft_prec == prec) return;
    if (C->c_abs == NULL) { C->c_abs = _arb_vec_init(n); C->m_abs = _arb_vec_init(n); }
    fmpq *q = first_row(&C->inst);
    fmpq_t t;
    fmpq_init(t);
    acb_ptr x = _acb_vec_init(n), w = _acb_vec_init(n);
    acb_t u, v;
    acb_init(u); acb_init(v);
    for (slong m = 0; m < n; m++) {
        arb_set_fmpq(acb_realref(x + m), C->c + m, prec);
        fmpq_sub(t, C->r + m, q + m);
        arb_set_fmpq(acb_imagref(x + m), t, prec);
    }
    pcc_abelian_dft(w, x, &C->group, prec);
    for (slong j = 0; j < n; j++) {
        slong nj = pcc_abelian_neg(&C->group, j);
        if (nj < j) {
            arb_set(C->c_abs + j, C->c_abs + nj);
            arb_set(C->m_abs + j, C->m_abs + nj);
            continue;
        }
        acb_conj(v, w + nj);
        acb_add(u, w + j, v, prec);                  /* 2 c_hat_j */
        acb_abs(C->c_abs + j, u, prec);
        acb_sub(u, w + j, v, prec);                  /* 2 i m_hat_j */
        acb_abs(C->m_abs + j, u, prec);
        arb_mul_2exp_si(C->c_abs + j, C->c_abs + j, -1);
        arb_mul_2exp_si(C->m_abs + j, C->m_abs + j, -1);
    }
    C->dft_prec = prec;
    acb_clear(u); acb_clear(v);
    _acb_vec_clear(x, n); _acb_vec_clear(w, n);
    fmpq_clear(t);
    _fmpq_vec_clear(q, n);
}

static int claim_nuclear_circulant(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    arb_t sum;
    int out;
    arb_init(sum);
    circulant_dfts(C, prec);
    for (slong j = 0; j < C->n; j++) arb_add(sum, sum, C->c_abs + j, prec);
    out = compare_rho(sum, C, "sum_j |c_hat_j|", 0, prec, detail, len);
    arb_clear(sum);
    return out;
}

/* f(Z) = CE(q, c) = LSE(c) - <q, c>. */
static int claim_upper_circulant(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    fmpq *q = first_row(&C->inst);
    arb_ptr z = _arb_vec_init(C->n);
    arb_t f, t;
    int out;
    arb_init(f); arb_init(t);
    for (slong m = 0; m < C->n; m++) arb_set_fmpq(z + m, C->c + m, prec);
    pcc_lse(f, z, C->n, prec);
    for (slong m = 0; m < C->n; m++) {
        arb_set_fmpq(t, q + m, prec);
        arb_submul(f, t, z + m, prec);
    }
    out = pcc_claim_bound(f, C->upper, C->upper_text, 1, "CE(q, c)", prec, detail, len);
    _fmpq_vec_clear(q, C->n); _arb_vec_clear(z, C->n); arb_clear(f); arb_clear(t);
    return out;
}

static int claim_dual_simplex_circulant(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    int ok = 1;
    for (slong m = 0; m < C->n; m++) ok &= fmpq_sgn(C->r + m) >= 0;
    ok = ok && pcc_fmpq_sum_is(C->r, C->n, 1, NULL, 0);
    snprintf(detail, len, ok ? "r >= 0 and sum r = 1 (exact)" : "r has a negative entry or does "
             "not sum to 1");
    return ok ? PCC_VERIFIED : PCC_REJECTED;
}

/* LB = H(r) - (rho/n) max_j |m_hat_j|, m = r - q. */
static int claim_lower_circulant(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    slong n = C->n;
    arb_t lb, t, mx;
    int out = PCC_VERIFIED;
    for (slong k = 0; k < n; k++)
        if (fmpq_sgn(C->r + k) < 0) out = PCC_REJECTED;
    if (out == PCC_REJECTED) {
        snprintf(detail, len, "needs r >= 0");
        return out;
    }
    arb_init(lb); arb_init(t); arb_init(mx);
    circulant_dfts(C, prec);
    arb_set(mx, C->m_abs);
    for (slong j = 1; j < n; j++) arb_max(mx, mx, C->m_abs + j, prec);
    for (slong k = 0; k < n; k++) {
        pcc_xlogx(t, C->r + k, prec);
        arb_sub(lb, lb, t, prec);
    }
    pcc_rho(t, &C->inst, prec);
    arb_mul(t, t, mx, prec);
    arb_div_si(t, t, n, prec);
    arb_sub(lb, lb, t, prec);
    out = pcc_claim_bound(lb, C->lower, C->lower_text, 0, "H(r) - (rho/n) max_j |m_hat_j|", prec,
                          detail, len);
    arb_clear(lb); arb_clear(t); arb_clear(mx);
    return out;
}

void pcc_check_circulant(pcc_report_t *R, pcc_cert_t *C)
{
    char why[160];
    if (C->group.k == 1 && !pcc_instance_is_circulant(&C->inst)) {
        pcc_report_add(R, "kind", 0, "kind circulant needs circulant targets");
        return;
    }
    if (C->group.k > 1 && !pcc_instance_is_group_circulant(&C->inst, &C->group, why, sizeof why)) {
        pcc_report_add(R, "kind", 0, "kind circulant with primal.orders needs targets that are "
                       "circulant on that group: %s", why);
        return;
    }
    pcc_run_claim(R, C, "primal_centered", claim_primal_centered);
    pcc_run_claim(R, C, "nuclear", claim_nuclear_circulant);
    pcc_run_claim(R, C, "upper", claim_upper_circulant);
    int ok = pcc_run_claim(R, C, "dual_simplex", claim_dual_simplex_circulant);
    C->lower_verified = pcc_run_claim(R, C, "lower", claim_lower_circulant) && ok;
}

/* ---------------------------------------------------------------- exchangeable */

/* ||Z||_* = |x| (n - 1) <= rho, exactly as x^2 (n - 1)^2 <= a b. */
static int claim_nuclear_exchangeable(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    fmpq_t l, r;
    char x[96];
    int ok;
    fmpq_init(l); fmpq_init(r);
    fmpq_mul(l, C->x, C->x);
    fmpq_mul_si(l, l, C->n - 1);
    fmpq_mul_si(l, l, C->n - 1);
    fmpq_mul(r, C->inst.a, C->inst.b);
    ok = fmpq_cmp(l, r) <= 0;
    pcc_fmpq_text(x, sizeof x, C->x);
    snprintf(detail, len, "x^2 (n - 1)^2 %s a b (exact), x = %s", ok ? "<=" : "is not <=", x);
    fmpq_clear(l); fmpq_clear(r);
    return ok ? PCC_VERIFIED : PCC_REJECTED;
}

/* f(Z) = log(exp(x) + n - 1) - alpha x. */
static int claim_upper_exchangeable(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    arb_t f, t;
    int out;
    arb_init(f); arb_init(t);
    arb_set_fmpq(t, C->x, prec);
    arb_exp(f, t, prec);
    arb_add_si(f, f, C->n - 1, prec);
    arb_log(f, f, prec);
    arb_mul_fmpz(t, t, fmpq_numref(C->inst.alpha), prec);
    arb_div_fmpz(t, t, fmpq_denref(C->inst.alpha), prec);
    arb_sub(f, f, t, prec);
    out = pcc_claim_bound(f, C->upper, C->upper_text, 1, "log(exp(x) + n - 1) - alpha x", prec,
                          detail, len);
    arb_clear(f); arb_clear(t);
    return out;
}

static int unit_interval(const fmpq_t r)
{
    return fmpq_cmp_si(r, 0) >= 0 && fmpq_cmp_si(r, 1) <= 0;
}

static int claim_dual_simplex_exchangeable(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    int ok = unit_interval(C->r1);
    snprintf(detail, len, ok ? "0 <= r <= 1 (exact)" : "r is outside [0, 1]");
    return ok ? PCC_VERIFIED : PCC_REJECTED;
}

/* LB = -r log r - (n - 1) t log t - rho |r - alpha| / (n - 1), t = (1 - r)/(n - 1). */
static int claim_lower_exchangeable(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    fmpq_t t, g;
    arb_t lb, u;
    int out;
    if (!unit_interval(C->r1)) {
        snprintf(detail, len, "needs 0 <= r <= 1");
        return PCC_REJECTED;
    }
    fmpq_init(t); fmpq_init(g); arb_init(lb); arb_init(u);
    fmpq_sub_si(t, C->r1, 1);
    pcc_fmpq_div_si(t, t, -(C->n - 1));
    fmpq_sub(g, C->r1, C->inst.alpha);
    fmpq_abs(g, g);
    pcc_fmpq_div_si(g, g, C->n - 1);
    pcc_xlogx(lb, C->r1, prec);
    pcc_xlogx(u, t, prec);
    arb_addmul_si(lb, u, C->n - 1, prec);
    arb_neg(lb, lb);
    pcc_rho(u, &C->inst, prec);
    arb_mul_fmpz(u, u, fmpq_numref(g), prec);
    arb_div_fmpz(u, u, fmpq_denref(g), prec);
    arb_sub(lb, lb, u, prec);
    out = pcc_claim_bound(lb, C->lower, C->lower_text, 0, "-r log r - (1 - r) log t - rho "
                          "|r - alpha|/(n - 1)", prec, detail, len);
    fmpq_clear(t); fmpq_clear(g); arb_clear(lb); arb_clear(u);
    return out;
}

void pcc_check_exchangeable(pcc_report_t *R, pcc_cert_t *C)
{
    if (C->context_perm != NULL) {
        if (!pcc_run_claim(R, C, "context_permutation", pcc_claim_relabelling))
            return;
    } else if (C->inst.form != PCC_EXCHANGEABLE) {
        pcc_report_add(R, "kind", 0, "kind exchangeable needs targets in exchangeable form "
                       "(or primal.context_permutation)");
        return;
    }
    pcc_run_claim(R, C, "nuclear", claim_nuclear_exchangeable);
    pcc_run_claim(R, C, "upper", claim_upper_exchangeable);
    int ok = pcc_run_claim(R, C, "dual_simplex", claim_dual_simplex_exchangeable);
    C->lower_verified = pcc_run_claim(R, C, "lower", claim_lower_exchangeable) && ok;
}

/* ---------------------------------------------------------------- regime from the instance */

/* Encloses ||L||_*, L = Pi log(P^T), where it has a closed form (every target entry positive):
 * exchangeable form |log(alpha/beta)| (n - 1); circulant targets sum_j |l_hat_j| with l the
 * first column, log q minus its mean, so l_hat_0 = 0 and l_hat_j = (log q)_hat_j otherwise.
 * Returns 0 when there is no closed form. */
static int log_target_nuclear(arb_t out, const pcc_instance_t *I, slong prec)
{
    if (I->form == PCC_EXCHANGEABLE || I->relabelled) {
        /* relabelled: permuting the columns of L changes no singular value */
        fmpq_t ratio;
        if (fmpq_is_zero(I->alpha) || fmpq_is_zero(I->beta)) return 0;   /* log 0: no closed form */
        fmpq_init(ratio);
        fmpq_div(ratio, I->alpha, I->beta);
        arb_set_fmpq(out, ratio, prec);
        arb_log(out, out, prec);
        arb_abs(out, out);
        arb_mul_si(out, out, I->V - 1, prec);
        fmpq_clear(ratio);
        return 1;
    }
    pcc_abelian_t G;
    pcc_abelian_cyclic(&G, I->V);
    if (I->form == PCC_GROUP_CIRCULANT) G = I->group;   /* l_hat on its own group */
    else if (!pcc_instance_is_circulant(I)) return 0;
    fmpq *q = first_row(I);
    arb_ptr a = _arb_vec_init(I->V);
    dft_abs(a, q, &G, 1, prec);
    arb_zero(out);
    for (slong j = 1; j < I->V; j++) arb_add(out, out, a + j, prec);
    _fmpq_vec_clear(q, I->V); _arb_vec_clear(a, I->V);
    return 1;
}

/* binding = 0: proves ||L||_* < rho (regime interior: L is feasible and optimal, SPEC 3);
 * binding = 1: proves ||L||_* > rho (L is infeasible, so the value exceeds the mean entropy
 * and the budget binds). REJECTED also when there is no closed form for these targets. */
static int log_nuclear_vs_rho(pcc_cert_t *C, int binding, slong prec, char *detail, size_t len)
{
    arb_t x;
    int out = PCC_REJECTED;
    arb_init(x);
    if (log_target_nuclear(x, &C->inst, prec))
        out = compare_rho(x, C, "||L||_*", binding, prec, detail, len);
    else
        snprintf(detail, len, "no closed form of ||L||_* for these targets");
    arb_clear(x);
    return out;
}

int pcc_circulant_interior(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    return log_nuclear_vs_rho(C, 0, prec, detail, len);
}

int pcc_exchangeable_interior(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    return log_nuclear_vs_rho(C, 0, prec, detail, len);
}

int pcc_structured_binding(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    return log_nuclear_vs_rho(C, 1, prec, detail, len);
}
