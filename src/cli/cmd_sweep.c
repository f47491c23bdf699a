/* peelcert sweep INSTANCE --rho A:B [--digits D] [-o SWEEP.json] [--json] (SPEC 13) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "peelcert/numbers.h"
#include "peelcert/sweep.h"

static const char *HELP =
    "usage: peelcert sweep INSTANCE --rho A:B [--digits D] [-o SWEEP.json] [--json]\n"
    "\n"
    "The certified phase diagram: for rho = sqrt(V E_W N E_H) in [A, B], the breakpoints where the\n"
    "optimal geometry changes (a frequency enters or leaves the active set; the budget stops\n"
    "binding), each enclosed in an interval of width <= 1e-D, and the pieces between them with\n"
    "their active set proved constant (Krawczyk with rho as an interval) and the optimal value\n"
    "certified at each piece's ends and midpoint. Cyclic (circulant) and exchangeable instances;\n"
    "other instances: 'not supported on this path' (exit 1). 'peelcert check SWEEP.json'\n"
    "re-verifies the document; 'peelcert plot SWEEP.json -o FILE.svg' draws it.\n"
    "\n"
    "  --rho A:B    exact rationals or decimals, 0 < A < B (e.g. 0.5:20, 1/2:30)\n"
    "  --digits D   width of the breakpoint enclosures <= 1e-D (default 20)\n"
    "  -o FILE      write the sweep document (default: INSTANCE's name with .sweep.json)\n"
    "  --json       print the document on stdout instead of the table\n"
    "\n"
    "Exit status: 0 every piece and breakpoint proved, 1 not supported or not enclosed to 1e-D\n"
    "(the message says where), 2 bad input or usage.\n";

static int parse_range(fmpq_t A, fmpq_t B, const char *text)
{
    const char *colon = strchr(text, ':'), *why;
    if (colon == NULL)
        return -1;
    char *left = strndup(text, (size_t) (colon - text));
    int bad = pc_rational_parse(A, left, &why) != 0 || pc_rational_parse(B, colon + 1, &why) != 0;
    free(left);
    return bad ? -1 : 0;
}

static char *default_path(const char *instance_path)
{
    const char *base = strrchr(instance_path, '/');
    base = base ? base + 1 : instance_path;
    size_t len = strlen(base);
    if (len > 5 && strcmp(base + len - 5, ".json") == 0)
        len -= 5;
    char *out = malloc(len + 12);
    memcpy(out, base, len);
    strcpy(out + len, ".sweep.json");
    return out;
}

static void print_table(json_t *doc)
{
    json_t *t = json_object_get(doc, "threshold"), *list, *x;
    size_t k;
    if (json_is_object(t))
        printf("threshold   %s in [%s, %s]\n", json_string_value(json_object_get(t, "name")),
               json_string_value(json_object_get(t, "lower")), json_string_value(json_object_get(t, "upper")));
    list = json_object_get(doc, "pieces");
    printf("pieces      %zu\n", json_array_size(list));
    json_array_foreach(list, k, x) {
        char *active = json_dumps(json_object_get(x, "active"), JSON_COMPACT | JSON_ENCODE_ANY);
        printf("  [%.12s, %.12s]  %-8s rank %-3ld active %s\n",
               json_string_value(json_object_get(x, "rho_from")), json_string_value(json_object_get(x, "rho_to")),
               json_string_value(json_object_get(x, "regime")),
               (long) json_integer_value(json_object_get(x, "rank")), active);
        free(active);
    }
    list = json_object_get(doc, "breakpoints");
    printf("breakpoints %zu\n", json_array_size(list));
    json_array_foreach(list, k, x) {
        char *enters = json_dumps(json_object_get(x, "enters"), JSON_COMPACT | JSON_ENCODE_ANY);
        char *leaves = json_dumps(json_object_get(x, "leaves"), JSON_COMPACT | JSON_ENCODE_ANY);
        printf("  rho in [%s, %s]: %s%s%s%s%s\n", json_string_value(json_object_get(x, "rho_lower")),
               json_string_value(json_object_get(x, "rho_upper")),
               json_string_value(json_object_get(x, "event")),
               enters && strcmp(enters, "[]") ? " +" : "", enters && strcmp(enters, "[]") ? enters : "",
               leaves && strcmp(leaves, "[]") ? " -" : "", leaves && strcmp(leaves, "[]") ? leaves : "");
        free(enters);
        free(leaves);
    }
}

int pc_cli_sweep(int argc, char **argv)
{
    const char *instance_path = NULL, *out_path = NULL, *range = NULL;
    int as_json = 0;
    long digits = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(HELP, stdout);
            return 0;
        } else if (strcmp(argv[i], "--json") == 0) {
            as_json = 1;
        } else if (strcmp(argv[i], "--rho") == 0) {
            if (++i >= argc)
                return pc_cli_usage_error("sweep", "--rho needs A:B");
            range = argv[i];
        } else if (strcmp(argv[i], "-o") == 0) {
            if (++i >= argc)
                return pc_cli_usage_error("sweep", "-o needs a file name");
            out_path = argv[i];
        } else if (strcmp(argv[i], "--digits") == 0) {
            if (++i >= argc || pc_cli_parse_long(&digits, argv[i], 1, 200) != 0)
                return pc_cli_usage_error("sweep", "--digits needs an integer from 1 to 200");
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            return pc_cli_usage_error("sweep", "unknown option '%s'", argv[i]);
        } else if (instance_path == NULL) {
            instance_path = argv[i];
        } else {
            return pc_cli_usage_error("sweep", "unexpected argument '%s'", argv[i]);
        }
    }
    if (instance_path == NULL)
        return pc_cli_usage_error("sweep", "missing INSTANCE");
    if (range == NULL)
        return pc_cli_usage_error("sweep", "missing --rho A:B");
    fmpq_t A, B;
    fmpq_init(A);
    fmpq_init(B);
    if (parse_range(A, B, range) != 0 || fmpq_sgn(A) <= 0 || fmpq_cmp(A, B) >= 0) {
        fmpq_clear(A);
        fmpq_clear(B);
        return pc_cli_usage_error("sweep", "--rho '%s': needs A:B with exact rationals 0 < A < B", range);
    }
    pc_msg_t msg = {{0}};
    pc_instance_t inst;
    pc_instance_init(&inst);
    pc_status_t st = pc_instance_read_file(&inst, instance_path, &msg);
    pc_sweep_t sw;
    pc_sweep_init(&sw);
    if (st == PC_OK)
        st = pc_sweep_run(&sw, &inst, A, B, digits, pc_cli_progress_wanted(), &msg);
    if (st == PC_BAD_INPUT) {
        fprintf(stderr, "peelcert sweep: %s\n", msg.text);
    } else if (sw.num_values > 0 || sw.num_cells > 0) {
        json_t *doc = pc_sweep_to_json(&sw, &inst);
        json_object_set_new(doc, "verified", json_boolean(st == PC_OK));
        json_object_set_new(doc, "message", json_string(st == PC_OK ? "every piece and breakpoint proved" : msg.text));
        char *path = out_path ? strdup(out_path) : default_path(instance_path);
        if (json_dump_file(doc, path, JSON_INDENT(1) | JSON_PRESERVE_ORDER) != 0) {
            fprintf(stderr, "peelcert sweep: -o: cannot write '%s'\n", path);
            st = PC_BAD_INPUT;
        } else if (as_json) {
            pc_cli_print_json(json_incref(doc));
        } else {
            print_table(doc);
            printf("document    %s (%.2f s, %ld Krawczyk attempts)\n", path, sw.seconds, (long) sw.attempts);
            printf("%s: %s\n", st == PC_OK ? "verified" : "NOT verified",
                   json_string_value(json_object_get(doc, "message")));
        }
        free(path);
        json_decref(doc);
    } else {
        fprintf(stderr, "peelcert sweep: %s\n", msg.text);
    }
    pc_sweep_clear(&sw);
    pc_instance_clear(&inst);
    fmpq_clear(A);
    fmpq_clear(B);
    return pc_cli_exit_code(st);
}
