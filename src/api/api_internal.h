/* Shared by the files of src/api (api.h): the guard around a call and the envelope. */
#ifndef PEELCERT_API_INTERNAL_H
#define PEELCERT_API_INTERNAL_H

#include <jansson.h>
#include "peelcert/api.h"
#include "peelcert/instance.h"
#include "peelcert/status.h"

/* Runs body(arg) under the process-wide lock with FLINT's abort caught (api.h); returns what
 * body returned, or an exit-3 envelope if FLINT aborted. */
char *pc_api_guarded(char *(*body)(void *), void *arg);

/* {"exit": exit_code, "result": result} plus the keys of extra (e.g. "certificate"); steals
 * result and extra (either may be NULL). */
char *pc_api_envelope(int exit_code, json_t *result, json_t *extra);

/* The exit-2 envelope {"exit": 2, "result": {"verified": false, "message": message}}. */
char *pc_api_bad_input(const char *message);

/* Reads instance_json (strict JSON, no duplicate keys) into inst; PC_BAD_INPUT naming the field. */
pc_status_t pc_api_read_instance(pc_instance_t *inst, const char *instance_json, pc_msg_t *msg);

/* Reads the options object: only the keys in `allowed` (NULL-terminated) are accepted; "digits"
 * must be an integer 1..10000 (0 when absent), "path" "auto" or "dense" (*force_dense). */
pc_status_t pc_api_read_options(long *digits, int *force_dense, const char *options_json,
                                const char *const *allowed, pc_msg_t *msg);

/* The prologue of the calls that take an instance and options: reads options_json (only the
 * keys in `allowed`, as pc_api_read_options) and then instance_json into inst (initialised by
 * the caller, who clears it). PC_OK, or PC_BAD_INPUT with msg naming the field. */
pc_status_t pc_api_read_request(pc_instance_t *inst, long *digits, int *force_dense,
                                const char *instance_json, const char *options_json,
                                const char *const *allowed, pc_msg_t *msg);

#endif
