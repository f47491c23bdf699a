/* Reading NumPy .npy files of floats as exact rational matrices (issue 5, audit claims).
 *
 * The format is NumPy's own (numpy/lib/format.py): the magic "\x93NUMPY", a version byte pair
 * (1.0, 2.0 or 3.0), a little-endian header length (u16 for 1.0, u32 after), a Python dict
 * literal {'descr': ..., 'fortran_order': ..., 'shape': (...)}, then the raw data. Only what a
 * float claim needs is read: dtypes '<f8', '>f8', '<f4', '>f4', 2-D shapes, C or Fortran order.
 * Pickled (object) arrays are never read. */
#ifndef PEELCERT_NPY_H
#define PEELCERT_NPY_H

#include <fmpq_mat.h>
#include "peelcert/status.h"

/* Largest header accepted (bytes). NumPy itself refuses headers over 10000 bytes by default. */
#define PC_NPY_MAX_HEADER 65536L

/* Reads the 2-D float array in the .npy file at path into out, exactly: each finite float32 or
 * float64 is a dyadic rational and becomes that rational, with no rounding. out must be
 * initialised (any shape); on PC_OK it holds the file's rows x cols matrix, on failure it is left
 * unchanged. Returns PC_BAD_INPUT, with a message naming the file and the field ('magic',
 * 'version', 'header length', 'descr', 'fortran_order', 'shape', 'data', or the entry [i][j]),
 * for anything that is not a well-formed, complete .npy file of that kind: bad magic, unsupported
 * version, an unparseable header, another dtype, a shape that is not 2-D with at least one row
 * and column or that has more than PC_MAX_DENSE_ENTRIES entries, data shorter or longer than the
 * shape requires, a NaN or infinite entry. Memory allocated is bounded by the bytes actually in
 * the file (and PC_NPY_MAX_HEADER), whatever the header claims. */
pc_status_t pc_npy_read_matrix(fmpq_mat_t out, const char *path, pc_msg_t *msg);

/* The same, and *itemsize receives the file's float width in bytes (4: float32, 8: float64),
 * which is what the audit judges a budget excess by. */
pc_status_t pc_npy_read_matrix_itemsize(fmpq_mat_t out, int *itemsize, const char *path, pc_msg_t *msg);

/* The layout of a 2-D float .npy file, for readers that map the data themselves (probe). */
typedef struct {
    slong rows, cols;
    int itemsize;        /* 8: float64, 4: float32 */
    int big_endian, fortran_order;
    long data_offset;    /* bytes from the start of the file to the data */
} pc_npy_layout_t;

/* Reads and validates the preamble and header of path (as pc_npy_read_matrix, but with
 * max_entries as the size limit) and checks that the file holds exactly the data the shape
 * needs. PC_BAD_INPUT names the file and field. */
pc_status_t pc_npy_read_layout(pc_npy_layout_t *out, const char *path, slong max_entries,
                               pc_msg_t *msg);

#endif
