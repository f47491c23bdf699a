/* peelcert oracle INSTANCE [--digits D] [-o FILE]: a certified test oracle (docs/oracle.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "peelcert/oracle.h"

static const char *HELP =
    "usage: peelcert oracle INSTANCE [--digits D] [-o FILE]\n"
    "\n"
    "Certifies INSTANCE and prints one JSON document (docs/oracle.md): the certified optimal value,\n"
    "regime, structure, the centered optimal logits Z° and, where they are certified, the Gram\n"
    "matrices W W^T and H^T H; every number is a decimal \"value\" with a certified \"radius\".\n";

int pc_cli_oracle(int argc, char **argv)
{
    const char *path = NULL, *out = NULL;
    long digits = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) { fputs(HELP, stdout); return 0; }
        else if (!strcmp(argv[i], "--digits")) {
            if (++i >= argc || pc_cli_parse_long(&digits, argv[i], 1, 10000) != 0)
                return pc_cli_usage_error("oracle", "--digits needs an integer from 1 to 10000");
        } else if (!strcmp(argv[i], "-o")) {
            if (++i >= argc) return pc_cli_usage_error("oracle", "-o needs a file name");
            out = argv[i];
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') return pc_cli_usage_error("oracle", "unknown option '%s'", argv[i]);
        else if (path == NULL) path = argv[i];
        else return pc_cli_usage_error("oracle", "unexpected argument '%s'", argv[i]);
    }
    if (path == NULL)
        return pc_cli_usage_error("oracle", "missing INSTANCE");
    pc_msg_t msg = {{0}};
    pc_instance_t inst;
    pc_cert_t cert;
    pc_certify_report_t rep;
    pc_instance_init(&inst);
    pc_cert_init(&cert, PC_CERT_DENSE);
    pc_status_t st = pc_instance_read_file(&inst, path, &msg);
    if (st == PC_OK) {
        pc_certify_options_t opt = { digits, pc_cli_progress_wanted(), 0, 0 };
        st = pc_certify(&cert, &rep, &inst, &opt, &msg);
    }
    int code = pc_cli_exit_code(st);
    if (st == PC_BAD_INPUT) {
        fprintf(stderr, "peelcert oracle: %s: %s\n", path, msg.text);
    } else {
        if (st != PC_OK)
            fprintf(stderr, "peelcert oracle: %s (the oracle's radii reflect the gap reached)\n", msg.text);
        json_t *doc = pc_oracle_build(&cert, &rep, &inst, rep.digits_target + 5);
        json_object_set_new(doc, "verified", json_boolean(st == PC_OK));
        size_t flags = JSON_INDENT(1) | JSON_PRESERVE_ORDER;
        FILE *f = out ? fopen(out, "w") : stdout;
        if (f == NULL) {
            fprintf(stderr, "peelcert oracle: -o: cannot open '%s'\n", out);
            code = 2;
        } else {
            json_dumpf(doc, f, flags);
            fputc('\n', f);
            if (out) fclose(f);
        }
        json_decref(doc);
    }
    pc_cert_clear(&cert);
    pc_instance_clear(&inst);
    return code;
}
