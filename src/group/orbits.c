/* Orbits and orbitals by union-find over the generators (SPEC 5, 5b).
 *
 * The orbit of x under <gens> is the connected component of x in the graph with
 * edges x -- g(x) for every generator g: a finite group's orbits are closed under
 * generators and their inverses alike, so the group is never enumerated. Pair
 * actions are the same graph on [rows] x [cols] with (r, c) -- (g(r), g'(c)). */
#include <stdint.h>
#include <stdlib.h>
#include "peelcert/group.h"

typedef struct {
    slong *parent;
    unsigned char *rank;        /* rank <= log2(size) < 64 */
} union_find_t;

static void union_find_init(union_find_t *uf, slong size)
{
    size_t n = (size_t) (size > 0 ? size : 1);
    uf->parent = malloc(n * sizeof *uf->parent);
    uf->rank = calloc(n, 1);
    if (uf->parent == NULL || uf->rank == NULL) abort();
    for (slong x = 0; x < size; x++) uf->parent[x] = x;
}

static void union_find_clear(union_find_t *uf)
{
    free(uf->parent);
    free(uf->rank);
}

/* Root of x, compressing the path (iteratively: paths may be long before compression). */
static slong union_find_root(union_find_t *uf, slong x)
{
    slong root = x;
    while (uf->parent[root] != root) root = uf->parent[root];
    while (uf->parent[x] != root) {
        slong next = uf->parent[x];
        uf->parent[x] = root;
        x = next;
    }
    return root;
}

static void union_find_join(union_find_t *uf, slong x, slong y)
{
    x = union_find_root(uf, x);
    y = union_find_root(uf, y);
    if (x == y) return;
    if (uf->rank[x] < uf->rank[y]) { slong t = x; x = y; y = t; }
    uf->parent[y] = x;
    if (uf->rank[x] == uf->rank[y]) uf->rank[x]++;
}

/* Canonical numbering: orbits in the order of their smallest point. */
static void union_find_to_orbits(pc_group_orbits_t *orb, union_find_t *uf, slong size)
{
    pc_group_orbits_clear(orb);
    size_t n = (size_t) (size > 0 ? size : 1);
    orb->size = size;
    orb->orbit_id = malloc(n * sizeof *orb->orbit_id);
    slong *label = uf->parent;  /* reused: label[root] once roots are final */
    slong *root_of = malloc(n * sizeof *root_of);
    if (orb->orbit_id == NULL || root_of == NULL) abort();
    for (slong x = 0; x < size; x++) root_of[x] = union_find_root(uf, x);
    /* The parents are no longer needed: roots are marked unlabelled (-1). */
    for (slong x = 0; x < size; x++) if (root_of[x] == x) label[x] = -1;
    slong count = 0;
    for (slong x = 0; x < size; x++) {
        slong r = root_of[x];
        if (label[r] < 0) label[r] = count++;
        orb->orbit_id[x] = label[r];
    }
    orb->num_orbits = count;
    orb->orbit_size = calloc((size_t) (count > 0 ? count : 1), sizeof *orb->orbit_size);
    if (orb->orbit_size == NULL) abort();
    for (slong x = 0; x < size; x++) orb->orbit_size[orb->orbit_id[x]]++;
    free(root_of);
}

void pc_group_orbits_init(pc_group_orbits_t *orb)
{
    orb->size = 0;
    orb->num_orbits = 0;
    orb->orbit_id = NULL;
    orb->orbit_size = NULL;
}

void pc_group_orbits_clear(pc_group_orbits_t *orb)
{
    free(orb->orbit_id);
    free(orb->orbit_size);
    pc_group_orbits_init(orb);
}

static pc_status_t check_images(const slong *const *gens, slong num_generators, slong degree,
                                const char *what, pc_msg_t *msg)
{
    for (slong g = 0; g < num_generators; g++)
        for (slong x = 0; x < degree; x++)
            if (gens[g][x] < 0 || gens[g][x] >= degree)
                return pc_fail(msg, PC_BAD_INPUT,
                               "%s generator %ld maps %ld to %ld: not a point (0..%ld)",
                               what, (long) g, (long) x, (long) gens[g][x], (long) (degree - 1));
    return PC_OK;
}

pc_status_t pc_group_orbits(pc_group_orbits_t *orb, const slong *const *gens,
                            slong num_generators, slong degree, pc_msg_t *msg)
{
    if (degree < 0)
        return pc_fail(msg, PC_BAD_INPUT, "group degree %ld is negative", (long) degree);
    pc_status_t status = check_images(gens, num_generators, degree, "group", msg);
    if (status != PC_OK) return status;
    union_find_t uf;
    union_find_init(&uf, degree);
    for (slong g = 0; g < num_generators; g++)
        for (slong x = 0; x < degree; x++)
            union_find_join(&uf, x, gens[g][x]);
    union_find_to_orbits(orb, &uf, degree);
    union_find_clear(&uf);
    return PC_OK;
}

/* The pair action (g(r), g(c)) on rows x cols is well formed: sizes within the dense orbital
 * limit, every generator a permutation of its set. */
static pc_status_t check_pair_action(const slong *const *row_gens, slong rows,
                                     const slong *const *col_gens, slong cols,
                                     slong num_generators, pc_msg_t *msg)
{
    if (rows < 0 || cols < 0)
        return pc_fail(msg, PC_BAD_INPUT, "pair action %ld x %ld: negative size",
                       (long) rows, (long) cols);
    if (cols > 0 && rows > PC_GROUP_MAX_PAIRS / cols)
        return pc_fail(msg, PC_BAD_INPUT,
                       "pair action %ld x %ld: more than %ld pairs (the dense orbital limit)",
                       (long) rows, (long) cols, (long) PC_GROUP_MAX_PAIRS);
    pc_status_t status = check_images(row_gens, num_generators, rows, "row", msg);
    if (status == PC_OK) status = check_images(col_gens, num_generators, cols, "column", msg);
    if (status != PC_OK) return status;
    return PC_OK;
}

pc_status_t pc_group_pair_orbits(pc_group_orbits_t *orb, const slong *const *row_gens,
                                 slong rows, const slong *const *col_gens, slong cols,
                                 slong num_generators, pc_msg_t *msg)
{
    pc_status_t status = check_pair_action(row_gens, rows, col_gens, cols, num_generators, msg);
    if (status != PC_OK) return status;
    slong size = rows * cols;
    /* Breadth-first labelling (forward images suffice: for permutations of a finite set the
     * forward closure of x under the generators is its orbit). Scanning x upwards, the first
     * unlabelled point of an orbit is its smallest, so the numbering is union_find_to_orbits'
     * (orbits in the order of their smallest point); one pass, no root chasing. */
    size_t n = (size_t) (size > 0 ? size : 1);
    pc_group_orbits_clear(orb);
    orb->size = size;
    orb->orbit_id = malloc(n * sizeof *orb->orbit_id);
    slong *queue = malloc(n * sizeof *queue);
    if (orb->orbit_id == NULL || queue == NULL) abort();
    for (slong x = 0; x < size; x++) orb->orbit_id[x] = -1;
    slong count = 0, cap = 16;
    orb->orbit_size = malloc((size_t) cap * sizeof *orb->orbit_size);
    if (orb->orbit_size == NULL) abort();
    for (slong x = 0; x < size; x++) {
        if (orb->orbit_id[x] >= 0) continue;
        slong id = count++, head = 0, tail = 0;
        orb->orbit_id[x] = id;
        queue[tail++] = x;
        while (head < tail) {
            slong p = queue[head++], r = p / cols, c = p - r * cols;
            for (slong g = 0; g < num_generators; g++) {
                slong y = row_gens[g][r] * cols + col_gens[g][c];
                if (orb->orbit_id[y] < 0) {
                    orb->orbit_id[y] = id;
                    queue[tail++] = y;
                }
            }
        }
        if (id >= cap) {
            cap *= 2;
            orb->orbit_size = realloc(orb->orbit_size, (size_t) cap * sizeof *orb->orbit_size);
            if (orb->orbit_size == NULL) abort();
        }
        orb->orbit_size[id] = tail;
    }
    orb->num_orbits = count;
    free(queue);
    return PC_OK;
}

pc_status_t pc_group_pair_orbit_firsts(pc_group_orbits_t *orb, slong **first,
                                       const slong *const *row_gens, slong rows,
                                       const slong *const *col_gens, slong cols,
                                       slong num_generators, pc_msg_t *msg)
{
    *first = NULL;
    pc_status_t status = check_pair_action(row_gens, rows, col_gens, cols, num_generators, msg);
    if (status != PC_OK) return status;
    /* the traversal of pc_group_pair_orbits with a bitmap of visited points and a queue as long
     * as the largest orbit, instead of an id per point */
    slong size = rows * cols, count = 0, cap = 16, qcap = 64;
    size_t words = (size_t) (size / 64 + 1);
    uint64_t *seen = calloc(words, sizeof *seen);
    slong *queue = malloc((size_t) qcap * sizeof *queue);
    pc_group_orbits_clear(orb);
    orb->size = size;
    orb->orbit_size = malloc((size_t) cap * sizeof *orb->orbit_size);
    *first = malloc((size_t) cap * sizeof **first);
    if (seen == NULL || queue == NULL || orb->orbit_size == NULL || *first == NULL) abort();
    for (slong x = 0; x < size; x++) {
        if (seen[x >> 6] >> (x & 63) & 1) continue;
        slong head = 0, tail = 0;
        seen[x >> 6] |= (uint64_t) 1 << (x & 63);
        queue[tail++] = x;
        while (head < tail) {
            slong p = queue[head++], r = p / cols, c = p - r * cols;
            for (slong g = 0; g < num_generators; g++) {
                slong y = row_gens[g][r] * cols + col_gens[g][c];
                if (seen[y >> 6] >> (y & 63) & 1) continue;
                seen[y >> 6] |= (uint64_t) 1 << (y & 63);
                if (tail == qcap) {
                    qcap *= 2;
                    queue = realloc(queue, (size_t) qcap * sizeof *queue);
                    if (queue == NULL) abort();
                }
                queue[tail++] = y;
            }
        }
        if (count == cap) {
            cap *= 2;
            orb->orbit_size = realloc(orb->orbit_size, (size_t) cap * sizeof *orb->orbit_size);
            *first = realloc(*first, (size_t) cap * sizeof **first);
            if (orb->orbit_size == NULL || *first == NULL) abort();
        }
        orb->orbit_size[count] = tail;
        (*first)[count++] = x;
    }
    orb->num_orbits = count;
    free(seen);
    free(queue);
    return PC_OK;
}

int pc_group_is_transitive(const slong *const *gens, slong num_generators, slong degree,
                           pc_msg_t *msg)
{
    pc_group_orbits_t orb;
    pc_group_orbits_init(&orb);
    int result = -1;
    if (degree >= 1 && pc_group_orbits(&orb, gens, num_generators, degree, msg) == PC_OK)
        result = orb.num_orbits == 1;
    else if (degree < 1)
        pc_fail(msg, PC_BAD_INPUT, "transitivity needs at least one point, got %ld", (long) degree);
    pc_group_orbits_clear(&orb);
    return result;
}

pc_status_t pc_group_is_two_transitive(int *result, const slong *const *gens,
                                       slong num_generators, slong degree, pc_msg_t *msg)
{
    *result = 0;
    if (degree < 2) return PC_OK;      /* needs two distinct points */
    pc_group_orbits_t orb;
    pc_group_orbits_init(&orb);
    pc_status_t status = pc_group_pair_orbits(&orb, gens, degree, gens, degree,
                                              num_generators, msg);
    /* The diagonal is always a union of orbits, so exactly two orbits means:
     * G transitive on points and transitive on pairs of distinct points. */
    if (status == PC_OK) *result = orb.num_orbits == 2;
    pc_group_orbits_clear(&orb);
    return status;
}

pc_status_t pc_group_is_two_transitive_on_tokens(int *result, const pc_instance_t *inst,
                                                 pc_msg_t *msg)
{
    return pc_group_is_two_transitive(result, (const slong *const *) inst->token_generators,
                                      inst->num_generators, inst->tokens, msg);
}

pc_status_t pc_group_instance_orbitals(pc_group_orbits_t *orb, const pc_instance_t *inst,
                                       pc_msg_t *msg)
{
    return pc_group_pair_orbits(orb, (const slong *const *) inst->token_generators, inst->tokens,
                                (const slong *const *) inst->context_generators, inst->contexts,
                                inst->num_generators, msg);
}
