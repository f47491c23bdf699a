/* pc_api_check (api.h): the independent checker on a buffer (pcc_check_text). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "api_internal.h"
#include "check.h"

struct check_args { const char *cert; size_t len; const char *instance_json; };

static char *check_body(void *p)
{
    const struct check_args *a = p;
    int code = 2;
    if (a->cert == NULL)
        return pc_api_bad_input("certificate: missing (NULL)");
    char *report = pcc_check_text(a->cert, a->len, a->instance_json,
                                  a->instance_json ? strlen(a->instance_json) : 0, &code);
    if (report == NULL)
        return pc_api_bad_input("the checker's report could not be serialised (out of memory)");
    size_t len = strlen(report) + 64;
    char *out = malloc(len);
    if (out != NULL)
        snprintf(out, len, "{\"exit\": %d, \"result\": %s}", code, report);
    free(report);
    return out;
}

char *pc_api_check(const char *certificate, size_t length, const char *instance_json)
{
    struct check_args a = { certificate, length, instance_json };
    return pc_api_guarded(check_body, &a);
}
