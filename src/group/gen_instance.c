/* G-invariant dense instances from the built-in families (group.h, SPEC 5, 5b):
 * the generator behind `peelcert gen group`. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "peelcert/group.h"

/* splitmix64: a fixed, portable stream, so a seed gives the same instance everywhere. */
static uint64_t next_random(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

/* Random rows (weights 0..20, a zero with probability 1/5), normalised exactly, then
 * averaged over the orbitals of G on [N] x [V]: row i of the average is the mean of
 * the rows tau_g(i) with columns permuted by sigma_g, so it still sums to 1. */
static pc_status_t random_targets(fmpq *P, const pc_group_t *tokens, const pc_group_t *contexts,
                                  ulong seed, pc_msg_t *msg)
{
    slong V = tokens->degree, N = contexts->degree;
    uint64_t state = (uint64_t) seed;
    slong *weight = malloc((size_t) V * sizeof *weight);
    if (weight == NULL) abort();
    for (slong i = 0; i < N; i++) {
        slong total = 0;
        for (slong k = 0; k < V; k++) {
            slong r = (slong) (next_random(&state) % 25);
            weight[k] = r < 5 ? 0 : r - 4;
            total += weight[k];
        }
        if (total == 0) {
            weight[next_random(&state) % (ulong) V] = 1;
            total = 1;
        }
        for (slong k = 0; k < V; k++) fmpq_set_si(P + i * V + k, weight[k], (ulong) total);
    }
    free(weight);
    pc_group_orbits_t orb;
    pc_group_orbits_init(&orb);
    pc_status_t status = pc_group_pair_orbits(&orb, (const slong *const *) contexts->generators, N,
                                              (const slong *const *) tokens->generators, V,
                                              tokens->num_generators, msg);
    if (status == PC_OK) pc_group_average_fmpq(P, P, &orb);
    pc_group_orbits_clear(&orb);
    return status;
}

/* P[(u, v)][v] = 1/2, P[(u, v)][u] = 1/6, 1/(3 (V - 2)) elsewhere (V = 2: 3/4 and 1/4).
 * Defined by the roles of the tokens in the pair, so invariant under every sigma. */
static void next_token_targets(fmpq *P, slong V, slong N)
{
    for (slong i = 0; i < N; i++) {
        slong u, v;
        pc_group_pair_from_index(&u, &v, i, V);
        for (slong k = 0; k < V; k++) {
            fmpq *entry = P + i * V + k;
            if (V == 2) fmpq_set_si(entry, k == v ? 3 : 1, 4);
            else if (k == v) fmpq_set_si(entry, 1, 2);
            else if (k == u) fmpq_set_si(entry, 1, 6);
            else fmpq_set_si(entry, 1, (ulong) (3 * (V - 2)));
        }
    }
}

/* Exact re-check of what the construction promises: a valid, invariant target matrix. */
static pc_status_t verify_targets(const fmpq *P, const pc_group_t *tokens,
                                  const pc_group_t *contexts, pc_msg_t *msg)
{
    slong V = tokens->degree, N = contexts->degree;
    pc_status_t status = PC_OK;
    fmpq_t sum;
    fmpq_init(sum);
    for (slong i = 0; i < N && status == PC_OK; i++) {
        fmpq_zero(sum);
        for (slong k = 0; k < V; k++) {
            if (fmpq_sgn(P + i * V + k) < 0)
                status = pc_fail(msg, PC_BAD_INPUT, "internal: generated targets[%ld][%ld] < 0",
                                 (long) i, (long) k);
            fmpq_add(sum, sum, P + i * V + k);
        }
        if (status == PC_OK && !fmpq_is_one(sum))
            status = pc_fail(msg, PC_BAD_INPUT, "internal: generated targets[%ld] does not sum to 1",
                             (long) i);
    }
    fmpq_clear(sum);
    if (status == PC_OK)
        status = pc_group_check_invariant(P, N, V, (const slong *const *) contexts->generators,
                                          (const slong *const *) tokens->generators,
                                          tokens->num_generators, msg);
    return status;
}

/* Moves the generator arrays of G into a fresh array owned by the caller. */
static slong **take_generators(pc_group_t *G)
{
    slong **gens = G->generators;
    if (gens == NULL) {             /* no generators: an empty but valid array */
        gens = malloc(sizeof *gens);
        if (gens == NULL) abort();
    }
    G->generators = NULL;
    G->num_generators = 0;
    return gens;
}

pc_status_t pc_group_gen_instance(pc_instance_t *inst, pc_group_family_t family, slong n,
                                  pc_group_contexts_t kind, pc_group_targets_t targets,
                                  ulong seed, const fmpq_t E_W, const fmpq_t E_H,
                                  pc_msg_t *msg)
{
    if (fmpq_sgn(E_W) <= 0 || fmpq_sgn(E_H) <= 0)
        return pc_fail(msg, PC_BAD_INPUT, "gen group: E_W and E_H must be > 0");
    if (targets != PC_GROUP_TARGETS_RANDOM && targets != PC_GROUP_TARGETS_NEXT)
        return pc_fail(msg, PC_BAD_INPUT, "gen group: target kind %d unknown", (int) targets);
    if (targets == PC_GROUP_TARGETS_NEXT && kind != PC_GROUP_CONTEXTS_PAIRS)
        return pc_fail(msg, PC_BAD_INPUT, "gen group: next-token targets need pair contexts");
    pc_group_t tokens, contexts;
    pc_group_init(&tokens, 0);
    pc_group_init(&contexts, 0);
    fmpq *P = NULL;
    slong V = 0, N = 0;
    pc_status_t status = pc_group_family(&tokens, family, n, msg);
    if (status == PC_OK) status = pc_group_context_action(&contexts, &tokens, kind, msg);
    if (status == PC_OK) {
        V = tokens.degree;
        N = contexts.degree;
        if (N > PC_MAX_DENSE_ENTRIES / V)
            status = pc_fail(msg, PC_BAD_INPUT,
                             "gen group: %ld contexts x %ld tokens exceeds the dense limit %ld",
                             (long) N, (long) V, (long) PC_MAX_DENSE_ENTRIES);
    }
    if (status == PC_OK) {
        P = _fmpq_vec_init(N * V);
        if (targets == PC_GROUP_TARGETS_RANDOM)
            status = random_targets(P, &tokens, &contexts, seed, msg);
        else
            next_token_targets(P, V, N);
    }
    if (status == PC_OK) status = verify_targets(P, &tokens, &contexts, msg);
    if (status == PC_OK) {
        char name[160];
        if (targets == PC_GROUP_TARGETS_RANDOM)
            snprintf(name, sizeof name, "group-%s-%ld-%s-random-seed-%lu",
                     pc_group_family_name(family), (long) n,
                     kind == PC_GROUP_CONTEXTS_SAME ? "same" : "pairs", (unsigned long) seed);
        else
            snprintf(name, sizeof name, "group-%s-%ld-pairs-next", pc_group_family_name(family),
                     (long) n);
        inst->name = malloc(strlen(name) + 1);
        if (inst->name == NULL) abort();
        strcpy(inst->name, name);
        inst->tokens = V;
        inst->contexts = N;
        inst->dim = V - 1 < N ? V - 1 : N;
        if (inst->dim < 1) inst->dim = 1;
        inst->dim_given = 0;
        fmpq_set(inst->E_W, E_W);
        fmpq_set(inst->E_H, E_H);
        inst->form = PC_TARGETS_DENSE;
        inst->dense = P;
        P = NULL;
        inst->num_generators = tokens.num_generators;
        inst->token_generators = take_generators(&tokens);
        inst->context_generators = take_generators(&contexts);
    }
    if (P != NULL) _fmpq_vec_clear(P, N * V);
    pc_group_clear(&tokens);
    pc_group_clear(&contexts);
    return status;
}
