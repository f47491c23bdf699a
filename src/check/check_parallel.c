/* Two-way row parallelism for the checker's per-entry loops (ball arithmetic over the V N
 * entries of kind dense). The rows [0, n) are always split at n / 2 into part 0 and part 1, and
 * each part writes only its own rows and its own accumulators, which the caller combines in the
 * order part 0, part 1. So what is computed, and every enclosure, is the same bytes whether
 * part 1 runs on a second thread or after part 0 on the caller's: threads change the time,
 * never the result. */
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>
#include <flint.h>
#include "check_internal.h"

/* Below this much work (estimated ns on one core) a thread is not worth it: creating and
 * joining one costs about 0.15 ms on the bench machine, and waking the second core more. */
#define PARALLEL_MIN_NS 2.0e6

struct rows_job {
    pcc_rows_fn fn;
    void *ctx;
    slong lo, hi;
};

static void *rows_thread(void *arg)
{
    struct rows_job *job = arg;
    job->fn(job->ctx, 1, job->lo, job->hi);
    flint_cleanup();   /* this thread's FLINT, Arb and MPFR caches */
    return NULL;
}

/* 1 when a second thread may be used: more than one core online and PEELCERT_CHECK_THREADS is
 * not "1" (which keeps the checker on one thread; the results do not change). */
static int threads_allowed(void)
{
    static int allowed = -1;
    if (allowed < 0) {
        const char *env = getenv("PEELCERT_CHECK_THREADS");
        allowed = !(env != NULL && env[0] == '1' && env[1] == '\0') && sysconf(_SC_NPROCESSORS_ONLN) > 1;
    }
    return allowed;
}

void pcc_rows_parallel(slong n, double ns, pcc_rows_fn fn, void *ctx)
{
    slong mid = n / 2;
    struct rows_job job = {fn, ctx, mid, n};
    pthread_t thread;
    int threaded = mid > 0 && ns >= PARALLEL_MIN_NS && threads_allowed()
                   && pthread_create(&thread, NULL, rows_thread, &job) == 0;
    fn(ctx, 0, 0, mid);
    if (threaded) pthread_join(thread, NULL);
    else fn(ctx, 1, mid, n);
}
