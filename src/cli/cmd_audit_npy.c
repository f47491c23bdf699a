/* peelcert audit --W W.npy --H H.npy | --Z Z.npy: the claim read from NumPy files (npy.h). */
#include "cli.h"
#include "peelcert/audit.h"
#include "peelcert/npy.h"

/* Reads one matrix and records its dtype (float32 or float64). */
static pc_status_t read_typed(fmpq_mat_t A, pc_dtype_t *dtype, const char *path, pc_msg_t *msg)
{
    int itemsize = 8;
    pc_status_t st = pc_npy_read_matrix_itemsize(A, &itemsize, path, msg);
    if (st == PC_OK)
        *dtype = itemsize == 4 ? PC_DTYPE_FLOAT32 : PC_DTYPE_FLOAT64;
    return st;
}

/* Fills claim (initialised by pc_claim_init) from the factors w and h, or from the logits z:
 * exactly one of the two must be given. The floats are taken exactly. PC_BAD_INPUT with a
 * message naming the option and the file otherwise; the claim stays balanced for pc_claim_clear. */
pc_status_t pc_cli_claim_from_npy(pc_claim_t *claim, const char *w, const char *h, const char *z,
                                  pc_msg_t *msg)
{
    int factors = w != NULL || h != NULL;
    if (factors && z != NULL)
        return pc_fail(msg, PC_BAD_INPUT, "give either --W and --H, or --Z, not both");
    if (!factors && z == NULL)
        return pc_fail(msg, PC_BAD_INPUT, "no claim: give --W and --H, or --Z");
    if (factors && (w == NULL || h == NULL))
        return pc_fail(msg, PC_BAD_INPUT, "%s is given without %s: the factors need both",
                       w != NULL ? "--W" : "--H", w != NULL ? "--H" : "--W");
    if (!factors) {
        claim->has_factors = 0;
        return read_typed(claim->Z, &claim->dtype_Z, z, msg);
    }
    claim->has_factors = 1;
    pc_status_t st = read_typed(claim->W, &claim->dtype_W, w, msg);
    if (st == PC_OK)
        st = read_typed(claim->H, &claim->dtype_H, h, msg);
    return st;
}
