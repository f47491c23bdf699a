/* pc_group_pair_orbit_firsts against pc_group_pair_orbits: the same number of orbits, the same
 * sizes in the same order, and first[o] the smallest point with orbit id o, for random
 * permutation generators on small row and column sets (fixed seed), with 0 to 3 generators;
 * and the same refusals (an image out of range). Exits nonzero on any failure. */
#include <stdio.h>
#include <stdlib.h>
#include "peelcert/group.h"

static int passed, failed;

static void expect(int ok, const char *what)
{
    if (ok) passed++; else { failed++; printf("FAIL %s\n", what); }
}

static void random_perm(slong *p, slong n)
{
    for (slong i = 0; i < n; i++) p[i] = i;
    for (slong i = n - 1; i > 0; i--) {
        slong j = rand() % (i + 1), t = p[i];
        p[i] = p[j];
        p[j] = t;
    }
}

int main(void)
{
    srand(12345);
    char what[160];
    for (int t = 0; t < 300; t++) {
        slong rows = 1 + rand() % 9, cols = 1 + rand() % 9, ng = rand() % 4;
        slong *rg[3], *cg[3];
        for (slong g = 0; g < ng; g++) {
            rg[g] = malloc(sizeof(slong) * rows);
            cg[g] = malloc(sizeof(slong) * cols);
            random_perm(rg[g], rows);
            if (rand() % 3 == 0) for (slong i = 0; i < rows; i++) rg[g][i] = i;   /* identity */
            random_perm(cg[g], cols);
        }
        pc_group_orbits_t full, part;
        slong *first = NULL;
        pc_msg_t msg;
        pc_group_orbits_init(&full);
        pc_group_orbits_init(&part);
        int a = pc_group_pair_orbits(&full, (const slong *const *) rg, rows,
                                     (const slong *const *) cg, cols, ng, &msg) == PC_OK;
        int b = pc_group_pair_orbit_firsts(&part, &first, (const slong *const *) rg, rows,
                                           (const slong *const *) cg, cols, ng, &msg) == PC_OK;
        snprintf(what, sizeof what, "case %d (%ld x %ld, %ld generators)", t, (long) rows,
                 (long) cols, (long) ng);
        int ok = a && b && full.num_orbits == part.num_orbits && part.orbit_id == NULL
                 && part.size == rows * cols;
        for (slong o = 0; ok && o < full.num_orbits; o++) {
            slong smallest = -1;
            for (slong x = 0; x < rows * cols && smallest < 0; x++)
                if (full.orbit_id[x] == o) smallest = x;
            ok = full.orbit_size[o] == part.orbit_size[o] && first[o] == smallest;
        }
        expect(ok, what);
        free(first);
        pc_group_orbits_clear(&full);
        pc_group_orbits_clear(&part);
        for (slong g = 0; g < ng; g++) { free(rg[g]); free(cg[g]); }
    }
    {   /* an image out of range is refused by both */
        slong r0[3] = { 1, 2, 3 }, c0[2] = { 1, 0 };
        slong *rg[1] = { r0 }, *cg[1] = { c0 }, *first = NULL;
        pc_group_orbits_t part;
        pc_msg_t msg;
        pc_group_orbits_init(&part);
        expect(pc_group_pair_orbit_firsts(&part, &first, (const slong *const *) rg, 3,
                                          (const slong *const *) cg, 2, 1, &msg) != PC_OK
               && first == NULL, "an image out of range is refused");
        pc_group_orbits_clear(&part);
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
