/* The Gram matrices W W^T and H^T H of every optimal factorisation (SPEC 4), per path
 * (docs/oracle.md). They are determined only in the binding regime with d >= rank(Z°); the
 * oracle uses d >= min(V - 1, N) >= rank(Z°). Then W W^T = sqrt(a/b) |Z°^T| and
 * H^T H = sqrt(b/a) |Z°| (|A| = (A^T A)^(1/2)), and since the operator absolute value is
 * Lipschitz in Frobenius norm, || |A| - |B| ||_F <= sqrt(2) ||A - B||_F (Araki–Yamagami),
 * the Grams of the certificate's exact centered primal Zc are within
 * sqrt(a/b) sqrt(2) delta (resp. sqrt(b/a) sqrt(2) delta) of the optimal ones. */
#include <stdlib.h>
#include "oracle_internal.h"
#include "peelcert/cyclic.h"
#include "peelcert/geometry.h"
#include "peelcert/group.h"
#include "peelcert/verify.h"

/* Encloses sqrt(x / y) for exact x, y > 0. */
static void sqrt_ratio(arb_t out, const fmpq_t x, const fmpq_t y, slong prec)
{
    fmpq_t t;
    fmpq_init(t);
    fmpq_div(t, x, y);
    arb_set_fmpq(out, t, prec);
    arb_sqrtpos(out, out, prec);
    fmpq_clear(t);
}

/* x I + y (J - I) with x = u (V-1)/V, y = -u/V: u (I - J/V), exact u. */
static json_t *etf_form(pc_oracle_ctx_t *ctx, const fmpq_t u, slong V)
{
    arb_t diag, off;
    arb_init(diag); arb_init(off);
    arb_set_fmpq(off, u, ctx->prec);
    arb_div_si(off, off, -V, ctx->prec);
    arb_mul_si(diag, off, -(V - 1), ctx->prec);
    json_t *o = pc_oracle_diag_off(ctx, diag, off);
    arb_clear(diag); arb_clear(off);
    return o;
}

/* Circulant: Zc and Z° are circulant, so are |Zc| = |Zc^T| (Zc is normal) with first column
 * the inverse DFT of |c_hat_j|. Parseval gives the sharper per-entry bound
 * ||g - g°||_2 = ||(|c_hat| - |c°_hat|)||_2 / sqrt(n) <= ||c - c°||_2 = delta / sqrt(n)
 * for g = first column of |Zc|; W W^T = sqrt(a/b) |Z°|, H^T H = sqrt(b/a) |Z°| (SPEC 5a). */
static void circulant_grams(json_t *doc, pc_oracle_ctx_t *ctx, const arb_t delta)
{
    const pc_cert_t *cert = ctx->cert;
    slong n = cert->n, prec = ctx->prec;
    fmpq_t a, b;
    arb_t r, t;
    arb_ptr g = _arb_vec_init(n);
    fmpq_init(a); fmpq_init(b);
    arb_init(r); arb_init(t);
    pc_instance_budgets(a, b, ctx->inst);
    arb_sqrt_ui(t, (ulong) n, prec);
    arb_div(r, delta, t, prec);
    for (int side = 0; side < 2; side++) {
        /* side 0: W W^T = sqrt(a/b) |Z|; side 1: H^T H = sqrt(b/a) |Z| */
        pc_abelian_gram_first_row(g, cert->c, &cert->group, side == 0 ? a : b, side == 0 ? b : a,
                                  prec);
        sqrt_ratio(t, side == 0 ? a : b, side == 0 ? b : a, prec);
        arb_mul(t, t, r, prec);
        for (slong m = 0; m < n; m++)
            arb_add_error(g + m, t);
        json_object_set_new(doc, side == 0 ? "gram_W" : "gram_H", pc_oracle_circulant_form(ctx, g, n));
    }
    _arb_vec_clear(g, n);
    fmpq_clear(a); fmpq_clear(b);
    arb_clear(r); arb_clear(t);
}

/* {"form": "orbital", "orbital": [[id x cols] x rows], "values": [ball x R]}. */
static json_t *orbital_form(pc_oracle_ctx_t *ctx, const pc_group_orbits_t *orb, arb_srcptr values,
                            slong rows, slong cols)
{
    json_t *ids = json_array(), *vals = json_array();
    for (slong r = 0; r < rows; r++) {
        json_t *row = json_array();
        for (slong c = 0; c < cols; c++)
            json_array_append_new(row, json_integer(orb->orbit_id[r * cols + c]));
        json_array_append_new(ids, row);
    }
    for (slong o = 0; o < orb->num_orbits; o++)
        json_array_append_new(vals, pc_oracle_ball(ctx, values + o));
    json_t *out = json_object();
    json_object_set_new(out, "form", json_string("orbital"));
    json_object_set_new(out, "orbital", ids);
    json_object_set_new(out, "values", vals);
    return out;
}

/* Group (2-transitive tokens, FORMAT.md kind group): Zc is invariant and centered, so
 * Zc Zc^T = c (I - J/V), c = ||Zc||_F^2 / (V - 1), and (Zc^T Zc)^2 = c Zc^T Zc: the square
 * root is |Zc| = Zc^T Zc / sqrt(c), exact data times one square root. H^T H commutes with the
 * context action, so it is one value per orbital of [N] x [N]; an orbital o of |o| pairs is
 * within sqrt(b/a) sqrt(2) delta / sqrt(|o|) of the optimal value. W W^T is the simplex ETF
 * (claimed and checked with the certificate, exact). */
static void group_gram_H(json_t *doc, pc_oracle_ctx_t *ctx, const arb_t delta)
{
    const pc_cert_t *cert = ctx->cert;
    const pc_instance_t *inst = ctx->inst;
    slong V = inst->tokens, N = inst->contexts, prec = ctx->prec;
    pc_group_orbits_t orb, pairs;
    pc_msg_t msg;
    pc_group_orbits_init(&orb);
    pc_group_orbits_init(&pairs);
    if ((double) N * (double) N > PC_ORACLE_MAX_DENSE) {
        pc_oracle_note(ctx, "gram_H", "more entries than the oracle lists (PC_ORACLE_MAX_DENSE)");
    } else if (pc_group_instance_orbitals(&orb, inst, &msg) != PC_OK
               || orb.num_orbits != cert->num_orbitals
               || pc_group_pair_orbits(&pairs, (const slong *const *) inst->context_generators, N,
                                       (const slong *const *) inst->context_generators, N,
                                       inst->num_generators, &msg) != PC_OK) {
        pc_oracle_note(ctx, "gram_H", "the orbitals of the instance could not be computed");
    } else {
        fmpq_t c, t, a, b;
        fmpq_init(c); fmpq_init(t); fmpq_init(a); fmpq_init(b);
        for (slong m = 0; m < V * N; m++) {
            fmpq_mul(t, cert->z_orb + orb.orbit_id[m], cert->z_orb + orb.orbit_id[m]);
            fmpq_add(c, c, t);
        }
        fmpq_div_fmpz(c, c, (fmpz_t){V - 1});
        if (fmpq_is_zero(c)) {
            pc_oracle_note(ctx, "gram_H", "the certificate's primal is 0: no square root to widen");
        } else {
            slong R = pairs.num_orbits;
            arb_ptr vals = _arb_vec_init(R);
            char *done = calloc((size_t) R, 1);
            arb_t scale, rad, x;
            arb_init(scale); arb_init(rad); arb_init(x);
            pc_instance_budgets(a, b, inst);
            fmpq_mul(t, a, c);
            sqrt_ratio(scale, b, t, prec);       /* sqrt(b/a) / sqrt(c) */
            sqrt_ratio(rad, b, a, prec);
            arb_mul(rad, rad, delta, prec);
            arb_sqrt_ui(x, 2, prec);
            arb_mul(rad, rad, x, prec);          /* sqrt(b/a) sqrt(2) delta */
            for (slong m = 0; m < N * N; m++) {
                slong o = pairs.orbit_id[m], i = m / N, j = m % N;
                if (done[o]) continue;
                done[o] = 1;
                fmpq_zero(c);                    /* (Zc^T Zc)[i][j], exact */
                for (slong k = 0; k < V; k++) {
                    fmpq_mul(t, cert->z_orb + orb.orbit_id[k * N + i], cert->z_orb + orb.orbit_id[k * N + j]);
                    fmpq_add(c, c, t);
                }
                arb_set_fmpq(vals + o, c, prec);
                arb_mul(vals + o, vals + o, scale, prec);
                arb_sqrt_ui(x, (ulong) pairs.orbit_size[o], prec);
                arb_div(x, rad, x, prec);
                arb_add_error(vals + o, x);
            }
            json_object_set_new(doc, "gram_H", orbital_form(ctx, &pairs, vals, N, N));
            free(done);
            _arb_vec_clear(vals, R);
            arb_clear(scale); arb_clear(rad); arb_clear(x);
        }
        fmpq_clear(c); fmpq_clear(t); fmpq_clear(a); fmpq_clear(b);
    }
    pc_group_orbits_clear(&orb);
    pc_group_orbits_clear(&pairs);
}

/* The Grams at the optimum itself (docs/groups.md "geometry"), from the Krawczyk box of the
 * reduced KKT system (geometry.h): W W^T = sqrt(a/b) sum_k sqrt(lambda_k) E_k, one value per
 * token orbital (unless want_W is 0: the exact simplex ETF is given instead), H^T H one value
 * per orbit of the context action on [N] x [N]. No widening by delta is needed: the balls
 * enclose the optimal values. Returns 0 (nothing set) when the KKT test is not proved and
 * fallback is set, so that the caller can use its delta-widened values. */
static int optimum_grams(json_t *doc, pc_oracle_ctx_t *ctx, int want_W, int fallback)
{
    int done = 1;
    const pc_instance_t *inst = ctx->inst;
    slong V = inst->tokens, N = inst->contexts;
    pc_group_geometry_t geo;
    pc_msg_t msg;
    pc_group_geometry_init(&geo);
    if ((double) V * (double) V > PC_ORACLE_MAX_DENSE || (double) N * (double) N > PC_ORACLE_MAX_DENSE) {
        pc_oracle_note(ctx, "gram_W", "more entries than the oracle lists (PC_ORACLE_MAX_DENSE)");
        pc_oracle_note(ctx, "gram_H", "more entries than the oracle lists (PC_ORACLE_MAX_DENSE)");
    } else if (pc_group_geometry_optimum(&geo, ctx->cert, inst, ctx->prec + 64, &msg) != PC_OK) {
        if (fallback) {
            done = 0;
        } else {
            pc_oracle_note(ctx, "gram_W", msg.text);
            pc_oracle_note(ctx, "gram_H", msg.text);
        }
    } else {
        pc_group_orbits_t tok;            /* the token orbitals, as pc_group_pair_orbits numbers them */
        tok.size = V * V;
        tok.num_orbits = geo.alg.r;
        tok.orbit_id = geo.alg.orbital;
        tok.orbit_size = NULL;
        if (want_W)
            json_object_set_new(doc, "gram_W", orbital_form(ctx, &tok, geo.gram_W, V, V));
        pc_group_orbits_t pairs;          /* every pair's orbit, numbered as geo.context_pairs */
        pc_group_orbits_init(&pairs);
        if (geo.gram_H != NULL
            && pc_group_pair_orbits(&pairs, (const slong *const *) inst->context_generators, N,
                                    (const slong *const *) inst->context_generators, N,
                                    inst->num_generators, &msg) == PC_OK
            && pairs.num_orbits == geo.context_pairs.num_orbits)
            json_object_set_new(doc, "gram_H", orbital_form(ctx, &pairs, geo.gram_H, N, N));
        else if (geo.gram_H != NULL)
            pc_oracle_note(ctx, "gram_H", "the context-pair orbits could not be recomputed");
        else
            pc_oracle_note(ctx, "gram_H", geo.note);
        pc_group_orbits_clear(&pairs);
    }
    pc_group_geometry_clear(&geo);
    return done;
}

/* Why the Grams are not determined, or NULL when they are (SPEC 4). */
static const char *not_determined(const pc_oracle_ctx_t *ctx, const arb_t delta)
{
    const pc_instance_t *inst = ctx->inst;
    slong V = inst->tokens, N = inst->contexts;
    if (ctx->cert->regime == PC_REGIME_INTERIOR)
        return "interior regime: the optimal factorisation is not unique, no Gram matrix is determined (SPEC 4)";
    if (ctx->cert->regime != PC_REGIME_BINDING)
        return "regime not proved: the Gram matrices are determined only in the binding regime (SPEC 4)";
    if (inst->dim < (V - 1 < N ? V - 1 : N))
        return "d < min(V - 1, N): d may be below the rank of Z°, and then the Grams of (LP) optima "
               "are not determined by Z° (SPEC 4)";
    if (!arb_is_finite(delta))
        return "no distance bound to the optimal logits was proved";
    return NULL;
}

void pc_oracle_grams(json_t *doc, pc_oracle_ctx_t *ctx, const arb_t delta)
{
    const pc_cert_t *cert = ctx->cert;
    const pc_instance_t *inst = ctx->inst;
    const char *why = not_determined(ctx, delta);
    if (why != NULL) {
        pc_oracle_note(ctx, "gram_W", why);
        pc_oracle_note(ctx, "gram_H", why);
        return;
    }
    switch (cert->kind) {
    case PC_CERT_EXCHANGEABLE:
        if (cert->has_gram) {
            json_object_set_new(doc, "gram_W", etf_form(ctx, cert->gram_W, inst->tokens));
            json_object_set_new(doc, "gram_H", etf_form(ctx, cert->gram_H, inst->tokens));
        } else {
            pc_oracle_note(ctx, "gram_W", "simplex ETF not claimed by the certificate");
            pc_oracle_note(ctx, "gram_H", "simplex ETF not claimed by the certificate");
        }
        break;
    case PC_CERT_CIRCULANT:
        if (cert->n > PC_ORACLE_MAX_DENSE) {
            pc_oracle_note(ctx, "gram_W", "more entries than the oracle lists (PC_ORACLE_MAX_DENSE)");
            pc_oracle_note(ctx, "gram_H", "more entries than the oracle lists (PC_ORACLE_MAX_DENSE)");
        } else {
            circulant_grams(doc, ctx, delta);
        }
        break;
    case PC_CERT_GROUP:
        if (cert->commutant_generic != NULL) {
            optimum_grams(doc, ctx, 1, 0);
            break;
        }
        if (cert->has_gram)
            json_object_set_new(doc, "gram_W", etf_form(ctx, cert->gram_W, inst->tokens));
        else
            pc_oracle_note(ctx, "gram_W", "simplex ETF not claimed by the certificate");
        if (!optimum_grams(doc, ctx, 0, 1))      /* 2-transitive: H^T H at the optimum, */
            group_gram_H(doc, ctx, delta);        /* else the certificate's, widened by delta */
        break;
    case PC_CERT_DENSE:
        if (cert->has_gram && cert->structure == PC_STRUCTURE_SIMPLEX_ETF) {
            json_object_set_new(doc, "gram_W", etf_form(ctx, cert->gram_W, inst->tokens));
            pc_oracle_dense_grams(doc, ctx, delta, 0);
        } else {
            pc_oracle_dense_grams(doc, ctx, delta, 1);
        }
        break;
    case PC_CERT_CLASSES:
        pc_oracle_note(ctx, "gram_W", "the classes path (SPEC 10) gives no Gram enclosure yet");
        pc_oracle_note(ctx, "gram_H", "the classes path (SPEC 10) gives no Gram enclosure yet");
        break;
    case PC_CERT_LOWRANK:
        pc_oracle_note(ctx, "gram_W", "kind lowrank (binary64 proofs, SPEC 15) gives no Gram enclosure");
        pc_oracle_note(ctx, "gram_H", "kind lowrank (binary64 proofs, SPEC 15) gives no Gram enclosure");
        break;
    }
}
