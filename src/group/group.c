/* Generator sets of permutation groups (group.h): init/clear and the
 * permutation check used on every generator that enters the toolkit. */
#include <stdlib.h>
#include <string.h>
#include "peelcert/group.h"

void pc_group_init(pc_group_t *G, slong degree)
{
    G->degree = degree;
    G->num_generators = 0;
    G->generators = NULL;
}

void pc_group_clear(pc_group_t *G)
{
    for (slong g = 0; g < G->num_generators; g++)
        free(G->generators[g]);
    free(G->generators);
    G->generators = NULL;
    G->num_generators = 0;
}

void pc_group_add_generator(pc_group_t *G, const slong *perm)
{
    slong **gens = realloc(G->generators, (size_t) (G->num_generators + 1) * sizeof *gens);
    if (gens == NULL) abort();
    G->generators = gens;
    slong *copy = malloc((size_t) (G->degree > 0 ? G->degree : 1) * sizeof *copy);
    if (copy == NULL) abort();
    if (G->degree > 0) memcpy(copy, perm, (size_t) G->degree * sizeof *copy);
    G->generators[G->num_generators++] = copy;
}

pc_status_t pc_group_check_permutation(const slong *perm, slong degree, const char *field,
                                       pc_msg_t *msg)
{
    pc_status_t status = PC_OK;
    char *seen = calloc((size_t) (degree > 0 ? degree : 1), 1);
    if (seen == NULL) abort();
    for (slong x = 0; x < degree; x++) {
        if (perm[x] < 0 || perm[x] >= degree) {
            status = pc_fail(msg, PC_BAD_INPUT, "%s[%ld] = %ld: not a point (0..%ld)",
                             field, (long) x, (long) perm[x], (long) (degree - 1));
            break;
        }
        if (seen[perm[x]]) {
            status = pc_fail(msg, PC_BAD_INPUT, "%s[%ld] = %ld: image repeated, not a permutation",
                             field, (long) x, (long) perm[x]);
            break;
        }
        seen[perm[x]] = 1;
    }
    free(seen);
    return status;
}
