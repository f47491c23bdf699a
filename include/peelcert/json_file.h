/* Loading a JSON file with an error message that names the file exactly once. */
#ifndef PEELCERT_JSON_FILE_H
#define PEELCERT_JSON_FILE_H

#include <jansson.h>
#include "peelcert/status.h"

/* Loads path (JSON_REJECT_DUPLICATES | flags). On failure returns NULL and fills msg with
 * "PATH: cannot open the WHAT (reason)", "PATH: is a directory, not the WHAT", or
 * "PATH: not valid JSON (line L, column C): reason" (PC_BAD_INPUT). New reference. */
json_t *pc_json_load_file(const char *path, const char *what, size_t flags, pc_msg_t *msg);

/* Rewrites msg as "PATH: message" (truncated at PC_MSG_LEN) unless it already starts so. */
void pc_msg_prefix_path(pc_msg_t *msg, const char *path);

#endif
