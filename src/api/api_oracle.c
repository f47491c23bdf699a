/* pc_api_oracle (api.h): the oracle document of `peelcert oracle` (docs/oracle.md). */
#include <string.h>
#include "api_internal.h"
#include "peelcert/oracle.h"

struct api_args { const char *instance_json, *options_json; };

static char *oracle_body(void *p)
{
    static const char *const allowed[] = { "digits", NULL };
    const struct api_args *a = p;
    pc_msg_t msg = {{0}};
    long digits;
    if (pc_api_read_options(&digits, NULL, a->options_json, allowed, &msg) != PC_OK)
        return pc_api_bad_input(msg.text);
    pc_instance_t inst;
    pc_cert_t cert;
    pc_certify_report_t rep;
    memset(&rep, 0, sizeof rep);
    pc_instance_init(&inst);
    pc_cert_init(&cert, PC_CERT_DENSE);
    pc_status_t st = pc_api_read_instance(&inst, a->instance_json, &msg);
    if (st == PC_OK) {
        pc_certify_options_t opt = { digits, 0, 0, 0 };
        st = pc_certify(&cert, &rep, &inst, &opt, &msg);
    }
    char *out;
    if (st == PC_BAD_INPUT) {
        out = pc_api_bad_input(msg.text);
    } else {
        json_t *doc = pc_oracle_build(&cert, &rep, &inst, rep.digits_target + 5);
        json_object_set_new(doc, "verified", json_boolean(st == PC_OK));
        /* the command prints msg on stderr; here it travels beside the document */
        out = pc_api_envelope(st == PC_OK ? 0 : 1, doc,
                              st == PC_OK ? NULL : json_pack("{s:s}", "message", msg.text));
    }
    pc_certify_report_clear(&rep);
    pc_cert_clear(&cert);
    pc_instance_clear(&inst);
    return out;
}

char *pc_api_oracle(const char *instance_json, const char *options_json)
{
    struct api_args a = { instance_json, options_json };
    return pc_api_guarded(oracle_body, &a);
}
