/* Built-in permutation groups and the context G-sets built from them (group.h, SPEC 5b). */
#include <stdlib.h>
#include <string.h>
#include <ulong_extras.h>
#include "peelcert/group.h"

static const char *const family_names[] = {
    "symmetric", "alternating", "cyclic", "dihedral", "agl1", "psl2"
};

int pc_group_family_from_name(pc_group_family_t *family, const char *name)
{
    for (int f = 0; f < (int) (sizeof family_names / sizeof family_names[0]); f++)
        if (strcmp(name, family_names[f]) == 0) {
            *family = (pc_group_family_t) f;
            return 0;
        }
    return -1;
}

const char *pc_group_family_name(pc_group_family_t family)
{
    if ((int) family < 0 || (int) family >= (int) (sizeof family_names / sizeof family_names[0]))
        return "unknown";
    return family_names[family];
}

int pc_group_is_prime(slong p)
{
    return p >= 2 && n_is_prime((ulong) p);
}

/* Smallest g with g^((p-1)/r) != 1 mod p for every prime r | p - 1 (1 for p = 2). */
slong pc_group_primitive_root(slong p)
{
    if (p == 2) return 1;
    n_factor_t factors;
    n_factor_init(&factors);
    n_factor(&factors, (ulong) (p - 1), 1);
    for (slong g = 2; g < p; g++) {
        int primitive = 1;
        for (int j = 0; j < factors.num && primitive; j++)
            if (n_powmod2((ulong) g, (slong) ((ulong) (p - 1) / factors.p[j]), (ulong) p) == 1)
                primitive = 0;
        if (primitive) return g;
    }
    return 0;   /* unreachable for a prime p */
}

/* x -> x + shift mod n on the first n points, fixing the rest. */
static void rotation(slong *perm, slong degree, slong n, slong shift)
{
    for (slong x = 0; x < degree; x++) perm[x] = x < n ? (x + shift) % n : x;
}

/* The cycle (first first+1 ... n-1), fixing the rest. */
static void cycle_from(slong *perm, slong n, slong first)
{
    for (slong x = 0; x < n; x++) perm[x] = x;
    for (slong x = first; x < n; x++) perm[x] = x + 1 < n ? x + 1 : first;
}

static pc_status_t add_checked(pc_group_t *G, const slong *perm, const char *what, pc_msg_t *msg)
{
    pc_status_t status = pc_group_check_permutation(perm, G->degree, what, msg);
    if (status == PC_OK) pc_group_add_generator(G, perm);
    return status;
}

static pc_status_t projective_generators(pc_group_t *G, slong q, slong *perm, pc_msg_t *msg)
{
    slong infinity = q;
    rotation(perm, q + 1, q, 1);                        /* x -> x + 1, infinity fixed */
    pc_status_t status = add_checked(G, perm, "psl2 generator x+1", msg);
    slong a = pc_group_primitive_root(q);
    slong square = (slong) (((ulong) a * (ulong) a) % (ulong) q);   /* q < 2^32: no overflow */
    if (status == PC_OK && square != 1) {               /* x -> a^2 x */
        for (slong x = 0; x < q; x++)
            perm[x] = (slong) (((ulong) square * (ulong) x) % (ulong) q);
        perm[infinity] = infinity;
        status = add_checked(G, perm, "psl2 generator a^2 x", msg);
    }
    if (status == PC_OK) {                              /* x -> -1/x */
        perm[0] = infinity;
        perm[infinity] = 0;
        for (slong x = 1; x < q; x++)
            perm[x] = (q - (slong) n_invmod((ulong) x, (ulong) q)) % q;
        status = add_checked(G, perm, "psl2 generator -1/x", msg);
    }
    return status;
}

pc_status_t pc_group_family(pc_group_t *G, pc_group_family_t family, slong n, pc_msg_t *msg)
{
    static const slong min_n[] = { 2, 3, 2, 3, 2, 2 };
    const char *name = pc_group_family_name(family);
    if (strcmp(name, "unknown") == 0)
        return pc_fail(msg, PC_BAD_INPUT, "group family %d: unknown", (int) family);
    if (n < min_n[family])
        return pc_fail(msg, PC_BAD_INPUT, "group %s: n = %ld, need n >= %ld",
                       name, (long) n, (long) min_n[family]);
    if (n > PC_GROUP_MAX_DEGREE - 1)
        return pc_fail(msg, PC_BAD_INPUT, "group %s: n = %ld over the limit %ld",
                       name, (long) n, (long) (PC_GROUP_MAX_DEGREE - 1));
    if ((family == PC_GROUP_AFFINE || family == PC_GROUP_PSL2) && !pc_group_is_prime(n))
        return pc_fail(msg, PC_BAD_INPUT, "group %s: %ld is not prime", name, (long) n);

    pc_group_clear(G);
    G->degree = family == PC_GROUP_PSL2 ? n + 1 : n;
    slong *perm = malloc((size_t) G->degree * sizeof *perm);
    if (perm == NULL) abort();
    pc_status_t status = PC_OK;
    switch (family) {
    case PC_GROUP_SYMMETRIC:
        cycle_from(perm, n, 0);
        perm[0] = 1; perm[1] = 0; for (slong x = 2; x < n; x++) perm[x] = x;
        status = add_checked(G, perm, "symmetric generator (0 1)", msg);
        if (status == PC_OK && n > 2) {
            cycle_from(perm, n, 0);
            status = add_checked(G, perm, "symmetric generator (0 ... n-1)", msg);
        }
        break;
    case PC_GROUP_ALTERNATING:
        cycle_from(perm, 3, 0);
        for (slong x = 3; x < n; x++) perm[x] = x;
        status = add_checked(G, perm, "alternating generator (0 1 2)", msg);
        if (status == PC_OK && n > 3) {
            cycle_from(perm, n, n % 2 == 1 ? 0 : 1);
            status = add_checked(G, perm, "alternating generator (long cycle)", msg);
        }
        break;
    case PC_GROUP_CYCLIC:
        rotation(perm, n, n, 1);
        status = add_checked(G, perm, "cyclic generator x+1", msg);
        break;
    case PC_GROUP_DIHEDRAL:
        rotation(perm, n, n, 1);
        status = add_checked(G, perm, "dihedral generator x+1", msg);
        for (slong x = 0; x < n && status == PC_OK; x++) perm[x] = (n - x) % n;
        if (status == PC_OK) status = add_checked(G, perm, "dihedral generator -x", msg);
        break;
    case PC_GROUP_AFFINE:
        rotation(perm, n, n, 1);
        status = add_checked(G, perm, "agl1 generator x+1", msg);
        if (status == PC_OK && n > 2) {
            slong g = pc_group_primitive_root(n);
            for (slong x = 0; x < n; x++) perm[x] = (slong) (((ulong) g * (ulong) x) % (ulong) n);
            status = add_checked(G, perm, "agl1 generator g x", msg);
        }
        break;
    case PC_GROUP_PSL2:
        status = projective_generators(G, n, perm, msg);
        break;
    }
    free(perm);
    return status;
}

slong pc_group_pair_index(slong u, slong v, slong V)
{
    return u * (V - 1) + (v < u ? v : v - 1);
}

void pc_group_pair_from_index(slong *u, slong *v, slong index, slong V)
{
    *u = index / (V - 1);
    slong r = index % (V - 1);
    *v = r < *u ? r : r + 1;
}

pc_status_t pc_group_context_action(pc_group_t *contexts, const pc_group_t *tokens,
                                    pc_group_contexts_t kind, pc_msg_t *msg)
{
    slong V = tokens->degree;
    if (kind != PC_GROUP_CONTEXTS_SAME && kind != PC_GROUP_CONTEXTS_PAIRS)
        return pc_fail(msg, PC_BAD_INPUT, "context kind %d: unknown", (int) kind);
    if (kind == PC_GROUP_CONTEXTS_PAIRS && (V < 2 || V - 1 > PC_GROUP_MAX_DEGREE / V))
        return pc_fail(msg, PC_BAD_INPUT,
                       "pair contexts on %ld tokens: need 2 <= V and V (V - 1) <= %ld",
                       (long) V, (long) PC_GROUP_MAX_DEGREE);
    for (slong g = 0; g < tokens->num_generators; g++) {
        pc_status_t status = pc_group_check_permutation(tokens->generators[g], V,
                                                        "token generator", msg);
        if (status != PC_OK) return status;
    }
    slong N = kind == PC_GROUP_CONTEXTS_SAME ? V : V * (V - 1);
    pc_group_clear(contexts);
    contexts->degree = N;
    slong *tau = malloc((size_t) (N > 0 ? N : 1) * sizeof *tau);
    if (tau == NULL) abort();
    for (slong g = 0; g < tokens->num_generators; g++) {
        const slong *sigma = tokens->generators[g];
        if (kind == PC_GROUP_CONTEXTS_SAME) {
            for (slong i = 0; i < N; i++) tau[i] = sigma[i];
        } else {
            for (slong i = 0; i < N; i++) {
                slong u, v;
                pc_group_pair_from_index(&u, &v, i, V);
                tau[i] = pc_group_pair_index(sigma[u], sigma[v], V);
            }
        }
        pc_group_add_generator(contexts, tau);
    }
    free(tau);
    return PC_OK;
}
