/* The guard of every API call (api.h): one call at a time, FLINT aborts caught. */
#include <pthread.h>
#include <setjmp.h>
#include <stdlib.h>
#include <flint.h>
#include "api_internal.h"

static pthread_mutex_t api_lock = PTHREAD_MUTEX_INITIALIZER;
static jmp_buf *api_active;   /* the guarded call in progress (under api_lock), or NULL */

/* FLINT's abort handler while the library is loaded: back to the guarded call, or (outside
 * one, e.g. another user of FLINT in the process) the default behaviour, abort(). */
static FLINT_NORETURN void api_on_flint_abort(void)
{
    if (api_active != NULL)
        longjmp(*api_active, 1);
    abort();
}

char *pc_api_guarded(char *(*body)(void *), void *arg)
{
    jmp_buf here;
    char *volatile out = NULL;
    pthread_mutex_lock(&api_lock);
    flint_set_abort(api_on_flint_abort);
    api_active = &here;
    if (setjmp(here) == 0)
        out = body(arg);
    else
        out = pc_api_envelope(3, json_pack("{s:b, s:s}", "verified", 0, "message",
                              "internal error: FLINT aborted (its message is on stderr); the "
                              "computation was abandoned and the memory it held is not reclaimed"),
                              NULL);
    api_active = NULL;
    pthread_mutex_unlock(&api_lock);
    return out;
}
