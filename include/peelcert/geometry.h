/* The geometry at the optimum of a commutant-reduced kind-group certificate (docs/groups.md
 * "certify --json: the geometry object"; SPEC 4, 5; issue 10 item 4). Everything here is an
 * enclosure of a quantity of the unique centered optimum Z° and of every optimal (W, H)
 * (binding regime, d >= rank), proved through pc_commutant_optimum (a Krawczyk box of the
 * reduced KKT system); nothing is a floating-point guess.
 *
 * Token side: W W^T = sqrt(a/b) (Z° Z°^T)^(1/2) = sqrt(a/b) sum_k sqrt(lambda_k) E_k, with
 * lambda_k = ||T_k x°||_D^2 / m_k (exactly 0 off the active set S).
 * Context side: E_k Z° maps the context isotypic component F_k of the k-th constituent
 * (dimension m_k b_k, b_k its multiplicity in the context permutation representation, proved
 * as the trace of the idempotent T_k) onto E_k R^V, and Z°^T E_k Z° = (E_k Z°)^T (E_k Z°) has
 * the eigenvalue lambda_k m_k times and 0 on the rest of F_k; Z° vanishes on the components
 * of constituents absent from the token representation. So H^T H = sqrt(b/a) (Z°^T Z°)^(1/2)
 * = sqrt(b/a) sum_{k in S} Z°^T E_k Z° / sqrt(lambda_k) has the eigenvalue
 * sqrt(b/a) sqrt(lambda_k) on an m_k-dimensional subspace of F_k and 0 elsewhere. */
#ifndef PEELCERT_GEOMETRY_H
#define PEELCERT_GEOMETRY_H

#include "peelcert/cert.h"
#include "peelcert/commutant.h"
#include "peelcert/group.h"

/* H^T H per context-pair orbit is computed only up to this many context pairs N^2. */
#define PC_GEOMETRY_MAX_CONTEXT_PAIRS 1000000

typedef struct {
    int has_alg, has_red, has_problem;
    pc_commutant_t alg;            /* token commutant, eigenmatrix with the certificate's generic element */
    pc_reduced_t red;
    pc_commutant_problem_t P;
    pc_commutant_optimum_t opt;    /* opt.proved: every field below holds */
    slong *context_mult;           /* [k] = b_k (NULL when not proved) */
    arb_ptr eig_W;                 /* [k] eigenvalue of W W^T on E_k (exact 0 off S) */
    arb_ptr eig_H;                 /* [k] the nonzero eigenvalue of H^T H in F_k (0 off S) */
    arb_ptr gram_W;                /* [j] W W^T on token orbital j (alg.orbital numbering) */
    pc_group_orbits_t context_pairs;   /* orbits of the context action on [N] x [N] (numbering
                                          of pc_group_pair_orbits; orbit_id NULL: not kept) */
    slong *context_pair_first;     /* [o] smallest pair i N + i' of context-pair orbit o */
    arb_ptr gram_H;                /* [o] H^T H on context-pair orbit o; NULL when not computed */
    char note[256];                /* why something is absent */
} pc_group_geometry_t;

void pc_group_geometry_init(pc_group_geometry_t *geo);
void pc_group_geometry_clear(pc_group_geometry_t *geo);

/* For a kind-group certificate with primal.commutant_generic in the binding regime: the
 * geometry at the optimum at prec. PC_OK when geo->opt.proved (gram_H may still be NULL,
 * note says why); PC_NOT_PROVED (message: which step) otherwise, with geo->has_alg set when
 * the token eigenmatrix was proved (callers may then report the certificate's own Z). */
pc_status_t pc_group_geometry_optimum(pc_group_geometry_t *geo, const pc_cert_t *cert,
                                      const pc_instance_t *inst, slong prec, pc_msg_t *msg);

#endif
