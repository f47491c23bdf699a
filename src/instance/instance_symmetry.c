/* The optional "symmetry" field: generators (sigma on tokens, tau on contexts, acting
 * together) that must be permutations under which the targets are invariant,
 * P[tau(i)][sigma(k)] = P[i][k] for all i, k. Checked exactly, in time linear in the size of
 * the stored targets where the form allows it. */
#include <stdlib.h>
#include <string.h>
#include "instance_internal.h"

/* Above this n a circulant is checked only against affine generators (O(n) each). */
#define BRUTE_CIRCULANT_MAX 4096

/* Reads a permutation of 0..degree-1 from value into a new array. */
static pc_status_t read_permutation(slong **out, json_t *value, slong degree, const char *field,
                                    pc_msg_t *msg)
{
    pc_status_t st = pc_instance_expect_array(value, field, degree, msg);
    if (st != PC_OK) return st;
    slong *perm = malloc((size_t) degree * sizeof *perm);
    char *seen = calloc((size_t) degree, 1);
    if (perm == NULL || seen == NULL) abort();
    char sub[96];
    for (slong k = 0; k < degree && st == PC_OK; k++) {
        snprintf(sub, sizeof sub, "%s[%ld]", field, k);
        st = pc_instance_read_size(perm + k, json_array_get(value, (size_t) k), sub, 0, degree - 1, msg);
        if (st == PC_OK && seen[perm[k]])
            st = pc_fail(msg, PC_BAD_INPUT, "%s: %ld appears twice, so this generator is not a "
                         "permutation", sub, perm[k]);
        if (st == PC_OK) seen[perm[k]] = 1;
    }
    free(seen);
    if (st != PC_OK) { free(perm); return st; }
    *out = perm;
    return PC_OK;
}

/* 1 if sigma(k) = u k + s (mod n) for all k; fills u, s. */
static int affine_map(slong *u, slong *s, const slong *sigma, slong n)
{
    *s = sigma[0];
    *u = n > 1 ? ((sigma[1] - sigma[0]) % n + n) % n : 0;
    for (slong k = 0; k < n; k++)
        if (sigma[k] != (slong) (((__int128) *u * k + *s) % n)) return 0;
    return 1;
}

/* Circulant q: P[tau i][sigma k] = q[(sigma k - tau i) mod n]. */
static int circulant_invariant(const pc_instance_t *inst, const slong *sigma, const slong *tau)
{
    slong n = inst->tokens, u, s, v, t;
    const fmpq *q = inst->circulant;
    if (affine_map(&u, &s, sigma, n) && affine_map(&v, &t, tau, n) && u == v) {
        for (slong m = 0; m < n; m++)     /* need q[u m + s - t] = q[m] */
            if (!fmpq_equal(q + (slong) (((__int128) u * m + s - t + n) % n), q + m)) return 0;
        return 1;
    }
    if (n > BRUTE_CIRCULANT_MAX) return -1;
    for (slong i = 0; i < n; i++)
        for (slong k = 0; k < n; k++)
            if (!fmpq_equal(q + ((sigma[k] - tau[i]) % n + n) % n, q + ((k - i) % n + n) % n))
                return 0;
    return 1;
}

/* 1 if invariant, 0 if not, -1 if the check is too large to run; *where names a failing
 * (i, k) when 0. */
static int generator_invariant(const pc_instance_t *inst, const slong *sigma, const slong *tau,
                               slong *where_i, slong *where_k)
{
    slong N = inst->contexts, V = inst->tokens;
    *where_i = *where_k = -1;
    switch (inst->form) {
    case PC_TARGETS_DENSE:
        for (slong i = 0; i < N; i++)
            for (slong k = 0; k < V; k++)
                if (!fmpq_equal(inst->dense + tau[i] * V + sigma[k], inst->dense + i * V + k)) {
                    *where_i = i; *where_k = k;
                    return 0;
                }
        return 1;
    case PC_TARGETS_CIRCULANT:
        return circulant_invariant(inst, sigma, tau);
    case PC_TARGETS_GROUP_CIRCULANT: {   /* q[sigma k - tau i] = q[k - i] in the group */
        const pc_abelian_t *G = &inst->group;
        if (V > BRUTE_CIRCULANT_MAX) return -1;
        for (slong i = 0; i < N; i++)
            for (slong k = 0; k < V; k++)
                if (!fmpq_equal(inst->circulant + pc_abelian_sub(G, sigma[k], tau[i]),
                                inst->circulant + pc_abelian_sub(G, k, i))) {
                    *where_i = i; *where_k = k;
                    return 0;
                }
        return 1;
    }
    case PC_TARGETS_EXCHANGEABLE: {     /* alpha I + beta (J - I): uniform, or sigma == tau */
        fmpq_t beta;
        fmpq_init(beta);
        fmpq_one(beta);
        fmpq_sub(beta, beta, inst->alpha);
        fmpq_div_fmpz(beta, beta, (fmpz_t){V - 1});
        int uniform = fmpq_equal(beta, inst->alpha);
        fmpq_clear(beta);
        if (uniform) return 1;
        for (slong i = 0; i < N; i++)
            if (sigma[i] != tau[i]) { *where_i = i; *where_k = i; return 0; }
        return 1;
    }
    case PC_TARGETS_SPARSE: {            /* rows tau(i) and i list as many entries, and every
                                            listed (k, p) of row i is P[tau(i)][sigma(k)] */
        fmpq_t x;
        fmpq_init(x);
        int ok = 1;
        for (slong i = 0; i < N && ok; i++) {
            const slong *st = inst->sparse_start;
            if (st[tau[i] + 1] - st[tau[i]] != st[i + 1] - st[i]) {
                *where_i = i; *where_k = inst->sparse_index[st[i]];
                ok = 0;
            }
            for (slong m = st[i]; m < st[i + 1] && ok; m++) {
                pc_instance_target(x, inst, tau[i], sigma[inst->sparse_index[m]]);
                if (!fmpq_equal(x, inst->sparse_value + m)) {
                    *where_i = i; *where_k = inst->sparse_index[m];
                    ok = 0;
                }
            }
        }
        fmpq_clear(x);
        return ok;
    }
    case PC_TARGETS_ONEHOT:              /* row tau(i) is e_{sigma(t_i)} */
        for (slong i = 0; i < N; i++)
            if (inst->onehot[tau[i]] != sigma[inst->onehot[i]]) {
                *where_i = i; *where_k = inst->onehot[i];
                return 0;
            }
        return 1;
    }
    return 0;
}

static pc_status_t check_invariance(const pc_instance_t *inst, slong g, pc_msg_t *msg)
{
    slong i, k;
    int ok = generator_invariant(inst, inst->token_generators[g], inst->context_generators[g], &i, &k);
    if (ok == 1) return PC_OK;
    if (ok < 0)
        return pc_fail(msg, PC_BAD_INPUT, "symmetry.tokens[%ld]: cannot check invariance of a "
                       "circulant or group_circulant with n = %ld > %d under this generator (only affine "
                       "generators of a circulant are checked fast)", g,
                       inst->tokens, BRUTE_CIRCULANT_MAX);
    if (i < 0)
        return pc_fail(msg, PC_BAD_INPUT, "symmetry[%ld]: the targets are not invariant under "
                       "this generator", g);
    return pc_fail(msg, PC_BAD_INPUT, "symmetry[%ld]: the targets are not invariant: "
                   "P[tau(%ld)][sigma(%ld)] = P[%ld][%ld] != P[%ld][%ld]", g, i, k,
                   inst->context_generators[g][i], inst->token_generators[g][k], i, k);
}

pc_status_t pc_instance_read_symmetry(pc_instance_t *inst, json_t *symmetry, pc_msg_t *msg)
{
    json_t *tok = json_object_get(symmetry, "tokens"), *ctx = json_object_get(symmetry, "contexts");
    if (!json_is_object(symmetry) || json_object_size(symmetry) != 2 || !json_is_array(tok)
        || !json_is_array(ctx))
        return pc_fail(msg, PC_BAD_INPUT, "symmetry: expected {\"tokens\": [[...], ...], "
                       "\"contexts\": [[...], ...]} and nothing else");
    slong ng = (slong) json_array_size(tok);
    if ((slong) json_array_size(ctx) != ng)
        return pc_fail(msg, PC_BAD_INPUT, "symmetry.contexts: has %zu generators, symmetry.tokens "
                       "has %ld (they act together, one of each per generator)",
                       json_array_size(ctx), ng);
    if (ng > 0 && (inst->tokens + inst->contexts) > PC_MAX_LISTED / ng)
        return pc_fail(msg, PC_BAD_INPUT, "symmetry: %ld generators of degree %ld + %ld exceed the "
                       "limit of %ld listed entries", ng, inst->tokens, inst->contexts, PC_MAX_LISTED);
    inst->token_generators = calloc((size_t) (ng > 0 ? ng : 1), sizeof(slong *));
    inst->context_generators = calloc((size_t) (ng > 0 ? ng : 1), sizeof(slong *));
    if (inst->token_generators == NULL || inst->context_generators == NULL) abort();
    inst->num_generators = ng;
    char field[64];
    pc_status_t st = PC_OK;
    for (slong g = 0; g < ng && st == PC_OK; g++) {
        snprintf(field, sizeof field, "symmetry.tokens[%ld]", g);
        st = read_permutation(&inst->token_generators[g], json_array_get(tok, (size_t) g),
                              inst->tokens, field, msg);
        snprintf(field, sizeof field, "symmetry.contexts[%ld]", g);
        if (st == PC_OK)
            st = read_permutation(&inst->context_generators[g], json_array_get(ctx, (size_t) g),
                                  inst->contexts, field, msg);
        if (st == PC_OK) st = check_invariance(inst, g, msg);
    }
    return st;
}

/* Copy of perm, checked to be a permutation of 0..degree-1; NULL (message filled) if not. */
static slong *copy_permutation(const slong *perm, slong degree, const char *field, pc_msg_t *msg)
{
    slong *out = malloc((size_t) (degree > 0 ? degree : 1) * sizeof *out);
    char *seen = calloc((size_t) (degree > 0 ? degree : 1), 1);
    if (out == NULL || seen == NULL) abort();
    for (slong k = 0; k < degree; k++) {
        if (perm[k] < 0 || perm[k] >= degree || seen[perm[k]]) {
            pc_fail(msg, PC_BAD_INPUT, "%s[%ld]: %ld is out of range or repeated, so this "
                    "generator is not a permutation", field, k, perm[k]);
            free(out);
            free(seen);
            return NULL;
        }
        seen[perm[k]] = 1;
        out[k] = perm[k];
    }
    free(seen);
    return out;
}

pc_status_t pc_instance_set_symmetry(pc_instance_t *inst, const slong *const *token_gens,
                                     const slong *const *context_gens, slong num_generators,
                                     pc_msg_t *msg)
{
    if (inst->token_generators != NULL)
        return pc_fail(msg, PC_BAD_INPUT, "symmetry: the instance already has one");
    if (num_generators > 0 && (inst->tokens + inst->contexts) > PC_MAX_LISTED / num_generators)
        return pc_fail(msg, PC_BAD_INPUT, "symmetry: %ld generators of degree %ld + %ld exceed "
                       "the limit of %ld listed entries", num_generators, inst->tokens,
                       inst->contexts, PC_MAX_LISTED);
    slong ng = num_generators;
    inst->token_generators = calloc((size_t) (ng > 0 ? ng : 1), sizeof(slong *));
    inst->context_generators = calloc((size_t) (ng > 0 ? ng : 1), sizeof(slong *));
    if (inst->token_generators == NULL || inst->context_generators == NULL) abort();
    inst->num_generators = ng;
    pc_status_t st = PC_OK;
    char field[64];
    for (slong g = 0; g < ng && st == PC_OK; g++) {
        snprintf(field, sizeof field, "symmetry.tokens[%ld]", g);
        inst->token_generators[g] = copy_permutation(token_gens[g], inst->tokens, field, msg);
        snprintf(field, sizeof field, "symmetry.contexts[%ld]", g);
        if (inst->token_generators[g] != NULL)
            inst->context_generators[g] = copy_permutation(context_gens[g], inst->contexts,
                                                           field, msg);
        st = inst->context_generators[g] != NULL ? check_invariance(inst, g, msg) : PC_BAD_INPUT;
    }
    if (st != PC_OK) {
        for (slong g = 0; g < ng; g++) {
            free(inst->token_generators[g]);
            free(inst->context_generators[g]);
        }
        free(inst->token_generators);
        free(inst->context_generators);
        inst->token_generators = inst->context_generators = NULL;
        inst->num_generators = 0;
    }
    return st;
}
