/* Certified test oracles (docs/oracle.md): the optimal value, regime, structure, the
 * centered optimal logits Z° and the Gram matrices, each number a decimal with a
 * certified error radius, or a note saying why an entry is not determined. */
#ifndef PEELCERT_ORACLE_H
#define PEELCERT_ORACLE_H

#include <jansson.h>
#include "peelcert/cert.h"
#include "peelcert/certify.h"
#include "peelcert/instance.h"

/* The schema written (docs/oracle.md, "Schema versions"). */
#define PC_ORACLE_FORMAT "peelcert-oracle/2"

/* Largest instance (V x N entries) whose Z° is written entry by entry. */
#define PC_ORACLE_MAX_DENSE 250000

/* Radius asked for when no digits are given: 10^-20. */
#define PC_ORACLE_DEFAULT_DIGITS 20
/* Certified gap asked of pc_certify: 10^-(2 D + extra) for radius 10^-D; attempts in all. */
#define PC_ORACLE_EXTRA_DIGITS 6
#define PC_ORACLE_ATTEMPTS 3
/* Decimal places of written values beyond the digits asked for. */
#define PC_ORACLE_EXTRA_PLACES 5

typedef struct {
    slong digits;     /* every determined entry gets radius <= 10^-digits; 0: the default */
    int progress;     /* 1: progress lines on stderr */
    int force_dense;  /* 1: take the dense path whatever the structure (cross-checks) */
} pc_oracle_options_t;

/* Encloses the a priori distance bound delta with ||Pi Z - Z°||_F <= delta for any feasible
 * Z with f(Z) <= upper, when val >= lower: strong convexity of f on the centered subspace of
 * the nuclear ball, modulus >= exp(-sqrt(2) rho) / (N V) (docs/oracle.md). The oracle itself
 * uses the sharper local bound (src/oracle/oracle_distance.c). */
void pc_oracle_distance_bound(arb_t delta, const arb_t upper, const arb_t lower,
                              const pc_instance_t *inst, slong prec);

/* The oracle document for a certified instance, values with `places` decimals (no
 * "digits", "max_radius", "verified", "message": pc_oracle_run adds them). */
json_t *pc_oracle_build(const pc_cert_t *cert, const pc_certify_report_t *rep,
                        const pc_instance_t *inst, slong places);

/* Certifies inst as tightly as the radii need (about 2 digits + 6 digits of gap, more if the
 * measured radii ask for it) and returns the complete oracle document (what `peelcert oracle`
 * prints). *status: PC_OK iff every determined entry has radius <= 10^-digits proved;
 * PC_NOT_PROVED: the document is still valid, with the radii reached, and msg says why;
 * PC_BAD_INPUT: NULL is returned and msg names the problem. The caller owns the document. */
json_t *pc_oracle_run(const pc_instance_t *inst, const pc_oracle_options_t *opt,
                      pc_status_t *status, pc_msg_t *msg);

#endif
