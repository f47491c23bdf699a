/* Claims of kind lowrank (certificates/FORMAT.md "Kind `lowrank`", SPEC 15 "Low-rank
 * certificates"): the exact budgets, then one pass over the V N entries of Z = W H that encloses
 * f(W H), the entropies of the softmax dual Q and the difference E between Q - P and its
 * binary64 image M~, and the floating Cholesky criterion for ||M~||_op. The checker's own code
 * (independent of src/floatproof); compiled with -ffp-contract=off (CMakeLists.txt glob
 * src/check/check_float*.c). A claim the floating proof cannot reach is not retried at a higher
 * precision (PCC_STUCK): the enclosures come from binary64 data whose errors do not shrink. */
#ifdef __FAST_MATH__
#error "check_float_lowrank.c proves rounding bounds: it must not be compiled with -ffast-math"
#endif
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check_internal.h"
#include "check_float.h"

/* Precision of the pass: the balls of Z have radii ~ r 2^-53 |W||H|, so 64 bits lose nothing
 * that binary64 data could state. */
#define LR_PASS_PREC 64

/* What the pass proved. Every ball encloses the real number named. */
struct pcc_lowrank_pass {
    int done;            /* 1: the pass ran and the enclosures below hold */
    char why[256];       /* done == 0: why nothing was proved */
    arb_t f;             /* f(W H) = (1/N) sum_i [LSE(z_i) - <p_i, z_i>] */
    arb_t entropy;       /* sum_i H(q_i), q_i = softmax(z_i) */
    mag_t e_frob2;       /* >= ||(Q - P)^T - M~||_F^2 */
    double *Mt;          /* M~ (V x N column-major): binary64 images of q_i - p_i, or NULL */
};

static void lr_pass_free(struct pcc_lowrank_pass *P)
{
    if (P == NULL) return;
    arb_clear(P->f); arb_clear(P->entropy); mag_clear(P->e_frob2);
    free(P->Mt);
    free(P);
}

void pcc_lowrank_clear(pcc_cert_t *C)
{
    free(C->lr_W);
    free(C->lr_H);
    lr_pass_free(C->lr_pass);
    C->lr_W = C->lr_H = NULL;
    C->lr_pass = NULL;
}

/* Bytes the pass and claim opnorm allocate (FORMAT.md): fl(W H), its radii and M~ (3 V N
 * doubles), the Gram matrix with its Cholesky factor (2 m^2 doubles, m = min(V, N)) and two
 * columns of balls (2 V arb structs). */
double pcc_lowrank_memory(const pcc_cert_t *C)
{
    double V = (double) C->inst.V, N = (double) C->inst.N, m = V < N ? V : N;
    return 8.0 * (3.0 * V * N + 2.0 * m * m) + 2.0 * V * (double) sizeof(arb_struct);
}

/* The ball mid +/- rad (rad >= 0 a binary64 bound, rounded up into a mag). */
static void lr_ball(arb_t out, double mid, double rad)
{
    arb_set_d(out, mid);
    mag_set_d(arb_radref(out), rad);
}

/* Context i (column i of Z): adds LSE(z_i) - <p_i, z_i> to f and H(q_i) = LSE(z_i) - <q_i, z_i>
 * to entropy; writes M~[., i] = fl(mid(q_ik - p_ik)) and adds the square of an upper bound of
 * |(q_ik - p_ik) - M~_ik| to e2, for k = 0..V-1. z: V balls enclosing the column; e: V balls of
 * scratch. With m an exact shift, e_k = exp(z_k - m), S = sum e_k: LSE = m + log S and
 * q_k = e_k / S (one exponential per entry). Per-entry work at LR_PASS_PREC, sums at prec. */
static void lr_column(struct pcc_lowrank_pass *P, arb_srcptr z, arb_ptr e,
                      const pcc_instance_t *I, slong i, double *mcol, slong prec)
{
    slong V = I->V, wp = LR_PASS_PREC;
    arb_t lse, S, q, d, t;
    arf_t m;
    fmpq_t p;
    mag_t err;
    arb_init(lse); arb_init(S); arb_init(q); arb_init(d); arb_init(t); arf_init(m);
    fmpq_init(p); mag_init(err);
    arf_set(m, arb_midref(z));
    for (slong k = 1; k < V; k++)
        if (arf_cmp(arb_midref(z + k), m) > 0) arf_set(m, arb_midref(z + k));
    for (slong k = 0; k < V; k++) {
        arb_sub_arf(e + k, z + k, m, wp);
        arb_exp(e + k, e + k, wp);
        arb_add(S, S, e + k, prec);
    }
    arb_log(lse, S, prec);
    arb_add_arf(lse, lse, m, prec);
    arb_add(P->f, P->f, lse, prec);
    arb_add(P->entropy, P->entropy, lse, prec);
    for (slong k = 0; k < V; k++) {
        arb_div(q, e + k, S, wp);                  /* q_ik = softmax(z_i)_k */
        arb_submul(P->entropy, q, z + k, prec);
        pcc_instance_entry(p, I, i, k);
        if (!fmpq_is_zero(p)) {
            arb_set_fmpq(t, p, prec);
            arb_submul(P->f, t, z + k, prec);
            arb_sub(d, q, t, wp);
        } else {
            arb_set(d, q);
        }
        mcol[k] = arf_get_d(arb_midref(d), ARF_RND_NEAR);
        arb_set_d(t, mcol[k]);
        arb_sub(t, d, t, wp);                      /* encloses (q_ik - p_ik) - M~_ik */
        arb_get_mag(err, t);
        mag_mul(err, err, err);
        mag_add(P->e_frob2, P->e_frob2, err);
    }
    arb_clear(lse); arb_clear(S); arb_clear(q); arb_clear(d); arb_clear(t); arf_clear(m);
    fmpq_clear(p); mag_clear(err);
}

/* The pass (SPEC 15): Z = W H enclosed entrywise from fl(W H) with the a-priori gamma_r bound
 * (chk_float_product_enclosure), then one column at a time in Arb. Runs once per certificate. */
static struct pcc_lowrank_pass *lr_pass(pcc_cert_t *C, slong prec)
{
    if (C->lr_pass != NULL) return C->lr_pass;
    const pcc_instance_t *I = &C->inst;
    size_t V = (size_t) I->V, N = (size_t) I->N, r = (size_t) C->lr_rank;
    struct pcc_lowrank_pass *P = calloc(1, sizeof *P);
    if (P == NULL) return NULL;
    arb_init(P->f); arb_init(P->entropy); mag_init(P->e_frob2);
    C->lr_pass = P;
    double *mid = malloc(sizeof(double) * V * N), *rad = malloc(sizeof(double) * V * N);
    P->Mt = malloc(sizeof(double) * V * N);
    arb_ptr z = _arb_vec_init((slong) V), e = _arb_vec_init((slong) V);
    if (mid == NULL || rad == NULL || P->Mt == NULL) {
        snprintf(P->why, sizeof P->why, "out of memory for the %zu x %zu product", V, N);
    } else if (chk_float_product_enclosure(mid, rad, C->lr_W, C->lr_H, V, r, N)) {
        snprintf(P->why, sizeof P->why, "the floating product W H is not enclosed (rounding "
                 "mode not to nearest, or rank %zu too large)", r);
    } else {
        for (size_t i = 0; i < N; i++) {
            for (size_t k = 0; k < V; k++)
                lr_ball(z + k, mid[k + i * V], rad[k + i * V]);
            lr_column(P, z, e, I, (slong) i, P->Mt + i * V, prec);
        }
        arb_div_si(P->f, P->f, I->N, prec);
        P->done = arb_is_finite(P->f) && arb_is_finite(P->entropy) && mag_is_finite(P->e_frob2);
        if (!P->done)
            snprintf(P->why, sizeof P->why, "an enclosure of the pass is not finite");
    }
    free(mid);
    free(rad);
    _arb_vec_clear(z, (slong) V);
    _arb_vec_clear(e, (slong) V);
    return P;
}

static int lr_budget(const fmpq_t sum, const fmpq_t cap, const char *what, char *detail,
                     size_t len)
{
    char s[96], c[96];
    int ok = fmpq_cmp(sum, cap) <= 0;
    pcc_fmpq_text(s, sizeof s, sum);
    pcc_fmpq_text(c, sizeof c, cap);
    snprintf(detail, len, "%s = %s %s %s (exact sum of the squared binary64 values)", what, s,
             ok ? "<=" : "is not <=", c);
    return ok ? PCC_VERIFIED : PCC_REJECTED;
}

static int claim_budget_W(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    (void) prec;
    return lr_budget(C->sum_W2, C->inst.a, "||W||_F^2", detail, len);
}

static int claim_budget_H(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    (void) prec;
    return lr_budget(C->sum_H2, C->inst.b, "||H||_F^2", detail, len);
}

/* The pass, or PCC_STUCK with its reason in detail. */
static struct pcc_lowrank_pass *lr_pass_or_why(pcc_cert_t *C, slong prec, char *detail,
                                               size_t len)
{
    struct pcc_lowrank_pass *P = lr_pass(C, prec);
    if (P == NULL) {
        snprintf(detail, len, "out of memory for the pass over W H");
        return NULL;
    }
    if (!P->done) {
        snprintf(detail, len, "%s", P->why);
        return NULL;
    }
    return P;
}

/* An undecided comparison of a floating proof stays undecided at every precision. */
static int lr_no_retry(int outcome)
{
    return outcome == PCC_UNDECIDED ? PCC_STUCK : outcome;
}

static int claim_upper(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    struct pcc_lowrank_pass *P = lr_pass_or_why(C, prec, detail, len);
    if (P == NULL) return PCC_STUCK;
    return lr_no_retry(pcc_claim_bound(P->f, C->upper, C->upper_text, 1, "f(W H)", prec, detail,
                                       len));
}

/* ||Q - P||_op <= ||M~||_op + ||E||_F: the binary64 s~ <= s - ||E||_F (rounded down) and the
 * floating Cholesky criterion for ||M~||_op <= s~ (chk_float_opnorm_le). M~ is released after. */
static int claim_opnorm(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    struct pcc_lowrank_pass *P = lr_pass_or_why(C, prec, detail, len);
    char stext[96];
    const char *hook = getenv("PEELCERT_CHECK_FLOAT_NAIVE");
    if (P == NULL) return PCC_STUCK;
    if (hook != NULL && hook[0] == '1') {   /* the test hook drops the error terms: no proof */
        snprintf(detail, len, "not attempted: PEELCERT_CHECK_FLOAT_NAIVE=1 (a test hook under "
                 "which the floating criterion proves nothing)");
        return PCC_STUCK;
    }
    arb_t t;
    arf_t x;
    mag_t eF;
    arb_init(t); arf_init(x); mag_init(eF);
    mag_sqrt(eF, P->e_frob2);                  /* >= ||E||_F */
    arf_set_mag(x, eF);
    arb_set_fmpq(t, C->s, prec);
    arb_sub_arf(t, t, x, prec);                /* encloses s - (that bound) */
    arb_get_lbound_arf(x, t, prec);
    double st = arf_get_d(x, ARF_RND_FLOOR), e = mag_get_d(eF);
    int ok = st >= 0.0 && chk_float_opnorm_le(P->Mt, (size_t) C->inst.V, (size_t) C->inst.N, st);
    pcc_fmpq_text(stext, sizeof stext, C->s);
    if (ok)
        snprintf(detail, len, "||Q - P||_op <= ||M~||_op + ||E||_F with ||M~||_op <= %.17g "
                 "(binary64 Cholesky criterion, SPEC 15) and ||E||_F <= %.3e, so <= s = %s", st,
                 e, stext);
    else if (st < 0.0)
        snprintf(detail, len, "||E||_F <= %.3e leaves no room: s = %s minus it is < 0", e, stext);
    else
        snprintf(detail, len, "||M~||_op <= %.17g (s = %s minus ||E||_F <= %.3e, rounded down) is "
                 "not proved by the binary64 Cholesky criterion; the floating proof is not "
                 "retried at higher precision", st, stext, e);
    free(P->Mt);
    P->Mt = NULL;
    arb_clear(t); arf_clear(x); mag_clear(eF);
    return ok ? PCC_VERIFIED : PCC_STUCK;
}

/* LB(Q) = (1/N) [sum_i H(q_i) - rho s] for the softmax rule's Q (strictly inside the simplex
 * whatever W, H are), lower end against claims.lower. */
static int claim_lower(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    struct pcc_lowrank_pass *P = lr_pass_or_why(C, prec, detail, len);
    if (P == NULL) return PCC_STUCK;
    arb_t lb, rho, s;
    arb_init(lb); arb_init(rho); arb_init(s);
    pcc_rho(rho, &C->inst, prec);
    arb_set_fmpq(s, C->s, prec);
    arb_mul(s, s, rho, prec);
    arb_sub(lb, P->entropy, s, prec);
    arb_div_si(lb, lb, C->inst.N, prec);
    int out = pcc_claim_bound(lb, C->lower, C->lower_text, 0, "(sum_i H(q_i) - rho s)/N", prec,
                              detail, len);
    arb_clear(lb); arb_clear(rho); arb_clear(s);
    return lr_no_retry(out);
}

void pcc_check_lowrank(pcc_report_t *R, pcc_cert_t *C)
{
    pcc_run_claim(R, C, "budget_W", claim_budget_W);
    pcc_run_claim(R, C, "budget_H", claim_budget_H);
    pcc_run_claim(R, C, "upper", claim_upper);
    C->lr_opnorm_ok = pcc_run_claim(R, C, "opnorm", claim_opnorm);
    C->lower_verified = pcc_run_claim(R, C, "lower", claim_lower) && C->lr_opnorm_ok;
}
