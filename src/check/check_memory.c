/* The checker's memory bound (--max-memory, FORMAT.md "Bounded work"): an estimate, from the
 * declared sizes, of the ball matrices a claim allocates at a precision, so that an attempt that
 * would go over the limit is not made (the claim is then not decided: exit 1). The estimate is
 * an upper bound for the claims named here and 0 for the claims whose memory is linear in the
 * certificate (already read, so already within the limit). */
#include <string.h>
#include "check_internal.h"

/* Bytes of one arb ball at precision prec: the struct, the midpoint's limbs beyond the two
 * stored inline, and room for one temporary of the same size. */
static double ball_bytes(slong prec)
{
    return 2.0 * ((double) sizeof(arb_struct) + (prec > 128 ? (double) prec / 8.0 + 16.0 : 0.0));
}

/* Unknowns of the lp block's KKT system (check_lp.c), or 0 without a local minimum. */
static double lp_unknowns(const pcc_cert_t *C)
{
    return C->lp == NULL ? 0.0 : (double) (C->inst.V + C->inst.N) * (double) C->inst.d + 2.0
        + (double) C->inst.d * (double) C->inst.d + (double) C->inst.d;
}

double pcc_claim_memory(const pcc_cert_t *C, const char *claim, slong prec)
{
    double V = (double) C->inst.V, N = (double) C->inst.N, d = (double) C->inst.d;
    double m = V < N ? V : N, b = ball_bytes(prec), dense = N * V + V * d + d * N;
    if (C->kind == PCC_KIND_DENSE) {   /* + the enclosure of Z^T kept between claims */
        double kept = pcc_dense_kept_bytes(C, claim, prec);
        if (strcmp(claim, "opnorm") == 0) return (2.0 * N * V + 2.0 * m * m) * b + N * V * 32.0 + kept;
        if (strcmp(claim, "upper") == 0) return 2.0 * dense * b + kept;
        if (strcmp(claim, "regime") == 0 && strcmp(C->regime, "interior") == 0) return 2.0 * dense * b + kept;
        if (strcmp(claim, "kkt") == 0) return 4.0 * dense * b + kept;
        if (kept > 0.0) return kept;
    }
    if (C->kind == PCC_KIND_LOWRANK) {   /* the pass runs once; opnorm adds the Cholesky */
        int pass_pending = C->lr_pass == NULL;
        if (strcmp(claim, "opnorm") == 0
            || (pass_pending && (strcmp(claim, "upper") == 0 || strcmp(claim, "lower") == 0)))
            return pcc_lowrank_memory(C);
    }
    if (strcmp(claim, "lp_upper") == 0 || strcmp(claim, "lp_symmetric_upper") == 0)
        return 2.0 * dense * b;
    if (strcmp(claim, "lp_local_minimum") == 0) {
        double n = lp_unknowns(C);
        return 8.0 * n * n * b;
    }
    return 0.0;
}
