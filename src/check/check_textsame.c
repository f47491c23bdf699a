/* Whether an --instance file is, as text, the certificate's embedded instance (check.c): the
 * span of a top-level member's value in a text that jansson accepted, and a canonical form of
 * JSON text. Two texts with the same canonical form have the same token sequence (they differ
 * only in whitespace between tokens, and where they do, at a boundary either way), so when one
 * is a value jansson accepted, the other is strict JSON of the same value. */
#include <string.h>
#include "check_internal.h"

static int is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';   /* JSON's (and jansson's) four */
}

/* Characters that end a token by themselves: whitespace next to them is never needed. */
static int is_delim(char c)
{
    return c == '{' || c == '}' || c == '[' || c == ']' || c == ',' || c == ':' || c == '"';
}

/* In place: drops whitespace outside strings next to a delimiter or at either end, and makes
 * every other run of it (between two characters of numbers or literals) one space. Inside
 * strings (escapes followed) nothing changes. Returns the new length. */
size_t pcc_json_text_canon(char *s, size_t n)
{
    size_t w = 0;
    int in_str = 0, esc = 0, gap = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (in_str) {
            s[w++] = c;
            if (esc) esc = 0;
            else if (c == '\\') esc = 1;
            else if (c == '"') in_str = 0;
            continue;
        }
        if (is_ws(c)) { gap = 1; continue; }
        if (gap && w > 0 && !is_delim(s[w - 1]) && !is_delim(c)) s[w++] = ' ';
        gap = 0;
        s[w++] = c;
        if (c == '"') in_str = 1;
    }
    return w;
}

/* Does s[0 .. n) have the canonical form c[0 .. m) (pcc_json_text_canon)? One pass, nothing
 * allocated, s unchanged. */
int pcc_json_text_canon_equals(const char *s, size_t n, const char *c, size_t m)
{
    size_t w = 0;
    int in_str = 0, esc = 0, gap = 0;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (in_str) {
            if (esc) esc = 0;
            else if (ch == '\\') esc = 1;
            else if (ch == '"') in_str = 0;
        } else {
            if (is_ws(ch)) { gap = 1; continue; }
            if (gap && w > 0 && !is_delim(c[w - 1]) && !is_delim(ch)) {
                if (w >= m || c[w] != ' ') return 0;
                w++;
            }
            gap = 0;
            if (ch == '"') in_str = 1;
        }
        if (w >= m || c[w] != ch) return 0;
        w++;
    }
    return w == m;
}

static size_t skip_ws(const char *t, size_t n, size_t i)
{
    while (i < n && is_ws(t[i])) i++;
    return i;
}

/* The end of the string token opening at t[i] == '"' (one past its closing quote). */
static size_t skip_string(const char *t, size_t n, size_t i)
{
    for (i++; i < n; i++) {
        if (t[i] == '\\') i++;
        else if (t[i] == '"') return i + 1;
    }
    return n;
}

/* The end of the value starting at t[i] (valid JSON). */
static size_t skip_value(const char *t, size_t n, size_t i)
{
    if (i >= n) return n;
    if (t[i] == '"') return skip_string(t, n, i);
    if (t[i] == '{' || t[i] == '[') {
        size_t depth = 0;
        while (i < n) {
            char c = t[i];
            if (c == '"') { i = skip_string(t, n, i); continue; }
            if (c == '{' || c == '[') depth++;
            else if ((c == '}' || c == ']') && --depth == 0) return i + 1;
            i++;
        }
        return n;
    }
    while (i < n && !is_ws(t[i]) && !is_delim(t[i])) i++;   /* a number or a literal */
    return i;
}

/* In a text that jansson accepted as a JSON object, the value of the member whose key is
 * written exactly "key" (no escapes): 1 with its span [*start, *end), or 0 if there is none so
 * written (the caller then does without). Keys are unique (JSON_REJECT_DUPLICATES). */
int pcc_json_text_member(const char *t, size_t n, const char *key, size_t *start, size_t *end)
{
    size_t klen = strlen(key), i = skip_ws(t, n, 0);
    if (i >= n || t[i] != '{') return 0;
    i = skip_ws(t, n, i + 1);
    while (i < n && t[i] == '"') {
        size_t k0 = i;
        i = skip_string(t, n, i);
        int match = i - k0 == klen + 2 && memcmp(t + k0 + 1, key, klen) == 0;
        i = skip_ws(t, n, i);
        if (i >= n || t[i] != ':') return 0;
        i = skip_ws(t, n, i + 1);
        size_t v0 = i;
        i = skip_value(t, n, i);
        if (match) { *start = v0; *end = i; return 1; }
        i = skip_ws(t, n, i);
        if (i >= n || t[i] != ',') return 0;
        i = skip_ws(t, n, i + 1);
    }
    return 0;
}
