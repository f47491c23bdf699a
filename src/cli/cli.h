/* The peelcert command line: one file per subcommand, each returning an exit code
 * (0 verified, 1 rejected / not certifiable, 2 bad input or usage; SPEC 8). */
#ifndef PEELCERT_CLI_H
#define PEELCERT_CLI_H

#include <jansson.h>
#include "peelcert/status.h"

int pc_cli_certify(int argc, char **argv);
int pc_cli_solve(int argc, char **argv);
int pc_cli_gen(int argc, char **argv);
int pc_cli_audit(int argc, char **argv);
int pc_cli_oracle(int argc, char **argv);
int pc_cli_plot(int argc, char **argv);
int pc_cli_symmetry(int argc, char **argv);
int pc_cli_sweep(int argc, char **argv);
int pc_cli_probe(int argc, char **argv);

/* Prints a usage error for cmd on stderr and returns 2. */
int pc_cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Parses a non-negative integer option value; returns 0 on success. */
int pc_cli_parse_long(long *out, const char *text, long min, long max);

/* 1 if progress lines should be printed (stderr is a terminal). */
int pc_cli_progress_wanted(void);

/* Prints obj as one JSON line on stdout and releases it. */
void pc_cli_print_json(json_t *obj);

/* Exit code of a status. */
int pc_cli_exit_code(pc_status_t st);

#endif
