/* Certified test oracles (docs/oracle.md): the optimal value, regime, structure, the
 * centered optimal logits Z° and the Gram matrices, each number a decimal with a
 * certified error radius. */
#ifndef PEELCERT_ORACLE_H
#define PEELCERT_ORACLE_H

#include <jansson.h>
#include "peelcert/cert.h"
#include "peelcert/certify.h"
#include "peelcert/instance.h"

/* Largest instance (V x N entries) whose Z° is written entry by entry. */
#define PC_ORACLE_MAX_DENSE 250000

/* Encloses the distance bound delta with ||Pi Z - Z°||_F <= delta for any feasible Z with
 * f(Z) <= upper, when val >= lower: strong convexity of f on the centered subspace of the
 * nuclear ball, modulus >= exp(-sqrt(2) rho) / (N V) (docs/oracle.md). */
void pc_oracle_distance_bound(arb_t delta, const arb_t upper, const arb_t lower,
                              const pc_instance_t *inst, slong prec);

/* The oracle document for a certified instance. */
json_t *pc_oracle_build(const pc_cert_t *cert, const pc_certify_report_t *rep,
                        const pc_instance_t *inst, slong places);

#endif
