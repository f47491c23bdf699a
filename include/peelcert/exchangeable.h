/* Exchangeable targets P = alpha I + beta (J - I) in closed form (SPEC 5b).
 * Nothing of size n is ever allocated: n may be 10^9. */
#ifndef PEELCERT_EXCHANGEABLE_H
#define PEELCERT_EXCHANGEABLE_H

#include "peelcert/status.h"
#include "peelcert/instance.h"
#include "peelcert/cert.h"

/* Fills cert (kind exchangeable): exact rational x (Z = x (I - J/n), budget proved
 * exactly) and r (Q = r I + t (J - I)), the proved enclosures of f(Z) and LB(Q),
 * the proved regime, and in the binding regime with d >= n - 1 the exact simplex-ETF
 * Gram constants a/(n-1), b/(n-1). Doubles the precision until upper - lower
 * <= 10^-digits is proved; PC_NOT_PROVED (message says how far it got) at the
 * ceiling. */
pc_status_t pc_exchangeable_certify(pc_cert_t *cert, const pc_instance_t *inst, slong digits,
                                    pc_msg_t *msg);

/* Encloses f(x (I - J/n)) = log(exp(x) + n - 1) - alpha x. */
void pc_exchangeable_objective(arb_t out, const fmpq_t x, slong n, const fmpq_t alpha, slong prec);

/* Encloses LB(r I + t (J - I)) = -r log r - (1-r) log t - rho |r - alpha| / (n - 1). */
void pc_exchangeable_dual_bound(arb_t out, const fmpq_t r, slong n, const fmpq_t alpha,
                                const arb_t rho, slong prec);

#endif
