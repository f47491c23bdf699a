/* pc_fail: fills a message and returns the status (see status.h). */
#include <stdarg.h>
#include <stdio.h>
#include "peelcert/status.h"

pc_status_t pc_fail(pc_msg_t *msg, pc_status_t status, const char *fmt, ...)
{
    if (msg != NULL) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg->text, sizeof msg->text, fmt, ap);
        va_end(ap);
    }
    return status;
}
