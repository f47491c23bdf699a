/* Kind lowrank (certificates/FORMAT.md "Kind `lowrank`", SPEC 15): the strict reading of the
 * certificate (sizes, rank, the binary64 factors W (V x r) and H (r x N), the dual rule and s)
 * and the exact budgets. The claims are in check_float_lowrank.c. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "check_internal.h"

/* Value of an RFC 4648 standard-alphabet character, -1 outside it ('=' included). */
static int pcc_b64_value(char c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

/* Strict decode of s (length len) into exactly `bytes` bytes at out: length a multiple of 4,
 * '=' only as the last one or two characters, unused padding bits zero. 0 on success. */
/* The length test of pcc_b64_decode_exact, made before anything is allocated: 0 iff s (length
 * len) can decode to exactly `bytes` bytes; *pad receives the number of '=' at the end. */
static int pcc_b64_check_length(size_t *pad, const char *s, size_t len, size_t bytes,
                                const char *path, pcc_error_t *err)
{
    if (len % 4 != 0)
        return pcc_fail(err, "%s: base64 length %zu is not a multiple of 4", path, len);
    *pad = 0;
    if (len >= 1 && s[len - 1] == '=') (*pad)++;
    if (len >= 2 && s[len - 2] == '=') (*pad)++;
    size_t decoded = len / 4 * 3 - *pad;
    if (decoded != bytes)
        return pcc_fail(err, "%s: decodes to %zu bytes, expected %zu bytes", path, decoded, bytes);
    return 0;
}

static int pcc_b64_decode_exact(unsigned char *out, size_t bytes, const char *s, size_t len,
                                const char *path, pcc_error_t *err)
{
    size_t pad;
    if (pcc_b64_check_length(&pad, s, len, bytes, path, err))
        return 1;
    size_t o = 0;
    for (size_t i = 0; i < len; i += 4) {
        int v[4];
        int last = i + 4 == len;
        for (int k = 0; k < 4; k++) {
            char c = s[i + k];
            v[k] = (last && c == '=' && k >= 4 - (int) pad) ? 0 : pcc_b64_value(c);
            if (v[k] < 0)
                return pcc_fail(err, "%s: character %zu ('%c') is not in the base64 alphabet",
                                path, i + k, c == '\0' ? '?' : c);
        }
        uint32_t w = ((uint32_t) v[0] << 18) | ((uint32_t) v[1] << 12) | ((uint32_t) v[2] << 6)
                     | (uint32_t) v[3];
        unsigned char b[3] = {(unsigned char) (w >> 16), (unsigned char) (w >> 8),
                              (unsigned char) w};
        int n = last ? 3 - (int) pad : 3;
        if (last && pad > 0 && (w & ((1u << (8 * pad)) - 1u)) != 0)
            return pcc_fail(err, "%s: nonzero padding bits in the last base64 group", path);
        for (int k = 0; k < n; k++)
            out[o++] = b[k];
    }
    return 0;
}

/* Little-endian binary64 at p. */
static double pcc_le_double(const unsigned char *p)
{
    uint64_t bits = 0;
    for (int k = 7; k >= 0; k--)
        bits = (bits << 8) | p[k];
    double x;
    memcpy(&x, &bits, sizeof x);
    return x;
}

/* A rows x cols row-major binary64 matrix from the base64 string v (FORMAT.md), finite
 * entries only; stored column-major (ld rows) in *out (malloc'd). 0 on success. */
int pcc_lowrank_read_factor(double **out, const json_t *v, const char *path, slong rows,
                            slong cols, pcc_error_t *err)
{
    *out = NULL;
    if (!json_is_string(v))
        return pcc_fail(err, "%s: expected a base64 string", path);
    size_t bytes = 8 * (size_t) rows * (size_t) cols, pad;
    if (pcc_b64_check_length(&pad, json_string_value(v), json_string_length(v), bytes, path, err))
        return 1;
    unsigned char *raw = malloc(bytes > 0 ? bytes : 1);
    double *M = malloc(sizeof(double) * (bytes / 8 > 0 ? bytes / 8 : 1));
    if (raw == NULL || M == NULL) {
        free(raw);
        free(M);
        return pcc_fail(err, "%s: out of memory", path);
    }
    if (pcc_b64_decode_exact(raw, bytes, json_string_value(v), json_string_length(v), path,
                             err)) {
        free(raw);
        free(M);
        return 1;
    }
    for (slong i = 0; i < rows; i++)
        for (slong j = 0; j < cols; j++) {
            double x = pcc_le_double(raw + 8 * ((size_t) i * (size_t) cols + (size_t) j));
            if (!isfinite(x)) {
                free(raw);
                free(M);
                return pcc_fail(err, "%s[%ld][%ld]: %s is not a finite binary64 value", path,
                                (long) i, (long) j, isnan(x) ? "NaN" : "infinity");
            }
            M[i + j * rows] = x;
        }
    free(raw);
    *out = M;
    return 0;
}

/* out = sum x_i^2 exactly: each square and each partial sum is an exact arf (binary64 values
 * have 53 significant bits and exponents in [-1074, 1024), so no sum needs more than about
 * 4200 + log2(n) bits). */
static void lr_exact_sum_squares(fmpq_t out, const double *x, size_t n)
{
    arf_t sum, t;
    fmpz_t m, e;
    arf_init(sum); arf_init(t); fmpz_init(m); fmpz_init(e);
    for (size_t i = 0; i < n; i++) {
        arf_set_d(t, x[i]);
        arf_mul(t, t, t, ARF_PREC_EXACT, ARF_RND_DOWN);
        arf_add(sum, sum, t, ARF_PREC_EXACT, ARF_RND_DOWN);
    }
    arf_get_fmpz_2exp(m, e, sum);   /* sum = m 2^e exactly */
    fmpz_set(fmpq_numref(out), m);
    fmpz_one(fmpq_denref(out));
    if (fmpz_sgn(e) >= 0) {
        fmpz_mul_2exp(fmpq_numref(out), fmpq_numref(out), fmpz_get_ui(e));
    } else {
        fmpz_neg(e, e);
        fmpz_mul_2exp(fmpq_denref(out), fmpq_denref(out), fmpz_get_ui(e));
    }
    fmpq_canonicalise(out);
    arf_clear(sum); arf_clear(t); fmpz_clear(m); fmpz_clear(e);
}

/* The sizes kind lowrank accepts (FORMAT.md): refused (exit 2) before any factor is read. */
static int lr_sizes(const pcc_instance_t *I, pcc_error_t *err)
{
    double entries = (double) I->V * (double) I->N;
    slong m = I->V < I->N ? I->V : I->N;
    if (entries > (double) PCC_LOWRANK_MAX_ENTRIES)
        return pcc_fail(err, "instance: V N = %ld x %ld = %.0f target entries is over the limit "
                        "of kind lowrank (%ld entries)", (long) I->V, (long) I->N, entries,
                        (long) PCC_LOWRANK_MAX_ENTRIES);
    if (m > PCC_LOWRANK_MAX_ORDER)
        return pcc_fail(err, "instance: min(V, N) = %ld is over the limit of kind lowrank (%ld, "
                        "the order of the Cholesky factorisation)", (long) m,
                        (long) PCC_LOWRANK_MAX_ORDER);
    return 0;
}

int pcc_lowrank_read(pcc_cert_t *C, const json_t *primal, const json_t *dual, pcc_error_t *err)
{
    static const char *const primal_keys[] = {"rank", "W", "H", NULL};
    static const char *const dual_keys[] = {"rule", "opnorm_bound", NULL};
    const pcc_instance_t *I = &C->inst;
    const json_t *rule = json_object_get(dual, "rule");
    slong m = I->V < I->N ? I->V : I->N;
    if (lr_sizes(I, err) || pcc_json_known_keys(primal, primal_keys, "primal", "field for kind lowrank", err)
        || pcc_json_known_keys(dual, dual_keys, "dual", "field for kind lowrank", err)
        || pcc_json_size(&C->lr_rank, json_object_get(primal, "rank"), "primal.rank", 1, m, err))
        return 1;
    if (!json_is_string(rule) || strcmp(json_string_value(rule), "softmax") != 0)
        return pcc_fail(err, "dual.rule: expected \"softmax\", got %s", json_is_string(rule)
                        ? json_string_value(rule) : pcc_json_type_name(rule));
    if (pcc_json_rational(C->s, json_object_get(dual, "opnorm_bound"), "dual.opnorm_bound", err))
        return 1;
    if (fmpq_sgn(C->s) < 0)
        return pcc_fail(err, "dual.opnorm_bound: must be >= 0");
    if (pcc_lowrank_read_factor(&C->lr_W, json_object_get(primal, "W"), "primal.W", I->V,
                                C->lr_rank, err)
        || pcc_lowrank_read_factor(&C->lr_H, json_object_get(primal, "H"), "primal.H",
                                   C->lr_rank, I->N, err))
        return 1;
    lr_exact_sum_squares(C->sum_W2, C->lr_W, (size_t) I->V * (size_t) C->lr_rank);
    lr_exact_sum_squares(C->sum_H2, C->lr_H, (size_t) C->lr_rank * (size_t) I->N);
    return 0;
}
