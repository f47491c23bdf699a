/* pc_audit_document (audit.h): certify the optimum, audit the claim, build the --json
 * document, in one call for the CLI and the Python interface (src/api). */
#include <stdlib.h>
#include "peelcert/audit.h"
#include "peelcert/certify.h"

json_t *pc_audit_document(const pc_instance_t *inst, const pc_claim_t *claim, const fmpq_t eps,
                          const char *eps_text, slong digits, int progress, int *exit_code,
                          char **text, pc_status_t *status, pc_msg_t *msg)
{
    if (text != NULL)
        *text = NULL;
    *exit_code = 2;
    *status = pc_claim_check_shape(claim, inst, msg);
    if (*status != PC_OK)
        return NULL;
    pc_cert_t opt;
    pc_certify_report_t rep = {0};
    pc_audit_t audit;
    pc_cert_init(&opt, PC_CERT_DENSE);
    pc_audit_init(&audit);
    pc_certify_options_t copt = { .digits = digits, .progress = progress };
    pc_msg_t cmsg = {{0}};
    pc_status_t opt_st = pc_certify(&opt, &rep, inst, &copt, &cmsg);
    json_t *doc = NULL;
    if (opt_st == PC_BAD_INPUT) {
        *status = pc_fail(msg, PC_BAD_INPUT, "%s", cmsg.text);
    } else {
        *status = pc_audit_run(&audit, claim, inst, &opt, &rep, eps, 128, msg);
        if (*status == PC_OK) {
            doc = pc_audit_json(&audit, &opt, opt_st, eps_text);
            if (opt_st != PC_OK)
                json_object_set_new(doc, "optimum_note", json_string(cmsg.text));
            *exit_code = pc_audit_exit_code(&audit);
            if (text != NULL)
                *text = pc_audit_text(&audit, &opt, eps_text);
        }
    }
    pc_certify_report_clear(&rep);
    pc_audit_clear(&audit);
    pc_cert_clear(&opt);
    return doc;
}
