/* Bigram instances from text (gen.h, pc_gen_bigram). Tokenisation, vocabulary and targets are
 * documented in README ("gen bigram") and are deterministic: the same bytes give the same
 * instance. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "peelcert/gen.h"

#define BIGRAM_MAX_TEXT (512L << 20)   /* bytes of text read */

typedef struct {
    char **word;       /* distinct words, in order of first appearance */
    slong *count;      /* occurrences of each */
    slong size, alloc;
    slong *table;      /* open addressing: word id + 1, 0 = empty */
    slong table_size;  /* a power of two, at least twice size */
} word_table_t;

static ulong hash_text(const char *s, size_t n)
{
    ulong h = 1469598103934665603UL;             /* FNV-1a */
    for (size_t m = 0; m < n; m++) { h ^= (unsigned char) s[m]; h *= 1099511628211UL; }
    return h;
}

static void table_grow(word_table_t *t)
{
    slong size = t->table_size ? 2 * t->table_size : 1024;
    slong *table = calloc((size_t) size, sizeof *table);
    if (table == NULL) abort();
    for (slong id = 0; id < t->size; id++) {
        ulong h = hash_text(t->word[id], strlen(t->word[id])) & (ulong) (size - 1);
        while (table[h] != 0) h = (h + 1) & (ulong) (size - 1);
        table[h] = id + 1;
    }
    free(t->table);
    t->table = table;
    t->table_size = size;
}

/* The id of the word s[0..n) (lowercased already), added with count 0 if new. */
static slong table_id(word_table_t *t, const char *s, size_t n)
{
    if (2 * (t->size + 1) > t->table_size) table_grow(t);
    ulong h = hash_text(s, n) & (ulong) (t->table_size - 1);
    while (t->table[h] != 0) {
        const char *w = t->word[t->table[h] - 1];
        if (strlen(w) == n && memcmp(w, s, n) == 0) return t->table[h] - 1;
        h = (h + 1) & (ulong) (t->table_size - 1);
    }
    if (t->size == t->alloc) {
        t->alloc = t->alloc ? 2 * t->alloc : 1024;
        t->word = realloc(t->word, (size_t) t->alloc * sizeof *t->word);
        t->count = realloc(t->count, (size_t) t->alloc * sizeof *t->count);
        if (t->word == NULL || t->count == NULL) abort();
    }
    char *copy = malloc(n + 1);
    if (copy == NULL) abort();
    memcpy(copy, s, n);
    copy[n] = '\0';
    t->word[t->size] = copy;
    t->count[t->size] = 0;
    t->table[h] = t->size + 1;
    return t->size++;
}

static void table_clear(word_table_t *t)
{
    for (slong id = 0; id < t->size; id++) free(t->word[id]);
    free(t->word); free(t->count); free(t->table);
}

static int word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '\'';
}

/* Splits text into words (maximal runs of ASCII letters, digits and apostrophes, letters
 * lowercased; every other byte separates) and returns the sequence of word ids. */
static slong *tokenise(word_table_t *t, char *text, size_t length, slong *num_words)
{
    slong alloc = 1024, n = 0;
    slong *seq = malloc((size_t) alloc * sizeof *seq);
    if (seq == NULL) abort();
    for (size_t m = 0; m < length;) {
        if (!word_byte((unsigned char) text[m])) { m++; continue; }
        size_t start = m;
        for (; m < length && word_byte((unsigned char) text[m]); m++)
            if (text[m] >= 'A' && text[m] <= 'Z') text[m] = (char) (text[m] - 'A' + 'a');
        if (n == alloc) {
            alloc *= 2;
            seq = realloc(seq, (size_t) alloc * sizeof *seq);
            if (seq == NULL) abort();
        }
        seq[n] = table_id(t, text + start, m - start);
        t->count[seq[n]]++;
        n++;
    }
    *num_words = n;
    return seq;
}

static const word_table_t *sort_table;

/* More frequent first; equal counts in byte order of the words (strcmp). */
static int by_frequency(const void *x, const void *y)
{
    slong a = *(const slong *) x, b = *(const slong *) y;
    if (sort_table->count[a] != sort_table->count[b])
        return sort_table->count[a] > sort_table->count[b] ? -1 : 1;
    return strcmp(sort_table->word[a], sort_table->word[b]);
}

static pc_status_t read_text(char **text, size_t *length, const char *path, pc_msg_t *msg)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) return pc_fail(msg, PC_BAD_INPUT, "--text: cannot open '%s'", path);
    size_t alloc = 1 << 16, n = 0;
    char *buf = malloc(alloc);
    if (buf == NULL) abort();
    for (;;) {
        if (n == alloc) {
            if ((long) alloc >= BIGRAM_MAX_TEXT) {
                free(buf);
                fclose(f);
                return pc_fail(msg, PC_BAD_INPUT, "--text: '%s' is longer than the limit of %ld "
                               "bytes", path, BIGRAM_MAX_TEXT);
            }
            alloc *= 2;
            buf = realloc(buf, alloc);
            if (buf == NULL) abort();
        }
        size_t got = fread(buf + n, 1, alloc - n, f);
        n += got;
        if (got == 0) break;
    }
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        free(buf);
        return pc_fail(msg, PC_BAD_INPUT, "--text: error reading '%s'", path);
    }
    *text = buf;
    *length = n;
    return PC_OK;
}

/* Counts of next tokens after each context word, as sparse rows: context c = vocabulary
 * rank r (r < K) of a word that is followed by some word; token of a word = its rank if < K,
 * else the <other> token K. */
static void fill_targets(pc_instance_t *inst, const slong *seq, slong n, const slong *rank,
                         slong K)
{
    slong *ctx_of_rank = malloc((size_t) K * sizeof *ctx_of_rank);
    slong *row_count = calloc((size_t) K, sizeof *row_count);
    if (ctx_of_rank == NULL || row_count == NULL) abort();
    for (slong j = 0; j + 1 < n; j++)
        if (rank[seq[j]] < K) row_count[rank[seq[j]]]++;
    slong N = 0;
    for (slong r = 0; r < K; r++) ctx_of_rank[r] = row_count[r] > 0 ? N++ : -1;
    /* per-context counts over tokens 0..K: a dense counter per row, filled row by row */
    slong *start = calloc((size_t) (N + 1), sizeof *start);
    slong *bigram = malloc((size_t) (n > 1 ? 2 * (n - 1) : 1) * sizeof *bigram);
    if (start == NULL || bigram == NULL) abort();
    slong nb = 0;
    for (slong j = 0; j + 1 < n; j++)
        if (rank[seq[j]] < K) {
            slong next = rank[seq[j + 1]] < K ? rank[seq[j + 1]] : K;
            bigram[2 * nb] = ctx_of_rank[rank[seq[j]]];
            bigram[2 * nb + 1] = next;
            nb++;
        }
    /* bucket the bigrams by context, then count tokens within each bucket */
    for (slong m = 0; m < nb; m++) start[bigram[2 * m] + 1]++;
    for (slong c = 0; c < N; c++) start[c + 1] += start[c];
    slong *fill = malloc((size_t) (N > 0 ? N : 1) * sizeof *fill), *tokens = malloc((size_t) (nb > 0 ? nb : 1) * sizeof *tokens);
    slong *counter = calloc((size_t) (K + 1), sizeof *counter);
    if (fill == NULL || tokens == NULL || counter == NULL) abort();
    memcpy(fill, start, (size_t) N * sizeof *fill);
    for (slong m = 0; m < nb; m++) tokens[fill[bigram[2 * m]]++] = bigram[2 * m + 1];
    inst->contexts = N;
    inst->form = PC_TARGETS_SPARSE;
    inst->sparse_start = malloc((size_t) (N + 1) * sizeof *inst->sparse_start);
    slong *index = malloc((size_t) (nb > 0 ? nb : 1) * sizeof *index), *num = malloc((size_t) (nb > 0 ? nb : 1) * sizeof *num);
    if (inst->sparse_start == NULL || index == NULL || num == NULL) abort();
    slong listed = 0;
    inst->sparse_start[0] = 0;
    for (slong c = 0; c < N; c++) {
        for (slong m = start[c]; m < start[c + 1]; m++) counter[tokens[m]]++;
        for (slong k = 0; k <= K; k++)   /* O(K) per row: K N <= K^2, fine for a vocabulary */
            if (counter[k] > 0) { index[listed] = k; num[listed] = counter[k]; listed++; counter[k] = 0; }
        inst->sparse_start[c + 1] = listed;
    }
    inst->sparse_index = realloc(index, (size_t) (listed > 0 ? listed : 1) * sizeof *index);
    inst->sparse_value = _fmpq_vec_init(listed);
    for (slong c = 0; c < N; c++) {
        slong total = start[c + 1] - start[c];
        for (slong m = inst->sparse_start[c]; m < inst->sparse_start[c + 1]; m++)
            fmpq_set_si(inst->sparse_value + m, num[m], (ulong) total);   /* canonicalises */
    }
    inst->context_names = malloc((size_t) (N > 0 ? N : 1) * sizeof *inst->context_names);
    if (inst->context_names == NULL) abort();
    free(ctx_of_rank); free(row_count); free(start); free(bigram); free(fill); free(tokens);
    free(counter); free(num);
}

pc_status_t pc_gen_bigram(pc_instance_t *inst, const char *path, slong vocab, const fmpq_t E_W,
                          const fmpq_t E_H, pc_msg_t *msg)
{
    if (path == NULL) return pc_fail(msg, PC_BAD_INPUT, "--text: missing (a text file to read)");
    if (vocab < 1 || vocab > PC_MAX_LISTED)
        return pc_fail(msg, PC_BAD_INPUT, "--vocab: %ld is out of range 1..%ld", vocab, PC_MAX_LISTED);
    char *text = NULL;
    size_t length = 0;
    pc_status_t st = read_text(&text, &length, path, msg);
    if (st != PC_OK) return st;
    word_table_t t;
    memset(&t, 0, sizeof t);
    slong n;
    slong *seq = tokenise(&t, text, length, &n);
    free(text);
    slong *order = malloc((size_t) (t.size > 0 ? t.size : 1) * sizeof *order);
    slong *rank = malloc((size_t) (t.size > 0 ? t.size : 1) * sizeof *rank);
    if (order == NULL || rank == NULL) abort();
    for (slong id = 0; id < t.size; id++) order[id] = id;
    sort_table = &t;
    qsort(order, (size_t) t.size, sizeof *order, by_frequency);
    for (slong r = 0; r < t.size; r++) rank[order[r]] = r;
    slong K = vocab < t.size ? vocab : t.size;
    slong has_context = 0;
    for (slong j = 0; j + 1 < n && !has_context; j++) has_context = rank[seq[j]] < K;
    if (!has_context) {
        st = pc_fail(msg, PC_BAD_INPUT, "--text: '%s' has %ld words; a bigram instance needs a "
                     "word followed by another", path, n);
    } else {
        inst->tokens = K + 1;
        fmpq_set(inst->E_W, E_W);
        fmpq_set(inst->E_H, E_H);
        fill_targets(inst, seq, n, rank, K);
        inst->dim = inst->tokens - 1 < inst->contexts ? inst->tokens - 1 : inst->contexts;
        if (inst->dim < 1) inst->dim = 1;
        inst->token_names = malloc((size_t) (K + 1) * sizeof *inst->token_names);
        if (inst->token_names == NULL) abort();
        for (slong r = 0; r < K; r++) inst->token_names[r] = strdup(t.word[order[r]]);
        inst->token_names[K] = strdup("<other>");
        /* the contexts are the ranks r < K with a successor, in rank order (fill_targets) */
        slong c = 0;
        char *seen = calloc((size_t) K, 1);
        if (seen == NULL) abort();
        for (slong j = 0; j + 1 < n; j++) if (rank[seq[j]] < K) seen[rank[seq[j]]] = 1;
        for (slong r = 0; r < K; r++)
            if (seen[r]) inst->context_names[c++] = strdup(t.word[order[r]]);
        free(seen);
    }
    free(order); free(rank); free(seq);
    table_clear(&t);
    return st;
}
