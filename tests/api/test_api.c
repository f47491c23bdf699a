/* The C API for other languages (include/peelcert/api.h): every call returns an envelope,
 * never ends the process, and says exit 2 with the field named for hostile input: NULL,
 * malformed JSON, wrong types, huge sizes, unknown options, a certificate that is garbage,
 * truncated, tampered or not NUL-terminated. The certify envelope carries the certificate's
 * text, which the checker entry point accepts (and rejects once tampered). A FLINT abort
 * (division by zero) inside a guarded call comes back as exit 3 and the next call works. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include <fmpq.h>
#include "peelcert/api.h"
#include "../../src/api/api_internal.h"

static int passed, failed;

static void expect(int ok, const char *what)
{
    if (ok) passed++; else failed++;
    printf("%s %s\n", ok ? "ok  " : "FAIL", what);
}

/* Decodes an envelope (and frees the text); NULL if it is not one. */
static json_t *envelope(char *text)
{
    json_t *env = text ? json_loads(text, 0, NULL) : NULL;
    pc_api_free(text);
    if (env != NULL && (!json_is_integer(json_object_get(env, "exit"))
                        || !json_is_object(json_object_get(env, "result")))) {
        json_decref(env);
        return NULL;
    }
    return env;
}

static long exit_of(const json_t *env) { return env ? (long) json_integer_value(json_object_get(env, "exit")) : -1; }

static const char *message_of(const json_t *env)
{
    const char *m = env ? json_string_value(json_object_get(json_object_get(env, "result"), "message")) : NULL;
    return m ? m : "";
}

/* Expects exit 2 with `needle` in the message. */
static void expect_bad(char *text, const char *needle, const char *what)
{
    json_t *env = envelope(text);
    char line[512];
    snprintf(line, sizeof line, "%s -> exit 2 naming '%s' (got %ld: %.200s)", what, needle,
             exit_of(env), message_of(env));
    expect(exit_of(env) == 2 && strstr(message_of(env), needle) != NULL, line);
    json_decref(env);
}

static const char *EXCH = "{\"format\": \"peelcert-instance/1\", \"tokens\": 5, \"contexts\": 5, "
    "\"E_W\": \"1\", \"E_H\": \"1\", \"targets\": {\"exchangeable\": {\"diag\": \"3/5\"}}}";

static char *flint_divide_by_zero(void *arg)
{
    fmpq_t a, b;
    fmpq_init(a); fmpq_init(b);
    fmpq_one(a);
    fmpq_div(a, a, b);            /* FLINT aborts: division by zero */
    fmpq_clear(a); fmpq_clear(b);
    return pc_api_bad_input("not reached");
}

int main(void)
{
    expect(pc_api_version() == PC_API_VERSION, "pc_api_version");

    /* instances: hostile text */
    expect_bad(pc_api_instance(NULL), "instance", "NULL instance");
    expect_bad(pc_api_instance(""), "not valid JSON", "empty instance");
    expect_bad(pc_api_instance("{\"format\": "), "not valid JSON", "truncated JSON");
    expect_bad(pc_api_instance("[1, 2]"), "instance", "an array");
    expect_bad(pc_api_instance("{\"format\": \"peelcert-instance/1\", \"format\": \"x\"}"), "duplicate",
               "duplicate key");
    expect_bad(pc_api_instance("{\"format\": \"peelcert-instance/1\", \"tokens\": 1e999, \"contexts\": 2, "
                               "\"E_W\": \"1\", \"E_H\": \"1\", \"targets\": [[\"1\"]]}"), "", "1e999");
    expect_bad(pc_api_instance("{\"format\": \"peelcert-instance/1\", \"tokens\": 99999999999, \"contexts\": 2, "
                               "\"E_W\": \"1\", \"E_H\": \"1\", \"targets\": {\"exchangeable\": {\"diag\": \"1/2\"}}}"),
               "tokens", "tokens above the limit");
    expect_bad(pc_api_instance("{\"format\": \"peelcert-instance/1\", \"tokens\": 2, \"contexts\": 1, "
                               "\"E_W\": \"1\", \"E_H\": \"0.5\", \"targets\": [[\"1/2\", 0.5]]}"),
               "targets[0][1]", "a float entry");
    expect_bad(pc_api_instance("{\"format\": \"peelcert-instance/1\", \"tokens\": 2, \"contexts\": 1, "
                               "\"E_W\": \"1\", \"E_H\": \"1\", \"targets\": [[\"1/2\", \"1/3\"]]}"),
               "targets[0]", "a row not summing to 1");
    char *deep = malloc(200001);
    memset(deep, '[', 200000);
    deep[200000] = '\0';
    expect_bad(pc_api_instance(deep), "not valid JSON", "200000 nested brackets");

    json_t *env = envelope(pc_api_instance(EXCH));
    expect(exit_of(env) == 0 && json_integer_value(json_object_get(json_object_get(env, "result"), "dim")) == 4,
           "a valid instance comes back canonical (dim filled in)");
    json_decref(env);

    /* options */
    expect_bad(pc_api_certify(EXCH, "{\"digits\": 0}"), "digits", "digits 0");
    expect_bad(pc_api_certify(EXCH, "{\"digits\": \"5\"}"), "digits", "digits as a string");
    expect_bad(pc_api_certify(EXCH, "{\"digits\": 10001}"), "digits", "digits 10001");
    expect_bad(pc_api_certify(EXCH, "{\"path\": \"fast\"}"), "path", "path fast");
    expect_bad(pc_api_certify(EXCH, "{\"digit\": 5}"), "digit", "unknown option");
    expect_bad(pc_api_certify(EXCH, "[]"), "options", "options not an object");
    expect_bad(pc_api_oracle(EXCH, "{\"path\": 1}"), "path", "oracle path not a string");
    expect_bad(pc_api_oracle(EXCH, "{\"eps\": 1}"), "eps", "oracle takes no eps");

    /* certify -> the certificate text -> check */
    env = envelope(pc_api_certify(EXCH, "{\"digits\": 40}"));
    json_t *result = json_object_get(env, "result");
    const char *cert = json_string_value(json_object_get(env, "certificate"));
    expect(exit_of(env) == 0 && json_is_true(json_object_get(result, "verified"))
           && json_is_null(json_object_get(result, "certificate")) && cert != NULL,
           "certify: exit 0, verified, the certificate's text in the envelope");
    expect(strcmp(json_string_value(json_object_get(result, "structure")), "simplex-etf") == 0
           && strncmp(json_string_value(json_object_get(result, "lower")), "1.2636145851940534268938", 24) == 0,
           "certify: SPEC 5b value 1.26361458519405342689... and structure simplex-etf");
    if (cert != NULL) {
        size_t len = strlen(cert);
        json_t *c = envelope(pc_api_check(cert, len, EXCH));
        expect(exit_of(c) == 0 && json_is_true(json_object_get(json_object_get(c, "result"), "verified")),
               "check: the certificate verifies, about the instance given");
        json_decref(c);
        /* not NUL-terminated: a copy without the terminator, read only up to len */
        char *copy = malloc(len);
        memcpy(copy, cert, len);
        c = envelope(pc_api_check(copy, len, NULL));
        expect(exit_of(c) == 0, "check: a buffer without a NUL terminator");
        json_decref(c);
        c = envelope(pc_api_check(copy, len / 2, NULL));
        expect(exit_of(c) == 2 && json_is_false(json_object_get(json_object_get(c, "result"), "verified")),
               "check: a truncated certificate is refused (exit 2, verified false)");
        json_decref(c);
        free(copy);
        /* tampered: the claimed lower bound raised */
        char *t = strdup(cert), *p = strstr(t, "1.2636145851940534");
        if (p != NULL) p[17] = '9';
        c = envelope(pc_api_check(t, strlen(t), NULL));
        expect(p != NULL && exit_of(c) == 1 && json_is_false(json_object_get(json_object_get(c, "result"), "verified")),
               "check: a tampered lower bound is rejected (exit 1)");
        json_decref(c);
        free(t);
        const char *other = "{\"format\": \"peelcert-instance/1\", \"tokens\": 5, \"contexts\": 5, "
            "\"E_W\": \"1\", \"E_H\": \"1\", \"targets\": {\"exchangeable\": {\"diag\": \"2/5\"}}}";
        c = envelope(pc_api_check(cert, len, other));
        expect(exit_of(c) == 1, "check: a certificate about another instance is rejected");
        json_decref(c);
        /* the same value in another text ("6/10" for "3/5", keys in another order): not the
         * certificate's JSON, so read and compared in full, and the same instance */
        const char *same = "{\"targets\": {\"exchangeable\": {\"diag\": \"6/10\"}}, \"tokens\": 5, "
            "\"format\": \"peelcert-instance/1\", \"contexts\": 5, \"E_W\": \"1\", \"E_H\": \"1\"}";
        c = envelope(pc_api_check(cert, len, same));
        expect(exit_of(c) == 0, "check: the instance in another text, the same value, verifies");
        json_decref(c);
        c = envelope(pc_api_check(cert, len, "{nope"));
        expect(exit_of(c) == 2, "check: a malformed instance text is refused");
        json_decref(c);
    }
    json_decref(env);
    json_t *c = envelope(pc_api_check("\x93NUMPY\0\1garbage", 16, NULL));
    expect(exit_of(c) == 2, "check: binary garbage is refused");
    json_decref(c);
    c = envelope(pc_api_check(NULL, 0, NULL));
    expect(exit_of(c) == 2, "check: NULL is refused");
    json_decref(c);

    /* oracle */
    env = envelope(pc_api_oracle(EXCH, "{\"digits\": 20}"));
    expect(exit_of(env) == 0 && json_is_object(json_object_get(json_object_get(env, "result"), "logits")),
           "oracle: exit 0 with logits");
    json_decref(env);

    /* audit: claims by pointer (pc_api_matrix_t): W = H = 0 (f = log 5 > val, so not-optimal,
     * proved) in each dtype, and hostile descriptions, each refused naming the field */
    {
        double zeros[25] = {0}, nan_entry[25] = {0};
        float zeros32[25] = {0};
        nan_entry[7] = NAN;
        const char *half[25], *bad_text[25];
        for (int k = 0; k < 25; k++) { half[k] = "0"; bad_text[k] = "0"; }
        bad_text[3] = "1/0";
        pc_api_matrix_t W = { zeros, 5, 4, PC_API_FLOAT64 }, H = { zeros, 4, 5, PC_API_FLOAT64 };
        pc_api_matrix_t H32 = { zeros32, 4, 5, PC_API_FLOAT32 }, Hx = { half, 4, 5, PC_API_EXACT };
        pc_api_matrix_t Z = { zeros, 5, 5, PC_API_FLOAT64 };
        env = envelope(pc_api_audit(EXCH, "{\"eps\": \"1/1000\"}", &W, &H, NULL));
        result = json_object_get(env, "result");
        expect(exit_of(env) == 1 && strcmp(json_string_value(json_object_get(result, "verdict")), "not-optimal") == 0
               && strcmp(json_string_value(json_object_get(result, "eps")), "1/1000") == 0
               && json_is_true(json_object_get(result, "verified")),
               "audit: W = H = 0 is not-optimal (f = log 5 > val), verified, eps echoed exactly");
        json_decref(env);
        env = envelope(pc_api_audit(EXCH, NULL, &W, &H32, NULL));
        result = json_object_get(json_object_get(env, "result"), "claim");
        expect(exit_of(env) == 1 && strcmp(json_string_value(json_object_get(result, "dtype_H")), "float32") == 0
               && strcmp(json_string_value(json_object_get(result, "dtype_W")), "float64") == 0,
               "audit: each factor keeps its own dtype (float64 W, float32 H)");
        json_decref(env);
        env = envelope(pc_api_audit(EXCH, "", NULL, NULL, &Z));
        expect(exit_of(env) == 1, "audit: a Z claim by pointer");
        json_decref(env);
        env = envelope(pc_api_audit(EXCH, NULL, &W, &Hx, NULL));
        result = json_object_get(json_object_get(env, "result"), "claim");
        expect(exit_of(env) == 1 && strcmp(json_string_value(json_object_get(result, "dtype_H")), "exact") == 0,
               "audit: exact string entries");
        json_decref(env);
        pc_api_matrix_t Hbad = { bad_text, 4, 5, PC_API_EXACT };
        expect_bad(pc_api_audit(EXCH, NULL, &W, &Hbad, NULL), "H[0][3]", "audit: '1/0' entry");
        pc_api_matrix_t Hnan = { nan_entry, 4, 5, PC_API_FLOAT64 };
        expect_bad(pc_api_audit(EXCH, NULL, &W, &Hnan, NULL), "H[1][2]: nan", "audit: NaN entry");
        pc_api_matrix_t Hnull = { NULL, 4, 5, PC_API_FLOAT64 };
        expect_bad(pc_api_audit(EXCH, NULL, &W, &Hnull, NULL), "H: no data", "audit: NULL data");
        pc_api_matrix_t Hdt = { zeros, 4, 5, 2 };
        expect_bad(pc_api_audit(EXCH, NULL, &W, &Hdt, NULL), "H: dtype code 2", "audit: unknown dtype code");
        pc_api_matrix_t Hneg = { zeros, -4, 5, PC_API_FLOAT64 };
        expect_bad(pc_api_audit(EXCH, NULL, &W, &Hneg, NULL), "H: shape -4 x 5", "audit: negative rows");
        pc_api_matrix_t Hbig = { zeros, 1L << 40, 1L << 40, PC_API_FLOAT64 };
        expect_bad(pc_api_audit(EXCH, NULL, &W, &Hbig, NULL), "exceed the limit", "audit: 2^80 entries");
        pc_api_matrix_t Wwide = { zeros, 5, 5, PC_API_FLOAT64 }, Hwide = { zeros, 5, 5, PC_API_FLOAT64 };
        expect_bad(pc_api_audit(EXCH, NULL, &Wwide, &Hwide, NULL), "exceeds the instance's dim 4",
                   "audit: a claim wider than dim");
        expect_bad(pc_api_audit(EXCH, NULL, &H, &W, NULL), "W: 4 rows", "audit: W and H swapped");
        expect_bad(pc_api_audit(EXCH, NULL, &W, NULL, NULL), "W is given without H", "audit: W alone");
        expect_bad(pc_api_audit(EXCH, NULL, NULL, NULL, NULL), "none given", "audit: no claim");
        expect_bad(pc_api_audit(EXCH, NULL, &W, &H, &Z), "not both", "audit: factors and Z");
        expect_bad(pc_api_audit(EXCH, "{\"eps\": \"0\"}", &W, &H, NULL), "eps", "audit: eps 0");
        expect_bad(pc_api_audit(EXCH, "{\"eps\": 1e-6}", &W, &H, NULL), "eps: expected a string",
                   "audit: eps as a JSON number");
        expect_bad(pc_api_audit(EXCH, "{\"eps\": \"1e-99999\"}", &W, &H, NULL), "exponent",
                   "audit: eps exponent out of range");
        expect_bad(pc_api_audit(EXCH, "{\"path\": \"dense\"}", &W, &H, NULL), "path", "audit: unknown option");
        expect_bad(pc_api_audit("{", NULL, &W, &H, NULL), "instance", "audit: malformed instance");
    }

    /* a FLINT abort inside a guarded call is caught, and the library still works after it */
    env = envelope(pc_api_guarded(flint_divide_by_zero, NULL));
    expect(exit_of(env) == 3 && strstr(message_of(env), "FLINT aborted") != NULL,
           "FLINT abort (division by zero) -> exit 3, the process continues");
    json_decref(env);
    env = envelope(pc_api_instance(EXCH));
    expect(exit_of(env) == 0, "the next call after an abort works");
    json_decref(env);

    free(deep);
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
