/* Strict base64 reading of lowrank factors (src/check/check_lowrank.c, FORMAT.md): the exact
 * values back, column-major; a bad character, a wrong length, bad padding and a NaN entry are
 * refused with the field or entry named. */
#include <stdio.h>
#include <string.h>
#include <jansson.h>
#include "check_internal.h"

static int failures = 0;
#define CHECK(c, ...) do { if (!(c)) { printf("FAIL: " __VA_ARGS__); printf("\n"); failures++; } } while (0)

/* base64 of the little-endian binary64 values 1.0, -2.5, 0.1, 3.0 (row-major 2 x 2). */
static const char *GOOD = "AAAAAAAA8D8AAAAAAAAEwJqZmZmZmbk/AAAAAAAACEA=";

static int read_str(double **M, const char *s, slong rows, slong cols, pcc_error_t *err)
{
    json_t *v = json_string(s);
    int rc = pcc_lowrank_read_factor(M, v, "primal.W", rows, cols, err);
    json_decref(v);
    return rc;
}

int main(void)
{
    pcc_error_t err;
    double *M = NULL;
    char good[64];
    strcpy(good, GOOD);
    good[strlen(good) - 1] = '\0'; /* 43 chars: not a multiple of 4 */
    CHECK(read_str(&M, good, 2, 2, &err) == 1 && strstr(err.text, "primal.W"), "length 43 accepted");
    CHECK(read_str(&M, GOOD, 2, 2, &err) == 0, "valid factor refused: %s", err.text);
    if (M != NULL) {
        CHECK(M[0] == 1.0 && M[2] == -2.5 && M[1] == 0.1 && M[3] == 3.0,
              "values/layout wrong: %g %g %g %g", M[0], M[1], M[2], M[3]);
        free(M);
        M = NULL;
    }
    CHECK(read_str(&M, GOOD, 2, 3, &err) == 1 && strstr(err.text, "expected 48"), "wrong size accepted");
    char bad[64];
    strcpy(bad, GOOD);
    bad[5] = '-';
    CHECK(read_str(&M, bad, 2, 2, &err) == 1 && strstr(err.text, "alphabet"), "bad char accepted");
    /* NaN at entry [1][0]: bytes 16..23 = 00 00 00 00 00 00 f8 7f */
    const char *nan = "AAAAAAAA8D8AAAAAAAAEwAAAAAAAAPh/AAAAAAAACEA=";
    CHECK(read_str(&M, nan, 2, 2, &err) == 1 && strstr(err.text, "primal.W[1][0]"), "NaN accepted or misnamed: %s", err.text);
    if (failures) { printf("%d failures\n", failures); return 1; }
    printf("ok\n");
    return 0;
}
