/* Envelopes, instance and option readers of the API (api_internal.h). */
#include <stdlib.h>
#include <string.h>
#include "api_internal.h"

static const char *FALLBACK = "{\"exit\": 2, \"result\": {\"verified\": false, \"message\": "
                              "\"the result could not be serialised (out of memory or not UTF-8)\"}}";

char *pc_api_envelope(int exit_code, json_t *result, json_t *extra)
{
    json_t *env = json_object();
    json_object_set_new(env, "exit", json_integer(exit_code));
    json_object_set_new(env, "result", result != NULL ? result : json_null());
    if (extra != NULL) {
        json_object_update(env, extra);
        json_decref(extra);
    }
    char *text = json_dumps(env, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(env);
    return text != NULL ? text : strdup(FALLBACK);
}

char *pc_api_bad_input(const char *message)
{
    json_t *r = json_object();
    json_object_set_new(r, "verified", json_false());
    json_object_set_new(r, "message", json_string(message));
    return pc_api_envelope(2, r, NULL);
}

/* Strict JSON text into a root value; NULL with msg naming `what` and the position. */
static json_t *load_strict(const char *text, const char *what, pc_msg_t *msg)
{
    json_error_t error;
    if (text == NULL) {
        pc_fail(msg, PC_BAD_INPUT, "%s: missing (NULL)", what);
        return NULL;
    }
    json_t *root = json_loads(text, JSON_REJECT_DUPLICATES, &error);
    if (root == NULL)
        pc_fail(msg, PC_BAD_INPUT, "%s: not valid JSON (line %d, column %d): %s", what,
                error.line, error.column, error.text);
    return root;
}

pc_status_t pc_api_read_instance(pc_instance_t *inst, const char *instance_json, pc_msg_t *msg)
{
    json_t *root = load_strict(instance_json, "instance", msg);
    if (root == NULL)
        return PC_BAD_INPUT;
    pc_status_t st = pc_instance_from_json(inst, root, msg);
    json_decref(root);
    return st;
}

pc_status_t pc_api_read_options(long *digits, int *force_dense, const char *options_json,
                                const char *const *allowed, pc_msg_t *msg)
{
    *digits = 0;
    if (force_dense != NULL)
        *force_dense = 0;
    if (options_json == NULL || options_json[0] == '\0')
        return PC_OK;
    json_t *root = load_strict(options_json, "options", msg), *value;
    const char *key;
    pc_status_t st = PC_OK;
    if (root == NULL)
        return PC_BAD_INPUT;
    if (!json_is_object(root)) {
        json_decref(root);
        return pc_fail(msg, PC_BAD_INPUT, "options: expected a JSON object");
    }
    json_object_foreach(root, key, value) {
        int known = 0;
        for (int i = 0; allowed[i] != NULL; i++)
            known |= strcmp(key, allowed[i]) == 0;
        if (!known) {
            st = pc_fail(msg, PC_BAD_INPUT, "%.60s: unknown option", key);
        } else if (strcmp(key, "digits") == 0) {
            if (json_is_null(value))
                continue;
            if (!json_is_integer(value) || json_integer_value(value) < 1
                || json_integer_value(value) > 10000)
                st = pc_fail(msg, PC_BAD_INPUT, "digits: expected an integer from 1 to 10000");
            else
                *digits = (long) json_integer_value(value);
        } else if (strcmp(key, "path") == 0) {
            const char *p = json_string_value(value);
            if (p == NULL || (strcmp(p, "auto") != 0 && strcmp(p, "dense") != 0))
                st = pc_fail(msg, PC_BAD_INPUT, "path: expected \"auto\" or \"dense\"");
            else if (force_dense != NULL)
                *force_dense = strcmp(p, "dense") == 0;
        }
        if (st != PC_OK)
            break;
    }
    json_decref(root);
    return st;
}

pc_status_t pc_api_read_request(pc_instance_t *inst, long *digits, int *force_dense,
                                const char *instance_json, const char *options_json,
                                const char *const *allowed, pc_msg_t *msg)
{
    pc_status_t st = pc_api_read_options(digits, force_dense, options_json, allowed, msg);
    return st == PC_OK ? pc_api_read_instance(inst, instance_json, msg) : st;
}

void pc_api_free(char *text)
{
    free(text);
}

int pc_api_version(void)
{
    return PC_API_VERSION;
}
