/* Reading claims for the audit (audit.h): JSON matrices of exact numbers. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "peelcert/audit.h"
#include "peelcert/numbers.h"
#include "peelcert/json_file.h"
#include <fmpq_vec.h>

void pc_claim_init(pc_claim_t *claim)
{
    claim->has_factors = 0;
    fmpq_mat_init(claim->W, 0, 0);
    fmpq_mat_init(claim->H, 0, 0);
    fmpq_mat_init(claim->Z, 0, 0);
    claim->dtype_W = claim->dtype_H = claim->dtype_Z = PC_DTYPE_EXACT;
}

const char *pc_dtype_name(pc_dtype_t dtype)
{
    return dtype == PC_DTYPE_FLOAT32 ? "float32" : dtype == PC_DTYPE_FLOAT64 ? "float64" : "exact";
}

void pc_claim_clear(pc_claim_t *claim)
{
    fmpq_mat_clear(claim->W);
    fmpq_mat_clear(claim->H);
    fmpq_mat_clear(claim->Z);
}

/* One entry: a rational string, an integer, or a real taken as its exact double. */
static pc_status_t entry_from_json(fmpq_t out, json_t *v, const char *field, slong i, slong j,
                                   pc_dtype_t *dtype, pc_msg_t *msg)
{
    if (json_is_real(v)) {
        *dtype = PC_DTYPE_FLOAT64;
        double x = json_real_value(v);
        if (!isfinite(x))
            return pc_fail(msg, PC_BAD_INPUT, "%s[%ld][%ld]: not a finite number", field, (long) i, (long) j);
        pc_rational_set_double(out, x);
        return PC_OK;
    }
    char name[64];
    snprintf(name, sizeof name, "%s[%ld][%ld]", field, (long) i, (long) j);
    return pc_rational_from_json(out, v, name, msg);
}

/* Reads key as a rectangular matrix into A (re-initialised); *dtype becomes float64 if some
 * entry is a JSON real (a double), else stays as it is. */
static pc_status_t matrix_from_json(fmpq_mat_t A, json_t *root, const char *key, pc_dtype_t *dtype,
                                    pc_msg_t *msg)
{
    json_t *rows = json_object_get(root, key);
    if (!json_is_array(rows) || json_array_size(rows) == 0)
        return pc_fail(msg, PC_BAD_INPUT, "%s: must be a non-empty array of rows", key);
    slong m = json_array_size(rows);
    json_t *first = json_array_get(rows, 0);
    if (!json_is_array(first) || json_array_size(first) == 0)
        return pc_fail(msg, PC_BAD_INPUT, "%s[0]: must be a non-empty array", key);
    slong n = json_array_size(first);
    if ((double) m * (double) n > (double) PC_MAX_DENSE_ENTRIES)
        return pc_fail(msg, PC_BAD_INPUT, "%s: %ld x %ld entries exceed the limit %ld", key,
                       (long) m, (long) n, (long) PC_MAX_DENSE_ENTRIES);
    fmpq_mat_clear(A);
    fmpq_mat_init(A, m, n);
    for (slong i = 0; i < m; i++) {
        json_t *row = json_array_get(rows, i);
        if (!json_is_array(row) || (slong) json_array_size(row) != n)
            return pc_fail(msg, PC_BAD_INPUT, "%s[%ld]: must be an array of %ld numbers", key, (long) i, (long) n);
        for (slong j = 0; j < n; j++) {
            pc_status_t st = entry_from_json(fmpq_mat_entry(A, i, j), json_array_get(row, j), key, i, j,
                                             dtype, msg);
            if (st != PC_OK)
                return st;
        }
    }
    return PC_OK;
}

/* Reads key of obj as an array of n rationals into a new vector; NULL on failure. */
static fmpq *vector_from_json(json_t *obj, const char *key, slong *n, pc_msg_t *msg)
{
    json_t *v = json_object_get(obj, key);
    if (!json_is_array(v) || json_array_size(v) == 0) {
        pc_fail(msg, PC_BAD_INPUT, "primal.%s: must be a non-empty array", key);
        return NULL;
    }
    *n = (slong) json_array_size(v);
    fmpq *out = _fmpq_vec_init(*n);
    char name[64];
    for (slong m = 0; m < *n; m++) {
        snprintf(name, sizeof name, "primal.%s[%ld]", key, (long) m);
        if (pc_rational_from_json(out + m, json_array_get(v, (size_t) m), name, msg) != PC_OK) {
            _fmpq_vec_clear(out, *n);
            return NULL;
        }
    }
    return out;
}

/* primal.context_permutation (FORMAT.md): absent (NULL, the identity) or a permutation of
 * 0..n-1, read into a new array (caller frees). */
static pc_status_t context_permutation(slong **out, json_t *v, slong n, pc_msg_t *msg)
{
    *out = NULL;
    if (v == NULL || json_is_null(v))
        return PC_OK;
    if (!json_is_array(v) || (slong) json_array_size(v) != n)
        return pc_fail(msg, PC_BAD_INPUT, "primal.context_permutation: must be an array of %ld indices", (long) n);
    slong *pi = malloc(sizeof(slong) * (size_t) n);
    char *seen = calloc((size_t) n, 1);
    for (slong i = 0; i < n; i++) {
        json_t *e = json_array_get(v, (size_t) i);
        json_int_t k = json_is_integer(e) ? json_integer_value(e) : -1;
        if (k < 0 || k >= n || seen[k]) {
            free(pi); free(seen);
            return pc_fail(msg, PC_BAD_INPUT, "primal.context_permutation[%ld]: not a permutation of 0..%ld",
                           (long) i, (long) n - 1);
        }
        seen[k] = 1;
        pi[i] = (slong) k;
    }
    free(seen);
    *out = pi;
    return PC_OK;
}

/* A certificate's primal point as the claim (audit of a certified optimum): dense W, H;
 * circulant Z[k][i] = c[(k - i) mod n]; exchangeable Z = x (I - J/n), or with a context
 * relabelling pi, Z[k][i] = x (delta(k, pi(i)) - 1/n). Exact. */
static pc_status_t claim_from_certificate(pc_claim_t *claim, json_t *root, pc_msg_t *msg)
{
    json_t *kind = json_object_get(root, "kind"), *primal = json_object_get(root, "primal");
    const char *k = json_is_string(kind) ? json_string_value(kind) : "";
    if (!json_is_object(primal))
        return pc_fail(msg, PC_BAD_INPUT, "primal: missing in the certificate");
    if (strcmp(k, "dense") == 0) {
        claim->has_factors = 1;
        pc_status_t st = matrix_from_json(claim->W, primal, "W", &claim->dtype_W, msg);
        return st == PC_OK ? matrix_from_json(claim->H, primal, "H", &claim->dtype_H, msg) : st;
    }
    slong n = 0;
    claim->has_factors = 0;
    if (strcmp(k, "circulant") == 0) {
        fmpq *c = vector_from_json(primal, "c", &n, msg);
        if (c == NULL) return PC_BAD_INPUT;
        if ((double) n * n > (double) PC_MAX_DENSE_ENTRIES) {
            _fmpq_vec_clear(c, n);
            return pc_fail(msg, PC_BAD_INPUT, "primal.c: n = %ld is too large to audit densely", (long) n);
        }
        fmpq_mat_clear(claim->Z);
        fmpq_mat_init(claim->Z, n, n);
        for (slong r = 0; r < n; r++)
            for (slong i = 0; i < n; i++)
                fmpq_set(fmpq_mat_entry(claim->Z, r, i), c + ((r - i) % n + n) % n);
        _fmpq_vec_clear(c, n);
        return PC_OK;
    }
    if (strcmp(k, "exchangeable") == 0) {
        json_t *inst = json_object_get(root, "instance");
        json_t *tok = json_is_object(inst) ? json_object_get(inst, "tokens") : NULL;
        n = json_is_integer(tok) ? (slong) json_integer_value(tok) : 0;
        if (n < 2 || (double) n * n > (double) PC_MAX_DENSE_ENTRIES)
            return pc_fail(msg, PC_BAD_INPUT, "instance.tokens: exchangeable n must be in 2..%ld to audit densely",
                           (long) 2000);
        fmpq_t x, off;
        fmpq_init(x); fmpq_init(off);
        slong *pi = NULL;
        pc_status_t st = pc_rational_from_json(x, json_object_get(primal, "x"), "primal.x", msg);
        if (st == PC_OK)
            st = context_permutation(&pi, json_object_get(primal, "context_permutation"), n, msg);
        if (st == PC_OK) {
            fmpq_mat_clear(claim->Z);
            fmpq_mat_init(claim->Z, n, n);
            fmpq_div_fmpz(off, x, (fmpz_t){-n});          /* -x/n off the diagonal */
            for (slong r = 0; r < n; r++)
                for (slong i = 0; i < n; i++) {
                    fmpq_set(fmpq_mat_entry(claim->Z, r, i), off);
                    if (r == (pi != NULL ? pi[i] : i)) fmpq_add(fmpq_mat_entry(claim->Z, r, i), off, x);
                }
        }
        free(pi);
        fmpq_clear(x); fmpq_clear(off);
        return st;
    }
    return pc_fail(msg, PC_BAD_INPUT, "kind: \"%.20s\" certificates cannot be read as claims "
                   "(dense, circulant and exchangeable can); pass W/H or Z instead", k);
}

pc_status_t pc_claim_read_json(pc_claim_t *claim, const char *path, pc_msg_t *msg)
{
    json_t *root = pc_json_load_file(path, "claim", 0, msg);
    if (root == NULL)
        return PC_BAD_INPUT;
    pc_status_t st = PC_OK;
    json_t *format = json_object_get(root, "format");
    if (!json_is_object(root))
        st = pc_fail(msg, PC_BAD_INPUT, "%s: a claim must be a JSON object", path);
    else if (json_is_string(format) && strcmp(json_string_value(format), "peelcert-certificate/1") == 0)
        st = claim_from_certificate(claim, root, msg);
    else if (format != NULL && !(json_is_string(format) && strcmp(json_string_value(format), "peelcert-claim/1") == 0))
        st = pc_fail(msg, PC_BAD_INPUT, "format: must be \"peelcert-claim/1\" (or a peelcert certificate)");
    else if (json_object_get(root, "W") != NULL || json_object_get(root, "H") != NULL) {
        claim->has_factors = 1;
        st = matrix_from_json(claim->W, root, "W", &claim->dtype_W, msg);
        if (st == PC_OK)
            st = matrix_from_json(claim->H, root, "H", &claim->dtype_H, msg);
    } else if (json_object_get(root, "Z") != NULL) {
        claim->has_factors = 0;
        st = matrix_from_json(claim->Z, root, "Z", &claim->dtype_Z, msg);
    } else {
        st = pc_fail(msg, PC_BAD_INPUT, "%s: a claim needs \"W\" and \"H\", or \"Z\"", path);
    }
    json_decref(root);
    if (st != PC_OK)
        pc_msg_prefix_path(msg, path);      /* every message names the file, once */
    return st;
}

pc_status_t pc_claim_check_shape(const pc_claim_t *claim, const pc_instance_t *inst, pc_msg_t *msg)
{
    slong V = inst->tokens, N = inst->contexts;
    if (!claim->has_factors) {
        if (fmpq_mat_nrows(claim->Z) != V || fmpq_mat_ncols(claim->Z) != N)
            return pc_fail(msg, PC_BAD_INPUT, "Z: shape %ld x %ld, the instance needs %ld x %ld (tokens x contexts)",
                           (long) fmpq_mat_nrows(claim->Z), (long) fmpq_mat_ncols(claim->Z), (long) V, (long) N);
        return PC_OK;
    }
    if (fmpq_mat_nrows(claim->W) != V)
        return pc_fail(msg, PC_BAD_INPUT, "W: %ld rows, the instance has %ld tokens",
                       (long) fmpq_mat_nrows(claim->W), (long) V);
    if (fmpq_mat_ncols(claim->H) != N)
        return pc_fail(msg, PC_BAD_INPUT, "H: %ld columns, the instance has %ld contexts",
                       (long) fmpq_mat_ncols(claim->H), (long) N);
    if (fmpq_mat_ncols(claim->W) != fmpq_mat_nrows(claim->H))
        return pc_fail(msg, PC_BAD_INPUT, "W is V x %ld but H is %ld x N: the inner dimensions differ",
                       (long) fmpq_mat_ncols(claim->W), (long) fmpq_mat_nrows(claim->H));
    if (fmpq_mat_ncols(claim->W) > inst->dim)
        return pc_fail(msg, PC_BAD_INPUT, "W, H: the claim's inner dimension %ld exceeds the instance's dim %ld%s",
                       (long) fmpq_mat_ncols(claim->W), (long) inst->dim,
                       inst->dim_given ? "" : " (the default min(V-1, N); give \"dim\" in the instance to audit a wider claim)");
    return PC_OK;
}
