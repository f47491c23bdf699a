/* Reading and validating instance files (SPEC 8). Every refusal names the field as a
 * JSON path, the offending value and the reason, and returns PC_BAD_INPUT. */
#include <stdlib.h>
#include <string.h>
#include "peelcert/json_file.h"
#include "peelcert/instance.h"
#include "peelcert/numbers.h"
#include "instance_internal.h"

static const char *const known_fields[] = {
    "format", "name", "tokens", "contexts", "dim", "E_W", "E_H", "targets", "symmetry",
    "token_names", "context_names", NULL
};

pc_status_t pc_instance_read_size(slong *out, json_t *value, const char *field, slong lo, slong hi,
                                  pc_msg_t *msg)
{
    if (value == NULL)
        return pc_fail(msg, PC_BAD_INPUT, "%s: missing (expected an integer)", field);
    if (json_is_real(value))
        return pc_fail(msg, PC_BAD_INPUT, "%s: %g is not an integer literal", field,
                       json_real_value(value));
    if (!json_is_integer(value))
        return pc_fail(msg, PC_BAD_INPUT, "%s: expected an integer, got %s", field,
                       pc_json_type_name(value));
    json_int_t v = json_integer_value(value);
    if (v < lo || v > hi)
        return pc_fail(msg, PC_BAD_INPUT, "%s: %lld is out of range %ld..%ld", field,
                       (long long) v, lo, hi);
    *out = (slong) v;
    return PC_OK;
}

const char *pc_json_type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER: return "an integer";
    case JSON_REAL: return "a floating-point number";
    case JSON_TRUE: case JSON_FALSE: return "a boolean";
    default: return "null";
    }
}

pc_status_t pc_instance_expect_array(json_t *value, const char *field, slong length, pc_msg_t *msg)
{
    if (!json_is_array(value))
        return pc_fail(msg, PC_BAD_INPUT, "%s: expected an array, got %s", field,
                       value == NULL ? "nothing (missing)" : pc_json_type_name(value));
    if ((slong) json_array_size(value) != length)
        return pc_fail(msg, PC_BAD_INPUT, "%s: has %zu entries, expected %ld", field,
                       json_array_size(value), length);
    return PC_OK;
}

/* A budget: an exact rational > 0. */
static pc_status_t read_budget(fmpq_t out, json_t *root, const char *key, pc_msg_t *msg)
{
    pc_status_t st = pc_rational_from_json(out, json_object_get(root, key), key, msg);
    if (st != PC_OK) return st;
    if (fmpq_sgn(out) <= 0) {
        char *text = pc_rational_to_string(out);
        st = pc_fail(msg, PC_BAD_INPUT, "%s: %s is not positive (budgets must be > 0)", key, text);
        free(text);
    }
    return st;
}

/* Reads n non-negative rationals from the array at field into out and proves they sum to
 * exactly 1. */
static pc_status_t read_distribution(fmpq *out, json_t *row, slong n, const char *field,
                                     pc_msg_t *msg)
{
    char sub[128];
    pc_status_t st = pc_instance_expect_array(row, field, n, msg);
    for (slong k = 0; k < n && st == PC_OK; k++) {
        snprintf(sub, sizeof sub, "%s[%ld]", field, k);
        st = pc_rational_from_json(out + k, json_array_get(row, (size_t) k), sub, msg);
        if (st == PC_OK && fmpq_sgn(out + k) < 0) {
            char *text = pc_rational_to_string(out + k);
            st = pc_fail(msg, PC_BAD_INPUT, "%s: %s is negative (targets are probabilities)",
                         sub, text);
            free(text);
        }
    }
    if (st != PC_OK) return st;
    char *text = NULL;
    if (!pc_rational_sum_is(out, n, 1, &text))
        st = pc_fail(msg, PC_BAD_INPUT, "%s: entries sum to %.60s, not exactly 1", field, text);
    free(text);
    return st;
}

static pc_status_t read_dense(pc_instance_t *inst, json_t *rows, pc_msg_t *msg)
{
    slong N = inst->contexts, V = inst->tokens;
    if (V > PC_MAX_DENSE_ENTRIES / N)
        return pc_fail(msg, PC_BAD_INPUT,
                       "targets: dense %ld x %ld targets exceed the limit of %ld entries; use the "
                       "circulant, exchangeable or onehot form", N, V, PC_MAX_DENSE_ENTRIES);
    pc_status_t st = pc_instance_expect_array(rows, "targets", N, msg);
    if (st != PC_OK) return st;
    char field[64];
    for (slong i = 0; i < N && st == PC_OK; i++) {   /* every row's length before allocating */
        snprintf(field, sizeof field, "targets[%ld]", i);
        st = pc_instance_expect_array(json_array_get(rows, (size_t) i), field, V, msg);
    }
    if (st != PC_OK) return st;
    inst->dense = _fmpq_vec_init(N * V);
    inst->form = PC_TARGETS_DENSE;
    for (slong i = 0; i < N && st == PC_OK; i++) {
        snprintf(field, sizeof field, "targets[%ld]", i);
        st = read_distribution(inst->dense + i * V, json_array_get(rows, (size_t) i), V, field, msg);
    }
    return st;
}

static pc_status_t require_square(const pc_instance_t *inst, const char *form, pc_msg_t *msg)
{
    if (inst->tokens != inst->contexts)
        return pc_fail(msg, PC_BAD_INPUT, "targets.%s: needs tokens == contexts, got %ld and %ld",
                       form, inst->tokens, inst->contexts);
    return PC_OK;
}

static pc_status_t read_circulant(pc_instance_t *inst, json_t *q, pc_msg_t *msg)
{
    pc_status_t st = require_square(inst, "circulant", msg);
    if (st != PC_OK) return st;
    if (inst->tokens > PC_MAX_LISTED)
        return pc_fail(msg, PC_BAD_INPUT, "targets.circulant: n = %ld exceeds the limit %ld",
                       inst->tokens, PC_MAX_LISTED);
    st = pc_instance_expect_array(q, "targets.circulant", inst->tokens, msg);
    if (st != PC_OK) return st;   /* the length before allocating */
    inst->circulant = _fmpq_vec_init(inst->tokens);
    inst->form = PC_TARGETS_CIRCULANT;
    return read_distribution(inst->circulant, q, inst->tokens, "targets.circulant", msg);
}

/* targets.group_circulant.orders: 1..PC_ABELIAN_MAX_FACTORS integers >= 1 whose product is
 * n = tokens = contexts (at most PC_MAX_LISTED). */
static pc_status_t read_group_orders(pc_instance_t *inst, json_t *orders, pc_msg_t *msg)
{
    slong k, list[PC_ABELIAN_MAX_FACTORS], product = 1;
    char field[64];
    if (!json_is_array(orders))
        return pc_fail(msg, PC_BAD_INPUT, "targets.group_circulant.orders: expected an array of "
                       "integers >= 1, got %s", orders == NULL ? "nothing (missing)"
                       : pc_json_type_name(orders));
    k = (slong) json_array_size(orders);
    if (k < 1 || k > PC_ABELIAN_MAX_FACTORS)
        return pc_fail(msg, PC_BAD_INPUT, "targets.group_circulant.orders: has %ld entries, "
                       "expected 1 to %d", k, PC_ABELIAN_MAX_FACTORS);
    for (slong t = 0; t < k; t++) {
        snprintf(field, sizeof field, "targets.group_circulant.orders[%ld]", t);
        pc_status_t st = pc_instance_read_size(list + t, json_array_get(orders, (size_t) t), field,
                                               1, PC_MAX_LISTED, msg);
        if (st != PC_OK) return st;
        if (product > PC_MAX_LISTED / list[t])
            return pc_fail(msg, PC_BAD_INPUT, "targets.group_circulant.orders: the product "
                           "exceeds the limit %ld", PC_MAX_LISTED);
        product *= list[t];
    }
    if (product != inst->tokens)
        return pc_fail(msg, PC_BAD_INPUT, "targets.group_circulant.orders: the product %ld is not "
                       "tokens = contexts = %ld", product, inst->tokens);
    pc_abelian_set(&inst->group, list, k, PC_MAX_LISTED);
    return PC_OK;
}

/* {"orders": [n1, ..., nk], "q": [...]}: P[i][k] = q[k - i] in Z_n1 x ... x Z_nk (SPEC 11). */
static pc_status_t read_group_circulant(pc_instance_t *inst, json_t *spec, pc_msg_t *msg)
{
    pc_status_t st = require_square(inst, "group_circulant", msg);
    const char *key;
    json_t *value;
    if (st != PC_OK) return st;
    if (!json_is_object(spec))
        return pc_fail(msg, PC_BAD_INPUT, "targets.group_circulant: expected an object "
                       "{\"orders\": [...], \"q\": [...]}, got %s", pc_json_type_name(spec));
    json_object_foreach(spec, key, value)
        if (strcmp(key, "orders") != 0 && strcmp(key, "q") != 0)
            return pc_fail(msg, PC_BAD_INPUT, "targets.group_circulant.%.60s: unknown field "
                           "(expected orders and q)", key);
    st = read_group_orders(inst, json_object_get(spec, "orders"), msg);
    if (st == PC_OK)   /* the length before allocating */
        st = pc_instance_expect_array(json_object_get(spec, "q"), "targets.group_circulant.q",
                                      inst->tokens, msg);
    if (st != PC_OK) return st;
    inst->circulant = _fmpq_vec_init(inst->tokens);
    inst->form = PC_TARGETS_GROUP_CIRCULANT;
    return read_distribution(inst->circulant, json_object_get(spec, "q"), inst->tokens,
                             "targets.group_circulant.q", msg);
}

static pc_status_t read_exchangeable(pc_instance_t *inst, json_t *spec, pc_msg_t *msg)
{
    pc_status_t st = require_square(inst, "exchangeable", msg);
    if (st != PC_OK) return st;
    if (inst->tokens < 2)
        return pc_fail(msg, PC_BAD_INPUT, "targets.exchangeable: needs n >= 2, got n = %ld",
                       inst->tokens);
    if (!json_is_object(spec) || json_object_size(spec) != 1 || !json_object_get(spec, "diag"))
        return pc_fail(msg, PC_BAD_INPUT,
                       "targets.exchangeable: expected an object {\"diag\": alpha} and nothing else");
    inst->form = PC_TARGETS_EXCHANGEABLE;
    st = pc_rational_from_json(inst->alpha, json_object_get(spec, "diag"),
                               "targets.exchangeable.diag", msg);
    if (st != PC_OK) return st;
    fmpq_t one;
    fmpq_init(one);
    fmpq_one(one);
    if (fmpq_sgn(inst->alpha) < 0 || fmpq_cmp(inst->alpha, one) > 0) {
        char *text = pc_rational_to_string(inst->alpha);
        st = pc_fail(msg, PC_BAD_INPUT, "targets.exchangeable.diag: %s is not in [0, 1]", text);
        free(text);
    }
    fmpq_clear(one);
    return st;
}

static pc_status_t read_onehot(pc_instance_t *inst, json_t *list, pc_msg_t *msg)
{
    slong N = inst->contexts;
    if (N > PC_MAX_LISTED)
        return pc_fail(msg, PC_BAD_INPUT, "targets.onehot: %ld contexts exceed the limit %ld", N,
                       PC_MAX_LISTED);
    pc_status_t st = pc_instance_expect_array(list, "targets.onehot", N, msg);
    if (st != PC_OK) return st;
    inst->onehot = malloc((size_t) N * sizeof *inst->onehot);
    if (inst->onehot == NULL) abort();
    inst->form = PC_TARGETS_ONEHOT;
    char field[64];
    for (slong i = 0; i < N && st == PC_OK; i++) {
        snprintf(field, sizeof field, "targets.onehot[%ld]", i);
        st = pc_instance_read_size(inst->onehot + i, json_array_get(list, (size_t) i), field, 0,
                                   inst->tokens - 1, msg);
    }
    return st;
}

/* First pass over sparse rows: N arrays of [token, p] pairs; fills the row starts (N + 1) and
 * refuses more than PC_MAX_SPARSE_ENTRIES listed entries in all before anything is parsed. */
static pc_status_t sparse_layout(pc_instance_t *inst, json_t *rows, pc_msg_t *msg)
{
    slong N = inst->contexts;
    if (N > PC_MAX_LISTED)
        return pc_fail(msg, PC_BAD_INPUT, "targets.sparse: %ld contexts exceed the limit %ld", N,
                       PC_MAX_LISTED);
    pc_status_t st = pc_instance_expect_array(rows, "targets.sparse", N, msg);
    if (st != PC_OK) return st;
    slong total = 0;
    for (slong i = 0; i < N; i++) {
        json_t *row = json_array_get(rows, (size_t) i);
        if (!json_is_array(row))
            return pc_fail(msg, PC_BAD_INPUT, "targets.sparse[%ld]: expected an array of [token, "
                           "p] pairs, got %s", i, pc_json_type_name(row));
        if (json_array_size(row) == 0)
            return pc_fail(msg, PC_BAD_INPUT, "targets.sparse[%ld]: empty row (entries must sum "
                           "to 1)", i);
        if ((slong) json_array_size(row) > PC_MAX_SPARSE_ENTRIES - total)
            return pc_fail(msg, PC_BAD_INPUT, "targets.sparse: more than %ld listed entries in "
                           "all (the limit)", PC_MAX_SPARSE_ENTRIES);
        total += (slong) json_array_size(row);
    }
    inst->sparse_start = malloc((size_t) (N + 1) * sizeof *inst->sparse_start);
    if (inst->sparse_start == NULL) abort();
    inst->sparse_start[0] = 0;
    for (slong i = 0; i < N; i++)
        inst->sparse_start[i + 1] = inst->sparse_start[i]
                                    + (slong) json_array_size(json_array_get(rows, (size_t) i));
    return PC_OK;
}

/* One listed pair [k, "p"] at position m: k an integer in [0, V) above the previous token of
 * the row, p an exact rational > 0. */
static pc_status_t read_sparse_pair(pc_instance_t *inst, json_t *pair, slong m, slong previous,
                                    const char *field, pc_msg_t *msg)
{
    char sub[112];
    if (!json_is_array(pair) || json_array_size(pair) != 2)
        return pc_fail(msg, PC_BAD_INPUT, "%s: expected a pair [token, p], got %s%s", field,
                       pc_json_type_name(pair), json_is_array(pair) ? " of another length" : "");
    snprintf(sub, sizeof sub, "%s[0]", field);
    pc_status_t st = pc_instance_read_size(inst->sparse_index + m, json_array_get(pair, 0), sub, 0,
                                           inst->tokens - 1, msg);
    if (st != PC_OK) return st;
    if (inst->sparse_index[m] <= previous)
        return pc_fail(msg, PC_BAD_INPUT, "%s: token %ld does not come after token %ld (indices "
                       "must be strictly increasing)", sub, inst->sparse_index[m], previous);
    snprintf(sub, sizeof sub, "%s[1]", field);
    st = pc_rational_from_json(inst->sparse_value + m, json_array_get(pair, 1), sub, msg);
    if (st == PC_OK && fmpq_sgn(inst->sparse_value + m) <= 0) {
        char *text = pc_rational_to_string(inst->sparse_value + m);
        st = pc_fail(msg, PC_BAD_INPUT, "%s: %s is not positive (listed sparse entries are > 0; "
                     "omit zeros)", sub, text);
        free(text);
    }
    return st;
}

static pc_status_t read_sparse(pc_instance_t *inst, json_t *rows, pc_msg_t *msg)
{
    inst->form = PC_TARGETS_SPARSE;
    pc_status_t st = sparse_layout(inst, rows, msg);
    if (st != PC_OK) return st;
    slong total = inst->sparse_start[inst->contexts];
    inst->sparse_index = malloc((size_t) (total > 0 ? total : 1) * sizeof *inst->sparse_index);
    if (inst->sparse_index == NULL) abort();
    inst->sparse_value = _fmpq_vec_init(total);
    char field[96];
    for (slong i = 0; i < inst->contexts && st == PC_OK; i++) {
        json_t *row = json_array_get(rows, (size_t) i);
        slong start = inst->sparse_start[i], count = inst->sparse_start[i + 1] - start;
        for (slong j = 0; j < count && st == PC_OK; j++) {
            snprintf(field, sizeof field, "targets.sparse[%ld][%ld]", i, j);
            st = read_sparse_pair(inst, json_array_get(row, (size_t) j), start + j,
                                  j == 0 ? -1 : inst->sparse_index[start + j - 1], field, msg);
        }
        if (st != PC_OK) break;
        char *text = NULL;
        if (!pc_rational_sum_is(inst->sparse_value + start, count, 1, &text))
            st = pc_fail(msg, PC_BAD_INPUT, "targets.sparse[%ld]: entries sum to %.60s, not "
                         "exactly 1", i, text);
        free(text);
    }
    return st;
}

static pc_status_t read_targets(pc_instance_t *inst, json_t *targets, pc_msg_t *msg)
{
    if (targets == NULL)
        return pc_fail(msg, PC_BAD_INPUT, "targets: missing");
    if (json_is_array(targets))
        return read_dense(inst, targets, msg);
    if (!json_is_object(targets) || json_object_size(targets) != 1)
        return pc_fail(msg, PC_BAD_INPUT, "targets: expected an array of rows or an object with "
                       "exactly one of \"circulant\", \"group_circulant\", \"exchangeable\", "
                       "\"onehot\", \"sparse\"");
    if (json_object_get(targets, "circulant"))
        return read_circulant(inst, json_object_get(targets, "circulant"), msg);
    if (json_object_get(targets, "group_circulant"))
        return read_group_circulant(inst, json_object_get(targets, "group_circulant"), msg);
    if (json_object_get(targets, "exchangeable"))
        return read_exchangeable(inst, json_object_get(targets, "exchangeable"), msg);
    if (json_object_get(targets, "onehot"))
        return read_onehot(inst, json_object_get(targets, "onehot"), msg);
    if (json_object_get(targets, "sparse"))
        return read_sparse(inst, json_object_get(targets, "sparse"), msg);
    return pc_fail(msg, PC_BAD_INPUT, "targets.%.60s: unknown target form (expected circulant, "
                   "group_circulant, exchangeable, onehot or sparse)", json_object_iter_key(json_object_iter(targets)));
}

/* Optional label arrays: n strings. */
static pc_status_t read_names(char ***out, json_t *names, slong n, const char *field, pc_msg_t *msg)
{
    if (names == NULL) return PC_OK;
    if (n > PC_MAX_LISTED)
        return pc_fail(msg, PC_BAD_INPUT, "%s: %ld names exceed the limit %ld", field, n, PC_MAX_LISTED);
    pc_status_t st = pc_instance_expect_array(names, field, n, msg);
    if (st != PC_OK) return st;
    for (slong k = 0; k < n; k++)
        if (!json_is_string(json_array_get(names, (size_t) k)))
            return pc_fail(msg, PC_BAD_INPUT, "%s[%ld]: expected a string, got %s", field, k,
                           pc_json_type_name(json_array_get(names, (size_t) k)));
    *out = calloc((size_t) (n > 0 ? n : 1), sizeof **out);
    if (*out == NULL) abort();
    for (slong k = 0; k < n; k++)
        if (((*out)[k] = strdup(json_string_value(json_array_get(names, (size_t) k)))) == NULL)
            abort();
    return PC_OK;
}

static pc_status_t check_known_fields(json_t *root, pc_msg_t *msg)
{
    const char *key;
    json_t *value;
    json_object_foreach(root, key, value) {
        int known = 0;
        for (int f = 0; known_fields[f] != NULL; f++)
            known |= strcmp(key, known_fields[f]) == 0;
        if (!known)
            return pc_fail(msg, PC_BAD_INPUT, "%.60s: unknown field (SPEC 8 lists the fields of "
                           "an instance; check the spelling)", key);
    }
    return PC_OK;
}

static pc_status_t read_header(pc_instance_t *inst, json_t *root, pc_msg_t *msg)
{
    json_t *format = json_object_get(root, "format"), *name = json_object_get(root, "name");
    if (!json_is_string(format) || strcmp(json_string_value(format), "peelcert-instance/1") != 0)
        return pc_fail(msg, PC_BAD_INPUT, "format: expected \"peelcert-instance/1\"%s",
                       format == NULL ? " (missing)" : "");
    if (name != NULL && !json_is_string(name))
        return pc_fail(msg, PC_BAD_INPUT, "name: expected a string, got %s", pc_json_type_name(name));
    if (name != NULL && (inst->name = strdup(json_string_value(name))) == NULL) abort();
    pc_status_t st = pc_instance_read_size(&inst->tokens, json_object_get(root, "tokens"), "tokens",
                                           1, PC_MAX_SIZE, msg);
    if (st == PC_OK)
        st = pc_instance_read_size(&inst->contexts, json_object_get(root, "contexts"), "contexts",
                                   1, PC_MAX_SIZE, msg);
    if (st != PC_OK) return st;
    inst->dim = inst->tokens - 1 < inst->contexts ? inst->tokens - 1 : inst->contexts;
    if (inst->dim < 1) inst->dim = 1;
    if (json_object_get(root, "dim") != NULL) {
        inst->dim_given = 1;
        st = pc_instance_read_size(&inst->dim, json_object_get(root, "dim"), "dim", 1, PC_MAX_SIZE, msg);
    }
    if (st == PC_OK) st = read_budget(inst->E_W, root, "E_W", msg);
    if (st == PC_OK) st = read_budget(inst->E_H, root, "E_H", msg);
    return st;
}

pc_status_t pc_instance_from_json(pc_instance_t *inst, json_t *root, pc_msg_t *msg)
{
    if (!json_is_object(root))
        return pc_fail(msg, PC_BAD_INPUT, "instance: expected a JSON object, got %s",
                       pc_json_type_name(root));
    pc_status_t st = check_known_fields(root, msg);
    if (st == PC_OK) st = read_header(inst, root, msg);
    if (st == PC_OK) st = read_targets(inst, json_object_get(root, "targets"), msg);
    if (st == PC_OK)
        st = read_names(&inst->token_names, json_object_get(root, "token_names"), inst->tokens,
                        "token_names", msg);
    if (st == PC_OK)
        st = read_names(&inst->context_names, json_object_get(root, "context_names"),
                        inst->contexts, "context_names", msg);
    if (st == PC_OK && json_object_get(root, "symmetry") != NULL)
        st = pc_instance_read_symmetry(inst, json_object_get(root, "symmetry"), msg);
    return st;
}

pc_status_t pc_instance_read_file(pc_instance_t *inst, const char *path, pc_msg_t *msg)
{
    json_t *root = pc_json_load_file(path, "instance", 0, msg);
    if (root == NULL)
        return PC_BAD_INPUT;
    pc_status_t st = pc_instance_from_json(inst, root, msg);
    json_decref(root);
    if (st != PC_OK)
        pc_msg_prefix_path(msg, path);      /* every message names the file, once */
    return st;
}
