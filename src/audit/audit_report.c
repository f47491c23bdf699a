/* The audit's outputs (audit.h): the verdict line and human report in compact scientific
 * notation (outward), and the --json document with full digits. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "peelcert/audit.h"
#include "peelcert/numbers.h"

#define SIG 3        /* significant digits in human output */
#define JSON_PLACES 20

static const char *verdict_name(pc_verdict_t v)
{
    return v == PC_VERDICT_OPTIMAL_WITHIN ? "optimal-within" :
           v == PC_VERDICT_NOT_OPTIMAL ? "not-optimal" : "infeasible";
}

/* A growing text buffer (the report is short; allocation failure is fatal like elsewhere). */
typedef struct { char *s; size_t len, cap; } text_t;

static void text_add(text_t *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void text_add(text_t *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (t->len + (size_t) n + 1 > t->cap) {
        t->cap = 2 * (t->len + (size_t) n + 1);
        t->s = realloc(t->s, t->cap);
        if (t->s == NULL) abort();
    }
    va_start(ap, fmt);
    vsnprintf(t->s + t->len, (size_t) n + 1, fmt, ap);
    va_end(ap);
    t->len += (size_t) n;
}

/* "[lo, hi]" of a lower and an upper ball, `sig` digits, outward. */
static void add_interval_sig(text_t *t, const arb_t lo, const arb_t hi, slong sig)
{
    char *l = pc_arb_sci_outward(lo, sig, 1), *h = pc_arb_sci_outward(hi, sig, 0);
    text_add(t, "[%s, %s]", l, h);
    free(l); free(h);
}

/* "[lo, hi]" in the compact SIG digits. */
static void add_interval(text_t *t, const arb_t lo, const arb_t hi)
{
    add_interval_sig(t, lo, hi, SIG);
}

/* "relative 1.20e-16" or "inside (relative -1.11e-16)"; rounded away from zero. */
static void add_excess(text_t *t, const fmpq_t x)
{
    char *s = pc_rational_sci_outward(x, SIG, fmpq_sgn(x) < 0);
    if (fmpq_sgn(x) > 0) text_add(t, "over by a relative %s", s);
    else text_add(t, "inside (relative %s)", s);
    free(s);
}

/* What "val" is in the verdict line. */
static void add_val_name(text_t *t, const pc_audit_t *a)
{
    if (a->d_below_rank)
        text_add(t, "val(LP, d = %ld)", (long) a->dim);
    else
        text_add(t, "val");
}

/* "SEP WHAT by a relative X (DTYPE rounding allows B)" if x > bound; returns 1 if added. */
static int add_over(text_t *t, const char *sep, const char *what, const fmpq_t x,
                    const fmpq_t bound, pc_dtype_t dtype)
{
    if (fmpq_sgn(x) <= 0 || fmpq_cmp(x, bound) <= 0)
        return 0;
    char *xs = pc_rational_sci_outward(x, SIG, 1), *bs = pc_rational_sci_outward(bound, SIG, 0);
    text_add(t, "%s%s by a relative %s (%s rounding allows %s)", sep, what, xs, pc_dtype_name(dtype), bs);
    free(xs); free(bs);
    return 1;
}

char *pc_audit_verdict_line(const pc_audit_t *a, const char *eps_text)
{
    text_t t = {NULL, 0, 0};
    char *eps = eps_text != NULL ? NULL : pc_rational_sci_outward(a->eps, SIG, 1);
    const char *e = eps_text != NULL ? eps_text : eps;
    const char *subject = a->rounding_excess ? "f(claim scaled onto the budgets)" : "f(claim)";
    text_add(&t, "%s", verdict_name(a->verdict));
    if (a->verdict == PC_VERDICT_INFEASIBLE) {
        if (a->has_nuclear_excess) {
            char *x = pc_arb_sci_outward(a->nuclear_excess, SIG, 1), *b = pc_rational_sci_outward(a->bound_Z, SIG, 0);
            text_add(&t, ": ||Z||_* exceeds rho = sqrt(V E_W N E_H) by a relative %s (%s rounding allows %s)",
                     x, pc_dtype_name(a->dtype_Z), b);
            free(x); free(b);
        } else if (!a->has_excess) {
            text_add(&t, ": ||Z||_* exceeds rho = sqrt(V E_W N E_H)");
        } else {
            int any = add_over(&t, ": ", "||W||^2 exceeds V E_W", a->excess_W, a->bound_W, a->dtype_W);
            add_over(&t, any ? "; " : ": ", "||H||^2 exceeds N E_H", a->excess_H, a->bound_H, a->dtype_H);
        }
    } else {
        if (a->verdict == PC_VERDICT_OPTIMAL_WITHIN) {
            char *amount = pc_arb_sci_outward(a->verdict_amount, SIG, 0);
            text_add(&t, " %s", pc_audit_exit_code(a) == 0 ? e : amount);
            free(amount);
        }
        text_add(&t, ": %s - ", subject);
        add_val_name(&t, a);
        text_add(&t, " in ");
        add_interval(&t, a->verdict_lower, a->verdict_upper);
        if (a->verdict == PC_VERDICT_OPTIMAL_WITHIN && pc_audit_exit_code(a) != 0)
            text_add(&t, " (EPS %s not proved)", e);
        if (!a->verdict_proved)
            text_add(&t, " (feasibility undecided: not proved)");
    }
    free(eps);
    return t.s;
}

char *pc_audit_text(const pc_audit_t *a, const pc_cert_t *opt, const char *eps_text)
{
    text_t t = {NULL, 0, 0};
    char *line = pc_audit_verdict_line(a, eps_text);
    text_add(&t, "%s\n", line);
    free(line);
    if (a->rounding_excess && a->has_nuclear_excess) {
        char *x = pc_arb_sci_outward(a->nuclear_excess, SIG, 0), *b = pc_rational_sci_outward(a->bound_Z, SIG, 0);
        text_add(&t, "rounding     ||Z||_* exceeds rho only by float rounding: a relative %s <= %s (%s); the verdict "
                 "is about Z scaled exactly onto the ball ||Z||_* = rho\n", x, b, pc_dtype_name(a->dtype_Z));
        free(x); free(b);
    } else if (a->rounding_excess) {
        text_add(&t, "rounding     the claim exceeds its budgets only by float rounding: W ");
        add_excess(&t, a->excess_W);
        text_add(&t, ", H ");
        add_excess(&t, a->excess_H);
        char *bw = pc_rational_sci_outward(a->bound_W, SIG, 0), *bh = pc_rational_sci_outward(a->bound_H, SIG, 0);
        text_add(&t, " (bounds: %s %s for W, %s %s for H); the verdict is about the claim scaled exactly onto the budgets\n",
                 pc_dtype_name(a->dtype_W), bw, pc_dtype_name(a->dtype_H), bh);
        free(bw); free(bh);
    }
    if (a->d_below_rank) {
        text_add(&t, "d < rank     the claim has d = %ld columns, below the rank %ld of the optimum of (C): "
                 "val(C) is only a lower bound on the optimum at this d", (long) a->dim, (long) a->rank);
        if (a->has_lp_upper) {
            char *u = pc_arb_sci_outward(a->lp_upper, 12, 0);
            text_add(&t, "; val(LP, d = %ld) <= %s (a feasible rank-%ld point of the certificate)\n",
                     (long) a->dim, u, (long) a->dim);
            free(u);
        } else {
            text_add(&t, ", so 'not optimal' cannot be proved from it\n");
        }
    }
    char *s = pc_arb_sci_outward(opt->lower, 12, 1), *u = pc_arb_sci_outward(opt->upper, 12, 0);
    text_add(&t, "optimum      val(C) in [%s, %s] (%s, %s)\n", s, u, pc_regime_name(opt->regime),
             pc_structure_name(opt->structure));
    free(s); free(u);
    text_add(&t, "feasible     %s", !a->feasibility_known ? "undetermined" : a->feasible ? "yes" : "no");
    if (a->has_excess) {
        text_add(&t, " (W ");
        add_excess(&t, a->excess_W);
        text_add(&t, ", H ");
        add_excess(&t, a->excess_H);
        text_add(&t, ")");
    }
    text_add(&t, "\nf(claim)     ");
    add_interval_sig(&t, a->value, a->value, 12);
    text_add(&t, "\nf(claim) - val(C) in ");
    add_interval(&t, a->sub_lower, a->sub_upper);
    text_add(&t, "\n");
    if (a->has_scaled) {
        text_add(&t, "scaled onto the budgets: f - val(C) in ");
        add_interval(&t, a->scaled_sub_lower, a->scaled_sub_upper);
        text_add(&t, "\n");
    }
    if (a->has_kkt) {
        char *w = pc_arb_sci_outward(a->kkt_W, SIG, 0), *h = pc_arb_sci_outward(a->kkt_H, SIG, 0);
        text_add(&t, "KKT residual ||G H^T + 2 l W|| <= %s, ||W^T G + 2 l H|| <= %s\n", w, h);
        free(w); free(h);
    }
    if (a->has_circulant_deviation) {
        s = pc_arb_sci_outward(a->circulant_deviation, SIG, 0);
        text_add(&t, "largest deviation of Pi Z from circulant <= %s\n", s);
        free(s);
    }
    if (a->has_etf_deviation) {
        s = pc_arb_sci_outward(a->etf_deviation, SIG, 0);
        text_add(&t, "largest deviation of W W^T from the simplex ETF Gram <= %s\n", s);
        free(s);
    }
    return t.s;
}

static void set_text(json_t *o, const char *key, char *text)
{
    json_object_set_new(o, key, json_string(text));
    free(text);
}

static char *lo_text(const arb_t x) { return pc_arb_decimal_outward(x, JSON_PLACES, 1); }
static char *hi_text(const arb_t x) { return pc_arb_decimal_outward(x, JSON_PLACES, 0); }
/* Differences, excesses and residuals (often far below 10^-JSON_PLACES): JSON_PLACES significant
 * digits in scientific notation, so that a proved positive lower end never prints as 0. */
static char *small_lo_text(const arb_t x) { return pc_arb_sci_outward(x, JSON_PLACES, 1); }
static char *small_hi_text(const arb_t x) { return pc_arb_sci_outward(x, JSON_PLACES, 0); }

/* An exact rational as a 20-significant-digit scientific string, rounded up. */
static char *excess_text(const fmpq_t x) { return pc_rational_sci_outward(x, 20, 0); }

static json_t *claim_json(const pc_audit_t *a)
{
    json_t *c = json_object();
    json_object_set_new(c, "feasible", a->feasibility_known ? json_boolean(a->feasible) : json_null());
    set_text(c, "value_lower", lo_text(a->value));
    set_text(c, "value_upper", hi_text(a->value));
    set_text(c, "suboptimality_lower", small_lo_text(a->sub_lower));
    set_text(c, "suboptimality_upper", small_hi_text(a->sub_upper));
    json_object_set_new(c, "verdict", json_string(verdict_name(a->verdict)));
    set_text(c, "verdict_line", pc_audit_verdict_line(a, NULL));
    json_object_set_new(c, "rounding_excess", json_boolean(a->rounding_excess));
    if (a->has_excess) {
        set_text(c, "budget_excess_W", excess_text(a->excess_W));
        set_text(c, "budget_excess_H", excess_text(a->excess_H));
        json_object_set_new(c, "inside_W", json_boolean(fmpq_sgn(a->excess_W) <= 0));
        json_object_set_new(c, "inside_H", json_boolean(fmpq_sgn(a->excess_H) <= 0));
        json_object_set_new(c, "dtype_W", json_string(pc_dtype_name(a->dtype_W)));
        json_object_set_new(c, "dtype_H", json_string(pc_dtype_name(a->dtype_H)));
        set_text(c, "rounding_bound_W", excess_text(a->bound_W));
        set_text(c, "rounding_bound_H", excess_text(a->bound_H));
    }
    if (a->has_nuclear_excess) {
        set_text(c, "nuclear_excess_lower", small_lo_text(a->nuclear_excess));
        set_text(c, "nuclear_excess_upper", small_hi_text(a->nuclear_excess));
        json_object_set_new(c, "dtype_Z", json_string(pc_dtype_name(a->dtype_Z)));
        set_text(c, "rounding_bound_Z", excess_text(a->bound_Z));
    }
    if (a->has_scaled) {
        set_text(c, "scaled_value_lower", lo_text(a->scaled_value));
        set_text(c, "scaled_value_upper", hi_text(a->scaled_value));
        set_text(c, "scaled_suboptimality_lower", small_lo_text(a->scaled_sub_lower));
        set_text(c, "scaled_suboptimality_upper", small_hi_text(a->scaled_sub_upper));
    }
    json_object_set_new(c, "d", a->dim >= 0 ? json_integer(a->dim) : json_null());
    json_object_set_new(c, "rank", a->rank >= 0 ? json_integer(a->rank) : json_null());
    json_object_set_new(c, "d_below_rank", json_boolean(a->d_below_rank));
    if (a->has_lp_upper)
        set_text(c, "lp_upper", hi_text(a->lp_upper));
    if (a->has_kkt) {
        set_text(c, "kkt_residual_W", small_hi_text(a->kkt_W));
        set_text(c, "kkt_residual_H", small_hi_text(a->kkt_H));
    }
    if (a->has_circulant_deviation)
        set_text(c, "circulant_deviation", small_hi_text(a->circulant_deviation));
    if (a->has_etf_deviation)
        set_text(c, "etf_gram_deviation", small_hi_text(a->etf_deviation));
    return c;
}

json_t *pc_audit_json(const pc_audit_t *a, const pc_cert_t *opt, pc_status_t opt_status,
                      const char *eps_text)
{
    json_t *o = json_object();
    /* every number reported is a proved enclosure and the verdict a proved statement,
     * with the optimum certified to the digits asked (docs/audit.md) */
    json_object_set_new(o, "verified", json_boolean(opt_status == PC_OK && a->verdict_proved));
    set_text(o, "lower", pc_cert_lower_text(opt));
    set_text(o, "upper", pc_cert_upper_text(opt));
    json_object_set_new(o, "regime", json_string(pc_regime_name(opt->regime)));
    json_object_set_new(o, "structure", json_string(pc_structure_name(opt->structure)));
    set_text(o, "message", pc_audit_verdict_line(a, eps_text));
    json_object_set_new(o, "verdict", json_string(verdict_name(a->verdict)));
    json_object_set_new(o, "verdict_about", json_string(a->rounding_excess ? "claim scaled onto the budgets" : "claim"));
    set_text(o, "suboptimality_lower", small_lo_text(a->verdict_lower));
    set_text(o, "suboptimality_upper", small_hi_text(a->verdict_upper));
    set_text(o, "eps", pc_rational_to_string(a->eps));
    json_object_set_new(o, "rounding_excess", json_boolean(a->rounding_excess));
    json_object_set_new(o, "d_below_rank", json_boolean(a->d_below_rank));
    json_object_set_new(o, "claim", claim_json(a));
    return o;
}
