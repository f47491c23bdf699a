/* Probing trained weights for the certified geometry (SPEC 14, issue 14).
 *
 * A model's output matrix (or tied input embedding, or word vectors) is read from
 * safetensors, .npy or word-vector text files; the rows of an ordered token set are measured
 * against the two geometries the theory predicts (circulant Gram for cyclic targets, simplex
 * ETF for exchangeable ones), and compared with random token sets of the same size.
 *
 * Guarantees. The rows are taken as the exact values of the stored floats (F16, BF16 and F32
 * widen to binary64 without rounding; text files give the binary64 nearest to each decimal,
 * documented in docs/probe.md). The deviations of the token set itself are computed from the
 * exact centered Gram (fmpz/fmpq) and enclosed with Arb; the printed decimals are rounded to
 * nearest from those enclosures (statistics, not bounds of an optimisation). The baseline sets
 * are measured in binary64 (relative error far below the statistics' resolution), and the
 * p-values are empirical: (1 + #{baseline at least as extreme}) / (K + 1). */
#ifndef PEELCERT_PROBE_H
#define PEELCERT_PROBE_H

#include <flint.h>
#include <jansson.h>
#include "peelcert/status.h"

/* Documented limits (docs/probe.md). */
#define PC_PROBE_MAX_SET 4096            /* tokens in the probed set */
#define PC_PROBE_MAX_HEADER 100000000L   /* bytes of a safetensors JSON header */
#define PC_PROBE_MAX_BASELINE 100000     /* random sets */

typedef enum { PC_WEIGHTS_F64, PC_WEIGHTS_F32, PC_WEIGHTS_F16, PC_WEIGHTS_BF16 } pc_weights_dtype_t;

/* A rows x cols matrix of weights. Binary files are memory-mapped and rows decoded on demand;
 * text files are held as doubles. words[] is set for word-vector files (their own vocabulary). */
typedef struct {
    slong rows, cols;
    pc_weights_dtype_t dtype;
    int big_endian;                /* .npy only */
    int fortran_order;             /* .npy only: column-major data */
    const unsigned char *data;     /* mapped data (binary files) */
    void *map; size_t map_len;     /* the mapping, released by clear */
    double *values;                /* text files: rows x cols, row-major */
    char **words;                  /* NULL or rows words (text files) */
    char tensor[256];              /* the tensor read (safetensors), or the file kind */
} pc_weights_t;

void pc_weights_init(pc_weights_t *w);
void pc_weights_clear(pc_weights_t *w);

/* Reads WEIGHTS: a safetensors file (tensor chosen by name; NULL: the only 2-D tensor, else one
 * of the usual output/embedding names; otherwise the message lists the names), a directory
 * holding model.safetensors, a .npy file, a GloVe / word2vec text file, or a wink-embeddings
 * JSON file. PC_BAD_INPUT names the file, the field and the reason (bad header length, offsets
 * out of range, dtype/size mismatch, unsupported dtype, not 2-D, NaN/infinite entries in
 * text). Entries of binary files are checked for finiteness when read (pc_weights_row). */
pc_status_t pc_weights_read(pc_weights_t *w, const char *path, const char *tensor, pc_msg_t *msg);

/* Row r as exact doubles into out (cols entries). PC_BAD_INPUT if an entry is NaN/infinite. */
pc_status_t pc_weights_row(double *out, const pc_weights_t *w, slong r, pc_msg_t *msg);

/* Token ids of words. vocab_path: a Hugging Face tokenizer.json (model.vocab, added_tokens) or a
 * plain word list (one word per line, line number = id); NULL: the weights' own words. space:
 * 'a' auto (prefer the leading-space form, U+0120 or U+2581, when the vocabulary has it), 'y'
 * only the marked form, 'n' only the bare form. ids[j] = -1 when the word is not a single token;
 * forms[j] (caller frees each) the vocabulary entry used. PC_BAD_INPUT on an unreadable file. */
pc_status_t pc_probe_token_ids(slong *ids, char **forms, const char *vocab_path,
                               const pc_weights_t *w, char *const *words, slong m, char space,
                               pc_msg_t *msg);

/* The statistics of one ordered token set (rows X, m x dim): centered Gram G = Pi X X^T Pi. */
typedef struct {
    slong m;
    double circulant_deviation;   /* ||G - circ(G)||_F / ||G||_F, circ = mean along cyclic diagonals */
    double etf_deviation;         /* ||G - t (I - J/m)||_F / ||G||_F, t = max(0, tr G / (m - 1)) */
    double *frequency_energy;     /* [m/2 + 1]: share of tr G carried by frequency j (j and m - j together) */
    slong dominant_frequency;     /* argmax share over 1 <= j <= m/2 (smallest j on ties) */
    double dominant_energy;
    int cyclic_order;             /* the angular order on that plane is the one the dominant
                                     frequency predicts (j i mod m, up to rotation/reflection) */
    double *plane;                /* [2 m]: coordinates on the plane of G's two principal axes */
} pc_probe_stats_t;

void pc_probe_stats_init(pc_probe_stats_t *s, slong m);
void pc_probe_stats_clear(pc_probe_stats_t *s);

/* Statistics from the exact values of X (m x dim doubles, row-major), exact Gram. m >= 3. */
void pc_probe_stats_exact(pc_probe_stats_t *s, const double *X, slong m, slong dim);
/* The same in binary64 (for baselines). */
void pc_probe_stats_float(pc_probe_stats_t *s, const double *X, slong m, slong dim);
/* The centered Gram (m x m, row-major, binary64) of X. */
void pc_probe_centered_gram(double *G, const double *X, slong m, slong dim);

typedef struct {
    slong baseline;        /* K random sets (0: none) */
    ulong seed;
    char space;            /* see pc_probe_token_ids */
    const char *tensor;    /* NULL: automatic */
    const char *vocab;     /* tokenizer.json or word list; NULL: the weights' own words */
    const char *plot;      /* NULL or an SVG file to write */
    const char *instance;  /* NULL or an instance file: compare with its certified optimal Gram */
} pc_probe_options_t;

/* The whole probe: reads the weights and vocabulary, measures the set, the baseline and (with
 * an instance) the comparison with the certified optimum; *out receives the JSON document
 * (SPEC 14 fields). PC_BAD_INPUT on bad files or words that are not single tokens (named). */
pc_status_t pc_probe_run(json_t **out, const char *weights_path, char *const *words, slong m,
                         const pc_probe_options_t *opt, pc_msg_t *msg);

#endif
