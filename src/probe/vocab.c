/* Token ids for the probe (probe.h): a Hugging Face tokenizer.json, a plain word list, or the
 * weights' own words. Byte-level BPE vocabularies mark a leading space with U+0120 ("Ġ"),
 * SentencePiece ones with U+2581 ("▁"); a word in running text usually appears with it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "probe_internal.h"

#define MARK_BPE "\xc4\xa0"        /* U+0120 */
#define MARK_SP "\xe2\x96\x81"     /* U+2581 */

/* A word -> id lookup: a JSON object (tokenizer.json's model.vocab plus added tokens, or the
 * lines of a word list, or the weights' words). */
static pc_status_t load_lookup(json_t **out, const char *vocab_path, const pc_weights_t *w,
                               pc_msg_t *msg)
{
    json_t *lookup = json_object();
    if (vocab_path == NULL) {
        if (w->words == NULL) {
            json_decref(lookup);
            return pc_fail(msg, PC_BAD_INPUT, "the weights carry no vocabulary: give --tokenizer "
                           "tokenizer.json or --words FILE");
        }
        for (slong r = w->rows - 1; r >= 0; r--)     /* the first occurrence wins */
            json_object_set_new(lookup, w->words[r], json_integer(r));
        *out = lookup;
        return PC_OK;
    }
    size_t n = strlen(vocab_path);
    if (n >= 5 && strcmp(vocab_path + n - 5, ".json") == 0) {
        json_error_t jerr;
        json_t *doc = json_load_file(vocab_path, 0, &jerr);
        json_t *vocab = json_object_get(json_object_get(doc, "model"), "vocab");
        if (!json_is_object(vocab)) {
            json_decref(doc);
            json_decref(lookup);
            return pc_fail(msg, PC_BAD_INPUT, "%s: not a tokenizer.json with 'model.vocab' (%s)",
                           vocab_path, doc == NULL ? jerr.text : "no such object");
        }
        json_object_update(lookup, vocab);
        json_t *added = json_object_get(doc, "added_tokens"), *t;
        size_t k;
        json_array_foreach(added, k, t) {
            json_t *content = json_object_get(t, "content"), *id = json_object_get(t, "id");
            if (json_is_string(content) && json_is_integer(id))
                json_object_set(lookup, json_string_value(content), id);
        }
        json_decref(doc);
        *out = lookup;
        return PC_OK;
    }
    FILE *f = fopen(vocab_path, "r");
    if (f == NULL) {
        json_decref(lookup);
        return pc_fail(msg, PC_BAD_INPUT, "%s: cannot open (%s)", vocab_path, strerror(errno));
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    slong id = 0;
    while ((len = getline(&line, &cap, f)) >= 0) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (json_object_get(lookup, line) == NULL)
            json_object_set_new(lookup, line, json_integer(id));
        id++;
    }
    free(line);
    fclose(f);
    *out = lookup;
    return PC_OK;
}

/* The id of text in lookup, or -1. */
static slong lookup_id(json_t *lookup, const char *text)
{
    json_t *v = json_object_get(lookup, text);
    return json_is_integer(v) ? (slong) json_integer_value(v) : -1;
}

pc_status_t pc_probe_token_ids(slong *ids, char **forms, const char *vocab_path,
                               const pc_weights_t *w, char *const *words, slong m, char space,
                               pc_msg_t *msg)
{
    json_t *lookup = NULL;
    pc_status_t st = load_lookup(&lookup, vocab_path, w, msg);
    if (st != PC_OK)
        return st;
    for (slong j = 0; j < m; j++) {
        const char *marks[2] = {MARK_BPE, MARK_SP};
        char buf[1100];
        ids[j] = -1;
        forms[j] = NULL;
        if (space != 'n')
            for (int k = 0; k < 2 && ids[j] < 0; k++) {
                snprintf(buf, sizeof buf, "%s%.1000s", marks[k], words[j]);
                ids[j] = lookup_id(lookup, buf);
            }
        if (ids[j] < 0 && space != 'y') {
            snprintf(buf, sizeof buf, "%.1000s", words[j]);
            ids[j] = lookup_id(lookup, buf);
        }
        if (ids[j] >= 0)
            forms[j] = strdup(buf);
        if (ids[j] >= w->rows) {
            st = pc_fail(msg, PC_BAD_INPUT, "token '%s' has id %ld, outside the %ld rows of the weights",
                         buf, (long) ids[j], (long) w->rows);
            break;
        }
    }
    json_decref(lookup);
    return st;
}
