/* Shared by the files of src/instance (not a public interface). */
#ifndef PEELCERT_INSTANCE_INTERNAL_H
#define PEELCERT_INSTANCE_INTERNAL_H

#include "peelcert/instance.h"

/* A JSON integer in lo..hi; the message names field. */
pc_status_t pc_instance_read_size(slong *out, json_t *value, const char *field, slong lo, slong hi,
                                  pc_msg_t *msg);
/* value is an array of exactly length entries. */
pc_status_t pc_instance_expect_array(json_t *value, const char *field, slong length, pc_msg_t *msg);
/* "an object", "a string", ... for messages. */
const char *pc_json_type_name(const json_t *v);
/* Reads the "symmetry" field: generators that are permutations, under which the targets are
 * invariant (checked exactly). */
pc_status_t pc_instance_read_symmetry(pc_instance_t *inst, json_t *symmetry, pc_msg_t *msg);

#endif
