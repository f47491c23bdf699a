/* Oracle documents (oracle.h; docs/oracle.md). Every number is a certified ball. */
#include <stdlib.h>
#include <string.h>
#include "oracle_internal.h"
#include "peelcert/oracle.h"
#include "peelcert/numbers.h"
#include "peelcert/verify.h"
#include "peelcert/group.h"
#include "peelcert/lowdim.h"
#include "peelcert/certify.h"

void pc_oracle_distance_bound(arb_t delta, const arb_t upper, const arb_t lower,
                              const pc_instance_t *inst, slong prec)
{
    /* f(Pi Z) - f(Z°) >= (m/2) ||Pi Z - Z°||^2 with m >= exp(-sqrt(2) rho)/(N V):
     * columns of matrices in the nuclear ball have ||z||_2 <= rho, so max z - min z <=
     * sqrt(2) rho and every softmax entry is >= exp(-sqrt(2) rho)/V (SPEC 2, 3). */
    arb_t gap, t, rho;
    arb_init(gap); arb_init(t); arb_init(rho);
    arb_sub(gap, upper, lower, prec);
    arb_nonnegative_part(gap, gap);
    pc_verify_rho(rho, inst, prec);
    arb_sqrt_ui(t, 2, prec);
    arb_mul(t, t, rho, prec);
    arb_exp(t, t, prec);
    arb_mul(gap, gap, t, prec);
    arb_mul_si(gap, gap, 2, prec);
    arb_mul_si(gap, gap, inst->tokens, prec);
    arb_mul_si(gap, gap, inst->contexts, prec);
    arb_sqrtpos(delta, gap, prec);
    /* keep only the upper end: delta is a bound, not an estimate */
    arb_get_ubound_arf(arb_midref(t), delta, prec);
    arb_set_arf(delta, arb_midref(t));
    arb_clear(gap); arb_clear(t); arb_clear(rho);
}


json_t *pc_oracle_ball(pc_oracle_ctx_t *ctx, const arb_t x)
{
    char *value, *radius;
    pc_arb_decimal_with_radius(&value, &radius, x, ctx->places);
    json_t *o = json_object();
    json_object_set_new(o, "value", json_string(value));
    json_object_set_new(o, "radius", json_string(radius));
    free(value);
    free(radius);
    /* the written radius is at most rad(x) + 10^-places (rounding of the value) */
    arf_t r, t;
    arf_init(r); arf_init(t);
    arf_set_mag(r, arb_radref(x));
    if (!arb_is_finite(x))
        arf_pos_inf(r);
    fmpz_t p;
    fmpz_init(p);
    fmpz_ui_pow_ui(p, 10, (ulong) ctx->places);
    arf_set_fmpz(t, p);
    arf_ui_div(t, 1, t, 64, ARF_RND_UP);
    fmpz_clear(p);
    arf_add(r, r, t, 64, ARF_RND_UP);
    if (arf_cmp(r, ctx->worst) > 0)
        arf_set(ctx->worst, r);
    arf_clear(r); arf_clear(t);
    return o;
}

json_t *pc_oracle_diag_off(pc_oracle_ctx_t *ctx, const arb_t diag, const arb_t off)
{
    json_t *o = json_object();
    json_object_set_new(o, "form", json_string("diagonal/off-diagonal"));
    json_object_set_new(o, "diagonal", pc_oracle_ball(ctx, diag));
    json_object_set_new(o, "off_diagonal", pc_oracle_ball(ctx, off));
    return o;
}

json_t *pc_oracle_circulant_form(pc_oracle_ctx_t *ctx, arb_srcptr column, slong n)
{
    json_t *array = json_array();
    for (slong m = 0; m < n; m++)
        json_array_append_new(array, pc_oracle_ball(ctx, column + m));
    json_t *o = json_object();
    const pc_abelian_t *G = &ctx->cert->group;
    if (ctx->cert->kind == PC_CERT_CIRCULANT && !pc_abelian_is_cyclic(G)) {
        /* SPEC 11: entry (i, j) = first_column[i - j] in the group (mixed radix) */
        json_t *orders = json_array();
        for (slong t = 0; t < G->k; t++)
            json_array_append_new(orders, json_integer(G->orders[t]));
        json_object_set_new(o, "form", json_string("group_circulant"));
        json_object_set_new(o, "orders", orders);
    } else {
        json_object_set_new(o, "form", json_string("circulant"));
    }
    json_object_set_new(o, "first_column", array);
    return o;
}

void pc_oracle_note(pc_oracle_ctx_t *ctx, const char *key, const char *reason)
{
    json_object_set_new(ctx->notes, key, json_string(reason));
}

/* Below the rank (SPEC 12): the certified best rank-d point, exact (radius 0), with the
 * claims certify proved for it (upper bound on val(LP) at d, local-minimum status). */
static json_t *lp_point_json(const pc_lowdim_result_t *lp, const arb_t convex_lower)
{
    json_t *o = pc_lowdim_result_json(lp, convex_lower);
    json_object_set_new(o, "W", pc_rational_matrix_json(lp->W));
    json_object_set_new(o, "H", pc_rational_matrix_json(lp->H));
    return o;
}

/* The document; *worst receives an upper bound of the largest radius written. */
static json_t *oracle_document(const pc_cert_t *cert, const pc_certify_report_t *rep,
                               const pc_instance_t *inst, slong places, arf_t worst)
{
    pc_oracle_ctx_t ctx;
    ctx.cert = cert;
    ctx.inst = inst;
    ctx.places = places;
    ctx.prec = 64 + 4 * places;
    arf_init(ctx.worst);
    ctx.notes = json_object();
    json_t *doc = json_object();
    json_object_set_new(doc, "format", json_string(PC_ORACLE_FORMAT));
    json_object_set_new(doc, "instance", pc_instance_to_json(inst));
    json_t *value = json_object();
    char *lower = pc_arb_decimal_outward(cert->lower, places, 1);
    char *upper = pc_arb_decimal_outward(cert->upper, places, 0);
    json_object_set_new(value, "lower", json_string(lower));
    json_object_set_new(value, "upper", json_string(upper));
    free(lower);
    free(upper);
    json_object_set_new(doc, "value", value);
    json_object_set_new(doc, "value_is_lp", json_boolean(cert->upper_is_lp));
    json_object_set_new(doc, "regime", json_string(pc_regime_name(cert->regime)));
    json_object_set_new(doc, "structure", json_string(pc_structure_name(cert->structure)));
    json_object_set_new(doc, "path", json_string(rep->path));
    if (cert->lp != NULL && cert->lp->done)
        json_object_set_new(doc, "lp", lp_point_json(cert->lp, cert->lower));
    else if (cert->kind == PC_CERT_GROUP && !rep->d_below_rank) {   /* docs/groups.md */
        json_t *geometry = pc_group_geometry_json(cert, inst, places);
        if (geometry != NULL) json_object_set_new(doc, "geometry", geometry);
    }
    arb_t delta;
    arb_init(delta);
    pc_oracle_logits(doc, &ctx, delta);
    pc_oracle_grams(doc, &ctx, delta);
    arb_clear(delta);
    /* the value's own width counts as a radius too */
    {
        arb_t w;
        arf_t u;
        arb_init(w); arf_init(u);
        pc_oracle_gap(w, cert, ctx.prec);
        arb_get_ubound_arf(u, w, ctx.prec);
        if (arf_cmp(u, ctx.worst) > 0) arf_set(ctx.worst, u);
        arb_clear(w); arf_clear(u);
    }
    json_t *gram_note = json_object_get(ctx.notes, "gram_W");
    if (gram_note != NULL)
        json_object_set(doc, "gram_note", gram_note);
    json_object_set_new(doc, "notes", ctx.notes);
    arf_set(worst, ctx.worst);
    arf_clear(ctx.worst);
    return doc;
}

json_t *pc_oracle_build(const pc_cert_t *cert, const pc_certify_report_t *rep,
                        const pc_instance_t *inst, slong places)
{
    arf_t worst;
    arf_init(worst);
    json_t *doc = oracle_document(cert, rep, inst, places, worst);
    arf_clear(worst);
    return doc;
}

/* 1 iff worst <= 10^-digits / 2 (a margin for the two-digit rounding of written radii). */
static int radius_met(const arf_t worst, slong digits)
{
    fmpz_t p;
    arf_t t;
    fmpz_init(p); arf_init(t);
    fmpz_ui_pow_ui(p, 10, (ulong) digits);
    fmpz_mul_ui(p, p, 2);
    arf_set_fmpz(t, p);
    arf_ui_div(t, 1, t, 64, ARF_RND_DOWN);
    int ok = arf_is_finite(worst) && arf_cmp(worst, t) <= 0;
    fmpz_clear(p); arf_clear(t);
    return ok;
}

/* Decimal digits still missing: about log10(worst 10^digits), at least 1 (0 if met). */
static slong missing_digits(const arf_t worst, slong digits)
{
    if (!arf_is_finite(worst))
        return -1;
    /* a step size only, never a claim: log10 of 2^e >= worst */
    double e = (double) arf_abs_bound_lt_2exp_si(worst) * 0.30103 + (double) digits;
    return e < 1 ? 1 : (slong) e + 1;
}

json_t *pc_oracle_run(const pc_instance_t *inst, const pc_oracle_options_t *opt,
                      pc_status_t *status, pc_msg_t *msg)
{
    slong digits = opt->digits > 0 ? opt->digits : PC_ORACLE_DEFAULT_DIGITS;
    /* the radius of a logit is about sqrt(gap / curvature): certify to about twice the
     * digits asked for, then add what the measured radii say is still missing */
    slong internal = 2 * digits + PC_ORACLE_EXTRA_DIGITS;
    json_t *doc = NULL;
    arf_t worst;
    arf_init(worst);
    for (int attempt = 0; attempt < PC_ORACLE_ATTEMPTS; attempt++) {
        pc_cert_t cert;
        pc_certify_report_t rep;
        pc_certify_options_t copt = { .digits = internal, .progress = opt->progress,
                                       .force_dense = opt->force_dense };
        pc_cert_init(&cert, PC_CERT_DENSE);
        memset(&rep, 0, sizeof rep);
        pc_status_t st = pc_certify(&cert, &rep, inst, &copt, msg);
        if (st != PC_BAD_INPUT && cert.kind == PC_CERT_CLASSES && !copt.force_dense
            && (double) inst->tokens * (double) inst->contexts <= (double) PC_MAX_DENSE_ENTRIES) {
            /* kind classes gives no logit or Gram enclosures yet (SPEC 10): its dense twin does */
            pc_certify_report_clear(&rep);
            pc_cert_clear(&cert);
            pc_cert_init(&cert, PC_CERT_DENSE);
            memset(&rep, 0, sizeof rep);
            copt.force_dense = 1;
            st = pc_certify(&cert, &rep, inst, &copt, msg);
        }
        if (st == PC_BAD_INPUT) {
            pc_certify_report_clear(&rep);
            pc_cert_clear(&cert);
            json_decref(doc);
            *status = st;
            arf_clear(worst);
            return NULL;
        }
        json_decref(doc);
        doc = oracle_document(&cert, &rep, inst, digits + PC_ORACLE_EXTRA_PLACES, worst);
        pc_certify_report_clear(&rep);
        pc_cert_clear(&cert);
        int met = radius_met(worst, digits);
        /* PC_NOT_PROVED from pc_certify: the internal gap target was missed, but every bound
         * (and so every radius) written is still proved; what counts is the radius asked for */
        *status = met ? PC_OK : PC_NOT_PROVED;
        if (!met && st == PC_OK)
            pc_fail(msg, PC_NOT_PROVED, "a certified radius exceeds 1e-%ld (certified internally "
                    "to 1e-%ld)", (long) digits, (long) internal);
        if (st != PC_OK || met)
            break;
        slong more = missing_digits(worst, digits);
        if (more < 0)
            break;
        internal += 2 * more + PC_ORACLE_EXTRA_DIGITS;
    }
    char *w = NULL, *zero = NULL;
    if (arf_is_finite(worst)) {
        /* the bound as a radius text ("Me-E", rounded up) of the ball 0 +- worst */
        arb_t x;
        arb_init(x);
        arf_get_mag(arb_radref(x), worst);
        pc_arb_decimal_with_radius(&zero, &w, x, 0);
        arb_clear(x);
        free(zero);
    }
    json_object_set_new(doc, "digits", json_integer(digits));
    json_object_set_new(doc, "max_radius", w ? json_string(w) : json_string("inf"));
    free(w);
    json_object_set_new(doc, "verified", json_boolean(*status == PC_OK));
    json_object_set_new(doc, "message", json_string(*status == PC_OK
        ? "every determined entry certified with radius <= 10^-digits" : msg->text));
    arf_clear(worst);
    return doc;
}
