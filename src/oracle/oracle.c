/* Oracle documents (oracle.h; docs/oracle.md). Every number is a certified ball. */
#include <stdlib.h>
#include "peelcert/oracle.h"
#include "peelcert/numbers.h"
#include "peelcert/verify.h"
#include "peelcert/group.h"

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

static json_t *ball_json(const arb_t x, slong places)
{
    char *value, *radius;
    pc_arb_decimal_with_radius(&value, &radius, x, places);
    json_t *o = json_object();
    json_object_set_new(o, "value", json_string(value));
    json_object_set_new(o, "radius", json_string(radius));
    free(value);
    free(radius);
    return o;
}

/* x I + y J as {"diagonal": ball, "off_diagonal": ball}. */
static json_t *identity_plus_ones_json(const arb_t diag, const arb_t off, slong places)
{
    json_t *o = json_object();
    json_object_set_new(o, "form", json_string("diagonal/off-diagonal"));
    json_object_set_new(o, "diagonal", ball_json(diag, places));
    json_object_set_new(o, "off_diagonal", ball_json(off, places));
    return o;
}

/* Exchangeable: Z° = x* (I - J/n) with x* in closed form (SPEC 5b), enclosed. */
static void exchangeable_logits(json_t *doc, const pc_cert_t *cert, const pc_instance_t *inst,
                                slong places, slong prec)
{
    slong n = inst->tokens;
    arb_t x, diag, off, delta;
    fmpq_t a, b;
    arb_init(x); arb_init(diag); arb_init(off); arb_init(delta);
    fmpq_init(a); fmpq_init(b);
    /* x* from the certified rational x: |x - x*| <= delta / sqrt(n (n-1)) since
     * ||x (I - J/n) - x* (I - J/n)||_F = |x - x*| sqrt(n - 1). */
    pc_oracle_distance_bound(delta, cert->upper, cert->lower, inst, prec);
    arb_sqrt_ui(off, (ulong) (n - 1), prec);
    arb_div(delta, delta, off, prec);
    arb_set_fmpq(x, cert->x, prec);
    arb_add_error(x, delta);
    arb_mul_si(diag, x, n - 1, prec);
    arb_div_si(diag, diag, n, prec);
    arb_div_si(off, x, -n, prec);
    json_object_set_new(doc, "logits", identity_plus_ones_json(diag, off, places));
    if (cert->structure == PC_STRUCTURE_SIMPLEX_ETF) {
        pc_instance_budgets(a, b, inst);
        /* W W^T = (a/(n-1)) (I - J/n): diagonal a/n, off-diagonal -a/(n(n-1)); exact. */
        arb_set_fmpq(diag, a, prec);
        arb_div_si(diag, diag, n, prec);
        arb_div_si(off, diag, -(n - 1), prec);
        json_object_set_new(doc, "gram_W", identity_plus_ones_json(diag, off, places));
        arb_set_fmpq(diag, b, prec);
        arb_div_si(diag, diag, n, prec);
        arb_div_si(off, diag, -(n - 1), prec);
        json_object_set_new(doc, "gram_H", identity_plus_ones_json(diag, off, places));
    }
    arb_clear(x); arb_clear(diag); arb_clear(off); arb_clear(delta);
    fmpq_clear(a); fmpq_clear(b);
}

/* Dense: Z° entries = Pi (W H) of the certificate's primal, widened by the distance bound. */
static void dense_logits(json_t *doc, const pc_cert_t *cert, const pc_instance_t *inst,
                         slong places, slong prec)
{
    slong V = inst->tokens, N = inst->contexts;
    arb_mat_t Wb, Hb, Z;
    arb_t delta, mean;
    arb_mat_init(Wb, V, fmpq_mat_ncols(cert->W));
    arb_mat_init(Hb, fmpq_mat_nrows(cert->H), N);
    arb_mat_init(Z, V, N);
    arb_init(delta); arb_init(mean);
    arb_mat_set_fmpq_mat(Wb, cert->W, prec);
    arb_mat_set_fmpq_mat(Hb, cert->H, prec);
    arb_mat_mul(Z, Wb, Hb, prec);
    pc_oracle_distance_bound(delta, cert->upper, cert->lower, inst, prec);
    json_t *rows = json_array();
    for (slong i = 0; i < N; i++) {
        arb_zero(mean);
        for (slong k = 0; k < V; k++)
            arb_add(mean, mean, arb_mat_entry(Z, k, i), prec);
        arb_div_si(mean, mean, V, prec);
        for (slong k = 0; k < V; k++) {
            arb_sub(arb_mat_entry(Z, k, i), arb_mat_entry(Z, k, i), mean, prec);
            arb_add_error(arb_mat_entry(Z, k, i), delta);
        }
    }
    for (slong k = 0; k < V; k++) {
        json_t *row = json_array();
        for (slong i = 0; i < N; i++)
            json_array_append_new(row, ball_json(arb_mat_entry(Z, k, i), places));
        json_array_append_new(rows, row);
    }
    json_t *o = json_object();
    json_object_set_new(o, "form", json_string("dense"));
    json_object_set_new(o, "rows", rows);
    json_object_set_new(doc, "logits", o);
    arb_mat_clear(Wb); arb_mat_clear(Hb); arb_mat_clear(Z);
    arb_clear(delta); arb_clear(mean);
}

/* Circulant: Z°[k][i] = c*[(k - i) mod n]; the certificate's exact c is centered, and
 * ||Z - Z°||_F^2 = n ||c - c*||_2^2 >= n |c_m - c*_m|^2, so each c*_m is within
 * delta / sqrt(n) of c_m. */
static void circulant_logits(json_t *doc, const pc_cert_t *cert, const pc_instance_t *inst,
                             slong places, slong prec)
{
    slong n = cert->n;
    arb_t delta, root, entry;
    arb_init(delta); arb_init(root); arb_init(entry);
    pc_oracle_distance_bound(delta, cert->upper, cert->lower, inst, prec);
    arb_sqrt_ui(root, (ulong) n, prec);
    arb_div(delta, delta, root, prec);
    json_t *column = json_array();
    for (slong m = 0; m < n; m++) {
        arb_set_fmpq(entry, cert->c + m, prec);
        arb_add_error(entry, delta);
        json_array_append_new(column, ball_json(entry, places));
    }
    json_t *o = json_object();
    json_object_set_new(o, "form", json_string("circulant"));
    json_object_set_new(o, "first_column", column);
    json_object_set_new(doc, "logits", o);
    arb_clear(delta); arb_clear(root); arb_clear(entry);
}

/* Group: Z[k][i] = z[orbital(k, i)], exactly centered (FORMAT.md kind group); each entry
 * of Z° is within delta of it (||Z - Z°||_F <= delta). */
static void group_logits(json_t *doc, const pc_cert_t *cert, const pc_instance_t *inst,
                         slong places, slong prec)
{
    slong V = inst->tokens, N = inst->contexts;
    pc_group_orbits_t orb;
    pc_msg_t msg;
    pc_group_orbits_init(&orb);
    if (pc_group_instance_orbitals(&orb, inst, &msg) != PC_OK
        || orb.num_orbits != cert->num_orbitals) {
        pc_group_orbits_clear(&orb);
        return;
    }
    arb_t delta, entry;
    arb_init(delta); arb_init(entry);
    pc_oracle_distance_bound(delta, cert->upper, cert->lower, inst, prec);
    json_t **balls = malloc(sizeof(json_t *) * (size_t) cert->num_orbitals);
    for (slong o = 0; o < cert->num_orbitals; o++) {
        arb_set_fmpq(entry, cert->z_orb + o, prec);
        arb_add_error(entry, delta);
        balls[o] = ball_json(entry, places);
    }
    json_t *rows = json_array();
    for (slong k = 0; k < V; k++) {
        json_t *row = json_array();
        for (slong i = 0; i < N; i++)
            json_array_append_new(row, json_deep_copy(balls[orb.orbit_id[k * N + i]]));
        json_array_append_new(rows, row);
    }
    for (slong o = 0; o < cert->num_orbitals; o++)
        json_decref(balls[o]);
    free(balls);
    json_t *o = json_object();
    json_object_set_new(o, "form", json_string("dense"));
    json_object_set_new(o, "rows", rows);
    json_object_set_new(doc, "logits", o);
    arb_clear(delta); arb_clear(entry);
    pc_group_orbits_clear(&orb);
}

/* Simplex ETF proved for a 2-transitive token symmetry (any kind): W W^T = u (I - J/V),
 * u = gram_W exactly: diagonal u (V-1)/V, off-diagonal -u/V. */
static void etf_gram_W(json_t *doc, const pc_cert_t *cert, const pc_instance_t *inst,
                       slong places, slong prec)
{
    slong V = inst->tokens;
    arb_t diag, off;
    arb_init(diag); arb_init(off);
    arb_set_fmpq(off, cert->gram_W, prec);
    arb_div_si(off, off, -V, prec);
    arb_mul_si(diag, off, -(V - 1), prec);
    json_object_set_new(doc, "gram_W", identity_plus_ones_json(diag, off, places));
    arb_clear(diag); arb_clear(off);
}

json_t *pc_oracle_build(const pc_cert_t *cert, const pc_certify_report_t *rep,
                        const pc_instance_t *inst, slong places)
{
    slong prec = 64 + 4 * places;
    json_t *doc = json_object();
    json_object_set_new(doc, "format", json_string("peelcert-oracle/1"));
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
    if (cert->kind == PC_CERT_EXCHANGEABLE) {
        exchangeable_logits(doc, cert, inst, places, prec);
    } else if (cert->kind == PC_CERT_DENSE &&
               (double) inst->tokens * (double) inst->contexts <= PC_ORACLE_MAX_DENSE) {
        dense_logits(doc, cert, inst, places, prec);
    } else if (cert->kind == PC_CERT_GROUP &&
               (double) inst->tokens * (double) inst->contexts <= PC_ORACLE_MAX_DENSE) {
        group_logits(doc, cert, inst, places, prec);
    } else if (cert->kind == PC_CERT_CIRCULANT && cert->n <= PC_ORACLE_MAX_DENSE) {
        circulant_logits(doc, cert, inst, places, prec);
    }
    if (cert->kind != PC_CERT_EXCHANGEABLE && cert->structure == PC_STRUCTURE_SIMPLEX_ETF
        && cert->has_gram)
        etf_gram_W(doc, cert, inst, places, prec);
    if (json_object_get(doc, "gram_W") == NULL)
        json_object_set_new(doc, "gram_note", json_string(
            cert->regime == PC_REGIME_INTERIOR
                ? "interior regime: the optimal factorisation is not unique, no Gram matrix is determined (SPEC 4)"
                : "Gram matrices are given only where they are certified exactly (simplex ETF)"));
    return doc;
}
