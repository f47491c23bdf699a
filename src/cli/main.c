/* peelcert: dispatch to the subcommands (SPEC 8). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include "cli.h"
#include "check.h"

/* One line per command, then its main options; a new command adds its lines here (e.g. sweep). */
static const char *USAGE =
    "usage: peelcert COMMAND [options]\n"
    "\n"
    "  certify INSTANCE [-o CERT] [--digits D] [--path auto|dense|blocks] [--proof auto|ball|float] [--json]\n"
    "                                  find, refine, verify, write a certificate\n"
    "  check CERT [--instance INSTANCE] [--json]\n"
    "                                  run the independent checker (= peelcert-check)\n"
    "  solve INSTANCE [--json]         floating-point candidate only (proves nothing)\n"
    "  audit INSTANCE (CLAIM.json | --W W.npy --H H.npy | --Z Z.npy) [--eps E] [--digits D] [--json]\n"
    "                                  certify how far a claimed (W, H) or Z is from optimal\n"
    "  oracle INSTANCE [--digits D] [--path auto|dense] [-o FILE]\n"
    "                                  JSON test oracle: certified values and structures\n"
    "  plot (CERT | ORACLE | INSTANCE) -o FILE.svg\n"
    "                                  heatmaps of Z, W W^T, H^T H; circulant output vectors\n"
    "  symmetry INSTANCE [--json]      the symmetry group, given or discovered (nauty)\n"
    "  gen FAMILY [options] [-o FILE]  write an instance; FAMILY: cyclic, exchangeable, onehot,\n"
    "                                  random, group (--group NAME --n n), bigram (--text FILE)\n"
    "  sweep INSTANCE --rho A:B [--digits D] [-o FILE] [--json]\n"
    "                                  the certified phase diagram in rho (SPEC 13; docs/sweep.md)\n"
    "  probe WEIGHTS --tokens w1,w2,... [--baseline K] [--json]\n"
    "                                  does a trained model show the geometry? (SPEC 14)\n"
    "\n"
    "Exit status: 0 verified, 1 rejected or not certifiable to the requested digits, 2 bad input or usage.\n"
    "'peelcert COMMAND --help' describes each command and all its options.\n";

int pc_cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "peelcert %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n(see 'peelcert %s --help')\n", cmd);
    return 2;
}

int pc_cli_parse_long(long *out, const char *text, long min, long max)
{
    char *end;
    errno = 0;
    if (text == NULL || *text == '\0')
        return -1;
    long v = strtol(text, &end, 10);
    if (errno != 0 || *end != '\0' || v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

int pc_cli_progress_wanted(void)
{
    return isatty(STDERR_FILENO);
}

void pc_cli_print_json(json_t *obj)
{
    char *s = json_dumps(obj, JSON_PRESERVE_ORDER | JSON_COMPACT);
    puts(s);
    free(s);
    json_decref(obj);
}

int pc_cli_exit_code(pc_status_t st)
{
    return st == PC_OK ? 0 : (st == PC_NOT_PROVED ? 1 : 2);
}

int main(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fputs(USAGE, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "certify") == 0)
        return pc_cli_certify(argc - 1, argv + 1);
    if (strcmp(cmd, "check") == 0)
        return pcc_main(argc - 1, argv + 1);
    if (strcmp(cmd, "solve") == 0)
        return pc_cli_solve(argc - 1, argv + 1);
    if (strcmp(cmd, "audit") == 0)
        return pc_cli_audit(argc - 1, argv + 1);
    if (strcmp(cmd, "oracle") == 0)
        return pc_cli_oracle(argc - 1, argv + 1);
    if (strcmp(cmd, "plot") == 0)
        return pc_cli_plot(argc - 1, argv + 1);
    if (strcmp(cmd, "symmetry") == 0)
        return pc_cli_symmetry(argc - 1, argv + 1);
    if (strcmp(cmd, "probe") == 0)
        return pc_cli_probe(argc - 1, argv + 1);
    if (strcmp(cmd, "sweep") == 0)
        return pc_cli_sweep(argc - 1, argv + 1);
    if (strcmp(cmd, "gen") == 0)
        return pc_cli_gen(argc - 1, argv + 1);
    fprintf(stderr, "peelcert: unknown command '%s'\n%s", cmd, USAGE);
    return 2;
}
