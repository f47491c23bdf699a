/* Wall clock and the progress line of the floating solver (on stderr, at most every 0.5 s). */
#define _POSIX_C_SOURCE 200809L   /* clock_gettime */
#include <stdio.h>
#include <time.h>
#include "solver_internal.h"

double pc_solve_clock_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

void pc_solve_clock_start(pc_solve_clock_t *clk, int enabled)
{
    clk->enabled = enabled;
    clk->start = pc_solve_clock_now();
    clk->last = clk->start;
}

void pc_solve_clock_report(pc_solve_clock_t *clk, const char *phase, slong iter, double f,
                           double gap, slong rank, int force)
{
    if (!clk->enabled)
        return;
    double now = pc_solve_clock_now();
    if (!force && now - clk->last < 0.5)
        return;
    clk->last = now;
    fprintf(stderr, "peelcert: solve %-8s it %6ld  f %.15g  gap %.3e  rank %ld  (%.1f s)\n", phase,
            (long) iter, f, gap, (long) rank, now - clk->start);
}
