/* The commutant of the token action (commutant.h) against what is known in closed form:
 *
 *  - suits x ranks (S_4 x S_13 on 52 cards): the Bose-Mesner algebra of K_4 x K_13, four
 *    characters with multiplicities 1, 3, 12, 36 and integer eigenvalues (the product of the
 *    eigenmatrices of K_4 and K_13); ||A_j||_* and ||I - J/V||_* from the orbital values;
 *  - the dihedral group D_12 on the 12-gon (proofs-data group-dihedral-12-pairs): 7 distance
 *    orbitals, characters f = 0..6 with theta_f(A_d) = 2 cos(2 pi f d / 12) (d = 1..5) and
 *    (-1)^f (d = 6), multiplicities 1, 2, 2, 2, 2, 2, 1;
 *  - the regular S_4 (group-regular-S4): not commutative, the eigenmatrix is refused;
 *  - S_5 (2-transitive): r = 2, multiplicities 1 and 4;
 *  - intersection numbers recomputed by brute-force matrix products on the 12-gon. */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include "peelcert/commutant.h"
#include "peelcert/group.h"

#include "commutant_fixture.h"

/* 1 iff some character has multiplicity m and theta(A_j) = want[j] (doubles, |err| < 1e-12,
 * the enclosures containing the exact integers where want is integral). */
static int has_character(const pc_commutant_t *alg, slong m, const double *want)
{
    for (slong k = 0; k < alg->r; k++) {
        int ok = alg->multiplicity[k] == m;
        for (slong j = 0; j < alg->r && ok; j++) {
            const acb_struct *t = alg->theta + k * alg->r + j;
            double mid = arf_get_d(arb_midref(acb_realref(t)), ARF_RND_NEAR);
            ok = fabs(mid - want[j]) < 1e-12 && arb_contains_zero(acb_imagref(t))
                 && mag_cmp_2exp_si(arb_radref(acb_realref(t)), -150) < 0;
            if (ok && want[j] == floor(want[j]))
                ok = arb_contains_si(acb_realref(t), (slong) want[j]);
        }
        if (ok) return 1;
    }
    return 0;
}

/* Index of the token orbital of (0, v). */
static slong orbital_of_pair(const pc_commutant_t *alg, slong v) { return alg->orbital[v]; }

static void test_suits_ranks(void)
{
    pc_instance_t inst;
    pc_commutant_t alg;
    pc_msg_t msg;
    if (!load(&inst, "group-suits-ranks")) return;
    pc_commutant_init(&alg);
    expect(pc_commutant_algebra(&alg, &inst, &msg) == PC_OK, "suits x ranks: algebra");
    expect(alg.r == 4 && alg.commutative && alg.symmetric, "suits x ranks: 4 symmetric orbitals, commutative");
    expect(pc_commutant_eigen(&alg, 256, &msg) == PC_OK, "suits x ranks: eigenmatrix proved");
    if (alg.eigen_proved) {
        /* orbitals by the first pair (0, v): v = 1 same suit, v = 13 same rank, v = 14 neither */
        slong js = orbital_of_pair(&alg, 1), jr = orbital_of_pair(&alg, 13),
              jn = orbital_of_pair(&alg, 14);
        double triv[4], suit[4], rank[4], prod[4];
        triv[0] = suit[0] = rank[0] = prod[0] = 1;
        triv[js] = 12; suit[js] = 12; rank[js] = -1; prod[js] = -1;
        triv[jr] = 3;  suit[jr] = -1; rank[jr] = 3;  prod[jr] = -1;
        triv[jn] = 36; suit[jn] = -12; rank[jn] = -3; prod[jn] = 1;
        expect(alg.multiplicity[0] == 1 && has_character(&alg, 1, triv), "suits x ranks: trivial first");
        expect(has_character(&alg, 3, suit), "suits x ranks: suit module, m = 3");
        expect(has_character(&alg, 12, rank), "suits x ranks: rank module, m = 12");
        expect(has_character(&alg, 36, prod), "suits x ranks: product module, m = 36");
        /* Y = A_js (contexts = tokens, the same action: orbital values are token orbitals) */
        slong V = inst.tokens;
        fmpq *y = _fmpq_vec_init(alg.r), *c = _fmpq_vec_init(alg.r);
        arb_t nuc;
        arb_init(nuc);
        fmpq_one(y + js);
        pc_commutant_gram_coefficients(c, &alg, y, alg.orbital, V);
        pc_commutant_nuclear(nuc, &alg, c, 256);
        expect(arb_contains_si(nuc, 12 + 3 * 12 + 12 + 36) && arb_rel_accuracy_bits(nuc) > 200,
               "suits x ranks: ||A_suit||_* = 96");
        /* Y = I - J/V: ||Y||_* = V - 1 */
        for (slong j = 0; j < alg.r; j++) fmpq_set_si(y + j, -1, (ulong) V);
        fmpq_set_si(y + 0, V - 1, (ulong) V);
        pc_commutant_gram_coefficients(c, &alg, y, alg.orbital, V);
        pc_commutant_nuclear(nuc, &alg, c, 256);
        expect(arb_contains_si(nuc, V - 1), "suits x ranks: ||I - J/V||_* = V - 1");
        _fmpq_vec_clear(y, alg.r); _fmpq_vec_clear(c, alg.r);
        arb_clear(nuc);
    }
    pc_commutant_clear(&alg);
    pc_instance_clear(&inst);
}

static void test_dihedral(void)
{
    pc_instance_t inst;
    pc_commutant_t alg;
    pc_msg_t msg;
    if (!load(&inst, "group-dihedral-12-pairs")) return;
    pc_commutant_init(&alg);
    expect(pc_commutant_algebra(&alg, &inst, &msg) == PC_OK, "D_12: algebra");
    expect(alg.r == 7 && alg.commutative && alg.symmetric, "D_12: 7 symmetric orbitals, commutative");
    /* intersection numbers against brute-force products A_i A_j on the 12-gon */
    slong V = 12;
    int agree = 1;
    for (slong i = 0; i < 7 && agree; i++)
        for (slong j = 0; j < 7 && agree; j++)
            for (slong u = 0; u < V && agree; u++)
                for (slong v = 0; v < V && agree; v++) {
                    slong count = 0;
                    for (slong w = 0; w < V; w++)
                        count += alg.orbital[u * V + w] == i && alg.orbital[w * V + v] == j;
                    slong l = alg.orbital[u * V + v];
                    agree = fmpz_equal_si(alg.intersection + (l * 7 + i) * 7 + j, count);
                }
    expect(agree, "D_12: p_ij^l = (A_i A_j)[u][v] for every (u, v) in l");
    expect(pc_commutant_eigen(&alg, 256, &msg) == PC_OK, "D_12: eigenmatrix proved");
    if (alg.eigen_proved) {
        int all = 1;
        for (slong f = 0; f <= 6; f++) {
            double want[7];
            for (slong d = 0; d <= 6; d++) {
                slong j = alg.orbital[d];
                want[j] = d == 0 ? 1 : d == 6 ? (f % 2 ? -1 : 1) : 2 * cos(2 * M_PI * f * d / 12);
                if (fabs(want[j] - round(want[j])) < 1e-12) want[j] = round(want[j]);
            }
            all = all && has_character(&alg, f == 0 || f == 6 ? 1 : 2, want);
        }
        expect(all, "D_12: theta_f(A_d) = 2 cos(2 pi f d/12), multiplicities 1, 2, ..., 2, 1");
    }
    pc_commutant_clear(&alg);
    pc_instance_clear(&inst);
}

static void test_regular_s4(void)
{
    pc_instance_t inst;
    pc_commutant_t alg;
    pc_msg_t msg;
    if (!load(&inst, "group-regular-S4")) return;
    pc_commutant_init(&alg);
    expect(pc_commutant_algebra(&alg, &inst, &msg) == PC_OK, "regular S_4: algebra");
    expect(alg.r == 24 && !alg.commutative, "regular S_4: 24 orbitals, not commutative");
    expect(pc_commutant_eigen(&alg, 128, &msg) == PC_NOT_PROVED && !alg.eigen_proved,
           "regular S_4: eigenmatrix refused");
    pc_commutant_clear(&alg);
    pc_instance_clear(&inst);
}

static void test_two_transitive(void)
{
    pc_instance_t inst;
    pc_commutant_t alg;
    pc_msg_t msg;
    if (!load(&inst, "group-S5-same")) return;
    pc_commutant_init(&alg);
    expect(pc_commutant_algebra(&alg, &inst, &msg) == PC_OK && alg.r == 2, "S_5: r = 2");
    expect(pc_commutant_eigen(&alg, 128, &msg) == PC_OK && alg.multiplicity[0] == 1
           && alg.multiplicity[1] == 4, "S_5: multiplicities 1, 4");
    pc_commutant_clear(&alg);
    pc_instance_clear(&inst);
}

int main(void)
{
    test_suits_ranks();
    test_dihedral();
    test_regular_s4();
    test_two_transitive();
    flint_cleanup_master();
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
