/* Per isotypic component geometry of a kind-group certificate (certify.h, docs/groups.md). */
#include <stdlib.h>
#include "peelcert/certify.h"
#include "peelcert/commutant.h"
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
    else if (pc_commutant_eigen(&alg, prec, &msg) != PC_OK)
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

json_t *pc_group_geometry_json(const pc_cert_t *cert, const pc_instance_t *inst, slong places)
{
    if (cert->kind != PC_CERT_GROUP || cert->regime != PC_REGIME_BINDING || cert->z_orb == NULL
        || inst->tokens < 2 || inst->contexts > PC_MAX_DENSE_ENTRIES / inst->tokens)
        return NULL;
    json_t *g = json_object();
    slong embedding = -1;
    const char *why = NULL;
    json_t *comps = token_components_json(&embedding, cert, inst, places, &why);
    if (comps != NULL) {
        json_object_set_new(g, "token_components", comps);
        if (embedding >= 0) json_object_set_new(g, "embedding_dimension", json_integer(embedding));
        else json_object_set_new(g, "embedding_dimension_note", json_string(
                 "some component undecided (enclosure contains 0): not reported"));
    } else {
        json_object_set_new(g, "token_components_note", json_string(why));
    }
    json_object_set_new(g, "note", json_string(
        "token side: isotypic components E_k of the token action (k = 0 trivial), rank "
        "multiplicity m_k proved by the commutant eigenmatrix; eigenvalue_WWt encloses the eigenvalue "
        "on E_k of W W^T = sqrt(a/b) (Z Z^T)^(1/2) for the certificate's exact Z (exact u or 0 when "
        "W W^T = u (I - J/V)); active: yes = proved > 0, no = proved 0, undecided; embedding_dimension = "
        "sum of active multiplicities. Context-side components of H^T H are not reported; its "
        "orbital values are in gram_H"));
    return g;
}
