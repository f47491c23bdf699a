/* peelcert oracle INSTANCE [--digits D] [-o FILE]: a certified test oracle (docs/oracle.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "peelcert/oracle.h"

static const char *HELP =
    "usage: peelcert oracle INSTANCE [--digits D] [--path auto|dense] [-o FILE]\n"
    "\n"
    "Certifies INSTANCE and prints one JSON document (docs/oracle.md, schema peelcert-oracle/2):\n"
    "the certified optimal value, regime, structure, the centered optimal logits Z° and, where they\n"
    "are determined, the Gram matrices W W^T and H^T H; every number is a decimal \"value\" with a\n"
    "certified \"radius\", and \"notes\" says why an entry is absent.\n"
    "  --digits D   every given entry has radius <= 1e-D (default 20), else exit 1\n"
    "  --path P     auto (default) or dense: the general path whatever the structure\n";

int pc_cli_oracle(int argc, char **argv)
{
    const char *path = NULL, *out = NULL;
    long digits = 0;
    int force_dense = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) { fputs(HELP, stdout); return 0; }
        else if (!strcmp(argv[i], "--digits")) {
            if (++i >= argc || pc_cli_parse_long(&digits, argv[i], 1, 10000) != 0)
                return pc_cli_usage_error("oracle", "--digits needs an integer from 1 to 10000");
        } else if (!strcmp(argv[i], "--path")) {
            if (++i >= argc || (strcmp(argv[i], "auto") && strcmp(argv[i], "dense")))
                return pc_cli_usage_error("oracle", "--path needs 'auto' or 'dense'");
            force_dense = !strcmp(argv[i], "dense");
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
    pc_instance_init(&inst);
    pc_status_t st = pc_instance_read_file(&inst, path, &msg);
    int read_ok = st == PC_OK;            /* the reader's messages name the file themselves */
    json_t *doc = NULL;
    if (st == PC_OK) {
        pc_oracle_options_t opt = { digits, pc_cli_progress_wanted(), force_dense };
        doc = pc_oracle_run(&inst, &opt, &st, &msg);
    }
    int code = pc_cli_exit_code(st);
    if (doc == NULL) {
        fprintf(stderr, "peelcert oracle: %s%s%s\n", read_ok ? path : "", read_ok ? ": " : "", msg.text);
    } else {
        if (st != PC_OK)
            fprintf(stderr, "peelcert oracle: %s (the oracle's radii are those reached)\n", msg.text);
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
    pc_instance_clear(&inst);
    return code;
}
