/* Word-vector files for the probe: GloVe / word2vec text and the wink-embeddings JSON.
 * Both hold their own vocabulary (w->words). Numbers are decimals: each becomes the nearest
 * binary64 (strtod), which is what "the exact values of the floats" means for text files. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "probe_internal.h"

/* Growable rows of words and values. */
typedef struct {
    slong rows, cap, cols;
    double *values;
    char **words;
} vectors_t;

static int vectors_push(vectors_t *v, const char *word, size_t word_len, const double *row)
{
    if (v->rows == v->cap) {
        slong cap = v->cap ? 2 * v->cap : 1024;
        double *values = realloc(v->values, sizeof(double) * (size_t) cap * (size_t) v->cols);
        if (values == NULL)
            return 0;
        v->values = values;
        char **words = realloc(v->words, sizeof(char *) * (size_t) cap);
        if (words == NULL)
            return 0;
        v->words = words;
        v->cap = cap;
    }
    char *copy = malloc(word_len + 1);
    if (copy == NULL)
        return 0;
    memcpy(copy, word, word_len);
    copy[word_len] = '\0';
    v->words[v->rows] = copy;
    memcpy(v->values + v->rows * v->cols, row, sizeof(double) * (size_t) v->cols);
    v->rows++;
    return 1;
}

static void vectors_free(vectors_t *v)
{
    for (slong r = 0; r < v->rows; r++)
        free(v->words[r]);
    free(v->words);
    free(v->values);
}

static void vectors_give(pc_weights_t *w, vectors_t *v, const char *kind, const char *path)
{
    w->rows = v->rows;
    w->cols = v->cols;
    w->values = v->values;
    w->words = v->words;
    w->dtype = PC_WEIGHTS_F64;
    snprintf(w->tensor, sizeof w->tensor, "%s %.200s", kind, path);
}

/* Fields of one text line: the word, then numbers. Returns the number of numbers read into row
 * (at most cap; -1 if a field is not a finite number). */
static slong parse_numbers(double *row, slong cap, char *p)
{
    slong n = 0;
    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
            p++;
        if (*p == '\0')
            return n;
        char *end;
        errno = 0;
        double x = strtod(p, &end);
        if (end == p || !isfinite(x) || (*end != '\0' && !isspace((unsigned char) *end)))
            return -1;
        if (n < cap)
            row[n] = x;
        n++;
        p = end;
    }
}

pc_status_t pc_probe_read_text_vectors(pc_weights_t *w, const char *path, pc_msg_t *msg)
{
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return pc_fail(msg, PC_BAD_INPUT, "%s: cannot open (%s)", path, strerror(errno));
    vectors_t v = {0, 0, 0, NULL, NULL};
    char *line = NULL;
    size_t cap = 0;
    double *row = NULL;
    slong lineno = 0;
    pc_status_t st = PC_OK;
    while (st == PC_OK && getline(&line, &cap, f) >= 0) {
        lineno++;
        char *p = line;
        while (*p == ' ')
            p++;
        if (*p == '\n' || *p == '\0')
            continue;
        char *word_end = p;
        while (*word_end && !isspace((unsigned char) *word_end))
            word_end++;
        if (lineno == 1) {             /* word2vec text: "count dim" */
            long count, dim;
            char tail;
            if (sscanf(line, "%ld %ld %c", &count, &dim, &tail) == 2)
                continue;
        }
        if (v.cols == 0) {
            slong n = parse_numbers(NULL, 0, word_end);
            if (n <= 0) {
                st = pc_fail(msg, PC_BAD_INPUT, "%s: line %ld: expected a word followed by numbers "
                             "(GloVe/word2vec text format)", path, (long) lineno);
                break;
            }
            v.cols = n;
            row = malloc(sizeof(double) * (size_t) n);
            if (row == NULL) {
                st = pc_fail(msg, PC_BAD_INPUT, "%s: out of memory", path);
                break;
            }
        }
        slong n = parse_numbers(row, v.cols, word_end);
        if (n != v.cols)
            st = pc_fail(msg, PC_BAD_INPUT, "%s: line %ld: %s (the first vector has %ld)", path,
                         (long) lineno, n < 0 ? "a field is not a finite number" : "wrong number of values",
                         (long) v.cols);
        else if (!vectors_push(&v, p, (size_t) (word_end - p), row))
            st = pc_fail(msg, PC_BAD_INPUT, "%s: out of memory at line %ld", path, (long) lineno);
    }
    free(line);
    free(row);
    fclose(f);
    if (st == PC_OK && v.rows == 0)
        st = pc_fail(msg, PC_BAD_INPUT, "%s: no word vectors found", path);
    if (st != PC_OK) {
        vectors_free(&v);
        return st;
    }
    vectors_give(w, &v, "text vectors", path);
    return PC_OK;
}

/* ---- wink-embeddings JSON: a streaming scanner over the file ---- */
typedef struct {
    FILE *f;
    int c;            /* current character, EOF at the end */
    long offset;
} scan_t;

static void next(scan_t *s) { s->c = fgetc(s->f); s->offset++; }
static void skip_ws(scan_t *s) { while (s->c == ' ' || s->c == '\n' || s->c == '\r' || s->c == '\t') next(s); }

/* A JSON string into buf (escapes \" \\ \/ kept as the character, \uXXXX as UTF-8 for the
 * basic plane); returns its length or -1. */
static long scan_string(scan_t *s, char *buf, size_t cap)
{
    skip_ws(s);
    if (s->c != '"')
        return -1;
    size_t n = 0;
    for (next(s); s->c != '"'; next(s)) {
        if (s->c == EOF)
            return -1;
        int ch = s->c;
        if (ch == '\\') {
            next(s);
            if (s->c == 'u') {
                unsigned code = 0;
                for (int k = 0; k < 4; k++) {
                    next(s);
                    if (!isxdigit(s->c))
                        return -1;
                    code = code * 16 + (unsigned) (isdigit(s->c) ? s->c - '0' : (tolower(s->c) - 'a' + 10));
                }
                char enc[3];
                int len = 0;
                if (code < 0x80) enc[len++] = (char) code;
                else if (code < 0x800) { enc[len++] = (char) (0xc0 | code >> 6); enc[len++] = (char) (0x80 | (code & 63)); }
                else { enc[len++] = (char) (0xe0 | code >> 12); enc[len++] = (char) (0x80 | ((code >> 6) & 63)); enc[len++] = (char) (0x80 | (code & 63)); }
                for (int k = 0; k < len; k++)
                    if (n + 1 < cap) buf[n++] = enc[k];
                continue;
            }
            ch = s->c == 'n' ? '\n' : s->c == 't' ? '\t' : s->c;
        }
        if (n + 1 < cap)
            buf[n++] = (char) ch;
    }
    next(s);
    buf[n] = '\0';
    return (long) n;
}

static int scan_number(scan_t *s, double *x)
{
    char buf[64];
    size_t n = 0;
    skip_ws(s);
    while (s->c != EOF && (isdigit(s->c) || s->c == '-' || s->c == '+' || s->c == '.' || s->c == 'e' || s->c == 'E')) {
        if (n + 1 < sizeof buf)
            buf[n++] = (char) s->c;
        next(s);
    }
    buf[n] = '\0';
    char *end;
    *x = strtod(buf, &end);
    return n > 0 && *end == '\0' && isfinite(*x);
}

/* Skips one JSON value (any type); stops before the ',' or '}' that follows it. */
static int skip_value(scan_t *s)
{
    int depth = 0;
    skip_ws(s);
    for (;;) {
        if (s->c == EOF)
            return 0;
        if (s->c == '"') {
            char tmp[8];
            if (scan_string(s, tmp, sizeof tmp) < 0)
                return 0;
        } else if (s->c == '[' || s->c == '{') {
            depth++;
            next(s);
        } else if (s->c == ']' || s->c == '}') {
            if (depth == 0)
                return 1;
            depth--;
            next(s);
        } else if (s->c == ',' && depth == 0) {
            return 1;
        } else {
            next(s);
        }
        if (depth == 0) {
            skip_ws(s);
            if (s->c == ',' || s->c == '}')
                return 1;
        }
    }
}

/* The "vectors" object: "word": [v1, ..., vd, extra...] entries, the first d values kept. */
static int scan_vectors(scan_t *s, vectors_t *v, double *row)
{
    char word[1024];
    skip_ws(s);
    if (s->c != '{')
        return 0;
    next(s);
    for (;;) {
        skip_ws(s);
        if (s->c == '}') { next(s); return 1; }
        long len = scan_string(s, word, sizeof word);
        skip_ws(s);
        if (len < 0 || s->c != ':') return 0;
        next(s);
        skip_ws(s);
        if (s->c != '[') return 0;
        next(s);
        slong n = 0;
        for (;;) {
            double x;
            skip_ws(s);
            if (s->c == ']') { next(s); break; }
            if (!scan_number(s, &x)) return 0;
            if (n < v->cols) row[n] = x;
            n++;
            skip_ws(s);
            if (s->c == ',') next(s);
        }
        if (n < v->cols || !vectors_push(v, word, (size_t) len, row))
            return 0;
        skip_ws(s);
        if (s->c == ',') next(s);
    }
}

pc_status_t pc_probe_read_wink(pc_weights_t *w, const char *path, pc_msg_t *msg)
{
    scan_t s = {fopen(path, "r"), 0, -1};
    if (s.f == NULL)
        return pc_fail(msg, PC_BAD_INPUT, "%s: cannot open (%s)", path, strerror(errno));
    next(&s);
    vectors_t v = {0, 0, 0, NULL, NULL};
    double *row = NULL;
    int ok = 0, seen_vectors = 0;
    char key[64];
    skip_ws(&s);
    if (s.c == '{') {
        next(&s);
        for (;;) {
            skip_ws(&s);
            if (s.c == '}') { ok = seen_vectors; break; }
            if (scan_string(&s, key, sizeof key) < 0) break;
            skip_ws(&s);
            if (s.c != ':') break;
            next(&s);
            if (strcmp(key, "dimensions") == 0) {
                double d;
                if (!scan_number(&s, &d) || d < 1 || d > 1e6 || d != floor(d)) break;
                v.cols = (slong) d;
                row = malloc(sizeof(double) * (size_t) v.cols);
            } else if (strcmp(key, "vectors") == 0) {
                if (v.cols == 0 || row == NULL || !scan_vectors(&s, &v, row)) break;
                seen_vectors = 1;
            } else if (!skip_value(&s)) {
                break;
            }
            skip_ws(&s);
            if (s.c == ',') next(&s);
        }
    }
    long offset = s.offset;
    fclose(s.f);
    free(row);
    if (!ok || v.rows == 0) {
        vectors_free(&v);
        return pc_fail(msg, PC_BAD_INPUT, "%s: not a wink-embeddings JSON file ({\"dimensions\": d, ..., "
                       "\"vectors\": {\"word\": [numbers], ...}}): stopped at byte %ld", path, offset);
    }
    vectors_give(w, &v, "wink-embeddings JSON", path);
    return PC_OK;
}

double pc_probe_p_value(slong hits, slong K)
{
    return (double) (1 + hits) / (double) (K + 1);
}
