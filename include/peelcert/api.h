/* The peelcert C API for other languages (the Python package, python/peelcert): JSON text in,
 * JSON text out, nothing printed, nothing that ends the process.
 *
 * Every function returns a malloc'd, NUL-terminated JSON document, the *envelope*
 *
 *     {"exit": E, "result": R, ...}
 *
 * where E is the exit status the command line would return (0 verified, 1 rejected or not
 * certifiable to the digits asked, 2 bad input: R.message names the field, 3 internal error:
 * FLINT aborted, the computation was abandoned) and R is exactly the object that the command
 * prints with --json (certify, check, oracle, audit). Release the envelope with pc_api_free.
 * NULL is returned only when memory for the envelope itself could not be allocated.
 *
 * Calls are serialised by a process-wide lock (FFTW planning and FLINT's abort handler are
 * global), so the functions may be called from any thread. A FLINT abort inside a call (FLINT 2.9
 * aborts on e.g. a division by zero) is caught with flint_set_abort and longjmp: the call returns
 * exit 3 and the memory it held is not reclaimed. Options are JSON objects (or NULL / "" for the
 * defaults); an unknown option is bad input. */
#ifndef PEELCERT_API_H
#define PEELCERT_API_H

#include <stddef.h>

#define PC_API_VERSION 1

/* The instance (SPEC 8) validated and in canonical form: R is pc_instance_to_json of it. */
char *pc_api_instance(const char *instance_json);

/* certify: options {"digits": D (1..10000), "path": "auto"|"dense"}. R is the certify --json
 * object ("certificate": null); the envelope adds "certificate": the certificate file's text
 * (the bytes `certify -o` writes), or null when the instance was refused. */
char *pc_api_certify(const char *instance_json, const char *options_json);

/* check: the certificate's bytes certificate[0..length) (length need not include a NUL) and,
 * when instance_json is not NULL, the instance it must be about (--instance). R is the
 * peelcert-check --json report. */
char *pc_api_check(const char *certificate, size_t length, const char *instance_json);

/* oracle: options {"digits": D, "path": "auto"|"dense"}. R is the oracle document that
 * `peelcert oracle` prints (pc_oracle_run); the envelope adds "message" when E != 0. */
char *pc_api_oracle(const char *instance_json, const char *options_json);

/* A claim matrix passed by pointer (pc_api_audit): rows x cols entries in row-major (C)
 * order. dtype PC_API_FLOAT64: data is const double *, PC_API_FLOAT32: const float * (the
 * claim's rounding allowance is that dtype's, docs/audit.md), PC_API_EXACT: const char *const *,
 * each an exact rational ("p/q", an integer or an exact decimal). Every entry is taken
 * exactly; NaN and infinities are bad input. */
enum { PC_API_EXACT = 0, PC_API_FLOAT32 = 4, PC_API_FLOAT64 = 8 };
typedef struct {
    const void *data;
    long rows, cols;
    int dtype;
} pc_api_matrix_t;

/* audit: the claim is the factors W (V x d) and H (d x N), or the logits Z (V x N); exactly
 * one of the two is given, the other pointers NULL. options {"eps": "1e-6" (a rational or
 * decimal with optional exponent, read exactly; the default 1e-6), "digits": D}. R is the
 * `peelcert audit --json` document (docs/audit.md); E is 0 when optimal within eps is proved,
 * 1 otherwise (not-optimal, infeasible, eps not met), 2 for bad input (a shape, a NaN, a claim
 * wider than dim: the message names the field). */
char *pc_api_audit(const char *instance_json, const char *options_json, const pc_api_matrix_t *W,
                   const pc_api_matrix_t *H, const pc_api_matrix_t *Z);

/* Releases an envelope returned by the functions above (NULL is ignored). */
void pc_api_free(char *text);

/* PC_API_VERSION, for a binding to check that it loaded the library it was written for. */
int pc_api_version(void);

#endif
