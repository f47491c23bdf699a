/* Kind lowrank (certificates/FORMAT.md "Kind `lowrank`", SPEC 15): the strict reading of the
 * binary64 factors W (V x r) and H (r x N). WORK IN PROGRESS on branch lrcheck: not yet wired
 * into check_cert.c; the claims (budgets, upper, opnorm, lower) are still to come. */
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
static int pcc_b64_decode_exact(unsigned char *out, size_t bytes, const char *s, size_t len,
                                const char *path, pcc_error_t *err)
{
    if (len % 4 != 0)
        return pcc_fail(err, "%s: base64 length %zu is not a multiple of 4", path, len);
    size_t pad = 0;
    if (len >= 1 && s[len - 1] == '=') pad++;
    if (len >= 2 && s[len - 2] == '=') pad++;
    size_t decoded = len / 4 * 3 - pad;
    if (decoded != bytes)
        return pcc_fail(err, "%s: decodes to %zu bytes, expected %zu", path, decoded, bytes);
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
    size_t bytes = 8 * (size_t) rows * (size_t) cols;
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
