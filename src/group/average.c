/* Exact invariance of targets under generators, and orbital averaging (SPEC 5).
 *
 * For a permutation action, the group average (1/|G|) sum_g M(g x) is the mean of
 * M over the orbit of x (each orbit point is hit |Stab| times), so averaging over
 * orbitals is the Reynolds projection onto invariant matrices without enumerating G. */
#include <stdlib.h>
#include "peelcert/group.h"

pc_status_t pc_group_check_invariant(const fmpq *P, slong N, slong V,
                                     const slong *const *context_gens,
                                     const slong *const *token_gens, slong num_generators,
                                     pc_msg_t *msg)
{
    for (slong g = 0; g < num_generators; g++)
        for (slong i = 0; i < N; i++) {
            slong ti = context_gens[g][i];
            if (ti < 0 || ti >= N)
                return pc_fail(msg, PC_BAD_INPUT, "symmetry.contexts[%ld][%ld] = %ld: not a context",
                               (long) g, (long) i, (long) ti);
            for (slong k = 0; k < V; k++) {
                slong sk = token_gens[g][k];
                if (sk < 0 || sk >= V)
                    return pc_fail(msg, PC_BAD_INPUT, "symmetry.tokens[%ld][%ld] = %ld: not a token",
                                   (long) g, (long) k, (long) sk);
                if (fmpq_equal(P + ti * V + sk, P + i * V + k)) continue;
                char *here = fmpq_get_str(NULL, 10, P + i * V + k);
                char *there = fmpq_get_str(NULL, 10, P + ti * V + sk);
                pc_status_t status = pc_fail(msg, PC_BAD_INPUT,
                    "symmetry: generator %ld does not preserve the targets: targets[%ld][%ld] = %s "
                    "but targets[%ld][%ld] = %s (tau(%ld) = %ld, sigma(%ld) = %ld)",
                    (long) g, (long) i, (long) k, here, (long) ti, (long) sk, there,
                    (long) i, (long) ti, (long) k, (long) sk);
                flint_free(here);
                flint_free(there);
                return status;
            }
        }
    return PC_OK;
}

void pc_group_average_fmpq(fmpq *out, const fmpq *in, const pc_group_orbits_t *orb)
{
    slong m = orb->num_orbits > 0 ? orb->num_orbits : 1;
    fmpq *sum = _fmpq_vec_init(m);
    for (slong x = 0; x < orb->size; x++)
        fmpq_add(sum + orb->orbit_id[x], sum + orb->orbit_id[x], in + x);
    fmpz_t size;
    fmpz_init(size);
    for (slong o = 0; o < orb->num_orbits; o++) {
        fmpz_set_si(size, orb->orbit_size[o]);
        fmpq_div_fmpz(sum + o, sum + o, size);
    }
    fmpz_clear(size);
    for (slong x = 0; x < orb->size; x++)
        fmpq_set(out + x, sum + orb->orbit_id[x]);
    _fmpq_vec_clear(sum, m);
}

void pc_group_average_double(double *out, const double *in, const pc_group_orbits_t *orb)
{
    slong m = orb->num_orbits > 0 ? orb->num_orbits : 1;
    double *sum = calloc((size_t) m, sizeof *sum);
    if (sum == NULL) abort();
    for (slong x = 0; x < orb->size; x++)
        sum[orb->orbit_id[x]] += in[x];
    for (slong o = 0; o < orb->num_orbits; o++)
        sum[o] /= (double) orb->orbit_size[o];
    for (slong x = 0; x < orb->size; x++)
        out[x] = sum[orb->orbit_id[x]];
    free(sum);
}
