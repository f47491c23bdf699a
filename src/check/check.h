/*
 * peelcert-check: the independent checker of certificates (certificates/FORMAT.md, SPEC 6-7).
 *
 * It shares no code with the solver: it includes only the headers of this folder, system
 * headers, GMP/MPFR/FLINT/Arb and jansson. Layout of src/check/:
 *
 *   check.h            this header: the entry points pcc_main and pcc_check_text
 *   check_internal.h   types shared by the checker's files (instance, certificate, report)
 *   check_numbers.c    strict readers of JSON numbers (rationals, decimal claims, sizes), messages
 *   check_instance.c   instance reader and validator (SPEC 8), entries on demand, symmetry,
 *                      2-transitivity, comparison with an --instance file
 *   check_cert.c       certificate reader: top level, claims, kind-specific primal and dual
 *   check_dense.c      claims of kind "dense" (budgets, upper, dual_simplex, lower, kkt)
 *   check_opnorm.c     claim opnorm of kind "dense": ball Cholesky, refutation, precision ceiling
 *   check_structured.c claims of kinds "circulant" (rigorous DFT) and "exchangeable" (O(1))
 *   check_group.c      claims of kind "group" (orbitals by union-find, exact norms) and its
 *                      regime test from the instance
 *   check_common.c     regime, structure and gram claims, entropies, precision loop
 *   check.c            command line, the loop over claims, human and JSON reports
 *   check_arena.c      jansson's allocations in one arena while the command line reads
 *   check_textsame.c   is an --instance file the embedded instance's text (up to whitespace)?
 *   check_main.c       main() of the standalone peelcert-check
 *
 * Exit codes: 0 every claim verified, 1 some claim rejected (or the certificate is not about
 * the --instance given), 2 unreadable or malformed input, or a usage error.
 */
#ifndef PEELCERT_CHECK_H
#define PEELCERT_CHECK_H

#include <stddef.h>

/* Runs the checker on argv (argv[0] is the program or subcommand name); returns the exit code. */
int pcc_main(int argc, char **argv);

/* Checks the certificate in the buffer cert_text[0..cert_len) (and, when instance_text is not
 * NULL, that it is about exactly that instance, as --instance does) and returns the report that
 * `peelcert-check --json` prints, as JSON text (malloc'd; the caller frees; NULL only if out of
 * memory). *exit_code is the exit code the command line would return: 0 every claim verified,
 * 1 some claim rejected, 2 malformed input (the report is then {"verified": false, "message"}).
 * Prints nothing. */
char *pcc_check_text(const char *cert_text, size_t cert_len, const char *instance_text,
                     size_t instance_len, int *exit_code);

#endif
