/* Multiprecision refinement of the dense path (private to src/certify; dense_refine.c). */
#ifndef PEELCERT_DENSE_REFINE_H
#define PEELCERT_DENSE_REFINE_H

#include "peelcert/cert.h"
#include "peelcert/instance.h"
#include "peelcert/solver.h"

/* Largest tokens x contexts for which the dense path refines in multiprecision. */
#define PC_DENSE_REFINE_MAX_ENTRIES 400

/* Refines the floating binding-regime optimum sol (d >= rank) by Newton on the KKT system of
 * the rank-r factored problem, with Arb residuals at about 3.3 (digits + 10) + 64 bits, rounds
 * it to exact W, H, Q, s and proves every bound with the verify module.
 * PC_OK: cert (kind dense) now holds the refined certificate and upper - lower <= 10^-digits
 * is proved. Otherwise cert is untouched and msg says how far the refinement got. */
pc_status_t pc_dense_refine(pc_cert_t *cert, const pc_instance_t *inst,
                            const pc_float_solution_t *sol, const double *P, slong digits,
                            int progress, pc_msg_t *msg);

#endif
