/* Kind classes, reduction "onehot-symmetric" (FORMAT.md; docs/classes.md). Once the class maps
 * are the canonical ones (pcc_claim_classes), claim onehot_symmetric establishes from the
 * instance that every row is a point mass and every context class has the same size m; then
 * the v context classes target v distinct tokens (distinct point-mass rows), each a class of its
 * own, and the k = V - v other tokens have zero columns. For Z with the value x on each context's
 * target, y on the other targeted tokens and w on the untargeted ones (and Q - P likewise with
 * q_target - 1, q_other, q_untargeted), Z^T Z = m [(x-y)^2 I + (2 (x-y) y + v y^2 + k w^2) J] on
 * each block of equal contexts, so the singular values are sqrt(m) |x - y| (v - 1 times) and
 * sqrt(m) sqrt((x + (v-1) y)^2 + v k w^2). Every norm claim is decided with exact rationals. */
#include <stdio.h>
#include <string.h>
#include "check_internal.h"

static int read_value(fmpq_t out, const json_t *obj, const char *key, const char *where,
                      pcc_error_t *err)
{
    char path[64];
    snprintf(path, sizeof path, "%s.%s", where, key);
    return pcc_json_rational(out, json_object_get(obj, key), path, err);
}

int pcc_symmetric_read(pcc_cert_t *C, const json_t *primal, const json_t *dual, pcc_error_t *err)
{
    return read_value(C->sx, primal, "x", "primal", err) || read_value(C->sy, primal, "y", "primal", err)
        || read_value(C->sw, primal, "w", "primal", err)
        || read_value(C->qt, dual, "q_target", "dual", err)
        || read_value(C->qother, dual, "q_other", "dual", err)
        || read_value(C->qu, dual, "q_untargeted", "dual", err)
        || read_value(C->s, dual, "opnorm_bound", "dual", err);
}

/* number of nonzero entries of row i of P */
static slong row_nonzeros(const pcc_instance_t *I, slong i)
{
    if (I->form == PCC_ONEHOT) return 1;
    if (I->form == PCC_SPARSE) return I->sp_start[i + 1] - I->sp_start[i];
    slong n = 0;
    for (slong k = 0; k < I->V; k++) n += !fmpq_is_zero(I->P + i * I->V + k);
    return n;
}

static int claim_symmetric(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    const pcc_instance_t *I = &C->inst;
    if (!C->classes_verified) {
        snprintf(detail, len, "not checked: the class maps were rejected");
        return PCC_REJECTED;
    }
    for (slong b = 0; b < C->cv; b++) {
        if (C->csize[b] != C->csize[0]) {
            snprintf(detail, len, "context classes 0 and %ld have sizes %ld and %ld, not equal", b,
                     C->csize[0], C->csize[b]);
            return PCC_REJECTED;
        }
        if (row_nonzeros(I, C->crep[b]) != 1) {   /* rows sum to 1: one nonzero means a 1 */
            snprintf(detail, len, "row %ld of P is not a point mass", C->crep[b]);
            return PCC_REJECTED;
        }
    }
    C->sm = C->csize[0];
    C->sk = I->V - C->cv;
    if (C->cu != C->cv + (C->sk > 0)) {   /* cannot happen once the classes are canonical */
        snprintf(detail, len, "%ld token classes, expected %ld", C->cu, C->cv + (C->sk > 0));
        return PCC_REJECTED;
    }
    C->symmetric_verified = 1;
    snprintf(detail, len, "one-hot rows, %ld context classes of %ld contexts each, %ld untargeted "
             "tokens", C->cv, C->sm, C->sk);
    return PCC_VERIFIED;
}

static int needs_symmetric(const pcc_cert_t *C, char *detail, size_t len)
{
    if (C->symmetric_verified) return 0;
    snprintf(detail, len, "not checked: claim onehot_symmetric was rejected");
    return 1;
}

/* (x + (v-1) y)^2 + v k w^2 */
static void second_square(fmpq_t out, const fmpq_t x, const fmpq_t y, const fmpq_t w,
                          const pcc_cert_t *C)
{
    fmpq_t t;
    fmpq_init(t);
    fmpq_set(out, y);
    fmpq_mul_si(out, out, C->cv - 1);
    fmpq_add(out, out, x);
    fmpq_mul(out, out, out);
    fmpq_mul(t, w, w);
    fmpq_mul_si(t, t, C->cv * C->sk);
    fmpq_add(out, out, t);
    fmpq_clear(t);
}

slong pcc_symmetric_rank(const pcc_cert_t *C)
{
    fmpq_t c;
    fmpq_init(c);
    second_square(c, C->sx, C->sy, C->sw, C);
    slong r = (C->cv >= 2 && !fmpq_equal(C->sx, C->sy) ? C->cv - 1 : 0) + !fmpq_is_zero(c);
    fmpq_clear(c);
    return r;
}

/* sqrt(m) [(v-1) |x - y| + sqrt(c)] <= rho = sqrt(a b), exactly: with A = (v-1)|x - y| and
 * T = a b / m, A + sqrt(c) <= sqrt(T) iff T >= A^2 and R = T + A^2 - c >= 0 and 4 A^2 T <= R^2. */
static int claim_nuclear(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    if (needs_symmetric(C, detail, len)) return PCC_REJECTED;
    fmpq_t A, c, T, R, l;
    fmpq_init(A); fmpq_init(c); fmpq_init(T); fmpq_init(R); fmpq_init(l);
    fmpq_sub(A, C->sx, C->sy);
    fmpq_abs(A, A);
    fmpq_mul_si(A, A, C->cv - 1);
    second_square(c, C->sx, C->sy, C->sw, C);
    fmpq_mul(T, C->inst.a, C->inst.b);
    pcc_fmpq_div_si(T, T, C->sm);
    fmpq_mul(l, A, A);
    fmpq_add(R, T, l);
    fmpq_sub(R, R, c);
    int ok = fmpq_cmp(T, l) >= 0 && fmpq_sgn(R) >= 0;
    fmpq_mul(l, l, T);
    fmpq_mul_2exp(l, l, 2);
    fmpq_mul(R, R, R);
    ok = ok && fmpq_cmp(l, R) <= 0;
    snprintf(detail, len, "||Z||_* = sqrt(m) [(v-1) |x - y| + sqrt((x + (v-1) y)^2 + v k w^2)] %s "
             "rho (exact rational squares)", ok ? "<=" : "is not <=");
    fmpq_clear(A); fmpq_clear(c); fmpq_clear(T); fmpq_clear(R); fmpq_clear(l);
    return ok ? PCC_VERIFIED : PCC_REJECTED;
}

static int claim_upper(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    if (needs_symmetric(C, detail, len)) return PCC_REJECTED;
    arb_t f, e;
    fmpq_t d;
    arb_init(f); arb_init(e); fmpq_init(d);
    arb_one(f);
    fmpq_sub(d, C->sy, C->sx);
    arb_set_fmpq(e, d, prec);
    arb_exp(e, e, prec);
    arb_addmul_si(f, e, C->cv - 1, prec);
    fmpq_sub(d, C->sw, C->sx);
    arb_set_fmpq(e, d, prec);
    arb_exp(e, e, prec);
    arb_addmul_si(f, e, C->sk, prec);
    arb_log(f, f, prec);
    int out = pcc_claim_bound(f, C->upper, C->upper_text, 1,
                              "f(Z) = log(1 + (v-1) e^(y-x) + k e^(w-x))", prec, detail, len);
    arb_clear(f); arb_clear(e); fmpq_clear(d);
    return out;
}

static int claim_dual_simplex(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    if (needs_symmetric(C, detail, len)) return PCC_REJECTED;
    fmpq_t sum, t;
    fmpq_init(sum); fmpq_init(t);
    fmpq_mul_si(sum, C->qother, C->cv - 1);
    fmpq_mul_si(t, C->qu, C->sk);
    fmpq_add(sum, sum, t);
    fmpq_add(sum, sum, C->qt);
    int ok = fmpq_sgn(C->qt) >= 0 && fmpq_sgn(C->qother) >= 0 && fmpq_sgn(C->qu) >= 0 && fmpq_is_one(sum);
    snprintf(detail, len, ok ? "q >= 0 and q_target + (v-1) q_other + k q_untargeted = 1 (exact)"
             : "a negative q, or q_target + (v-1) q_other + k q_untargeted != 1");
    fmpq_clear(sum); fmpq_clear(t);
    return ok ? PCC_VERIFIED : PCC_REJECTED;
}

/* s >= sqrt(m) |q_t - 1 - q_o| (when v >= 2) and s >= sqrt(m) sqrt((q_t - 1 + (v-1) q_o)^2 +
 * v k q_u^2), by squares */
static int claim_opnorm(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    if (needs_symmetric(C, detail, len)) return PCC_REJECTED;
    fmpq_t x, s2, t;
    fmpq_init(x); fmpq_init(s2); fmpq_init(t);
    fmpq_mul(s2, C->s, C->s);
    pcc_fmpq_div_si(s2, s2, C->sm);
    fmpq_sub_si(x, C->qt, 1);
    int ok = fmpq_sgn(C->s) >= 0;
    if (ok && C->cv >= 2) {
        fmpq_sub(t, x, C->qother);
        fmpq_mul(t, t, t);
        ok = fmpq_cmp(t, s2) <= 0;
    }
    if (ok) {
        second_square(t, x, C->qother, C->qu, C);
        ok = fmpq_cmp(t, s2) <= 0;
    }
    snprintf(detail, len, "both singular values of Q - P %s opnorm_bound (exact squares)",
             ok ? "are <=" : "are not all <=");
    fmpq_clear(x); fmpq_clear(s2); fmpq_clear(t);
    return ok ? PCC_VERIFIED : PCC_REJECTED;
}

static int claim_lower(pcc_cert_t *C, slong prec, char *detail, size_t len)
{
    if (needs_symmetric(C, detail, len)) return PCC_REJECTED;
    if (fmpq_sgn(C->qt) < 0 || fmpq_sgn(C->qother) < 0 || fmpq_sgn(C->qu) < 0 || fmpq_sgn(C->s) < 0) {
        snprintf(detail, len, "needs q >= 0 and opnorm_bound >= 0");
        return PCC_REJECTED;
    }
    arb_t lb, t, rho;
    arb_init(lb); arb_init(t); arb_init(rho);
    pcc_xlogx(lb, C->qt, prec);
    pcc_xlogx(t, C->qother, prec);
    arb_addmul_si(lb, t, C->cv - 1, prec);
    pcc_xlogx(t, C->qu, prec);
    arb_addmul_si(lb, t, C->sk, prec);
    arb_neg(lb, lb);
    pcc_rho(rho, &C->inst, prec);
    arb_set_fmpq(t, C->s, prec);
    arb_mul(t, t, rho, prec);
    arb_div_si(t, t, C->inst.N, prec);
    arb_sub(lb, lb, t, prec);
    int out = pcc_claim_bound(lb, C->lower, C->lower_text, 0, "H(q) - rho s / N", prec, detail, len);
    arb_clear(lb); arb_clear(t); arb_clear(rho);
    return out;
}

void pcc_check_classes_symmetric(pcc_report_t *R, pcc_cert_t *C)
{
    int dual_ok;
    pcc_run_claim(R, C, "classes", pcc_claim_classes);
    pcc_run_claim(R, C, "onehot_symmetric", claim_symmetric);
    pcc_run_claim(R, C, "nuclear_norm", claim_nuclear);
    pcc_run_claim(R, C, "upper", claim_upper);
    dual_ok = pcc_run_claim(R, C, "dual_simplex", claim_dual_simplex);
    dual_ok &= pcc_run_claim(R, C, "opnorm", claim_opnorm);
    C->lower_verified = pcc_run_claim(R, C, "lower", claim_lower) && dual_ok;
}
