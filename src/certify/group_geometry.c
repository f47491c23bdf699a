/* Per isotypic component geometry of a kind-group certificate (certify.h, docs/groups.md). */
#include <stdlib.h>
#include "peelcert/certify.h"
#include "peelcert/commutant.h"
#include "peelcert/geometry.h"
#include "peelcert/group.h"
#include "peelcert/numbers.h"

/* {"value", "radius"} of a ball at places decimals (the radius covers the rounding). */
static json_t *enclosure_json(const arb_t x, slong places)
{
    char *value, *radius;
    pc_arb_decimal_with_radius(&value, &radius, x, places);
    json_t *o = json_pack("{s:s, s:s}", "value", value, "radius", radius);
    free(value);
    free(radius);
    return o;
}

/* One token-side component with the enclosure lambda of the eigenvalue of W W^T on it;
 * active: "yes" (proved > 0), "no" (proved == 0: exact zero ball), "undecided". */
static json_t *component_json(slong k, slong m, const arb_t lambda, slong places, int *decided)
{
    json_t *c = json_object();
    const char *active = arb_is_positive(lambda) ? "yes" : arb_is_zero(lambda) ? "no" : "undecided";
    if (active[0] == 'u') *decided = 0;
    json_object_set_new(c, "component", json_integer(k));
    json_object_set_new(c, "multiplicity", json_integer(m));
    json_object_set_new(c, "eigenvalue_WWt", enclosure_json(lambda, places));
    json_object_set_new(c, "active", json_string(active));
    return c;
}

/* lambda[k] encloses the eigenvalue on E_k of W W^T = sqrt(a/b) (Z Z^T)^(1/2), the Gram matrix
 * of every optimal W in the binding regime (||Z||_* = sqrt(a b)); with has_gram the exact
 * W W^T = u (I - J/V) gives 0 on E_0 = J/V and u elsewhere. Z Z^T's eigenvalue on E_0 is its
 * exact row sum (theta_0(A_j) = n_j), so lambda[0] is exact. */
static void wwt_eigenvalues(arb_ptr lambda, const pc_commutant_t *alg, const pc_cert_t *cert,
                            const pc_instance_t *inst, const slong *orbit_id, slong prec)
{
    slong r = alg->r;
    if (cert->has_gram) {
        for (slong k = 0; k < r; k++)
            if (k == 0) arb_zero(lambda + k); else arb_set_fmpq(lambda + k, cert->gram_W, prec);
        return;
    }
    fmpq *c = _fmpq_vec_init(r);
    fmpq_t a, b, t, row;
    arb_t scale;
    fmpq_init(a); fmpq_init(b); fmpq_init(t); fmpq_init(row); arb_init(scale);
    pc_commutant_gram_coefficients(c, alg, cert->z_orb, orbit_id, inst->contexts);
    pc_commutant_eigenvalues(lambda, alg, c, prec);
    for (slong j = 0; j < r; j++) {
        fmpq_mul_si(t, c + j, alg->valency[j]);
        fmpq_add(row, row, t);
    }
    arb_set_fmpq(lambda, row, prec);
    pc_instance_budgets(a, b, inst);
    fmpq_div(t, a, b);
    arb_set_fmpq(scale, t, prec);
    arb_sqrtpos(scale, scale, prec);
    for (slong k = 0; k < r; k++) {
        if (arb_contains_zero(lambda + k) && !arb_is_zero(lambda + k))
            arb_nonnegative_part(lambda + k, lambda + k);   /* Z Z^T is PSD */
        arb_sqrtpos(lambda + k, lambda + k, prec);
        arb_mul(lambda + k, lambda + k, scale, prec);
    }
    arb_clear(scale); fmpq_clear(a); fmpq_clear(b); fmpq_clear(t); fmpq_clear(row);
    _fmpq_vec_clear(c, r);
}

/* The token-side components from the commutant eigenmatrix; NULL (why in *why) if the token
 * action is not transitive and multiplicity-free or the eigenmatrix is not proved.
 * *embedding: sum of the active multiplicities, -1 if some component is undecided. */
static json_t *token_components_json(slong *embedding, const pc_cert_t *cert,
                                     const pc_instance_t *inst, slong places, const char **why)
{
    pc_commutant_t alg;
    pc_group_orbits_t orb;
    pc_msg_t msg;
    json_t *list = NULL;
    slong prec = 256 + 4 * places;
    pc_commutant_init(&alg);
    pc_group_orbits_init(&orb);
    if (pc_commutant_algebra(&alg, inst, &msg) != PC_OK)
        *why = "token action not transitive or too many orbitals: components not reported";
    else if (!alg.commutative || !alg.symmetric)
        *why = "token commutant not commutative with real characters: components not reported";
    else if ((cert->commutant_generic != NULL && cert->num_characters == alg.r
              ? pc_commutant_eigen_with(&alg, cert->commutant_generic, prec, &msg)
              : pc_commutant_eigen(&alg, prec, &msg)) != PC_OK)
        *why = "eigenmatrix of the token commutant not proved: components not reported";
    else if (!cert->has_gram && (pc_group_instance_orbitals(&orb, inst, &msg) != PC_OK
                                 || orb.num_orbits != cert->num_orbitals))
        *why = "orbitals of the instance do not match the certificate: components not reported";
    else {
        arb_ptr lambda = _arb_vec_init(alg.r);
        int decided = 1;
        wwt_eigenvalues(lambda, &alg, cert, inst, orb.orbit_id, prec);
        list = json_array();
        *embedding = 0;
        for (slong k = 0; k < alg.r; k++) {
            json_array_append_new(list, component_json(k, alg.multiplicity[k], lambda + k, places,
                                                        &decided));
            if (arb_is_positive(lambda + k)) *embedding += alg.multiplicity[k];
        }
        if (!decided) *embedding = -1;
        _arb_vec_clear(lambda, alg.r);
    }
    pc_group_orbits_clear(&orb);
    pc_commutant_clear(&alg);
    return list;
}

/* Lists at most this many orbital values per matrix in --json. */
#define PC_GEOMETRY_MAX_LISTED 10000

static json_t *pair_value_json(slong a, slong b, const char *count_key, slong count,
                               const arb_t value, slong places)
{
    json_t *o = json_object();
    json_object_set_new(o, "pair", json_pack("[I, I]", (json_int_t) a, (json_int_t) b));
    json_object_set_new(o, count_key, json_integer(count));
    json_object_set_new(o, "value", enclosure_json(value, places));
    return o;
}

/* Context side (geometry.h): per constituent k its multiplicity b_k in the context
 * representation, the dimension m_k b_k of F_k, and the eigenvalue of H^T H on its
 * m_k-dimensional active part; then the rest ("other"), where H^T H = 0. */
static json_t *context_components_json(const pc_group_geometry_t *geo, slong N, slong places)
{
    const pc_commutant_t *alg = &geo->alg;
    json_t *list = json_array();
    slong used = 0;
    arb_t zero;
    arb_init(zero);
    for (slong k = 0; k < alg->r; k++) {
        json_t *c = json_object();
        slong m = alg->multiplicity[k], b = geo->context_mult[k];
        int act = geo->opt.active[k];
        used += m * b;
        json_object_set_new(c, "component", json_integer(k));
        json_object_set_new(c, "constituent_multiplicity", json_integer(b));
        json_object_set_new(c, "dimension", json_integer(m * b));
        json_object_set_new(c, "eigenvalue_HtH", enclosure_json(geo->eig_H + k, places));
        json_object_set_new(c, "eigenvalue_multiplicity", json_integer(act ? m : 0));
        json_object_set_new(c, "active", json_string(act ? "yes" : "no"));
        json_array_append_new(list, c);
    }
    if (N > used)
        json_array_append_new(list, json_pack("{s:s, s:I, s:o, s:i, s:s}", "component", "other",
                                              "dimension", (json_int_t) (N - used),
                                              "eigenvalue_HtH", enclosure_json(zero, places),
                                              "eigenvalue_multiplicity", 0, "active", "no"));
    arb_clear(zero);
    return list;
}

static json_t *orbital_values_json(const pc_group_geometry_t *geo, slong places)
{
    const pc_commutant_t *alg = &geo->alg;
    slong R = geo->red.num_orbitals, N = geo->red.N;
    json_t *o = json_object(), *list;
    if (R <= PC_GEOMETRY_MAX_LISTED) {
        list = json_array();
        for (slong m = 0; m < R; m++)
            json_array_append_new(list, enclosure_json(geo->opt.x + m, places));
        json_object_set_new(o, "logits", list);
    } else {
        json_object_set_new(o, "logits_note", json_string("more than 10000 orbitals: not listed"));
    }
    list = json_array();
    for (slong j = 0; j < alg->r; j++)
        json_array_append_new(list, pair_value_json(alg->rep_u[j], alg->rep_v[j], "valency",
                                                    alg->valency[j], geo->gram_W + j, places));
    json_object_set_new(o, "gram_W", list);
    if (geo->gram_H != NULL && geo->context_pairs.num_orbits <= PC_GEOMETRY_MAX_LISTED) {
        slong C = geo->context_pairs.num_orbits;
        list = json_array();
        for (slong c = 0; c < C; c++) {   /* in the order of their first pair (row-major) */
            slong m = geo->context_pair_first[c];
            json_array_append_new(list, pair_value_json(m / N, m % N, "size",
                                                        geo->context_pairs.orbit_size[c],
                                                        geo->gram_H + c, places));
        }
        json_object_set_new(o, "gram_H", list);
    } else {
        json_object_set_new(o, "gram_H_note", json_string(
            geo->gram_H == NULL ? geo->note : "more than 10000 context-pair orbits: not listed"));
    }
    json_object_set_new(o, "note", json_string(
        "balls of the optimum's values: logits per orbital of [V] x [N] (the numbering of "
        "primal.z), gram_W per token orbital (first pair, valency), gram_H per orbit of the "
        "context action on [N] x [N] (first pair in row-major order, size)"));
    return o;
}

/* The geometry at the optimum (values_at "optimum"; geometry.h). */
static void optimum_json(json_t *g, const pc_group_geometry_t *geo, slong N, slong places)
{
    const pc_commutant_t *alg = &geo->alg;
    json_t *comps = json_array();
    slong embedding = 0;
    char text[64];
    json_object_set_new(g, "values_at", json_string("optimum"));
    snprintf(text, sizeof text, "%.3e", geo->opt.radius);
    json_object_set_new(g, "kkt", json_pack("{s:b, s:s, s:o}", "proved", 1, "box_radius", text,
                                            "multiplier", enclosure_json(geo->opt.mu, places)));
    for (slong k = 0; k < alg->r; k++) {
        json_t *c = json_object();
        int act = geo->opt.active[k];
        json_object_set_new(c, "component", json_integer(k));
        json_object_set_new(c, "multiplicity", json_integer(alg->multiplicity[k]));
        json_object_set_new(c, "eigenvalue_WWt", enclosure_json(geo->eig_W + k, places));
        json_object_set_new(c, "active", json_string(act ? "yes" : "no"));
        json_array_append_new(comps, c);
        if (act) embedding += alg->multiplicity[k];
    }
    json_object_set_new(g, "token_components", comps);
    json_object_set_new(g, "embedding_dimension", json_integer(embedding));
    if (geo->context_mult != NULL)
        json_object_set_new(g, "context_components", context_components_json(geo, N, places));
    else
        json_object_set_new(g, "context_components_note", json_string(geo->note));
    json_object_set_new(g, "orbital_values", orbital_values_json(geo, places));
    json_object_set_new(g, "note", json_string(
        "values at the optimum Z° (Krawczyk box of the reduced KKT system with strict "
        "complementarity, so the active set is exact): token_components per isotypic component "
        "E_k of the token action (k = 0 trivial; sorted by multiplicity, then by the eigenvalue "
        "of the generic element, primal.commutant_generic when given), eigenvalue of W W^T = sqrt(a/b) (Z° Z°^T)^(1/2); "
        "context_components: the isotypic component F_k of the same constituent in the context "
        "representation (dimension m_k b_k), H^T H = sqrt(b/a) (Z°^T Z°)^(1/2) has the given "
        "eigenvalue eigenvalue_multiplicity times in F_k and 0 elsewhere; 'other' collects the "
        "constituents absent from the token representation (H^T H = 0 there); embedding_dimension "
        "= rank(Z°) = sum of active multiplicities"));
}

json_t *pc_group_geometry_json(const pc_cert_t *cert, const pc_instance_t *inst, slong places)
{
    if (cert->kind != PC_CERT_GROUP || cert->regime != PC_REGIME_BINDING || cert->z_orb == NULL
        || inst->tokens < 2 || inst->contexts > PC_MAX_DENSE_ENTRIES / inst->tokens)
        return NULL;
    json_t *g = json_object();
    const char *kkt_note = NULL;
    pc_msg_t kmsg;
    {                                       /* the geometry at the optimum (geometry.h) */
        pc_group_geometry_t geo;
        pc_group_geometry_init(&geo);
        pc_status_t st = pc_group_geometry_optimum(&geo, cert, inst, 256 + 4 * places, &kmsg);
        if (st == PC_OK) optimum_json(g, &geo, inst->contexts, places);
        pc_group_geometry_clear(&geo);
        if (st == PC_OK) return g;
        kkt_note = kmsg.text;
    }
    slong embedding = -1;
    const char *why = NULL;
    json_t *comps = token_components_json(&embedding, cert, inst, places, &why);
    json_object_set_new(g, "values_at", json_string(cert->has_gram ? "optimum" : "certificate"));
    if (kkt_note != NULL)
        json_object_set_new(g, "kkt", json_pack("{s:b, s:s}", "proved", 0, "note", kkt_note));
    if (comps != NULL) {
        json_object_set_new(g, "token_components", comps);
        if (embedding >= 0) json_object_set_new(g, "embedding_dimension", json_integer(embedding));
        else json_object_set_new(g, "embedding_dimension_note", json_string(
                 "some component undecided (enclosure contains 0): not reported"));
    } else {
        json_object_set_new(g, "token_components_note", json_string(why));
    }
    json_object_set_new(g, "note", json_string(cert->has_gram
        ? "token side: isotypic components E_k of the token action (k = 0 trivial), multiplicity "
          "m_k proved by the commutant eigenmatrix; W W^T = u (I - J/V) at every optimum (the "
          "simplex ETF claim), so eigenvalue_WWt is exact: 0 on E_0, u elsewhere; "
          "embedding_dimension = sum of active multiplicities. Context side: gram_H"
        : "values of the certificate's own exact Z, not of the optimum (the KKT test was not "
          "proved: see kkt): token side per isotypic component E_k of the token action (k = 0 "
          "trivial), multiplicity m_k proved; eigenvalue_WWt encloses the eigenvalue on E_k of "
          "sqrt(a/b) (Z Z^T)^(1/2); active: yes = proved > 0, no = proved 0, undecided"));
    return g;
}
