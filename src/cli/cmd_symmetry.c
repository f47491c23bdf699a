/* peelcert symmetry INSTANCE [--json]: the instance's symmetry group, given or discovered
 * (SPEC 11; docs/groups.md). Proves nothing about the optimum; the group object is the one that
 * certify --json reports. */
#include <stdio.h>
#include <string.h>
#include "cli.h"
#include "peelcert/instance.h"
#include "peelcert/symmetry.h"

static const char *HELP =
    "usage: peelcert symmetry INSTANCE [--json]\n"
    "\n"
    "Prints the symmetry group of the instance: its own 'symmetry' generators if it has them,\n"
    "otherwise the automorphism group of the targets found with nauty (every (sigma, tau) with\n"
    "P[tau(i)][sigma(k)] = P[i][k]), with its exact order and orbit counts. Limits: N V <= 4e6\n"
    "entries and 20 s of search; above them nothing is found and the output says so.\n";

int pc_cli_symmetry(int argc, char **argv)
{
    const char *path = NULL;
    int as_json = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(HELP, stdout);
            return 0;
        } else if (strcmp(argv[i], "--json") == 0) {
            as_json = 1;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            return pc_cli_usage_error("symmetry", "unknown option '%s'", argv[i]);
        } else if (path == NULL) {
            path = argv[i];
        } else {
            return pc_cli_usage_error("symmetry", "unexpected argument '%s'", argv[i]);
        }
    }
    if (path == NULL) return pc_cli_usage_error("symmetry", "missing INSTANCE");
    pc_msg_t msg = {{0}};
    pc_instance_t inst;
    pc_instance_init(&inst);
    if (pc_instance_read_file(&inst, path, &msg) != PC_OK) {
        fprintf(stderr, "peelcert symmetry: %s: %s\n", path, msg.text);
        pc_instance_clear(&inst);
        return 2;
    }
    pc_symmetry_t sym;
    pc_symmetry_init(&sym);
    pc_status_t st = inst.token_generators != NULL
        ? pc_symmetry_from_instance(&sym, &inst, &msg)
        : pc_symmetry_discover(&sym, &inst, PC_SYMMETRY_TIME_LIMIT, &msg);
    json_t *o = pc_symmetry_to_json(&sym);
    if (as_json) {
        pc_cli_print_json(o);
    } else {
        json_t *order = json_object_get(o, "order");
        printf("order        %s\n", json_is_string(order) ? json_string_value(order) : "unknown");
        printf("generators   %ld%s\n", (long) sym.num_generators,
               sym.discovered ? " (discovered)" : " (given)");
        printf("orbits       %ld on tokens, %ld on contexts\n", (long) sym.token_orbits,
               (long) sym.context_orbits);
        if (sym.note[0]) printf("note         %s\n", sym.note);
        json_decref(o);
    }
    pc_symmetry_clear(&sym);
    pc_instance_clear(&inst);
    return st == PC_OK ? 0 : 1;
}
