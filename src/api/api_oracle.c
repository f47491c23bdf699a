/* pc_api_oracle (api.h): the oracle document of `peelcert oracle` (pc_oracle_run). */
#include "api_internal.h"
#include "peelcert/oracle.h"

struct api_args { const char *instance_json, *options_json; };

static char *oracle_body(void *p)
{
    static const char *const allowed[] = { "digits", "path", NULL };
    const struct api_args *a = p;
    pc_msg_t msg = {{0}};
    long digits;
    int force_dense;
    pc_instance_t inst;
    pc_instance_init(&inst);
    pc_status_t st = pc_api_read_request(&inst, &digits, &force_dense, a->instance_json,
                                         a->options_json, allowed, &msg);
    json_t *doc = NULL;
    if (st == PC_OK) {
        pc_oracle_options_t opt = { digits, 0, force_dense };
        doc = pc_oracle_run(&inst, &opt, &st, &msg);
    }
    char *out;
    if (doc == NULL)
        out = pc_api_bad_input(msg.text);
    else   /* the command prints msg on stderr; here it travels beside the document */
        out = pc_api_envelope(st == PC_OK ? 0 : st == PC_NOT_PROVED ? 1 : 2, doc,
                              st == PC_OK ? NULL : json_pack("{s:s}", "message", msg.text));
    pc_instance_clear(&inst);
    return out;
}

char *pc_api_oracle(const char *instance_json, const char *options_json)
{
    struct api_args a = { instance_json, options_json };
    return pc_api_guarded(oracle_body, &a);
}
