/* Private to src/symmetry. */
#ifndef PEELCERT_SYMMETRY_INTERNAL_H
#define PEELCERT_SYMMETRY_INTERNAL_H

#include "peelcert/symmetry.h"

/* Frees the generators and zeroes every field (sizes set to V, N); the order is kept
 * initialised. */
void pc_symmetry_reset(pc_symmetry_t *sym, slong V, slong N);

/* From sym's generators: orbit counts, 2-transitivity on tokens, cyclic regularity, and the
 * order by Schreier-Sims unless sym->has_order already. Exact. */
void pc_symmetry_describe(pc_symmetry_t *sym);

#endif
