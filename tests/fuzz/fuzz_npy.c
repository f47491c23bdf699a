/* libFuzzer harness: the strict .npy reader (npy.h) on a file holding the input bytes, as a
 * matrix (both entry points) and as a layout. */
#include "fuzz_common.h"
#include "peelcert/npy.h"
#include "peelcert/instance.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_scratch_file(data, size, ".npy");
    if (path == NULL) return 0;
    fmpq_mat_t M;
    pc_msg_t msg;
    int itemsize = 0;
    pc_npy_layout_t layout;
    fmpq_mat_init(M, 0, 0);
    if (pc_npy_read_matrix_itemsize(M, &itemsize, path, &msg) == PC_OK && itemsize != 4 && itemsize != 8)
        abort();
    pc_npy_read_layout(&layout, path, PC_MAX_DENSE_ENTRIES, &msg);
    fmpq_mat_clear(M);
    return 0;
}
