/* The values of a sweep document (FORMAT.md "Sweeps", values[]: {rho, lower, upper, c?, r?}),
 * re-verified by the checker's own code:
 *   - with c and r: exactly as a certificate of kind circulant (check_structured.c) of the
 *     sweep's instance at a = V E_W = rho, b = N E_H = rho: sum c = 0, sum_j |c_hat_j| < rho,
 *     CE(q, c) <= upper, r in the simplex, H(r) - (rho/n) max_j |(r - q)_hat_j| >= lower;
 *   - without them, a closed form: a cyclic sweep's value at rho >= rho_int (proved) is the
 *     mean target entropy H(q) (the centered log q is feasible there and CE >= H(q) always,
 *     SPEC 3); an exchangeable sweep's value is -alpha x* + log(exp(x*) + n - 1) with
 *     x* = clamp(log(alpha/beta), -rho/(n-1), rho/(n-1)) (SPEC 5b), enclosed with Arb;
 *   - lower "-inf" with upper "inf" claims nothing (a value the producer could not certify)
 *     and is accepted as such. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "check_sweep.h"

static int values_fail(char *msg, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int values_fail(char *msg, size_t len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, len, fmt, ap);
    va_end(ap);
    return 1;
}

static int is_text(const json_t *v, const char *s)
{
    return json_is_string(v) && strcmp(json_string_value(v), s) == 0;
}

/* The instance of the sweep, re-read, with the budgets a = b = rho (E_W = rho / V,
 * E_H = rho / N). */
static int value_instance(pcc_instance_t *I, const json_t *instance, const fmpq_t rho, pcc_error_t *err)
{
    if (pcc_instance_read(I, instance, "instance", err)) return 1;
    fmpq_set(I->a, rho);
    fmpq_set(I->b, rho);
    pcc_fmpq_div_si(I->E_W, rho, I->V);
    pcc_fmpq_div_si(I->E_H, rho, I->N);
    return 0;
}

/* values[k] with c and r: the claims of kind circulant. 0 verified, 1 rejected (msg). */
static int check_circulant_value(pcc_cert_t *C, slong k, slong prec, char *msg, size_t len)
{
    pcc_report_t R;
    memset(&R, 0, sizeof R);
    C->kind = PCC_KIND_CIRCULANT;
    C->n = C->inst.V;
    pcc_abelian_cyclic(&C->group, C->n);
    C->prec = prec;
    C->prec_max = prec > 1024 ? 4 * prec : 4096;
    C->max_bytes = 4096.0 * 1048576.0;
    pcc_check_circulant(&R, C);
    for (int i = 0; i < R.n; i++)
        if (!R.claims[i].verified)
            return values_fail(msg, len, "values[%ld] (rho = %.17g, a circulant certificate at a = b = "
                               "rho): claim %s rejected: %s", (long) k, fmpq_get_d(C->inst.a),
                               R.claims[i].name, R.claims[i].detail);
    return 0;
}

/* Encloses the closed-form value of an exchangeable instance at rho (SPEC 5b). */
static void exchangeable_value(arb_t val, const pcc_instance_t *I, const fmpq_t rho, slong prec)
{
    slong n = I->V;
    arb_t x, r, t;
    arb_init(x); arb_init(r); arb_init(t);
    arb_set_fmpq(r, rho, prec);
    arb_div_si(r, r, n - 1, prec);
    if (fmpq_sgn(I->beta) == 0) {
        arb_set(x, r);                       /* log(alpha / 0) = +inf */
    } else if (fmpq_sgn(I->alpha) == 0) {
        arb_neg(x, r);                       /* log(0 / beta) = -inf */
    } else {
        fmpq_t q;
        fmpq_init(q);
        fmpq_div(q, I->alpha, I->beta);
        arb_set_fmpq(x, q, prec);
        arb_log(x, x, prec);
        arb_min(x, x, r, prec);
        arb_neg(r, r);
        arb_max(x, x, r, prec);
        fmpq_clear(q);
    }
    arb_exp(t, x, prec);
    arb_add_si(t, t, n - 1, prec);
    arb_log(val, t, prec);
    arb_set_fmpq(t, I->alpha, prec);
    arb_submul(val, t, x, prec);
    arb_clear(x); arb_clear(r); arb_clear(t);
}

/* values[k] without c and r: the closed forms above. 0 verified, 1 rejected (msg). */
static int check_closed_value(pcc_cert_t *C, slong k, int cyclic, const arb_t thr, int has_thr,
                              slong prec, char *msg, size_t len)
{
    const pcc_instance_t *I = &C->inst;
    arb_t val, rho;
    char d1[640], d2[640];
    int bad = 0;
    arb_init(val); arb_init(rho);
    arb_set_fmpq(rho, I->a, pcc_fmpq_bits(I->a) + prec);   /* about exact: rho may be rho_int's enclosure's end */
    if (cyclic && (!has_thr || !arb_le(thr, rho))) {
        bad = values_fail(msg, len, "values[%ld] (rho = %.17g): no c and r, and rho is not proved at "
                          "or above the interior threshold (where the value is H(q))", (long) k,
                          fmpq_get_d(I->a));
    } else {
        const char *what = cyclic ? "H(q) (the value above rho_int)" : "the closed form (SPEC 5b)";
        for (slong p = prec; p <= 4 * prec; p *= 2) {
            if (cyclic) pcc_mean_entropy(val, I, p);
            else exchangeable_value(val, I, I->a, p);
            int lo = pcc_claim_bound(val, C->lower, C->lower_text, 0, what, p, d1, sizeof d1);
            int hi = pcc_claim_bound(val, C->upper, C->upper_text, 1, what, p, d2, sizeof d2);
            bad = lo != PCC_VERIFIED || hi != PCC_VERIFIED;
            if (lo == PCC_REJECTED || hi == PCC_REJECTED || !bad) break;
        }
        if (bad)
            values_fail(msg, len, "values[%ld] (rho = %.17g): %s", (long) k, fmpq_get_d(I->a),
                        strstr(d1, "is not") ? d1 : d2);
    }
    arb_clear(val); arb_clear(rho);
    return bad;
}

/* Reads values[k] into C (instance at a = b = rho, lower, upper, c and r if present); 1 with
 * err naming the field. *vacuous = 1 for the pair ("-inf", "inf"). */
static int read_value(pcc_cert_t *C, int *vacuous, const json_t *v, const json_t *instance, slong k,
                      pcc_error_t *err)
{
    char sub[64];
    fmpq_t rho;
    const json_t *lo = json_object_get(v, "lower"), *hi = json_object_get(v, "upper");
    const json_t *c = json_object_get(v, "c"), *r = json_object_get(v, "r");
    int bad = 0;
    if (!json_is_object(v)) return pcc_fail(err, "values[%ld]: expected an object, got %s", (long) k, pcc_json_type_name(v));
    fmpq_init(rho);
    snprintf(sub, sizeof sub, "values[%ld].rho", (long) k);
    bad = pcc_json_rational(rho, json_object_get(v, "rho"), sub, err);
    if (!bad && fmpq_sgn(rho) <= 0) bad = pcc_fail(err, "%s: not positive", sub);
    if (!bad) bad = value_instance(&C->inst, instance, rho, err);
    fmpq_clear(rho);
    if (bad) return 1;
    *vacuous = is_text(lo, "-inf") && is_text(hi, "inf");
    if (*vacuous) {
        if (c != NULL || r != NULL)
            return pcc_fail(err, "values[%ld]: bounds -inf, inf with c or r", (long) k);
        return 0;
    }
    snprintf(sub, sizeof sub, "values[%ld].lower", (long) k);
    if (pcc_json_decimal(C->lower, lo, sub, err)) return 1;
    snprintf(sub, sizeof sub, "values[%ld].upper", (long) k);
    if (pcc_json_decimal(C->upper, hi, sub, err)) return 1;
    C->lower_text = strdup(json_string_value(lo));
    C->upper_text = strdup(json_string_value(hi));
    if ((c == NULL) != (r == NULL))
        return pcc_fail(err, "values[%ld]: %s without %s", (long) k, c ? "c" : "r", c ? "r" : "c");
    if (c == NULL) return 0;
    slong n = C->inst.V;
    C->n = n;
    snprintf(sub, sizeof sub, "values[%ld].c", (long) k);
    if (pcc_json_array(c, sub, n, err)) return 1;
    C->c = _fmpq_vec_init(n);
    if (pcc_json_rational_vector(C->c, c, sub, n, err)) return 1;
    snprintf(sub, sizeof sub, "values[%ld].r", (long) k);
    if (pcc_json_array(r, sub, n, err)) return 1;
    C->r = _fmpq_vec_init(n);
    return pcc_json_rational_vector(C->r, r, sub, n, err);
}

int pcc_sweep_check_values(const json_t *root, int cyclic, const arb_t thr, int has_thr, slong prec,
                           slong *checked, char *msg, size_t len)
{
    const json_t *values = json_object_get(root, "values"), *instance = json_object_get(root, "instance");
    pcc_error_t err;
    int rc = 0;
    *checked = 0;
    if (pcc_json_array(values, "values", -1, &err)) {
        snprintf(msg, len, "%s", err.text);
        return 2;
    }
    for (size_t k = 0; k < json_array_size(values) && rc == 0; k++) {
        pcc_cert_t C;
        int vacuous = 0;
        pcc_cert_init(&C);
        if (read_value(&C, &vacuous, json_array_get(values, k), instance, (slong) k, &err)) {
            snprintf(msg, len, "%s", err.text);
            rc = 2;
        } else if (!vacuous) {
            rc = C.c != NULL ? check_circulant_value(&C, (slong) k, prec, msg, len)
                             : check_closed_value(&C, (slong) k, cyclic, thr, has_thr, prec, msg, len);
            *checked += rc == 0;
        }
        pcc_cert_clear(&C);
    }
    return rc;
}
