/* The reduced problem's data (reduced.h): orbitals, context orbits, multiplicities and
 * targets of a symmetric instance. Exact; integers and fmpq only. */
#include <stdlib.h>
#include "peelcert/reduced.h"
#include "peelcert/group.h"

static void *checked_calloc(slong count, size_t size)
{
    void *p = calloc((size_t) (count > 0 ? count : 1), size);
    if (p == NULL) abort();
    return p;
}

static void reduced_zero(pc_reduced_t *red)
{
    red->V = red->N = red->num_orbitals = red->num_context_orbits = 0;
    red->context_size = red->context_rep = red->start = red->members = NULL;
    red->context_of = red->mult = red->orbital_size = NULL;
    red->p = NULL;
}

/* Groups the orbitals by context orbit: members sorted by (context orbit, orbital). */
static void group_members(pc_reduced_t *red)
{
    slong R = red->num_orbitals, C = red->num_context_orbits;
    slong *fill = checked_calloc(C, sizeof(slong));
    red->start = checked_calloc(C + 1, sizeof(slong));
    red->members = checked_calloc(R, sizeof(slong));
    for (slong o = 0; o < R; o++) red->start[red->context_of[o] + 1]++;
    for (slong c = 0; c < C; c++) red->start[c + 1] += red->start[c];
    for (slong o = 0; o < R; o++) {
        slong c = red->context_of[o];
        red->members[red->start[c] + fill[c]++] = o;
    }
    free(fill);
}

pc_status_t pc_reduced_init(pc_reduced_t *red, const pc_instance_t *inst, pc_msg_t *msg)
{
    slong V = inst->tokens, N = inst->contexts;
    pc_group_orbits_t orb, ctx;
    pc_status_t st;
    reduced_zero(red);
    fmpq_init(red->a);
    fmpq_init(red->b);
    fmpq_init(red->radius2);
    if (V < 2 || inst->num_generators == 0)
        return pc_fail(msg, PC_BAD_INPUT, "symmetry: the reduced problem needs V >= 2 and at "
                       "least one generator (V = %ld, %ld generators)", (long) V,
                       (long) inst->num_generators);
    pc_group_orbits_init(&orb);
    pc_group_orbits_init(&ctx);
    st = pc_group_instance_orbitals(&orb, inst, msg);
    if (st == PC_OK)
        st = pc_group_orbits(&ctx, (const slong *const *) inst->context_generators,
                             inst->num_generators, N, msg);
    if (st != PC_OK) {
        pc_group_orbits_clear(&orb);
        pc_group_orbits_clear(&ctx);
        return st;
    }
    slong R = orb.num_orbits, C = ctx.num_orbits;
    red->V = V;
    red->N = N;
    red->num_orbitals = R;
    red->num_context_orbits = C;
    red->context_size = checked_calloc(C, sizeof(slong));
    red->context_rep = checked_calloc(C, sizeof(slong));
    red->context_of = checked_calloc(R, sizeof(slong));
    red->mult = checked_calloc(R, sizeof(slong));
    red->orbital_size = checked_calloc(R, sizeof(slong));
    red->p = _fmpq_vec_init(R);
    for (slong c = 0; c < C; c++) {
        red->context_size[c] = ctx.orbit_size[c];
        red->context_rep[c] = -1;
    }
    for (slong i = 0; i < N; i++)       /* orbits are numbered by smallest point */
        if (red->context_rep[ctx.orbit_id[i]] < 0)
            red->context_rep[ctx.orbit_id[i]] = i;
    for (slong o = 0; o < R; o++) {
        red->orbital_size[o] = orb.orbit_size[o];
        red->context_of[o] = -1;
    }
    /* Every orbital meets exactly one representative column (move any of its pairs into
     * the column of its context orbit's representative by a group element). */
    for (slong c = 0; c < C; c++) {
        slong i = red->context_rep[c];
        for (slong k = 0; k < V; k++) {
            slong o = orb.orbit_id[k * N + i];
            if (red->mult[o]++ == 0) {
                red->context_of[o] = c;
                pc_instance_target(red->p + o, inst, i, k);
            }
        }
    }
    group_members(red);
    pc_instance_budgets(red->a, red->b, inst);
    fmpq_mul(red->radius2, red->a, red->b);
    fmpq_div_fmpz(red->radius2, red->radius2, (fmpz_t){V - 1});
    pc_group_orbits_clear(&orb);
    pc_group_orbits_clear(&ctx);
    return PC_OK;
}

void pc_reduced_clear(pc_reduced_t *red)
{
    free(red->context_size);
    free(red->context_rep);
    free(red->start);
    free(red->members);
    free(red->context_of);
    free(red->mult);
    free(red->orbital_size);
    if (red->p != NULL)
        _fmpq_vec_clear(red->p, red->num_orbitals);
    fmpq_clear(red->a);
    fmpq_clear(red->b);
    fmpq_clear(red->radius2);
    reduced_zero(red);
}

int pc_reduced_all_positive(const pc_reduced_t *red)
{
    for (slong o = 0; o < red->num_orbitals; o++)
        if (fmpq_sgn(red->p + o) <= 0)
            return 0;
    return 1;
}
