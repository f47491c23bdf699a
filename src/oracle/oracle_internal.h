/* Private to src/oracle: the state shared while one oracle document is built
 * (docs/oracle.md). Every ball written goes through pc_oracle_ball, which records the
 * largest radius, so that the document can say whether every determined entry meets
 * the radius asked for. */
#ifndef PEELCERT_ORACLE_INTERNAL_H
#define PEELCERT_ORACLE_INTERNAL_H

#include <arb.h>
#include <jansson.h>
#include "peelcert/oracle.h"

typedef struct {
    const pc_cert_t *cert;
    const pc_instance_t *inst;
    slong places;      /* decimal places of every written value */
    slong prec;        /* working precision (bits) */
    arf_t worst;       /* upper bound of the largest radius written so far */
    json_t *notes;     /* {"logits"|"gram_W"|"gram_H": reason}: entries not given, and why */
} pc_oracle_ctx_t;

/* A ball {"value", "radius"} containing x (pc_arb_decimal_with_radius); ctx->worst grows
 * to at least its radius. */
json_t *pc_oracle_ball(pc_oracle_ctx_t *ctx, const arb_t x);

/* {"form": "diagonal/off-diagonal", "diagonal": ball, "off_diagonal": ball} for x I + y off. */
json_t *pc_oracle_diag_off(pc_oracle_ctx_t *ctx, const arb_t diag, const arb_t off);

/* {"form": "circulant", "first_column": [ball x n]}. */
json_t *pc_oracle_circulant_form(pc_oracle_ctx_t *ctx, arb_srcptr column, slong n);

/* Records why entry `key` is not given (docs/oracle.md, "Entries not determined"). */
void pc_oracle_note(pc_oracle_ctx_t *ctx, const char *key, const char *reason);

/* Upper bound delta of ||Zc - Z°||_F (binding or undetermined regime, any path), for a
 * feasible centered primal Zc with f(Zc) - val(C) <= gap (upper end of the ball gap) and
 * smin <= every softmax entry of every column of Zc (lower end of the ball smin):
 * strong convexity along the segment [Zc, Z°] (docs/oracle.md, "Radii in the binding
 * regime"). Zc is V x N (for a circulant or orbital primal: the full matrix it stands for). */
void pc_oracle_distance_local(arb_t delta, const arb_t gap, const arb_t smin,
                              const pc_instance_t *inst, slong prec);

/* Encloses min_k softmax(z)_k for a vector z of length V. */
void pc_oracle_softmax_min(arb_t out, arb_srcptr z, slong V, slong prec);

/* upper - lower of the certificate as a ball whose upper end bounds f(Zc) - val(C). */
void pc_oracle_gap(arb_t gap, const pc_cert_t *cert, slong prec);

/* The logits entry of each kind (oracle_logits.c): "logits" set in doc, or a note. delta
 * receives a bound on ||Zc - Z°||_F for the certificate's centered primal Zc (V x N), or
 * +inf when none was proved (then no Gram is given). */
void pc_oracle_logits(json_t *doc, pc_oracle_ctx_t *ctx, arb_t delta);

/* The Gram entries (oracle_gram.c), given delta >= ||Zc - Z°||_F (V x N matrices) from
 * pc_oracle_logits: "gram_W"/"gram_H" set in doc, or a note saying why not. */
void pc_oracle_grams(json_t *doc, pc_oracle_ctx_t *ctx, const arb_t delta);

/* The dense path's Grams (oracle_gram_dense.c): gram_H always, gram_W when want_W (otherwise
 * the exact simplex ETF is given); each set, or a note saying why not. */
void pc_oracle_dense_grams(json_t *doc, pc_oracle_ctx_t *ctx, const arb_t delta, int want_W);

#endif
