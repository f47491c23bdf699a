/* The certify paths (private to src/certify). Each fills cert and rep; see certify.h. */
#ifndef PEELCERT_CERTIFY_PATHS_H
#define PEELCERT_CERTIFY_PATHS_H

#include "peelcert/certify.h"

pc_status_t pc_certify_dense(pc_cert_t *cert, pc_certify_report_t *rep, const pc_instance_t *inst,
                             const pc_certify_options_t *opt, pc_msg_t *msg);

/* The general path with the binary64 proofs of SPEC 15 (kind lowrank, FORMAT.md): a floating
 * candidate (the dense solver up to PC_MAX_DENSE_ENTRIES entries, the low-rank solver above),
 * truncated to the columns it uses, its bounds proved by pc_floatproof_lowrank_bounds.
 * PC_BAD_INPUT above PC_LOWRANK_MAX_ENTRIES / PC_LOWRANK_MAX_ORDER; PC_NOT_PROVED when the
 * proved gap misses the target (the bounds are still valid). */
pc_status_t pc_certify_lowrank(pc_cert_t *cert, pc_certify_report_t *rep,
                               const pc_instance_t *inst, const pc_certify_options_t *opt,
                               pc_msg_t *msg);

/* Cyclic instances (circulant form, or dense and exactly circulant): the Fourier path. */
pc_status_t pc_certify_circulant(pc_cert_t *cert, pc_certify_report_t *rep,
                                 const pc_instance_t *inst, const pc_certify_options_t *opt,
                                 pc_msg_t *msg);

/* Default gap of the group path when --digits is not given. */
#define PC_GROUP_DEFAULT_DIGITS 30

/* Instances whose symmetry acts 2-transitively on the tokens: the reduced problem
 * (reduced.h, FORMAT.md kind group). PC_BAD_INPUT if the reduction does not apply. */
pc_status_t pc_certify_group(pc_cert_t *cert, pc_certify_report_t *rep,
                             const pc_instance_t *inst, const pc_certify_options_t *opt,
                             pc_msg_t *msg);

/* Symmetries whose token action has a commutative commutant with real characters
 * (commutant.h): 1 if the commutant path applies (algebra, eigenmatrix and size limits), else 0
 * with why filled. pc_certify_commutant: kind group with the commutant reduction (FORMAT.md). */
int pc_certify_commutant_applies(const pc_instance_t *inst, pc_msg_t *why);
pc_status_t pc_certify_commutant(pc_cert_t *cert, pc_certify_report_t *rep,
                                 const pc_instance_t *inst, const pc_certify_options_t *opt,
                                 pc_msg_t *msg);

/* Instances whose token or context classes (SPEC 10) shrink the problem: the weighted reduced
 * problem on cert->classes (set and owned by cert; kind classes). PC_BAD_INPUT if the reduced
 * problem is still too large for the dense solver. */
pc_status_t pc_certify_classes(pc_cert_t *cert, pc_certify_report_t *rep,
                               const pc_instance_t *inst, const pc_certify_options_t *opt,
                               pc_msg_t *msg);

/* The symmetric one-hot form (pc_classes_onehot_symmetric holds with m, k): closed form, exact
 * rounding, exact norms (docs/classes.md). cert->classes set; fills cert->symmetric. */
pc_status_t pc_certify_classes_symmetric(pc_cert_t *cert, pc_certify_report_t *rep,
                                         const pc_instance_t *inst, slong m, slong k,
                                         const pc_certify_options_t *opt, pc_msg_t *msg);

/* One-hot targets with several context class sizes (pc_classes_onehot_sizes gave info, S <=
 * PC_SIZES_MAX): the reduction to size classes (docs/classes.md); takes over info's arrays;
 * fills cert->sizes. */
#define PC_SIZES_MAX 200
pc_status_t pc_certify_classes_sizes(pc_cert_t *cert, pc_certify_report_t *rep,
                                     const pc_instance_t *inst, pc_classes_sizes_info_t *info,
                                     const pc_certify_options_t *opt, pc_msg_t *msg);

#endif
