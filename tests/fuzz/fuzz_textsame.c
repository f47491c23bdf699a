/* libFuzzer harness: the checker's text comparison of an --instance file with the certificate's
 * embedded instance (check_textsame.c), against jansson as the reference. The first byte picks
 * how the certificate text A and the file text B come from the rest R of the input:
 *   0: A and B are R split at its first NUL byte;
 *   1: A is {"instance": R} and B is R;
 *   2: A is R, and B is the text of A's "instance" value with up to 8 edits (a JSON whitespace
 *      character inserted, or one deleted, at positions from a hash of R): inside a number, a
 *      literal or a string such an edit changes the value or breaks the text; between tokens
 *      it changes nothing.
 * Whenever A is strict JSON with a member "instance":
 *  - the span pcc_json_text_member finds must be that member's value (it parses to an equal
 *    value), and its canonical form must match itself;
 *  - if B matches the canonical form, B must be strict JSON of the same value (the shortcut in
 *    check.c takes it for the embedded instance without parsing it).
 * A violation aborts (a finding). */
#include <string.h>
#include "fuzz_common.h"
#include "check_internal.h"

#define STRICT (JSON_REJECT_DUPLICATES | JSON_DECODE_ANY)

static void property(const char *A, size_t la, const char *B, size_t lb)
{
    json_error_t e;
    json_t *ra = json_loadb(A, la, STRICT, &e);
    size_t s0, s1;
    if (ra != NULL && json_is_object(ra) && pcc_json_text_member(A, la, "instance", &s0, &s1)) {
        json_t *va = json_object_get(ra, "instance");
        if (va == NULL || s1 < s0 || s1 > la) abort();   /* a member jansson does not see */
        json_t *rs = json_loadb(A + s0, s1 - s0, STRICT, &e);
        if (rs == NULL || !json_equal(rs, va)) abort();  /* not that member's value */
        json_decref(rs);
        char *canon = malloc(s1 - s0 + 1);
        if (canon == NULL) abort();
        memcpy(canon, A + s0, s1 - s0);
        size_t m = pcc_json_text_canon(canon, s1 - s0);
        if (!pcc_json_text_canon_equals(A + s0, s1 - s0, canon, m)) abort();
        if (pcc_json_text_canon_equals(B, lb, canon, m)) {
            json_t *rb = json_loadb(B, lb, STRICT, &e);
            if (rb == NULL || !json_equal(rb, va)) abort();   /* taken for the same value */
            json_decref(rb);
        }
        free(canon);
    }
    json_decref(ra);
}

/* B for mode 2: the span with whitespace edits (see the top); the caller frees it. */
static char *whitespace_edits(const char *span, size_t n, const uint8_t *data, size_t size,
                              size_t *out_len)
{
    static const char ws[4] = {' ', '\t', '\n', '\r'};
    uint64_t h = 1469598103934665603ull;   /* FNV-1a of the input: the edit positions */
    for (size_t i = 0; i < size; i++) h = (h ^ data[i]) * 1099511628211ull;
    char *b = malloc(n + 9);
    if (b == NULL) return NULL;
    memcpy(b, span, n);
    int edits = 1 + (int) (h % 8);
    for (int e = 0; e < edits; e++) {
        h ^= h << 13; h ^= h >> 7; h ^= h << 17;
        size_t pos = (size_t) (h >> 8) % (n + 1);
        if ((h & 3) == 3 && pos < n && (b[pos] == ' ' || b[pos] == '\t' || b[pos] == '\n' || b[pos] == '\r')) {
            memmove(b + pos, b + pos + 1, n - pos - 1);
            n--;
        } else {
            memmove(b + pos + 1, b + pos, n - pos);
            b[pos] = ws[(h >> 2) & 3];
            n++;
        }
    }
    *out_len = n;
    return b;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    int mode = data[0] % 3;
    const char *text = (const char *) data + 1;
    size_t len = size - 1;
    if (mode == 0) {
        const char *nul = memchr(text, '\0', len);
        if (nul != NULL) property(text, (size_t) (nul - text), nul + 1, len - (size_t) (nul - text) - 1);
        return 0;
    }
    if (mode == 2) {
        size_t s0, s1, lb = 0;
        if (!pcc_json_text_member(text, len, "instance", &s0, &s1) || s1 < s0 || s1 > len) return 0;
        char *B = whitespace_edits(text + s0, s1 - s0, data, size, &lb);
        if (B != NULL) property(text, len, B, lb);
        free(B);
        return 0;
    }
    static const char head[] = "{\"instance\": ", tail[] = "}";
    char *A = malloc(sizeof head + len + sizeof tail);
    if (A == NULL) return 0;
    memcpy(A, head, sizeof head - 1);
    memcpy(A + sizeof head - 1, text, len);
    memcpy(A + sizeof head - 1 + len, tail, sizeof tail - 1);
    property(A, sizeof head - 1 + len + sizeof tail - 1, text, len);
    free(A);
    return 0;
}
