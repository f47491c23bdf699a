/* The canonical JSON form of an instance (instance.h): fixed key order, rationals in lowest
 * terms as strings, sizes and indices as integers. Deterministic. */
#include <stdlib.h>
#include "peelcert/instance.h"
#include "peelcert/numbers.h"

static json_t *index_array(const slong *v, slong n)
{
    json_t *array = json_array();
    for (slong k = 0; k < n; k++)
        json_array_append_new(array, json_integer(v[k]));
    return array;
}

/* [[[k, "p"], ...], ...]: the listed entries of each row, in increasing token order. */
static json_t *sparse_json(const pc_instance_t *inst)
{
    json_t *rows = json_array();
    for (slong i = 0; i < inst->contexts; i++) {
        json_t *row = json_array();
        for (slong m = inst->sparse_start[i]; m < inst->sparse_start[i + 1]; m++)
            json_array_append_new(row, json_pack("[I,o]", (json_int_t) inst->sparse_index[m],
                                                 pc_rational_json(inst->sparse_value + m)));
        json_array_append_new(rows, row);
    }
    return rows;
}

static json_t *targets_json(const pc_instance_t *inst)
{
    json_t *t = NULL;
    switch (inst->form) {
    case PC_TARGETS_DENSE:
        t = json_array();
        for (slong i = 0; i < inst->contexts; i++)
            json_array_append_new(t, pc_rational_vector_json(inst->dense + i * inst->tokens, inst->tokens));
        return t;
    case PC_TARGETS_CIRCULANT:
        return json_pack("{s:o}", "circulant", pc_rational_vector_json(inst->circulant, inst->tokens));
    case PC_TARGETS_GROUP_CIRCULANT:
        return json_pack("{s:{s:o,s:o}}", "group_circulant", "orders",
                         index_array(inst->group.orders, inst->group.k), "q",
                         pc_rational_vector_json(inst->circulant, inst->tokens));
    case PC_TARGETS_EXCHANGEABLE:
        return json_pack("{s:{s:o}}", "exchangeable", "diag", pc_rational_json(inst->alpha));
    case PC_TARGETS_ONEHOT:
        return json_pack("{s:o}", "onehot", index_array(inst->onehot, inst->contexts));
    case PC_TARGETS_SPARSE:
        return json_pack("{s:o}", "sparse", sparse_json(inst));
    }
    return t;
}

static json_t *names_json(char **names, slong n)
{
    json_t *array = json_array();
    for (slong k = 0; k < n; k++)
        json_array_append_new(array, json_string(names[k]));
    return array;
}

static json_t *symmetry_json(const pc_instance_t *inst)
{
    json_t *tok = json_array(), *ctx = json_array();
    for (slong g = 0; g < inst->num_generators; g++) {
        json_array_append_new(tok, index_array(inst->token_generators[g], inst->tokens));
        json_array_append_new(ctx, index_array(inst->context_generators[g], inst->contexts));
    }
    json_t *sym = json_object();
    json_object_set_new(sym, "tokens", tok);
    json_object_set_new(sym, "contexts", ctx);
    return sym;
}

json_t *pc_instance_to_json(const pc_instance_t *inst)
{
    json_t *root = json_object();
    json_object_set_new(root, "format", json_string("peelcert-instance/1"));
    if (inst->name != NULL) json_object_set_new(root, "name", json_string(inst->name));
    json_object_set_new(root, "tokens", json_integer(inst->tokens));
    json_object_set_new(root, "contexts", json_integer(inst->contexts));
    json_object_set_new(root, "dim", json_integer(inst->dim));
    json_object_set_new(root, "E_W", pc_rational_json(inst->E_W));
    json_object_set_new(root, "E_H", pc_rational_json(inst->E_H));
    json_object_set_new(root, "targets", targets_json(inst));
    if (inst->token_generators != NULL) json_object_set_new(root, "symmetry", symmetry_json(inst));
    if (inst->token_names != NULL)
        json_object_set_new(root, "token_names", names_json(inst->token_names, inst->tokens));
    if (inst->context_names != NULL)
        json_object_set_new(root, "context_names", names_json(inst->context_names, inst->contexts));
    return root;
}
