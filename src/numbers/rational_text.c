/* Exact rationals in text and JSON (numbers.h). Everything here is exact. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include "peelcert/numbers.h"
#include "peelcert/instance.h"

/* Number of leading ASCII digits of s. */
static size_t count_digits(const char *s)
{
    size_t n = 0;
    while (s[n] >= '0' && s[n] <= '9')
        n++;
    return n;
}

/* out = the integer written by the n digits at s. */
static void set_digits(fmpz_t out, const char *s, size_t n)
{
    char *copy = malloc(n + 1);
    if (copy == NULL) abort();
    memcpy(copy, s, n);
    copy[n] = '\0';
    fmpz_set_str(out, copy, 10);
    free(copy);
}

int pc_rational_parse(fmpq_t out, const char *text, const char **why)
{
    size_t len = strlen(text);
    if (len == 0) { *why = "empty string"; return -1; }
    if (len > PC_MAX_NUMBER_DIGITS) { *why = "longer than 10000 characters"; return -1; }
    const char *s = text;
    int negative = 0;
    if (*s == '-') { negative = 1; s++; }
    size_t n_int = count_digits(s);
    if (n_int == 0) { *why = "expected digits (\"p/q\", an integer or an exact decimal)"; return -1; }
    fmpz_t num, den;
    fmpz_init(num);
    fmpz_init(den);
    set_digits(num, s, n_int);
    fmpz_one(den);
    s += n_int;
    int status = 0;
    if (*s == '/') {
        size_t n_den = count_digits(s + 1);
        if (n_den == 0 || s[1 + n_den] != '\0') { *why = "denominator is not a positive integer"; status = -1; }
        else {
            set_digits(den, s + 1, n_den);
            if (fmpz_is_zero(den)) { *why = "zero denominator"; status = -1; }
        }
    } else if (*s == '.') {
        size_t n_frac = count_digits(s + 1);
        if (n_frac == 0 || s[1 + n_frac] != '\0') { *why = "expected digits after the decimal point (no exponents)"; status = -1; }
        else {
            fmpz_t frac;
            fmpz_init(frac);
            set_digits(frac, s + 1, n_frac);
            fmpz_ui_pow_ui(den, 10, n_frac);
            fmpz_mul(num, num, den);
            fmpz_add(num, num, frac);
            fmpz_clear(frac);
        }
    } else if (*s != '\0') {
        *why = "unexpected character (write \"p/q\", an integer or an exact decimal such as \"0.25\")";
        status = -1;
    }
    if (status == 0) {
        if (negative) fmpz_neg(num, num);
        fmpq_set_fmpz_frac(out, num, den);
    }
    fmpz_clear(num);
    fmpz_clear(den);
    return status;
}

int pc_rational_parse_scientific(fmpq_t out, const char *text, const char **why)
{
    const char *e = strpbrk(text, "eE");
    if (e == NULL)
        return pc_rational_parse(out, text, why);
    char mantissa[64], *end;
    const char *digits = e[1] == '-' || e[1] == '+' ? e + 2 : e + 1;
    if (*digits < '0' || *digits > '9') { *why = "bad exponent"; return -1; }
    errno = 0;
    long exponent = strtol(digits, &end, 10);
    if (errno != 0 || *end != '\0' || exponent > 1000) { *why = "bad exponent (at most 1000)"; return -1; }
    if ((size_t) (e - text) >= sizeof mantissa) { *why = "mantissa longer than 63 characters"; return -1; }
    memcpy(mantissa, text, (size_t) (e - text));
    mantissa[e - text] = '\0';
    if (pc_rational_parse(out, mantissa, why) != 0)
        return -1;
    fmpz_t p;
    fmpz_init(p);
    fmpz_ui_pow_ui(p, 10, (ulong) exponent);
    if (e[1] == '-') fmpq_div_fmpz(out, out, p);
    else fmpq_mul_fmpz(out, out, p);
    fmpz_clear(p);
    return 0;
}

pc_status_t pc_rational_from_json(fmpq_t out, json_t *value, const char *field, pc_msg_t *msg)
{
    if (value == NULL)
        return pc_fail(msg, PC_BAD_INPUT, "%s: missing (expected an exact rational)", field);
    if (json_is_integer(value)) {
        fmpq_set_si(out, (slong) json_integer_value(value), 1);
        return PC_OK;
    }
    if (json_is_real(value))
        return pc_fail(msg, PC_BAD_INPUT,
                       "%s: %.17g is a JSON floating-point number; write exact values as strings "
                       "(\"p/q\", an integer or an exact decimal such as \"0.25\")",
                       field, json_real_value(value));
    if (!json_is_string(value))
        return pc_fail(msg, PC_BAD_INPUT, "%s: expected an exact rational (string or integer)", field);
    const char *why = NULL;
    const char *text = json_string_value(value);
    if (strlen(text) != json_string_length(value))
        return pc_fail(msg, PC_BAD_INPUT, "%s: string contains a NUL character", field);
    if (pc_rational_parse(out, text, &why) != 0)
        return pc_fail(msg, PC_BAD_INPUT, "%s: \"%.40s%s\" is not an exact rational: %s", field,
                       text, strlen(text) > 40 ? "..." : "", why);
    return PC_OK;
}

char *pc_rational_to_string(const fmpq_t x)
{
    char *flint_text = fmpq_get_str(NULL, 10, x);
    char *out = strdup(flint_text);
    flint_free(flint_text);
    if (out == NULL) abort();
    return out;
}

json_t *pc_rational_json(const fmpq_t x)
{
    char *text = pc_rational_to_string(x);
    json_t *value = json_string(text);
    free(text);
    return value;
}

json_t *pc_rational_vector_json(const fmpq *v, slong n)
{
    json_t *array = json_array();
    for (slong k = 0; k < n; k++)
        json_array_append_new(array, pc_rational_json(v + k));
    return array;
}

json_t *pc_rational_matrix_json(const fmpq_mat_t A)
{
    json_t *rows = json_array();
    for (slong i = 0; i < fmpq_mat_nrows(A); i++) {
        json_t *row = json_array();
        for (slong j = 0; j < fmpq_mat_ncols(A); j++)
            json_array_append_new(row, pc_rational_json(fmpq_mat_entry(A, i, j)));
        json_array_append_new(rows, row);
    }
    return rows;
}

void pc_rational_set_double(fmpq_t out, double x)
{
    int e;
    double f = frexp(x, &e);              /* x = f 2^e, 0.5 <= |f| < 1, exact */
    fmpz_t m;
    fmpz_init(m);
    fmpz_set_d(m, ldexp(f, 53));          /* integral: exact */
    fmpz_set(fmpq_numref(out), m);
    fmpz_one(fmpq_denref(out));
    if (e - 53 >= 0) fmpq_mul_2exp(out, out, (ulong) (e - 53));
    else fmpq_div_2exp(out, out, (ulong) (53 - e));
    fmpz_clear(m);
}
