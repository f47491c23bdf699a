/* The certified phase diagram (SPEC 13, issue 13): how the optimum changes with the budget
 * rho = sqrt(V E_W N E_H) on an interval [A, B].
 *
 * Cyclic instances (SPEC 5a): [A, B] is covered by cells [lo, hi] on each of which a Krawczyk
 * test with rho as an interval proves that the active-set KKT system has exactly one zero in a
 * box, with every active coefficient nonzero, nu > 0 and strict complementarity on every inactive
 * frequency, for every rho in the cell: the active set is constant on the cell (and the regime
 * binding). Consecutive cells with the same active set form a piece; the gaps between pieces,
 * each narrower than 10^-D, enclose the breakpoints. Above the interior threshold
 * rho_int = sum_j |l_hat_j| (l = centered log q, all q > 0), enclosed with Arb, the optimum is
 * the centered log q (interior). Values at the pieces' ends and midpoints are certified by
 * circulant certificates (primal c, dual r).
 *
 * Exchangeable instances (SPEC 5b): one breakpoint, rho* = (n - 1) |log(alpha / beta)|, and the
 * closed-form value on each side, all enclosed with Arb.
 *
 * Every other instance: PC_NOT_PROVED, "not supported on this path". */
#ifndef PEELCERT_SWEEP_H
#define PEELCERT_SWEEP_H

#include <flint.h>
#include <fmpq.h>
#include <arb.h>
#include <jansson.h>
#include "peelcert/status.h"
#include "peelcert/instance.h"

#define PC_SWEEP_DEFAULT_DIGITS 20
#define PC_SWEEP_MAX_CELLS 40000     /* Krawczyk attempts per sweep (cyclic-13-leave-1 needs ~15000) */

/* How a cell is proved: the parametric Krawczyk test of the polar KKT system (cyclic.h,
 * pc_cyclic_event_t, pc_cyclic_event_krawczyk) around the exact centre x (the layout of
 * pc_cyclic_event_t) with the parameter in [param_lo, param]. REGULAR: the parameter is rho
 * (param_lo = lo, param = hi), base = the active set. The others are the sides of a breakpoint:
 * the event system of frequency `event` (base = the active set without it; interior: event 0),
 * parameter t, m or nu. The event
 * cells of one side of a breakpoint glue into one curve from the breakpoint (parameter 0) that
 * covers their [lo, hi]. COEFFICIENT: z_event = t e^{i theta}, t > 0 (the event frequency
 * active); MARGIN: margin m > 0 (inactive); INTERIOR: nu > 0. */
typedef enum {
    PC_SWEEP_CELL_REGULAR,
    PC_SWEEP_CELL_COEFFICIENT,
    PC_SWEEP_CELL_MARGIN,
    PC_SWEEP_CELL_INTERIOR
} pc_sweep_cell_kind_t;

/* A cell: the active set is proved on rho in [lo, hi]: kind, event, sigma (the Nyquist sign),
 * the parameter interval and the centre x (dim exact dyadics). */
typedef struct {
    fmpq_t lo, hi;
    slong num_active;
    slong *active;             /* frequencies in 1..n/2, increasing */
    pc_sweep_cell_kind_t kind;
    slong event;
    int sigma;
    fmpq_t param_lo, param;
    slong dim;
    fmpq *x;
} pc_sweep_cell_t;

/* A breakpoint of a cyclic sweep: rho* in [lo, hi] (width <= 10^-digits), the zero of the event
 * system at t = m = 0 (frequency event, base the active set without it) proved in a box around
 * the centre x; enters: 1 if the frequency is active above rho*, 0 if below. */
typedef struct {
    fmpq_t lo, hi;
    slong event;
    int sigma, enters;
    slong num_base;
    slong *base;
    slong dim;
    fmpq *x;
} pc_sweep_break_t;

/* A certified value: rho, and a circulant primal c and dual r proving
 * lower <= val(C at rho) <= upper. */
typedef struct {
    fmpq_t rho;
    fmpq *c, *r;               /* [n]; NULL for an interior or exchangeable value */
    arb_t lower, upper;
} pc_sweep_value_t;

typedef enum { PC_SWEEP_CYCLIC, PC_SWEEP_EXCHANGEABLE } pc_sweep_kind_t;

typedef struct {
    pc_sweep_kind_t kind;
    slong n;
    fmpq *q;                   /* cyclic: first row of P */
    fmpq_t A, B;               /* the interval asked for */
    slong digits;
    int has_threshold;         /* interior threshold exists (all targets positive) */
    arb_t threshold;           /* rho_int (cyclic) or rho* (exchangeable), enclosed */
    slong num_cells;
    pc_sweep_cell_t *cells;    /* binding cells in increasing rho (cyclic) */
    slong num_breaks;
    pc_sweep_break_t *breaks;  /* enclosed frequency events (cyclic), increasing */
    slong num_values;
    pc_sweep_value_t *values;
    slong attempts;            /* Krawczyk attempts made */
    double seconds;
} pc_sweep_t;

void pc_sweep_init(pc_sweep_t *sw);
void pc_sweep_clear(pc_sweep_t *sw);

/* Runs the sweep of inst over rho in [A, B] (0 < A < B) with breakpoints enclosed to width
 * <= 10^-digits. PC_OK: every claim proved; PC_NOT_PROVED: the path does not support the
 * instance, or a breakpoint could not be enclosed that tightly (msg says how far it got);
 * PC_BAD_INPUT: A, B invalid. */
pc_status_t pc_sweep_run(pc_sweep_t *sw, const pc_instance_t *inst, const fmpq_t A, const fmpq_t B,
                         slong digits, int progress, pc_msg_t *msg);

/* The sweep document (SPEC 13: breakpoints, pieces; plus values, cells and the instance, so that
 * the checker can re-verify it: "peelcert-sweep/1", FORMAT.md). Deterministic. */
json_t *pc_sweep_to_json(const pc_sweep_t *sw, const pc_instance_t *inst);

#endif
