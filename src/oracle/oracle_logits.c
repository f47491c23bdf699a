/* The centered optimal logits Z° of an oracle document, per certificate kind and regime
 * (docs/oracle.md). Interior regime: Z° is the centered log P^T (SPEC 3), enclosed directly.
 * Binding regime: exchangeable targets have the closed form x* = sign rho/(n - 1) (SPEC 5b);
 * every other path widens its exact centered primal Zc by delta >= ||Zc - Z°||_F
 * (pc_oracle_distance_local). */
#include <stdlib.h>
#include "oracle_internal.h"
#include "peelcert/group.h"
#include "peelcert/verify.h"

/* Largest V N whose entries are listed (dense and group paths), n for circulants. */
static int too_large(pc_oracle_ctx_t *ctx, double entries)
{
    if (entries <= PC_ORACLE_MAX_DENSE)
        return 0;
    pc_oracle_note(ctx, "logits", "more entries than the oracle lists (docs/oracle.md, PC_ORACLE_MAX_DENSE)");
    return 1;
}

/* Z° = x* (I - J/n): diagonal x* (n-1)/n, off-diagonal -x* / n; with a context relabelling pi
 * (FORMAT.md kind exchangeable) Z°[k][i] = x* (delta(k, pi(i)) - 1/n), written densely. */
static json_t *dense_form(pc_oracle_ctx_t *ctx, arb_srcptr values, const slong *index,
                          slong V, slong N);

static void exchangeable_logits(json_t *doc, pc_oracle_ctx_t *ctx, arb_t delta)
{
    const pc_cert_t *cert = ctx->cert;
    const pc_instance_t *inst = ctx->inst;
    slong n = inst->tokens, prec = ctx->prec;
    const slong *perm = cert->context_permutation;
    if (perm != NULL && (double) n * (double) n > PC_ORACLE_MAX_DENSE) {
        pc_oracle_note(ctx, "logits", "more entries than the oracle lists (docs/oracle.md, PC_ORACLE_MAX_DENSE)");
        arb_zero(delta);
        return;
    }
    arb_t x, diag, off, t;
    fmpq_t alpha, beta;
    arb_init(x); arb_init(diag); arb_init(off); arb_init(t);
    fmpq_init(alpha); fmpq_init(beta);
    if (perm != NULL)
        pc_instance_target(alpha, inst, 0, perm[0]);   /* P[i][pi(i)] = alpha */
    else
        fmpq_set(alpha, inst->alpha);
    fmpq_one(beta);
    fmpq_sub(beta, beta, alpha);
    fmpq_div_fmpz(beta, beta, (fmpz_t){n - 1});
    int cmp = fmpq_cmp(alpha, beta);
    arb_zero(delta);
    if (cert->regime == PC_REGIME_INTERIOR) {
        /* interior: all targets positive, x* = log(alpha / beta) */
        arb_set_fmpq(x, alpha, prec);
        arb_set_fmpq(t, beta, prec);
        arb_div(x, x, t, prec);
        arb_log(x, x, prec);
    } else if (cert->regime == PC_REGIME_BINDING && cmp != 0) {
        /* binding: |log(alpha/beta)| >= rho/(n-1), so x* = sign(alpha - beta) rho/(n-1) */
        pc_verify_rho(x, inst, prec);
        arb_div_si(x, x, cmp > 0 ? n - 1 : -(n - 1), prec);
    } else {
        /* regime not proved: the certificate's x widened. ||Zc - Z°||_F = |x - x*| sqrt(n-1);
         * the column (x(n-1)/n, -x/n, ...) has smallest softmax min(e^x, 1)/(e^x + n - 1). */
        arb_t s;
        arb_init(s);
        arb_set_fmpq(x, cert->x, prec);
        arb_exp(t, x, prec);
        arb_one(s);
        arb_min(s, s, t, prec);
        arb_add_si(t, t, n - 1, prec);
        arb_div(s, s, t, prec);
        pc_oracle_gap(t, cert, prec);
        pc_oracle_distance_local(delta, t, s, inst, prec);
        arb_sqrt_ui(t, (ulong) (n - 1), prec);
        arb_div(t, delta, t, prec);
        arb_add_error(x, t);
        arb_clear(s);
    }
    arb_mul_si(diag, x, n - 1, prec);
    arb_div_si(diag, diag, n, prec);
    arb_div_si(off, x, -n, prec);
    if (perm == NULL) {
        json_object_set_new(doc, "logits", pc_oracle_diag_off(ctx, diag, off));
    } else {
        arb_ptr two = _arb_vec_init(2);
        slong *index = malloc(sizeof(slong) * (size_t) (n * n));
        arb_set(two + 0, off);
        arb_set(two + 1, diag);
        for (slong k = 0; k < n; k++)
            for (slong i = 0; i < n; i++)
                index[k * n + i] = k == perm[i];
        json_object_set_new(doc, "logits", dense_form(ctx, two, index, n, n));
        free(index);
        _arb_vec_clear(two, 2);
    }
    arb_clear(x); arb_clear(diag); arb_clear(off); arb_clear(t);
    fmpq_clear(alpha); fmpq_clear(beta);
}

/* Circulant: Z°[k][i] = c°[(k - i) mod n]. Interior: c°_m = log q_m - mean log q. Otherwise
 * the certificate's exact centered c, and ||Zc - Z°||_F = sqrt(n) ||c - c°||_2, so each c°_m
 * is within delta / sqrt(n) of c_m. */
static void circulant_logits(json_t *doc, pc_oracle_ctx_t *ctx, arb_t delta)
{
    const pc_cert_t *cert = ctx->cert;
    slong n = cert->n, prec = ctx->prec;
    arb_ptr c = _arb_vec_init(n);
    arb_t t, mean;
    arb_init(t); arb_init(mean);
    if (cert->regime == PC_REGIME_INTERIOR) {
        fmpq_t q;
        fmpq_init(q);
        for (slong m = 0; m < n; m++) {
            pc_instance_target(q, ctx->inst, 0, m);   /* q_m = P[0][m] */
            arb_set_fmpq(c + m, q, prec);
            arb_log(c + m, c + m, prec);
            arb_add(mean, mean, c + m, prec);
        }
        arb_div_si(mean, mean, n, prec);
        for (slong m = 0; m < n; m++)
            arb_sub(c + m, c + m, mean, prec);
        arb_zero(delta);
        fmpq_clear(q);
    } else {
        for (slong m = 0; m < n; m++)
            arb_set_fmpq(c + m, cert->c + m, prec);
        pc_oracle_softmax_min(mean, c, n, prec);
        pc_oracle_gap(t, cert, prec);
        pc_oracle_distance_local(delta, t, mean, ctx->inst, prec);
        arb_sqrt_ui(t, (ulong) n, prec);
        arb_div(t, delta, t, prec);
        for (slong m = 0; m < n; m++)
            arb_add_error(c + m, t);
    }
    json_object_set_new(doc, "logits", pc_oracle_circulant_form(ctx, c, n));
    _arb_vec_clear(c, n);
    arb_clear(t); arb_clear(mean);
}

/* {"form": "dense", "rows": V rows of N balls}, entry (k, i) = value[index(k, i)]. */
static json_t *dense_form(pc_oracle_ctx_t *ctx, arb_srcptr values, const slong *index,
                          slong V, slong N)
{
    json_t *rows = json_array();
    for (slong k = 0; k < V; k++) {
        json_t *row = json_array();
        for (slong i = 0; i < N; i++)
            json_array_append_new(row, pc_oracle_ball(ctx, values + (index ? index[k * N + i] : k * N + i)));
        json_array_append_new(rows, row);
    }
    json_t *o = json_object();
    json_object_set_new(o, "form", json_string("dense"));
    json_object_set_new(o, "rows", rows);
    return o;
}

/* Group: one value per orbital o of [V] x [N]. Interior: P is constant on orbitals (the
 * instance is invariant), so Z°[k][i] = log P[i][k] - (1/V) sum_k' log P[i][k'] from one log
 * per orbital. Otherwise the certificate's z[o], within delta / sqrt(|o|) of z°[o] (the |o|
 * entries of the orbital all differ by the same amount, and their squares sum to at most
 * delta^2). */
static void group_logits(json_t *doc, pc_oracle_ctx_t *ctx, arb_t delta)
{
    const pc_cert_t *cert = ctx->cert;
    const pc_instance_t *inst = ctx->inst;
    slong V = inst->tokens, N = inst->contexts, prec = ctx->prec, R = cert->num_orbitals;
    pc_group_orbits_t orb;
    pc_msg_t msg;
    pc_group_orbits_init(&orb);
    if (pc_group_instance_orbitals(&orb, inst, &msg) != PC_OK || orb.num_orbits != R) {
        pc_oracle_note(ctx, "logits", "the orbitals of the instance could not be computed");
        arb_pos_inf(delta);
        pc_group_orbits_clear(&orb);
        return;
    }
    arb_ptr z = _arb_vec_init(R), col = _arb_vec_init(V);
    arb_t t, s;
    arb_init(t); arb_init(s);
    if (cert->regime == PC_REGIME_INTERIOR) {
        fmpq_t p;
        fmpq_init(p);
        char *done = calloc((size_t) R, 1);
        for (slong m = 0; m < V * N; m++) {
            slong o = orb.orbit_id[m];
            if (done[o]) continue;
            done[o] = 1;
            pc_instance_target(p, inst, m % N, m / N);
            arb_set_fmpq(z + o, p, prec);
            arb_log(z + o, z + o, prec);
        }
        free(done);
        /* column means: one per column, from the orbital logs */
        arb_ptr zo = _arb_vec_init(V * N);
        for (slong i = 0; i < N; i++) {
            arb_zero(s);
            for (slong k = 0; k < V; k++)
                arb_add(s, s, z + orb.orbit_id[k * N + i], prec);
            arb_div_si(s, s, V, prec);
            for (slong k = 0; k < V; k++)
                arb_sub(zo + k * N + i, z + orb.orbit_id[k * N + i], s, prec);
        }
        arb_zero(delta);
        json_object_set_new(doc, "logits", dense_form(ctx, zo, NULL, V, N));
        _arb_vec_clear(zo, V * N);
        fmpq_clear(p);
    } else {
        for (slong o = 0; o < R; o++)
            arb_set_fmpq(z + o, cert->z_orb + o, prec);
        arb_pos_inf(s);
        for (slong i = 0; i < N; i++) {
            for (slong k = 0; k < V; k++)
                arb_set(col + k, z + orb.orbit_id[k * N + i]);
            pc_oracle_softmax_min(t, col, V, prec);
            if (i == 0) arb_set(s, t); else arb_min(s, s, t, prec);
        }
        pc_oracle_gap(t, cert, prec);
        pc_oracle_distance_local(delta, t, s, inst, prec);
        for (slong o = 0; o < R; o++) {
            arb_sqrt_ui(t, (ulong) orb.orbit_size[o], prec);
            arb_div(t, delta, t, prec);
            arb_add_error(z + o, t);
        }
        json_object_set_new(doc, "logits", dense_form(ctx, z, orb.orbit_id, V, N));
    }
    _arb_vec_clear(z, R);
    _arb_vec_clear(col, V);
    arb_clear(t); arb_clear(s);
    pc_group_orbits_clear(&orb);
}

/* Dense: interior Z° = Pi log P^T; otherwise Zc = Pi (W H) of the certificate (enclosed),
 * each entry widened by delta. */
static void dense_logits(json_t *doc, pc_oracle_ctx_t *ctx, arb_t delta)
{
    const pc_cert_t *cert = ctx->cert;
    const pc_instance_t *inst = ctx->inst;
    slong V = inst->tokens, N = inst->contexts, prec = ctx->prec;
    arb_mat_t Z;
    arb_mat_init(Z, V, N);
    if (cert->regime == PC_REGIME_INTERIOR) {
        pc_verify_centered_log(Z, inst, prec);
        arb_zero(delta);
    } else {
        arb_mat_t Wb, Hb;
        arb_t mean, s, t;
        arb_ptr col = _arb_vec_init(V);
        arb_mat_init(Wb, V, fmpq_mat_ncols(cert->W));
        arb_mat_init(Hb, fmpq_mat_nrows(cert->H), N);
        arb_init(mean); arb_init(s); arb_init(t);
        arb_mat_set_fmpq_mat(Wb, cert->W, prec);
        arb_mat_set_fmpq_mat(Hb, cert->H, prec);
        arb_mat_mul(Z, Wb, Hb, prec);
        for (slong i = 0; i < N; i++) {
            arb_zero(mean);
            for (slong k = 0; k < V; k++)
                arb_add(mean, mean, arb_mat_entry(Z, k, i), prec);
            arb_div_si(mean, mean, V, prec);
            for (slong k = 0; k < V; k++) {
                arb_sub(arb_mat_entry(Z, k, i), arb_mat_entry(Z, k, i), mean, prec);
                arb_set(col + k, arb_mat_entry(Z, k, i));
            }
            pc_oracle_softmax_min(t, col, V, prec);
            if (i == 0) arb_set(s, t); else arb_min(s, s, t, prec);
        }
        pc_oracle_gap(t, cert, prec);
        pc_oracle_distance_local(delta, t, s, inst, prec);
        for (slong k = 0; k < V; k++)
            for (slong i = 0; i < N; i++)
                arb_add_error(arb_mat_entry(Z, k, i), delta);
        arb_mat_clear(Wb); arb_mat_clear(Hb);
        arb_clear(mean); arb_clear(s); arb_clear(t);
        _arb_vec_clear(col, V);
    }
    arb_ptr flat = _arb_vec_init(V * N);
    for (slong k = 0; k < V; k++)
        for (slong i = 0; i < N; i++)
            arb_set(flat + k * N + i, arb_mat_entry(Z, k, i));
    json_object_set_new(doc, "logits", dense_form(ctx, flat, NULL, V, N));
    _arb_vec_clear(flat, V * N);
    arb_mat_clear(Z);
}

void pc_oracle_logits(json_t *doc, pc_oracle_ctx_t *ctx, arb_t delta)
{
    const pc_instance_t *inst = ctx->inst;
    double entries = (double) inst->tokens * (double) inst->contexts;
    arb_pos_inf(delta);
    switch (ctx->cert->kind) {
    case PC_CERT_EXCHANGEABLE:
        exchangeable_logits(doc, ctx, delta);
        break;
    case PC_CERT_CIRCULANT:
        if (!too_large(ctx, (double) ctx->cert->n))
            circulant_logits(doc, ctx, delta);
        break;
    case PC_CERT_GROUP:
        if (!too_large(ctx, entries))
            group_logits(doc, ctx, delta);
        break;
    case PC_CERT_DENSE:
        if (!too_large(ctx, entries))
            dense_logits(doc, ctx, delta);
        break;
    case PC_CERT_CLASSES:
        pc_oracle_note(ctx, "logits", "the classes path (SPEC 10) gives no logit enclosure yet");
        break;
    case PC_CERT_LOWRANK:
        pc_oracle_note(ctx, "logits", "kind lowrank (SPEC 15) gives no logit enclosure yet");
        break;
    }
}
