/* Private to src/sweep. */
#ifndef PEELCERT_SWEEP_INTERNAL_H
#define PEELCERT_SWEEP_INTERNAL_H

#include "peelcert/sweep.h"

void pc_sweep_cell_init(pc_sweep_cell_t *cell, slong num_active);
void pc_sweep_cell_clear(pc_sweep_cell_t *cell);

/* Covers [A, min(B, rho_int)] by proved cells (sw->cells) and encloses rho_int. */
pc_status_t pc_sweep_cyclic(pc_sweep_t *sw, int progress, pc_msg_t *msg);

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
