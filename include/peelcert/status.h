/* Status codes and error messages shared by every peelcert module.
 *
 * A function that can fail returns a pc_status_t and, on failure, fills a
 * caller-provided message naming the field or claim and the offending value.
 * Only the command line prints messages and chooses exit codes (0/1/2, SPEC 8). */
#ifndef PEELCERT_STATUS_H
#define PEELCERT_STATUS_H

#include <stddef.h>

typedef enum {
    PC_OK = 0,          /* done; for a verification: proved */
    PC_NOT_PROVED = 1,  /* a bound or claim could not be proved (not: proved false) */
    PC_BAD_INPUT = 2    /* malformed or invalid input; the message names the field */
} pc_status_t;

#define PC_MSG_LEN 512

/* A message buffer that travels with a computation. */
typedef struct {
    char text[PC_MSG_LEN];
} pc_msg_t;

/* printf-style: writes into msg (truncating at PC_MSG_LEN) and returns status. */
pc_status_t pc_fail(pc_msg_t *msg, pc_status_t status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
