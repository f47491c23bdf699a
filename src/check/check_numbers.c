/* Strict readers of the numbers of certificates and instances (FORMAT.md, SPEC 8), and the
 * formatting of numbers in messages. Nothing here trusts fmpq_set_str: the grammar is checked
 * first, character by character. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ulong_extras.h>
#include "check_internal.h"

int pcc_fail(pcc_error_t *err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->text, sizeof err->text, fmt, ap);
    va_end(ap);
    return 1;
}

const char *pcc_json_type_name(const json_t *v)
{
    if (v == NULL) return "nothing (missing)";
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER: return "an integer";
    case JSON_REAL: return "a JSON real";
    case JSON_TRUE: case JSON_FALSE: return "a boolean";
    default: return "null";
    }
}

static size_t digit_run(const char *s, size_t len)
{
    size_t n = 0;
    while (n < len && s[n] >= '0' && s[n] <= '9') n++;
    return n;
}

/* Sets out to the non-negative integer written by the n decimal digits at s (exact). */
static void set_digits(fmpz_t out, const char *s, size_t n)
{
    if (n <= 19) {   /* < 10^19 < 2^64 */
        ulong v = 0;
        for (size_t i = 0; i < n; i++) v = 10 * v + (ulong) (s[i] - '0');
        fmpz_set_ui(out, v);
    } else {
        char *buf = malloc(n + 1);
        memcpy(buf, s, n);
        buf[n] = '\0';
        fmpz_set_str(out, buf, 10);
        free(buf);
    }
}

/* Reads -?[0-9]+(/[0-9]+)? (the fraction only if allow_fraction) or -?[0-9]+\.[0-9]+, exactly.
 * Returns 0 on success, 1 if s is anything else (including a zero denominator). */
int pcc_parse_rational_text(fmpq_t out, const char *s, size_t len, int allow_fraction)
{
    size_t pos = 0, n1, n2;
    int neg = 0;
    if (len > PCC_MAX_NUMBER_CHARS) return 1;
    if (pos < len && s[pos] == '-') { neg = 1; pos++; }
    n1 = digit_run(s + pos, len - pos);
    if (n1 == 0) return 1;
    if (pos + n1 == len) {
        set_digits(fmpq_numref(out), s + pos, n1);
        fmpz_one(fmpq_denref(out));
    } else if (s[pos + n1] == '.' || (allow_fraction && s[pos + n1] == '/')) {
        const char *t = s + pos + n1 + 1;
        size_t rest = len - pos - n1 - 1;
        n2 = digit_run(t, rest);
        if (n2 == 0 || n2 != rest) return 1;
        if (s[pos + n1] == '/') {
            set_digits(fmpq_numref(out), s + pos, n1);
            set_digits(fmpq_denref(out), t, n2);
            if (fmpz_is_zero(fmpq_denref(out))) return 1;
        } else {
            fmpz_t f;
            fmpz_init(f);
            set_digits(fmpq_numref(out), s + pos, n1);
            set_digits(f, t, n2);
            fmpz_set_ui(fmpq_denref(out), 10);
            fmpz_pow_ui(fmpq_denref(out), fmpq_denref(out), (ulong) n2);
            fmpz_mul(fmpq_numref(out), fmpq_numref(out), fmpq_denref(out));
            fmpz_add(fmpq_numref(out), fmpq_numref(out), f);
            fmpz_clear(f);
        }
        fmpq_canonicalise(out);
    } else {
        return 1;
    }
    if (neg) fmpq_neg(out, out);
    return 0;
}

static void quote(char *buf, size_t len, const char *s, size_t n)
{
    snprintf(buf, len, "\"%.*s%s\"", (int) (n > 40 ? 40 : n), s, n > 40 ? "..." : "");
}

/* An exact rational: a string "p/q", "p" or an exact decimal "1.25", or a JSON integer literal. */
int pcc_json_rational(fmpq_t out, const json_t *v, const char *path, pcc_error_t *err)
{
    char shown[64];
    if (json_is_integer(v)) {
        fmpz_set_si(fmpq_numref(out), (slong) json_integer_value(v));
        fmpz_one(fmpq_denref(out));
        return 0;
    }
    if (!json_is_string(v))
        return pcc_fail(err, "%s: expected an exact rational (a string like \"3/5\"), got %s",
                        path, pcc_json_type_name(v));
    size_t n = json_string_length(v);
    const char *s = json_string_value(v);
    if (n > PCC_MAX_NUMBER_CHARS)
        return pcc_fail(err, "%s: number string of %zu characters, over the limit of %d",
                        path, n, PCC_MAX_NUMBER_CHARS);
    if (pcc_parse_rational_text(out, s, n, 1)) {
        quote(shown, sizeof shown, s, n);
        return pcc_fail(err, "%s: %s is not an exact rational (p/q with q > 0, integer, or "
                        "decimal like 0.25)", path, shown);
    }
    return 0;
}

/* A decimal claim: a string -?[0-9]+(\.[0-9]+)?, read exactly. */
int pcc_json_decimal(fmpq_t out, const json_t *v, const char *path, pcc_error_t *err)
{
    char shown[64];
    if (!json_is_string(v))
        return pcc_fail(err, "%s: expected a decimal string, got %s", path, pcc_json_type_name(v));
    size_t n = json_string_length(v);
    const char *s = json_string_value(v);
    if (n > PCC_MAX_NUMBER_CHARS)
        return pcc_fail(err, "%s: number string of %zu characters, over the limit of %d",
                        path, n, PCC_MAX_NUMBER_CHARS);
    if (pcc_parse_rational_text(out, s, n, 0)) {
        quote(shown, sizeof shown, s, n);
        return pcc_fail(err, "%s: %s is not a decimal of the form -?[0-9]+(.[0-9]+)?", path, shown);
    }
    return 0;
}

/* A JSON integer literal in [lo, hi]. */
int pcc_json_size(slong *out, const json_t *v, const char *path, slong lo, slong hi,
                  pcc_error_t *err)
{
    if (!json_is_integer(v))
        return pcc_fail(err, "%s: expected a JSON integer, got %s", path, pcc_json_type_name(v));
    json_int_t x = json_integer_value(v);
    if (x < lo || x > hi)
        return pcc_fail(err, "%s: %lld is outside [%ld, %ld]", path, (long long) x, lo, hi);
    *out = (slong) x;
    return 0;
}

/* An array, of the given length unless length < 0. */
int pcc_json_array(const json_t *v, const char *path, slong length, pcc_error_t *err)
{
    if (!json_is_array(v))
        return pcc_fail(err, "%s: expected an array, got %s", path, pcc_json_type_name(v));
    if (length >= 0 && (slong) json_array_size(v) != length)
        return pcc_fail(err, "%s: has %zu entries, expected %ld", path, json_array_size(v), length);
    return 0;
}

int pcc_json_rational_vector(fmpq *out, const json_t *v, const char *path, slong length,
                             pcc_error_t *err)
{
    char sub[256];
    const char *prev = NULL;
    size_t prev_len = 0;
    if (pcc_json_array(v, path, length, err)) return 1;
    for (slong i = 0; i < length; i++) {
        const json_t *x = json_array_get(v, (size_t) i);
        /* targets repeat their texts ("1/87" 99 times a row): the same text as the entry
         * before, which was read, is the same rational, so it is copied, not parsed again */
        if (prev != NULL && json_is_string(x) && json_string_length(x) == prev_len
            && memcmp(json_string_value(x), prev, prev_len) == 0) {
            fmpq_set(out + i, out + i - 1);
            continue;
        }
        if (pcc_json_rational(out + i, x, path, err)) {   /* the path is written for the error */
            snprintf(sub, sizeof sub, "%s[%ld]", path, i);
            return pcc_json_rational(out + i, x, sub, err);
        }
        prev = json_is_string(x) ? json_string_value(x) : NULL;
        prev_len = json_is_string(x) ? json_string_length(x) : 0;
    }
    return 0;
}

/* Reads rows of rationals into out, serially; the first failure in row-major order (a row that
 * is not an array of cols, or an entry) fills err with its path. */
static int rational_matrix_serial(fmpq_mat_t out, const json_t *v, const char *path,
                                  pcc_error_t *err)
{
    char sub[256];
    slong rows = fmpq_mat_nrows(out), cols = fmpq_mat_ncols(out);
    for (slong i = 0; i < rows; i++) {
        const json_t *row = json_array_get(v, (size_t) i);
        snprintf(sub, sizeof sub, "%s[%ld]", path, i);
        if (pcc_json_array(row, sub, cols, err)) return 1;
        for (slong j = 0; j < cols; j++)   /* the path of an entry: written only for the error */
            if (pcc_json_rational(fmpq_mat_entry(out, i, j), json_array_get(row, (size_t) j),
                                  path, err)) {
                snprintf(sub, sizeof sub, "%s[%ld][%ld]", path, i, j);
                return pcc_json_rational(fmpq_mat_entry(out, i, j), json_array_get(row, (size_t) j),
                                         sub, err);
            }
    }
    return 0;
}

/* Rows lo..hi of a matrix whose rows are known to be arrays of cols: bad[part] = 1 at the
 * first entry that is not an exact rational (the message is written by the serial pass). */
struct matrix_job {
    fmpq_mat_struct *out;
    const json_t *v;
    int bad[2];
};

static void matrix_rows(void *ctx, int part, slong lo, slong hi)
{
    struct matrix_job *J = ctx;
    pcc_error_t ignored;
    for (slong i = lo; i < hi && !J->bad[part]; i++) {
        const json_t *row = json_array_get(J->v, (size_t) i);
        for (slong j = 0; j < fmpq_mat_ncols(J->out); j++)
            if (pcc_json_rational(fmpq_mat_entry(J->out, i, j), json_array_get(row, (size_t) j),
                                  "", &ignored)) {
                J->bad[part] = 1;
                break;
            }
    }
}

/* Reads a matrix of the dimensions out was initialised with: rows of rationals. The rows are
 * read in two parts (pcc_rows_parallel) when every row has the right shape; any failure is
 * read again serially, so the message is the one of the first failure in row-major order. */
int pcc_json_rational_matrix(fmpq_mat_t out, const json_t *v, const char *path, pcc_error_t *err)
{
    slong rows = fmpq_mat_nrows(out), cols = fmpq_mat_ncols(out);
    int shaped = 1;
    if (pcc_json_array(v, path, rows, err)) return 1;
    for (slong i = 0; i < rows && shaped; i++) {
        const json_t *row = json_array_get(v, (size_t) i);
        shaped = json_is_array(row) && (slong) json_array_size(row) == cols;
    }
    if (shaped) {
        struct matrix_job J = {out, v, {0, 0}};
        pcc_rows_parallel(rows, (double) rows * (double) cols * PCC_NS_PARSE, matrix_rows, &J);
        if (!J.bad[0] && !J.bad[1]) return 0;
    }
    return rational_matrix_serial(out, v, path, err);
}

/* out = x / m exactly (FLINT 2.9 has no fmpq_div_si). */
void pcc_fmpq_div_si(fmpq_t out, const fmpq_t x, slong m)
{
    fmpz_t t;
    fmpz_init_set_si(t, m);
    fmpq_div_fmpz(out, x, t);
    fmpz_clear(t);
}

/* Writes x exactly when it is short, else "~" and 17 significant digits. */
void pcc_fmpq_text(char *buf, size_t len, const fmpq_t x)
{
    if (fmpz_bits(fmpq_numref(x)) + fmpz_bits(fmpq_denref(x)) < 120) {
        char *s = fmpq_get_str(NULL, 10, x);
        snprintf(buf, len, "%s", s);
        flint_free(s);
    } else {
        arb_t t;
        arb_init(t);
        arb_set_fmpq(t, x, 128);
        char *s = arb_get_str(t, 17, ARB_STR_NO_RADIUS);
        snprintf(buf, len, "~%s", s);
        flint_free(s);
        arb_clear(t);
    }
}

void pcc_arb_text(char *buf, size_t len, const arb_t x)
{
    char *s = arb_get_str(x, 20, 0);
    snprintf(buf, len, "%s", s);
    flint_free(s);
}

/* sum_m v[m]^2 exactly, by the same balanced tree as pcc_fmpq_sum. */
/* sum_m v[m]^2 when every denominator is 2^e, e <= 1100 (binary64 data): one pass, no gcd
 * but the final one; 0 (out untouched) otherwise. */
static int sum_squares_dyadic(fmpq_t out, const fmpq *v, slong n)
{
    slong emax = 0;
    for (slong i = 0; i < n; i++) {
        const fmpz *d = fmpq_denref(v + i);
        slong e = (slong) fmpz_val2(d);
        if (e > 1100 || (slong) fmpz_bits(d) != e + 1) return 0;
        if (e > emax) emax = e;
    }
    fmpz_t t;
    fmpz_init(t);
    fmpz_zero(fmpq_numref(out));
    for (slong i = 0; i < n; i++) {
        fmpz_mul(t, fmpq_numref(v + i), fmpq_numref(v + i));
        fmpz_mul_2exp(t, t, (ulong) (2 * (emax - (slong) fmpz_val2(fmpq_denref(v + i)))));
        fmpz_add(fmpq_numref(out), fmpq_numref(out), t);
    }
    fmpz_one(fmpq_denref(out));
    fmpz_mul_2exp(fmpq_denref(out), fmpq_denref(out), (ulong) (2 * emax));
    fmpq_canonicalise(out);
    fmpz_clear(t);
    return 1;
}

static void sum_squares_tree(fmpq_t out, const fmpq *v, slong n)
{
    if (n <= 8) {
        fmpq_zero(out);
        for (slong m = 0; m < n; m++) fmpq_addmul(out, v + m, v + m);
        return;
    }
    fmpq_t right;
    fmpq_init(right);
    sum_squares_tree(out, v, n / 2);
    sum_squares_tree(right, v + n / 2, n - n / 2);
    fmpq_add(out, out, right);
    fmpq_clear(right);
}

void pcc_fmpq_sum_squares(fmpq_t out, const fmpq *v, slong n)
{
    if (!sum_squares_dyadic(out, v, n)) sum_squares_tree(out, v, n);
}

/* sum of the squared entries of A, exactly (FLINT stores the entries as one array). */
void pcc_fmpq_mat_sum_squares(fmpq_t out, const fmpq_mat_t A)
{
    if (fmpq_mat_nrows(A) == 0 || fmpq_mat_ncols(A) == 0) { fmpq_zero(out); return; }
    pcc_fmpq_sum_squares(out, A->entries, fmpq_mat_nrows(A) * fmpq_mat_ncols(A));
}

/* Operands of at most this many limbs are added in lowest terms (FLINT's gcd-based _fmpq_add,
 * cheap at this size, and it keeps shared denominators small); larger ones without a gcd. */
#define PCC_SUM_REDUCE_LIMBS 64

/* num/den = sum_m v[m] exactly, den > 0, not necessarily in lowest terms. A balanced tree:
 * operands of similar size at every level. Above PCC_SUM_REDUCE_LIMBS no gcd is taken (the
 * cost of a gcd at the top levels dominated everything else), so the denominator is at most
 * the product of the v[m]'s denominators and the work is O(M(S) log n) for S input bits. */
static void sum_fraction(fmpz_t num, fmpz_t den, const fmpq *v, slong n)
{
    if (n == 1) {
        fmpz_set(num, fmpq_numref(v));
        fmpz_set(den, fmpq_denref(v));
        return;
    }
    fmpz_t num2, den2;
    fmpz_init(num2); fmpz_init(den2);
    sum_fraction(num, den, v, n / 2);
    sum_fraction(num2, den2, v + n / 2, n - n / 2);
    if (fmpz_size(den) <= PCC_SUM_REDUCE_LIMBS && fmpz_size(den2) <= PCC_SUM_REDUCE_LIMBS) {
        _fmpq_add(num, den, num, den, num2, den2);   /* exact for any den, den2 > 0 */
    } else if (fmpz_equal(den, den2)) {
        fmpz_add(num, num, num2);
    } else {
        fmpz_mul(num, num, den2);
        fmpz_addmul(num, num2, den);
        fmpz_mul(den, den, den2);
    }
    fmpz_clear(num2); fmpz_clear(den2);
}

/* The common cases of sum_fraction in one pass, with word gcds at most: every denominator
 * equal (a dense target row), their lcm below 2^62 (rows of small integers over a few
 * denominators), or every denominator a power of two 2^e with e <= 1100 (binary64 data; the
 * bound keeps the work linear in n). num/den = the sum exactly; 0 if none applies. */
static int sum_simple(fmpz_t num, fmpz_t den, const fmpq *v, slong n)
{
    const fmpz *d0 = fmpq_denref(v);
    slong i, emax = 0;
    for (i = 1; i < n && fmpz_equal(fmpq_denref(v + i), d0); i++) ;
    if (i == n) {
        fmpz_zero(num);
        for (i = 0; i < n; i++) fmpz_add(num, num, fmpq_numref(v + i));
        fmpz_set(den, d0);
        return 1;
    }
    ulong L = 1, prev = 0;   /* the lcm of the denominators while it stays below 2^62 */
    for (i = 0; i < n && L != 0; i++) {
        const fmpz *d = fmpq_denref(v + i);
        if (fmpz_bits(d) > 62) { L = 0; break; }
        ulong dd = fmpz_get_ui(d), q;
        if (dd == prev) continue;   /* a run of one denominator: L is a multiple of it */
        prev = dd;
        q = L / n_gcd(L, dd);
        L = FLINT_BIT_COUNT(q) + FLINT_BIT_COUNT(dd) > 62 ? 0 : q * dd;
    }
    if (L != 0) {
        ulong m = 0;
        prev = 0;
        fmpz_zero(num);
        for (i = 0; i < n; i++) {
            ulong dd = fmpz_get_ui(fmpq_denref(v + i));
            if (dd != prev) { prev = dd; m = L / dd; }
            fmpz_addmul_ui(num, fmpq_numref(v + i), m);
        }
        fmpz_set_ui(den, L);
        return 1;
    }
    for (i = 0; i < n; i++) {
        const fmpz *d = fmpq_denref(v + i);
        slong e = (slong) fmpz_val2(d);
        if (e > 1100 || (slong) fmpz_bits(d) != e + 1) return 0;   /* not 2^e, or too long */
        if (e > emax) emax = e;
    }
    fmpz_t t;
    fmpz_init(t);
    fmpz_zero(num);
    for (i = 0; i < n; i++) {
        fmpz_mul_2exp(t, fmpq_numref(v + i), (ulong) (emax - (slong) fmpz_val2(fmpq_denref(v + i))));
        fmpz_add(num, num, t);
    }
    fmpz_one(den);
    fmpz_mul_2exp(den, den, (ulong) emax);
    fmpz_clear(t);
    return 1;
}

/* Returns 1 only if sum_m v[m] = c exactly (num = c den, no canonical form needed), 0 if not.
 * text (if not NULL) receives the sum: exact if short, else ~approximate (pcc_fmpq_text). */
int pcc_fmpq_sum_is(const fmpq *v, slong n, slong c, char *text, size_t len)
{
    fmpq_t sum;
    fmpz_t t;
    int equal;
    fmpq_init(sum); fmpz_init(t);
    if (n > 0 && !sum_simple(fmpq_numref(sum), fmpq_denref(sum), v, n))
        sum_fraction(fmpq_numref(sum), fmpq_denref(sum), v, n);
    fmpz_mul_si(t, fmpq_denref(sum), c);
    equal = fmpz_equal(t, fmpq_numref(sum));
    if (text != NULL && equal) {   /* the sum is c: its text without a gcd or a conversion
                                    * (read per target row, this was most of check_row) */
        snprintf(text, len, "%ld", c);
    } else if (text != NULL) {
        if (fmpz_size(fmpq_denref(sum)) <= PCC_SUM_REDUCE_LIMBS) fmpq_canonicalise(sum);
        pcc_fmpq_text(text, len, sum);
    }
    fmpq_clear(sum); fmpz_clear(t);
    return equal;
}

int pcc_json_sized_rational_matrix(fmpq_mat_t M, const json_t *v, const char *path, slong rows,
                                   slong cols, pcc_error_t *err)
{
    char sub[128];
    if (pcc_json_array(v, path, rows, err)) return 1;
    for (slong i = 0; i < rows; i++) {
        snprintf(sub, sizeof sub, "%s[%ld]", path, i);
        if (pcc_json_array(json_array_get(v, (size_t) i), sub, cols, err)) return 1;
    }
    fmpq_mat_clear(M);
    fmpq_mat_init(M, rows, cols);
    return pcc_json_rational_matrix(M, v, path, err);
}

int pcc_json_known_keys(const json_t *obj, const char *const *known, const char *path,
                        const char *what, pcc_error_t *err)
{
    const char *key;
    json_t *value;
    json_object_foreach((json_t *) obj, key, value) {
        int ok = 0;
        for (const char *const *k = known; *k; k++) ok |= strcmp(*k, key) == 0;
        if (!ok) return pcc_fail(err, "%s.%s: unknown %s", path, key, what);
    }
    (void) value;
    return 0;
}
