/* Instance generators (gen.h). Deterministic: a splitmix64 stream seeded by the user. */
#include <stdlib.h>
#include <string.h>
#include <fmpq_vec.h>
#include "peelcert/gen.h"

static ulong next_random(ulong *state)
{
    ulong z = (*state += 0x9E3779B97F4A7C15UL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
    return z ^ (z >> 31);
}

static void set_common(pc_instance_t *inst, slong tokens, slong contexts, const fmpq_t E_W,
                       const fmpq_t E_H)
{
    inst->tokens = tokens;
    inst->contexts = contexts;
    inst->dim = tokens - 1 < contexts ? tokens - 1 : contexts;
    if (inst->dim < 1) inst->dim = 1;
    fmpq_set(inst->E_W, E_W);
    fmpq_set(inst->E_H, E_H);
}

static pc_status_t check_size(slong value, slong lo, slong hi, const char *option, pc_msg_t *msg)
{
    if (value < lo || value > hi)
        return pc_fail(msg, PC_BAD_INPUT, "%s: %ld is out of range %ld..%ld", option, value, lo, hi);
    return PC_OK;
}

/* Fills row (length n) with random integer weights and normalises it exactly. */
static void random_distribution(fmpq *row, slong n, int with_zeros, ulong *state)
{
    slong total = 0;
    while (total == 0) {
        for (slong k = 0; k < n; k++) {
            slong w = with_zeros ? (slong) (next_random(state) % 21) : 1 + (slong) (next_random(state) % 20);
            fmpq_set_si(row + k, w, 1);
            total += w;
        }
    }
    for (slong k = 0; k < n; k++)
        fmpq_div_fmpz(row + k, row + k, (fmpz_t){total});
}

pc_status_t pc_gen_random(pc_instance_t *inst, slong tokens, slong contexts, int with_zeros,
                          ulong seed, const fmpq_t E_W, const fmpq_t E_H, pc_msg_t *msg)
{
    pc_status_t st = check_size(tokens, 1, PC_MAX_SIZE, "--tokens", msg);
    if (st == PC_OK) st = check_size(contexts, 1, PC_MAX_SIZE, "--contexts", msg);
    if (st == PC_OK && tokens > PC_MAX_DENSE_ENTRIES / contexts)
        st = pc_fail(msg, PC_BAD_INPUT, "--tokens x --contexts: %ld x %ld exceeds the dense limit "
                     "of %ld entries", tokens, contexts, PC_MAX_DENSE_ENTRIES);
    if (st != PC_OK) return st;
    set_common(inst, tokens, contexts, E_W, E_H);
    inst->form = PC_TARGETS_DENSE;
    inst->dense = _fmpq_vec_init(tokens * contexts);
    ulong state = seed;
    for (slong i = 0; i < contexts; i++)
        random_distribution(inst->dense + i * tokens, tokens, with_zeros, &state);
    return PC_OK;
}

pc_status_t pc_gen_onehot(pc_instance_t *inst, slong tokens, slong contexts, ulong seed,
                          const fmpq_t E_W, const fmpq_t E_H, pc_msg_t *msg)
{
    pc_status_t st = check_size(tokens, 1, PC_MAX_SIZE, "--tokens", msg);
    if (st == PC_OK) st = check_size(contexts, 1, PC_MAX_LISTED, "--contexts", msg);
    if (st != PC_OK) return st;
    set_common(inst, tokens, contexts, E_W, E_H);
    inst->form = PC_TARGETS_ONEHOT;
    inst->onehot = malloc((size_t) contexts * sizeof *inst->onehot);
    if (inst->onehot == NULL) abort();
    ulong state = seed;
    for (slong i = 0; i < contexts; i++)
        inst->onehot[i] = (slong) (next_random(&state) % (ulong) tokens);
    return PC_OK;
}

pc_status_t pc_gen_exchangeable(pc_instance_t *inst, slong n, const fmpq_t alpha,
                                const fmpq_t E_W, const fmpq_t E_H, pc_msg_t *msg)
{
    pc_status_t st = check_size(n, 2, PC_MAX_SIZE, "--n", msg);
    if (st != PC_OK) return st;
    if (fmpq_sgn(alpha) < 0 || fmpz_cmp(fmpq_numref(alpha), fmpq_denref(alpha)) > 0)
        return pc_fail(msg, PC_BAD_INPUT, "--alpha: must be in [0, 1]");
    set_common(inst, n, n, E_W, E_H);
    inst->form = PC_TARGETS_EXCHANGEABLE;
    fmpq_set(inst->alpha, alpha);
    return PC_OK;
}

pc_status_t pc_gen_cyclic(pc_instance_t *inst, slong n, const fmpq *q, ulong seed,
                          const fmpq_t E_W, const fmpq_t E_H, pc_msg_t *msg)
{
    pc_status_t st = check_size(n, 1, PC_MAX_LISTED, "--n", msg);
    if (st != PC_OK) return st;
    set_common(inst, n, n, E_W, E_H);
    inst->form = PC_TARGETS_CIRCULANT;
    inst->circulant = _fmpq_vec_init(n);
    if (q != NULL) {
        for (slong m = 0; m < n; m++)
            fmpq_set(inst->circulant + m, q + m);
    } else {
        ulong state = seed;
        random_distribution(inst->circulant, n, 0, &state);
    }
    return PC_OK;
}

pc_status_t pc_gen_group_circulant(pc_instance_t *inst, const slong *orders, slong k,
                                   const fmpq *q, const fmpq *const *factors, ulong seed,
                                   const fmpq_t E_W, const fmpq_t E_H, pc_msg_t *msg)
{
    pc_abelian_t G;
    if (!pc_abelian_set(&G, orders, k, PC_MAX_LISTED))
        return pc_fail(msg, PC_BAD_INPUT, "--orders: 1 to %d integers >= 1 with a product of at "
                       "most %ld", PC_ABELIAN_MAX_FACTORS, PC_MAX_LISTED);
    set_common(inst, G.n, G.n, E_W, E_H);
    inst->form = PC_TARGETS_GROUP_CIRCULANT;
    inst->group = G;
    inst->circulant = _fmpq_vec_init(G.n);
    if (q != NULL) {
        for (slong m = 0; m < G.n; m++)
            fmpq_set(inst->circulant + m, q + m);
    } else if (factors != NULL) {
        /* q(m) = prod_t factors[t][m_t], digits m_t of m (last order fastest) */
        for (slong m = 0; m < G.n; m++) {
            slong x = m;
            fmpq_one(inst->circulant + m);
            for (slong t = k - 1; t >= 0; t--) {
                fmpq_mul(inst->circulant + m, inst->circulant + m, factors[t] + x % orders[t]);
                x /= orders[t];
            }
        }
    } else {
        ulong state = seed;
        random_distribution(inst->circulant, G.n, 0, &state);
    }
    return PC_OK;
}
