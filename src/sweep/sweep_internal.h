/* Private to src/sweep. */
#ifndef PEELCERT_SWEEP_INTERNAL_H
#define PEELCERT_SWEEP_INTERNAL_H

#include "peelcert/sweep.h"
#include "peelcert/cyclic.h"

void pc_sweep_cell_init(pc_sweep_cell_t *cell, slong num_active);
void pc_sweep_cell_clear(pc_sweep_cell_t *cell);
void pc_sweep_break_init(pc_sweep_break_t *b, slong num_base, slong dim);
void pc_sweep_break_clear(pc_sweep_break_t *b);

/* The cyclic search state (sweep_cyclic.c): the last refined point, a warm start. */
typedef struct {
    const fmpq *q;
    slong n, prec;
    arb_ptr c;
    arb_t nu;
    slong *active, num_active;
    int have_point;
    fmpq_t min_width;      /* 10^-digits / 4 */
    fmpq_t stall;          /* a march gives up (towards a breakpoint) below this step */
    pc_sweep_t *sw;
    int progress;
    slong cell_prec;       /* precision of the cells (the breakpoint boxes use prec) */
    int have_polar;        /* polar, pbox: the last proved regular cell (a predictor) */
    pc_cyclic_event_t polar;
    pc_cyclic_event_box_t pbox;
} pc_sweep_cover_t;

/* Newton at the point rho (warm start; a floating start if allowed and needed). 1: converged. */
int pc_sweep_refine_at(pc_sweep_cover_t *S, const fmpq_t rho, int allow_float);

/* Appends a cell [lo, hi] with S's active set (the caller sets its kind and centre). */
pc_sweep_cell_t *pc_sweep_append_cell(pc_sweep_cover_t *S, const fmpq_t lo, const fmpq_t hi);

/* Marches from x towards target (dir > 0: forward) with proved regular cells, the step h growing
 * after a success and halving after a failure, until target (returns 1) or a stall (0); x and h
 * are updated to where it stopped. */
int pc_sweep_march(pc_sweep_cover_t *S, fmpq_t x, const fmpq_t target, int dir, fmpq_t h);

/* Appends the cell [lo, hi] (S's active set) proved by pc_cyclic_event_krawczyk with role side
 * over the parameter interval [plo, phi] around centre (kind from side). */
void pc_sweep_append_event_cell(pc_sweep_cover_t *S, const fmpq_t lo, const fmpq_t hi,
                                pc_cyclic_event_side_t side, const pc_cyclic_event_t *centre,
                                const fmpq_t plo, const fmpq_t phi);

/* At x_stop (the end of the proved cells, where a march towards top stalled, S holding the
 * point there): finds the event ahead (a frequency entering or leaving, or the interior
 * threshold), encloses the breakpoint (sw->breaks), proves its two sides by event cells
 * (sw->cells) and leaves in *restart the rho where regular cells resume (S's point there),
 * or *restart = top after the interior threshold. 0: not proved (msg says why). */
int pc_sweep_event(pc_sweep_cover_t *S, fmpq_t restart, const fmpq_t x_stop, const fmpq_t top,
                   pc_msg_t *msg);

/* Covers [A, min(B, rho_int)] by proved cells (sw->cells) and encloses rho_int. */
pc_status_t pc_sweep_cyclic(pc_sweep_t *sw, int progress, pc_msg_t *msg);

/* rho in [lo, hi] as a ball (exact endpoints, widened outward). */
void pc_sweep_rho_interval(arb_t rho, const fmpq_t lo, const fmpq_t hi, slong prec);

/* The certified value at rho (binding: a circulant certificate; interior: H(q)). */
void pc_sweep_cyclic_value(pc_sweep_value_t *v, const pc_sweep_t *sw, const fmpq_t rho, int interior);

/* A piece: consecutive contiguous cells [first, last] with one active set, or (first < 0) the
 * interior piece [from, to]. */
typedef struct {
    slong first, last;
    fmpq_t from, to;
    int interior;
} pc_sweep_piece_t;

/* The pieces of a sweep (caller frees each with fmpq_clear via pc_sweep_pieces_clear). */
slong pc_sweep_pieces(pc_sweep_piece_t **out, const pc_sweep_t *sw);
void pc_sweep_pieces_clear(pc_sweep_piece_t *pieces, slong count);

#endif
