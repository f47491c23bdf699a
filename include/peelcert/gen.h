/* Instance generators for `peelcert gen` and the benchmarks: deterministic in the seed,
 * exact (every target is a rational with a small denominator, rows sum to exactly 1). */
#ifndef PEELCERT_GEN_H
#define PEELCERT_GEN_H

#include "peelcert/instance.h"

/* Fills a freshly initialised inst. Each returns PC_BAD_INPUT (message naming the option)
 * when a size is out of range. Budgets E_W, E_H are copied. */

/* Dense random targets: entry weights uniform in 1..20, or 0..20 when with_zeros (no row
 * all zero), each row normalised exactly. */
pc_status_t pc_gen_random(pc_instance_t *inst, slong tokens, slong contexts, int with_zeros,
                          ulong seed, const fmpq_t E_W, const fmpq_t E_H, pc_msg_t *msg);

/* One-hot targets t_i uniform in 0..tokens-1. */
pc_status_t pc_gen_onehot(pc_instance_t *inst, slong tokens, slong contexts, ulong seed,
                          const fmpq_t E_W, const fmpq_t E_H, pc_msg_t *msg);

/* Exchangeable targets of size n with diagonal alpha. */
pc_status_t pc_gen_exchangeable(pc_instance_t *inst, slong n, const fmpq_t alpha,
                                const fmpq_t E_W, const fmpq_t E_H, pc_msg_t *msg);

/* Circulant targets of size n: q given (length n, a distribution), or when q == NULL random
 * weights 1..20 normalised exactly. */
pc_status_t pc_gen_cyclic(pc_instance_t *inst, slong n, const fmpq *q, ulong seed,
                          const fmpq_t E_W, const fmpq_t E_H, pc_msg_t *msg);

/* group_circulant targets on Z_orders[0] x ... (SPEC 11): q given (length n = product, a
 * distribution), or the product q(m) = prod_t factors[t][m_t] of one distribution per factor
 * (length orders[t] each; the days x hours construction), or when both are NULL random weights
 * 1..20 normalised exactly. PC_BAD_INPUT when the orders are out of range. */
pc_status_t pc_gen_group_circulant(pc_instance_t *inst, const slong *orders, slong k,
                                   const fmpq *q, const fmpq *const *factors, ulong seed,
                                   const fmpq_t E_W, const fmpq_t E_H, pc_msg_t *msg);

/* Bigram targets from the text file at path (README, "gen bigram"): words are maximal runs of
 * ASCII letters, digits and apostrophes, letters lowercased, every other byte a separator; the
 * vocabulary is the vocab most frequent words (ties in byte order), token r = the word of rank
 * r, plus token K = "<other>" for every other word; contexts = the vocabulary words that are
 * followed by some word, in rank order; P[c][k] = (times k follows c) / (times c is followed),
 * exact, in the sparse form; token_names and context_names filled. */
pc_status_t pc_gen_bigram(pc_instance_t *inst, const char *path, slong vocab, const fmpq_t E_W,
                          const fmpq_t E_H, pc_msg_t *msg);

#endif
