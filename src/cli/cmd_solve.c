/* peelcert solve INSTANCE [--json]: the floating candidate only. Proves nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "peelcert/instance.h"
#include "peelcert/solver.h"

static const char *HELP =
    "usage: peelcert solve INSTANCE [--solver dense|lowrank] [--json]\n"
    "\n"
    "Runs the floating-point solver for the convex problem (C) and prints the candidate's value,\n"
    "its floating duality gap and numerical rank. Nothing here is proved: use 'certify' for that.\n"
    "--solver lowrank: the factored solver of docs/scale.md (cost O(V N r) per iteration, binding\n"
    "regime only); default dense (full SVDs).\n";

int pc_cli_solve(int argc, char **argv)
{
    const char *path = NULL;
    int as_json = 0, lowrank = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(HELP, stdout);
            return 0;
        } else if (strcmp(argv[i], "--json") == 0) {
            as_json = 1;
        } else if (strcmp(argv[i], "--solver") == 0) {
            if (i + 1 >= argc)
                return pc_cli_usage_error("solve", "--solver needs a value (dense or lowrank)");
            i++;
            if (strcmp(argv[i], "lowrank") == 0)
                lowrank = 1;
            else if (strcmp(argv[i], "dense") != 0)
                return pc_cli_usage_error("solve", "--solver '%s': expected dense or lowrank",
                                          argv[i]);
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            return pc_cli_usage_error("solve", "unknown option '%s'", argv[i]);
        } else if (path == NULL) {
            path = argv[i];
        } else {
            return pc_cli_usage_error("solve", "unexpected argument '%s'", argv[i]);
        }
    }
    if (path == NULL)
        return pc_cli_usage_error("solve", "missing INSTANCE");
    pc_msg_t msg = {{0}};
    pc_instance_t inst;
    pc_instance_init(&inst);
    pc_status_t st = pc_instance_read_file(&inst, path, &msg);
    int read_ok = st == PC_OK;            /* the reader's messages name the file themselves */
    double *P = NULL;
    if (st == PC_OK && (P = pc_instance_targets_double(&inst)) == NULL)
        st = pc_fail(&msg, PC_BAD_INPUT, "tokens x contexts = %ld x %ld: too large for the dense "
                     "floating solver (limit %ld entries)", (long) inst.tokens,
                     (long) inst.contexts, (long) PC_MAX_DENSE_ENTRIES);
    pc_float_solution_t sol;
    pc_float_solution_init(&sol);
    if (st == PC_OK) {
        fmpq_t a, b;
        fmpq_init(a);
        fmpq_init(b);
        pc_instance_budgets(a, b, &inst);
        pc_solve_options_t opt;
        pc_solve_options_default(&opt);
        opt.progress = pc_cli_progress_wanted();
        st = (lowrank ? pc_solve_lowrank : pc_solve_dense)(&sol, P, inst.tokens, inst.contexts,
                                                           inst.dim, fmpq_get_d(a),
                                                           fmpq_get_d(b), &opt, &msg);
        fmpq_clear(a);
        fmpq_clear(b);
    }
    if (st != PC_OK) {
        fprintf(stderr, "peelcert solve: %s%s%s\n", read_ok ? path : "", read_ok ? ": " : "", msg.text);
    } else if (as_json) {
        json_t *doc = pc_solve_json(&sol);
        if (lowrank)
            json_object_set_new(doc, "path", json_string("lowrank"));
        pc_cli_print_json(doc);
    } else {
        printf("value (float)      %.15g\n", sol.value);
        printf("dual bound (float) %.15g\n", sol.lower);
        printf("gap (float)        %.3g\n", sol.value - sol.lower);
        printf("regime (guess)     %s\n", sol.interior ? "interior" : "binding");
        printf("numerical rank     %ld%s\n", (long) sol.rank,
               sol.d_below_rank ? " (above d: (LP) may be worse than (C))" : "");
        printf("iterations         %ld\n", (long) sol.iterations);
        printf("nothing is proved: run 'peelcert certify' for certified bounds\n");
    }
    pc_float_solution_clear(&sol);
    free(P);
    pc_instance_clear(&inst);
    return st == PC_OK ? 0 : 2;
}
