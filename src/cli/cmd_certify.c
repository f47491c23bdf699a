/* peelcert certify INSTANCE [-o CERT] [--digits D] [--json] */
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "peelcert/exchangeable.h"
#include "peelcert/certify.h"
#include "peelcert/numbers.h"
#include "peelcert/verify.h"
#include "peelcert/symmetry.h"

static const char *HELP =
    "usage: peelcert certify INSTANCE [-o CERT] [--digits D] [--path auto|dense|blocks]\n"
    "                       [--proof auto|ball|float] [--json]\n"
    "\n"
    "Finds the optimum of the layer-peeled instance, proves lower and upper bounds on its value\n"
    "with exact and ball arithmetic (or rigorous binary64, --proof), and writes a certificate that 'peelcert check' re-verifies.\n"
    "\n"
    "  -o CERT      where to write the certificate (default: INSTANCE's name with .cert.json,\n"
    "               in the current directory; '-' for stdout)\n"
    "  --digits D   require a certified gap upper - lower <= 1e-D, else exit 1. Defaults per path:\n"
    "               exchangeable 50, circulant 30, group 30, dense 9 (the dense floating path stops near 1e-12)\n"
    "  --path P     auto (default): the path the instance's structure allows; dense: the general\n"
    "               dense path whatever the structure (to cross-check a structured certificate);\n"
    "               blocks: on the classes path, the block form even for one-hot targets\n"
    "  --proof A    the general path's arithmetic: ball: exact and ball arithmetic (certificate\n"
    "               kind dense); float: binary64 proofs with every rounding error bounded\n"
    "               (SPEC 15, kind lowrank, which peelcert-check verifies with its own code;\n"
    "               structure paths skipped); auto (default): float above 250,000 target\n"
    "               entries at --digits <= 10, else ball\n"
    "  --json       print one JSON object (verified, lower, upper, regime, structure, message, ...)\n";

/* "dir/days.json" -> "days.cert.json". Caller frees. */
static char *default_cert_path(const char *instance_path)
{
    const char *base = strrchr(instance_path, '/');
    base = base ? base + 1 : instance_path;
    size_t len = strlen(base);
    if (len > 5 && strcmp(base + len - 5, ".json") == 0)
        len -= 5;
    char *out = malloc(len + 11);
    memcpy(out, base, len);
    strcpy(out + len, ".cert.json");
    return out;
}

static void print_human(const pc_cert_t *cert, const pc_certify_report_t *rep,
                        const pc_instance_t *inst, const char *lower, const char *upper,
                        const char *cert_path, pc_status_t st, const char *message,
                        const pc_symmetry_t *sym)
{
    printf("instance   %s (V = %ld, N = %ld, d = %ld)\n", inst->name ? inst->name : "(unnamed)",
           (long) inst->tokens, (long) inst->contexts, (long) inst->dim);
    printf("path       %s\n", rep->path);
    printf("lower      %s\n", lower);
    printf("upper      %s\n", upper);
    printf("regime     %s\n", pc_regime_name(cert->regime));
    printf("structure  %s\n", pc_structure_name(cert->structure));
    printf("value      %s\n", cert->upper_is_lp ? "of (C) and of (LP): both lie in [lower, upper]"
                                                 : "of (C) lies in [lower, upper]; (LP) may be larger");
    if (rep->note[0])
        printf("note       %s\n", rep->note);
    if (sym->present && sym->has_order) {
        char *order = fmpz_get_str(NULL, 10, sym->order);
        printf("group      order %s, %ld generators, %ld token orbits, %ld context orbits%s\n",
               order, (long) sym->num_generators, (long) sym->token_orbits,
               (long) sym->context_orbits, sym->discovered ? " (discovered)" : "");
        flint_free(order);
    }
    if (sym->present && sym->note[0])
        printf("group      %s\n", sym->note);
    if (cert->lp != NULL) {
        char *lp_upper = pc_arb_decimal_outward(cert->lp->upper, 20, 0);
        printf("lp upper   %s (a feasible rank-%ld point: val(LP) at d = %ld is at most this; "
               "lower stays val(C))\n", lp_upper, (long) inst->dim, (long) inst->dim);
        printf("lp local   %s: %s\n", cert->lp->proof.proved ? "local minimum proved" :
               "local minimum not proved", cert->lp->proof.why);
        free(lp_upper);
    }
    if (rep->circulant != NULL && rep->circulant->krawczyk_proved)
        printf("kkt        exact KKT point proved unique in a box of radius %.3g (Krawczyk)\n",
               rep->circulant->krawczyk_radius);
    else if (rep->circulant != NULL && rep->circulant->krawczyk_note[0])
        printf("kkt        %s%s%s\n", rep->circulant->krawczyk_tried ? "not proved (" : "",
               rep->circulant->krawczyk_note, rep->circulant->krawczyk_tried ? ")" : "");
    if (cert_path)
        printf("certificate %s\n", cert_path);
    printf("%s: %s\n", st == PC_OK ? "verified" : "NOT verified", message);
}

int pc_cli_certify(int argc, char **argv)
{
    const char *instance_path = NULL, *out_path = NULL;
    int as_json = 0;
    long digits = 0;
    int force_dense = 0, force_blocks = 0;
    pc_proof_t proof = PC_PROOF_AUTO;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(HELP, stdout);
            return 0;
        } else if (strcmp(argv[i], "--json") == 0) {
            as_json = 1;
        } else if (strcmp(argv[i], "-o") == 0) {
            if (++i >= argc)
                return pc_cli_usage_error("certify", "-o needs a file name");
            out_path = argv[i];
        } else if (strcmp(argv[i], "--path") == 0) {
            if (++i >= argc || (strcmp(argv[i], "auto") != 0 && strcmp(argv[i], "dense") != 0
                                && strcmp(argv[i], "blocks") != 0))
                return pc_cli_usage_error("certify", "--path needs 'auto', 'dense' or 'blocks'");
            force_dense = strcmp(argv[i], "dense") == 0;
            force_blocks = strcmp(argv[i], "blocks") == 0;
        } else if (strcmp(argv[i], "--proof") == 0) {
            if (++i >= argc || (strcmp(argv[i], "auto") != 0 && strcmp(argv[i], "ball") != 0
                                && strcmp(argv[i], "float") != 0))
                return pc_cli_usage_error("certify", "--proof needs 'auto', 'ball' or 'float'");
            proof = argv[i][0] == 'a' ? PC_PROOF_AUTO : argv[i][0] == 'b' ? PC_PROOF_BALL
                                                                        : PC_PROOF_FLOAT;
        } else if (strcmp(argv[i], "--digits") == 0) {
            if (++i >= argc || pc_cli_parse_long(&digits, argv[i], 1, 10000) != 0)
                return pc_cli_usage_error("certify", "--digits needs an integer from 1 to 10000");
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            return pc_cli_usage_error("certify", "unknown option '%s'", argv[i]);
        } else if (instance_path == NULL) {
            instance_path = argv[i];
        } else {
            return pc_cli_usage_error("certify", "unexpected argument '%s'", argv[i]);
        }
    }
    if (instance_path == NULL)
        return pc_cli_usage_error("certify", "missing INSTANCE");

    pc_msg_t msg = {{0}};
    pc_instance_t inst;
    pc_instance_init(&inst);
    struct stat info;
    if (pc_cli_progress_wanted() && stat(instance_path, &info) == 0 && info.st_size > (1 << 22))
        fprintf(stderr, "peelcert: reading %s (%.0f MB, exact rationals)\n", instance_path,
                (double) info.st_size / (1 << 20));
    pc_status_t st = pc_instance_read_file(&inst, instance_path, &msg);
    if (st != PC_OK) {
        fprintf(stderr, "peelcert certify: %s\n", msg.text);   /* the reader names the file */
        if (as_json)
            pc_cli_print_json(pc_certify_error_json(msg.text));
        pc_instance_clear(&inst);
        return 2;
    }
    /* SPEC 11: describe the given symmetry, or discover one (attached to inst, validated) */
    pc_symmetry_t sym;
    pc_symmetry_init(&sym);
    pc_msg_t smsg = {{0}};
    if (!force_dense && proof != PC_PROOF_FLOAT && pc_symmetry_prepare(&sym, &inst, &smsg) != PC_OK)
        snprintf(sym.note, sizeof sym.note, "%s", smsg.text);
    pc_certify_options_t opt = { digits, pc_cli_progress_wanted(), 1, force_dense, force_blocks,
                                 proof };
    pc_certify_report_t rep;
    pc_cert_t cert;
    pc_cert_init(&cert, PC_CERT_DENSE);
    st = pc_certify(&cert, &rep, &inst, &opt, &msg);
    char *cert_path = NULL;
    if (st != PC_BAD_INPUT) {
        /* Bounds that were proved are written even when the digits target was missed. */
        cert_path = out_path ? strdup(out_path) : default_cert_path(instance_path);
        pc_msg_t wmsg = {{0}};
        if (pc_cert_write(&cert, &inst, cert_path, &wmsg) != PC_OK) {
            st = PC_BAD_INPUT;
            snprintf(msg.text, sizeof msg.text, "%s", wmsg.text);
        }
    }
    pc_certify_final_message(&msg, st, &rep, digits);
    char *lower = pc_cert_lower_text(&cert), *upper = pc_cert_upper_text(&cert);
    if (st == PC_BAD_INPUT)
        fprintf(stderr, "peelcert certify: %s: %s\n", instance_path, msg.text);
    if (as_json)
        pc_cli_print_json(pc_symmetry_add_json(pc_certify_result_json(&cert, &rep, &inst,
                                      cert_path && strcmp(cert_path, "-") ? cert_path : NULL, st, msg.text),
                                      &sym));
    else if (st != PC_BAD_INPUT && !(cert_path && strcmp(cert_path, "-") == 0))
        print_human(&cert, &rep, &inst, lower, upper, cert_path, st, msg.text, &sym);
    free(lower);
    free(upper);
    free(cert_path);
    pc_certify_report_clear(&rep);
    pc_symmetry_clear(&sym);
    pc_cert_clear(&cert);
    pc_instance_clear(&inst);
    return pc_cli_exit_code(st);
}
