/* The certify --json document (SPEC 8) and the final message of a certify run, in library code
 * so that the command line and the Python package (src/api) print exactly the same object. */
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include "peelcert/certify.h"
#include "peelcert/exchangeable.h"
#include "peelcert/numbers.h"

void pc_certify_final_message(pc_msg_t *msg, pc_status_t st, const pc_certify_report_t *rep,
                              slong digits_given)
{
    if (st != PC_OK)
        return;
    if (rep->d_below_rank && digits_given == 0 && strcmp(rep->path, "dense") == 0)
        snprintf(msg->text, sizeof msg->text, "every bound proved; d is below the rank of the "
                 "optimum, so the interval is not closed (see note; SPEC 4)");
    else if (rep->d_below_rank)
        snprintf(msg->text, sizeof msg->text, "every bound proved for val(C), gap <= 1e-%ld; d is "
                 "below the rank of the optimum, so val(LP) may be larger (see note; SPEC 4)",
                 (long) rep->digits_target);
    else
        snprintf(msg->text, sizeof msg->text, "every bound proved; certified gap <= 1e-%ld",
                 (long) rep->digits_target);
}

/* x as a decimal with about 20 significant digits (nearest; the ball's radius is
 * far below the last digit on the circulant path). */
static json_t *decimal20_json(const arb_t x)
{
    slong e = arf_abs_bound_lt_2exp_si(arb_midref(x)), places = 20;
    if (e < 0 && e > -400)
        places += (-e * 3) / 10;
    char *value = pc_arb_decimal_nearest(x, places);
    json_t *out = json_string(value);
    free(value);
    return out;
}

/* SPEC 11 on G = Z_n1 x ... x Z_nk: the orders, the active characters as coordinate tuples,
 * and the eigenvalues of W W^T per active character, sqrt(a/b) |c_hat_f| (multiplicity 2 for
 * a conjugate pair, 1 for a real character), enclosed by a rigorous DFT of the exact c;
 * claimed with the Gram first rows (binding, d >= rank), else absent. */
static void group_circulant_fields(json_t *o, const pc_certify_circulant_info_t *info)
{
    const pc_abelian_t *G = &info->group;
    json_t *orders = json_array(), *chars = json_array();
    for (slong t = 0; t < G->k; t++)
        json_array_append_new(orders, json_integer(G->orders[t]));
    json_object_set_new(o, "orders", orders);
    for (slong a = 0; a < info->num_active; a++) {
        json_t *tuple = json_array();
        slong f = info->active[a], digit[PC_ABELIAN_MAX_FACTORS];
        for (slong t = G->k - 1; t >= 0; t--) {
            digit[t] = f % G->orders[t];
            f /= G->orders[t];
        }
        for (slong t = 0; t < G->k; t++)
            json_array_append_new(tuple, json_integer(digit[t]));
        json_array_append_new(chars, tuple);
    }
    json_object_set_new(o, "active_characters", chars);
    if (info->eigenvalues_W == NULL)
        return;
    json_t *eig = json_array();
    for (slong k = 0; k < info->num_active; k++) {
        json_t *item = json_object();
        json_object_set_new(item, "character", json_array_get(chars, (size_t) k));
        json_incref(json_array_get(chars, (size_t) k));
        json_object_set_new(item, "eigenvalue_W", decimal20_json(info->eigenvalues_W + k));
        json_object_set_new(item, "multiplicity",
                            json_integer(pc_abelian_weight(G, info->active[k])));
        json_array_append_new(eig, item);
    }
    json_object_set_new(o, "eigenvalues", eig);
}

/* The "circulant" object of --json (issue 3 item 6). */
static json_t *circulant_json(const pc_cert_t *cert, const pc_certify_circulant_info_t *info)
{
    json_t *o = json_object(), *list = json_array(), *k = json_object();
    arb_t x;
    char text[64];
    arb_init(x);
    for (slong a = 0; a < info->num_active; a++)
        json_array_append_new(list, json_integer(info->active[a]));
    json_object_set_new(o, "active_frequencies", list);
    list = json_array();
    for (slong m = 0; m < info->n; m++) {
        arb_set_fmpq(x, cert->c + m, 128);
        json_array_append_new(list, decimal20_json(x));
    }
    json_object_set_new(o, "first_column", list);
    if (info->gram_W_first_row != NULL) {
        list = json_array();
        for (slong m = 0; m < info->n; m++)
            json_array_append_new(list, decimal20_json(info->gram_W_first_row + m));
        json_object_set_new(o, "gram_W_first_row", list);
    }
    if (info->gram_H_first_row != NULL) {
        list = json_array();
        for (slong m = 0; m < info->n; m++)
            json_array_append_new(list, decimal20_json(info->gram_H_first_row + m));
        json_object_set_new(o, "gram_H_first_row", list);
    }
    json_object_set_new(o, "gram_note", json_string(info->gram_note));
    json_object_set_new(o, "embedding_dimension", json_integer(info->embedding_dimension));
    json_object_set_new(k, "proved", json_boolean(info->krawczyk_proved));
    snprintf(text, sizeof text, "%.3e", info->krawczyk_radius);
    json_object_set_new(k, "box_radius", info->krawczyk_proved ? json_string(text) : json_null());
    if (info->krawczyk_note[0])
        json_object_set_new(k, "note", json_string(info->krawczyk_note));
    json_object_set_new(o, "krawczyk", k);
    json_object_set_new(o, "regular_polygon", json_boolean(info->regular_polygon));
    if (!pc_abelian_is_cyclic(&info->group))
        group_circulant_fields(o, info);
    arb_clear(x);
    return o;
}

/* The "circulant" object for targets that are circulant and exchangeable after a context
 * relabelling (issue 8 item 4), certified on the exchangeable path: pi(i) = i + m0 (mod n), so
 * the primal Z[k][i] = x (delta(k, pi(i)) - 1/n) is circulant with first column
 * c_m = x (delta(m, m0) - 1/n), and |c_hat_j| = |x| for every j != 0: every frequency
 * 1..n/2 is active (none when x = 0), embedding dimension n - 1. */
static json_t *relabelled_circulant_json(const pc_cert_t *cert, const pc_instance_t *inst)
{
    slong n = inst->tokens, m0 = cert->context_permutation[0];
    json_t *o = json_object(), *list = json_array();
    arb_t x, c;
    arb_init(x); arb_init(c);
    for (slong j = 1; j <= n / 2 && !fmpq_is_zero(cert->x); j++)
        json_array_append_new(list, json_integer(j));
    json_object_set_new(o, "active_frequencies", list);
    arb_set_fmpq(x, cert->x, 128);
    if (n <= 100000) {
        list = json_array();
        for (slong m = 0; m < n; m++) {
            arb_div_si(c, x, -n, 128);
            if (m == m0) arb_add(c, c, x, 128);
            json_array_append_new(list, decimal20_json(c));
        }
        json_object_set_new(o, "first_column", list);
    } else {
        json_object_set_new(o, "first_column_note", json_string(
            "n > 100000: not listed; c_m = x (delta(m, m0) - 1/n) with m0 = primal.context_permutation[0]"));
    }
    json_object_set_new(o, "embedding_dimension", json_integer(fmpq_is_zero(cert->x) ? 0 : n - 1));
    json_object_set_new(o, "note", json_string(
        "the targets are circulant and also exchangeable after relabelling the contexts; "
        "certified by the exchangeable closed form (simplex ETF), whose optimum is circulant"));
    arb_clear(x); arb_clear(c);
    return o;
}

/* issue 4 item 5: W W^T = u (I - J/V); orbitals of the group on [V] x [N]. */
static json_t *etf_json(const pc_cert_t *cert, const pc_instance_t *inst)
{
    json_t *etf = json_object();
    char *u = pc_rational_to_string(cert->gram_W);
    json_object_set_new(etf, "u", json_string(u));
    free(u);
    if (cert->kind == PC_CERT_GROUP)
        json_object_set_new(etf, "orbitals", json_integer(cert->num_orbitals));
    else if (cert->kind == PC_CERT_EXCHANGEABLE)
        json_object_set_new(etf, "orbitals", json_integer(2));   /* diagonal, off-diagonal */
    json_t *gram_H = pc_group_gram_H_json(cert, inst);
    if (gram_H != NULL)
        json_object_set_new(etf, "gram_H", gram_H);
    json_t *geometry = pc_group_geometry_json(cert, inst, 20);
    if (geometry != NULL)
        json_object_set_new(etf, "geometry", geometry);
    json_t *factors = pc_etf_factorisation_json(cert, inst);
    if (factors != NULL)
        json_object_set_new(etf, "factorisation", factors);
    return etf;
}

json_t *pc_certify_result_json(const pc_cert_t *cert, const pc_certify_report_t *rep,
                               const pc_instance_t *inst, const char *cert_path, pc_status_t st,
                               const char *message)
{
    json_t *o = json_object();
    char *lower = pc_cert_lower_text(cert), *upper = pc_cert_upper_text(cert);
    json_object_set_new(o, "verified", json_boolean(st == PC_OK));
    json_object_set_new(o, "lower", json_string(lower));
    json_object_set_new(o, "upper", json_string(upper));
    free(lower);
    free(upper);
    json_object_set_new(o, "regime", json_string(pc_regime_name(cert->regime)));
    json_object_set_new(o, "structure", json_string(pc_structure_name(cert->structure)));
    json_object_set_new(o, "message", json_string(message));
    json_object_set_new(o, "path", json_string(rep->path));
    json_object_set_new(o, "digits", json_integer(rep->digits_target));
    json_object_set_new(o, "upper_is_lp", json_boolean(cert->upper_is_lp));
    if (rep->rank >= 0)
        json_object_set_new(o, "rank", json_integer(rep->rank));
    json_object_set_new(o, "d_below_rank", json_boolean(rep->d_below_rank));
    if (rep->note[0])
        json_object_set_new(o, "note", json_string(rep->note));
    json_object_set_new(o, "certificate", cert_path ? json_string(cert_path) : json_null());
    json_object_set_new(o, "proof", json_string(cert->kind == PC_CERT_LOWRANK ? "float" : "ball"));
    if (cert->kind == PC_CERT_DENSE)   /* FORMAT.md "Kind dense" item 4: how certify proved s */
        json_object_set_new(o, "opnorm_proof", json_string(cert->opnorm_binary64 ? "binary64" : "ball"));
    if (cert->kind == PC_CERT_LOWRANK) {   /* SPEC 15: the factor rank r of the certificate */
        json_object_set_new(o, "certificate_rank", json_integer(cert->lr_rank));
        json_object_set_new(o, "opnorm_bound", pc_rational_json(cert->opnorm_bound));
    }
    if (cert->kind == PC_CERT_CLASSES && cert->classes != NULL) {   /* SPEC 10 */
        json_t *cls = json_object();
        json_object_set_new(cls, "tokens", json_integer(cert->classes->u));
        json_object_set_new(cls, "contexts", json_integer(cert->classes->v));
        json_object_set_new(cls, "reduction", json_string(cert->sizes ? "onehot-sizes"
                                                           : cert->symmetric ? "onehot-symmetric"
                                                           : "blocks"));
        json_object_set_new(o, "classes", cls);
    }
    if (cert->lp != NULL)   /* SPEC 12: below the rank */
        json_object_set_new(o, "lp", pc_lowdim_result_json(cert->lp, cert->lower));
    if (rep->circulant != NULL && cert->kind == PC_CERT_CIRCULANT)
        json_object_set_new(o, "circulant", circulant_json(cert, rep->circulant));
    else if (cert->kind == PC_CERT_EXCHANGEABLE && cert->context_permutation != NULL
             && pc_instance_is_circulant(inst, NULL))
        json_object_set_new(o, "circulant", relabelled_circulant_json(cert, inst));
    if (cert->structure == PC_STRUCTURE_SIMPLEX_ETF && cert->has_gram)
        json_object_set_new(o, "etf", etf_json(cert, inst));
    else if (cert->kind == PC_CERT_GROUP && !rep->d_below_rank) {
        json_t *geometry = pc_group_geometry_json(cert, inst, 20);
        if (geometry != NULL) json_object_set_new(o, "geometry", geometry);
    }
    return o;
}

json_t *pc_certify_error_json(const char *message)
{
    json_t *o = json_object();
    json_object_set_new(o, "verified", json_false());
    json_object_set_new(o, "message", json_string(message));
    return o;
}
