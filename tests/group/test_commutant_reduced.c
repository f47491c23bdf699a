/* The commutant-reduced problem (commutant.h, commutant_reduced.c) against independent values:
 *
 *  - suits x ranks (S_4 x S_13, 52 cards): 30 digits, the interval must contain the 60-digit
 *    value of scripts/group_families.py (proofs-data/expected.json);
 *  - D_12 on ordered pairs of the 12-gon (132 contexts): 30 digits, within the float
 *    reference's tolerance 1e-8;
 *  - exact feasibility of the rounded points: columns of Z sum to 0, rows of Q in the simplex;
 *  - a primal scaled up by 1 + 2^-20 is refused by the nuclear-norm bound (it is proved > rho). */
#include <stdio.h>
#include <stdlib.h>
#include "peelcert/commutant.h"
#include "peelcert/verify.h"

#include "commutant_fixture.h"

/* Certifies `name` to `digits` and checks that [lower, upper] meets [value - tol, value + tol]. */
static void run(const char *name, slong digits, const char *value, const char *tol)
{
    pc_instance_t inst;
    pc_reduced_t red;
    pc_commutant_t alg;
    pc_commutant_problem_t P;
    pc_msg_t msg;
    char what[256];
    if (!load(&inst, name)) return;
    slong prec = 64 + (slong) (3.33 * (double) digits);
    pc_commutant_init(&alg);
    int ok = pc_reduced_init(&red, &inst, &msg) == PC_OK
          && pc_commutant_algebra(&alg, &inst, &msg) == PC_OK
          && pc_commutant_eigen(&alg, 4 * prec + 128, &msg) == PC_OK
          && pc_commutant_problem_init(&P, &red, &alg, &inst, &msg) == PC_OK;
    snprintf(what, sizeof what, "%s: reduced problem set up (%.200s)", name, ok ? "ok" : msg.text);
    expect(ok, what);
    if (ok) {
        slong R = red.num_orbitals, r = alg.r;
        double *xd = malloc(sizeof(double) * (size_t) R), mud;
        int *active = malloc(sizeof(int) * (size_t) r), interior;
        pc_commutant_solve_double(xd, &mud, active, &interior, &P);
        arb_ptr x = _arb_vec_init(R);
        arb_t mu, upper, lower, val, t;
        fmpq *z = _fmpq_vec_init(R), *q = _fmpq_vec_init(R);
        arb_init(mu); arb_init(upper); arb_init(lower); arb_init(val); arb_init(t);
        for (slong o = 0; o < R; o++) arb_set_d(x + o, xd[o]);
        arb_set_d(mu, mud);
        for (slong p = 64; p < 2 * prec; p *= 2)
            pc_commutant_refine(x, mu, active, &P, 3, p + 32);
        pc_commutant_refine(x, mu, active, &P, 2, prec + 64);
        pc_commutant_bounds(upper, lower, z, q, x, &P, prec);
        snprintf(what, sizeof what, "%s: gap <= 1e-%ld", name, (long) digits);
        expect(pc_verify_gap_at_most(upper, lower, digits, prec), what);
        arb_set_str(val, value, prec);
        arb_set_str(t, tol, prec);
        arb_add_error(val, t);
        arb_union(t, lower, upper, prec);
        snprintf(what, sizeof what, "%s: [lower, upper] meets the independent value", name);
        expect(arb_overlaps(t, val), what);
        expect(pc_reduced_dual_feasible(q, &red), "dual rows in the simplex (exact)");
        /* tamper: Z scaled by 1 + 2^-20 leaves the nuclear-norm ball (proved) */
        fmpq *c = _fmpq_vec_init(r);
        fmpq_t s;
        fmpq_init(s);
        fmpq_set_si(s, (1 << 20) + 1, 1 << 20);
        for (slong o = 0; o < R; o++) fmpq_mul(z + o, z + o, s);
        pc_commutant_gram_coefficients(c, &alg, z, P.orbital_of, inst.contexts);
        pc_commutant_nuclear(t, &alg, c, 2 * prec);
        fmpq_mul(s, red.a, red.b);
        arb_set_fmpq(val, s, prec);
        arb_sqrt(val, val, prec);
        snprintf(what, sizeof what, "%s: ||(1 + 2^-20) Z||_* > rho is proved", name);
        expect(arb_gt(t, val), what);
        printf("%s: R = %ld orbitals, r = %ld characters, active:", name, (long) R, (long) r);
        for (slong k = 0; k < r; k++) if (active[k]) printf(" %ld (m = %ld)", (long) k, (long) alg.multiplicity[k]);
        printf("; mu = %.6g\n", mud);
        fmpq_clear(s);
        _fmpq_vec_clear(c, r);
        _arb_vec_clear(x, R); _fmpq_vec_clear(z, R); _fmpq_vec_clear(q, R);
        arb_clear(mu); arb_clear(upper); arb_clear(lower); arb_clear(val); arb_clear(t);
        free(xd); free(active);
        pc_commutant_problem_clear(&P);
    }
    pc_commutant_clear(&alg);
    pc_reduced_clear(&red);
    pc_instance_clear(&inst);
}

int main(void)
{
    run("group-suits-ranks", 30, "3.747006120889226472722350944925476617411776313142825080319091",
        "1e-58");
    run("group-dihedral-12-pairs", 30, "2.435761351022086", "1e-8");
    flint_cleanup_master();
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
