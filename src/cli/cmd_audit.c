/* peelcert audit INSTANCE [CLAIM.json | --W W.npy --H H.npy | --Z Z.npy] [--eps E] [--json] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "peelcert/audit.h"
#include "peelcert/numbers.h"

static const char *HELP =
    "usage: peelcert audit INSTANCE CLAIM.json [--eps E] [--digits D] [--json]\n"
    "       peelcert audit INSTANCE --W W.npy --H H.npy [--eps E] [--digits D] [--json]\n"
    "       peelcert audit INSTANCE --Z Z.npy [...]\n"
    "\n"
    "Certifies the optimum of INSTANCE, then reports with certified arithmetic how far the claimed\n"
    "point is from it: feasibility (and by how much a budget is exceeded), f(claim) enclosed, a\n"
    "certified suboptimality interval, KKT residuals, the deviation from the optimal structure, and\n"
    "a verdict (the first line): 'optimal-within EPS', 'not-optimal' (with the proved interval of\n"
    "f(claim) - val), or 'infeasible'. The claim's numbers are used exactly (a float32/float64 is an\n"
    "exact rational); a budget exceeded only by the rounding of the claim's dtype (4 ulp sqrt(entries))\n"
    "is judged on the claim scaled exactly onto the budgets (\"rounding_excess\": true). A claim wider\n"
    "than the instance's dim is refused; one below the rank of the optimum is said to be (d < rank).\n"
    "See docs/audit.md.\n"
    "\n"
    "  CLAIM.json   {\"format\": \"peelcert-claim/1\", \"W\": [[...]], \"H\": [[...]]} or {\"Z\": [[...]]};\n"
    "               entries are rational strings or JSON numbers (taken as the double they denote)\n"
    "  --W, --H     NumPy .npy files (float32/float64, C or Fortran order, either endianness)\n"
    "  --Z          a .npy file of logits (V x N)\n"
    "  --eps E      the suboptimality to prove (rational or decimal, default 1e-6)\n"
    "  --digits D   digits of the optimum's certificate (as for certify)\n"
    "  --json       one JSON object: the SPEC 8 fields for the optimum, \"verdict\", the verdict's\n"
    "               \"suboptimality_lower/upper\", and \"claim\": {...} (full digits)\n"
    "Exit status: 0 optimal within EPS is proved, 1 not (not-optimal, infeasible, EPS not met),\n"
    "2 bad input.\n";

/* Implemented in cmd_audit_npy.c: fills claim from .npy files. */
pc_status_t pc_cli_claim_from_npy(pc_claim_t *claim, const char *w, const char *h, const char *z,
                                  pc_msg_t *msg);

int pc_cli_audit(int argc, char **argv)
{
    const char *inst_path = NULL, *claim_path = NULL, *w = NULL, *h = NULL, *z = NULL, *eps_text = "1e-6";
    long digits = 0;
    int as_json = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) { fputs(HELP, stdout); return 0; }
        else if (!strcmp(a, "--json")) as_json = 1;
        else if (!strcmp(a, "--W") || !strcmp(a, "--H") || !strcmp(a, "--Z") || !strcmp(a, "--eps") || !strcmp(a, "--digits")) {
            if (++i >= argc) return pc_cli_usage_error("audit", "%s needs a value", a);
            if (!strcmp(a, "--W")) w = argv[i];
            else if (!strcmp(a, "--H")) h = argv[i];
            else if (!strcmp(a, "--Z")) z = argv[i];
            else if (!strcmp(a, "--eps")) eps_text = argv[i];
            else if (pc_cli_parse_long(&digits, argv[i], 1, 10000) != 0)
                return pc_cli_usage_error("audit", "--digits needs an integer from 1 to 10000");
        } else if (a[0] == '-' && a[1] != '\0') return pc_cli_usage_error("audit", "unknown option '%s'", a);
        else if (inst_path == NULL) inst_path = a;
        else if (claim_path == NULL) claim_path = a;
        else return pc_cli_usage_error("audit", "unexpected argument '%s'", a);
    }
    if (inst_path == NULL)
        return pc_cli_usage_error("audit", "missing INSTANCE");
    int sources = (claim_path != NULL) + (w != NULL || h != NULL) + (z != NULL);
    if (sources != 1 || ((w != NULL) != (h != NULL)))
        return pc_cli_usage_error("audit", "give exactly one claim: CLAIM.json, or --W and --H, or --Z");
    fmpq_t eps;
    fmpq_init(eps);
    const char *why;
    if (pc_rational_parse_scientific(eps, eps_text, &why) != 0 || fmpq_sgn(eps) <= 0) {
        fmpq_clear(eps);
        return pc_cli_usage_error("audit", "--eps '%s' must be a positive rational or decimal", eps_text);
    }
    pc_msg_t msg = {{0}};
    pc_instance_t inst;
    pc_claim_t claim;
    pc_instance_init(&inst);
    pc_claim_init(&claim);
    pc_status_t st = pc_instance_read_file(&inst, inst_path, &msg);
    if (st == PC_OK)
        st = claim_path ? pc_claim_read_json(&claim, claim_path, &msg) : pc_cli_claim_from_npy(&claim, w, h, z, &msg);
    int code = 2;
    char *text = NULL;
    json_t *doc = NULL;
    if (st == PC_OK)
        doc = pc_audit_document(&inst, &claim, eps, eps_text, digits, pc_cli_progress_wanted(), &code,
                                as_json ? NULL : &text, &st, &msg);
    if (doc == NULL) {
        fprintf(stderr, "peelcert audit: %s\n", msg.text);
        if (as_json) {
            json_t *o = json_object();
            json_object_set_new(o, "verified", json_false());
            json_object_set_new(o, "message", json_string(msg.text));
            pc_cli_print_json(o);
        }
        code = 2;
    } else if (as_json) {
        pc_cli_print_json(doc);
    } else {
        fputs(text, stdout);
        json_decref(doc);
    }
    free(text);
    fmpq_clear(eps);
    pc_claim_clear(&claim);
    pc_instance_clear(&inst);
    return code;
}
