/* pc_api_instance and pc_api_certify (api.h): the certify --json object of the library. */
#include <stdlib.h>
#include <string.h>
#include "api_internal.h"
#include "peelcert/certify.h"
#include "peelcert/symmetry.h"

struct api_args { const char *instance_json, *options_json; };

static char *instance_body(void *p)
{
    const struct api_args *a = p;
    pc_msg_t msg = {{0}};
    pc_instance_t inst;
    pc_instance_init(&inst);
    char *out = pc_api_read_instance(&inst, a->instance_json, &msg) == PC_OK
                ? pc_api_envelope(0, pc_instance_to_json(&inst), NULL) : pc_api_bad_input(msg.text);
    pc_instance_clear(&inst);
    return out;
}

char *pc_api_instance(const char *instance_json)
{
    struct api_args a = { instance_json, NULL };
    return pc_api_guarded(instance_body, &a);
}

/* options.proof (certify --proof): "auto" (default), "ball" or "float". The options text was
 * already validated as a JSON object by pc_api_read_request. */
static pc_status_t read_proof_option(pc_proof_t *proof, const char *options_json, pc_msg_t *msg)
{
    *proof = PC_PROOF_AUTO;
    json_t *root = options_json ? json_loads(options_json, JSON_REJECT_DUPLICATES, NULL) : NULL;
    json_t *v = root ? json_object_get(root, "proof") : NULL;
    pc_status_t st = PC_OK;
    if (v != NULL && !json_is_null(v)) {
        const char *t = json_string_value(v);
        if (t != NULL && strcmp(t, "ball") == 0)
            *proof = PC_PROOF_BALL;
        else if (t != NULL && strcmp(t, "float") == 0)
            *proof = PC_PROOF_FLOAT;
        else if (t == NULL || strcmp(t, "auto") != 0)
            st = pc_fail(msg, PC_BAD_INPUT, "proof: expected \"auto\", \"ball\" or \"float\"");
    }
    json_decref(root);
    return st;
}

static char *certify_body(void *p)
{
    static const char *const allowed[] = { "digits", "path", "proof", NULL };
    const struct api_args *a = p;
    pc_msg_t msg = {{0}};
    long digits;
    int force_dense;
    pc_instance_t inst;
    pc_instance_init(&inst);
    pc_proof_t proof = PC_PROOF_AUTO;
    if (pc_api_read_request(&inst, &digits, &force_dense, a->instance_json, a->options_json, allowed,
                            &msg) != PC_OK
        || read_proof_option(&proof, a->options_json, &msg) != PC_OK) {
        pc_instance_clear(&inst);
        return pc_api_envelope(2, pc_certify_error_json(msg.text), json_pack("{s:n}", "certificate"));
    }
    pc_symmetry_t sym;              /* SPEC 11: as the CLI, describe or discover the symmetry */
    pc_symmetry_init(&sym);
    pc_msg_t smsg = {{0}};
    if (!force_dense && proof != PC_PROOF_FLOAT && pc_symmetry_prepare(&sym, &inst, &smsg) != PC_OK)
        snprintf(sym.note, sizeof sym.note, "%s", smsg.text);
    pc_certify_options_t opt = { digits, 0, 1, force_dense, 0, proof };
    pc_certify_report_t rep;
    pc_cert_t cert;
    memset(&rep, 0, sizeof rep);
    pc_cert_init(&cert, PC_CERT_DENSE);
    pc_status_t st = pc_certify(&cert, &rep, &inst, &opt, &msg);
    char *text = NULL;
    if (st != PC_BAD_INPUT && (text = pc_cert_to_text(&cert, &inst)) == NULL)
        st = pc_fail(&msg, PC_BAD_INPUT, "the certificate could not be serialised (out of memory)");
    pc_certify_final_message(&msg, st, &rep, digits);
    json_t *result = pc_symmetry_add_json(pc_certify_result_json(&cert, &rep, &inst, NULL, st,
                                                                 msg.text), &sym);
    pc_symmetry_clear(&sym);
    json_t *extra = json_object();
    json_object_set_new(extra, "certificate", text != NULL ? json_string(text) : json_null());
    char *out = pc_api_envelope(st == PC_OK ? 0 : st == PC_NOT_PROVED ? 1 : 2, result, extra);
    free(text);
    pc_certify_report_clear(&rep);
    pc_cert_clear(&cert);
    pc_instance_clear(&inst);
    return out;
}

char *pc_api_certify(const char *instance_json, const char *options_json)
{
    struct api_args a = { instance_json, options_json };
    return pc_api_guarded(certify_body, &a);
}
