/* Path selection for pc_certify (certify.h). */
#include <string.h>
#include "paths.h"
#include "peelcert/exchangeable.h"

static void report_init(pc_certify_report_t *rep, const char *path, slong digits)
{
    memset(rep, 0, sizeof *rep);
    rep->path = path;
    rep->digits_target = digits;
    rep->rank = -1;
}

pc_status_t pc_certify(pc_cert_t *cert, pc_certify_report_t *rep, const pc_instance_t *inst,
                       const pc_certify_options_t *opt, pc_msg_t *msg)
{
    if (inst->form == PC_TARGETS_EXCHANGEABLE) {
        report_init(rep, "exchangeable", opt->digits > 0 ? opt->digits : PC_EXCHANGEABLE_DEFAULT_DIGITS);
        cert->kind = PC_CERT_EXCHANGEABLE;
        rep->rank = inst->tokens - 1;
        return pc_exchangeable_certify(cert, inst, rep->digits_target, msg);
    }
    report_init(rep, "dense", opt->digits > 0 ? opt->digits : PC_DENSE_DEFAULT_DIGITS);
    cert->kind = PC_CERT_DENSE;
    return pc_certify_dense(cert, rep, inst, opt, msg);
}
