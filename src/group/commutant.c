/* The commutant of a transitive token action: orbitals, intersection numbers and the proved
 * eigenmatrix (commutant.h; SPEC 5, 11). Integers for the algebra, Arb balls for the
 * eigenmatrix; nothing here is a floating-point guess. */
#include <stdlib.h>
#include <acb_mat.h>
#include "peelcert/commutant.h"
#include "peelcert/group.h"

/* Deterministic generic elements tried by pc_commutant_eigen. */
#define PC_COMMUTANT_ATTEMPTS 8

static void *checked_calloc(slong count, size_t size)
{
    void *p = calloc((size_t) (count > 0 ? count : 1), size);
    if (p == NULL) abort();
    return p;
}

void pc_commutant_init(pc_commutant_t *alg)
{
    alg->V = alg->r = 0;
    alg->orbital = alg->valency = alg->rep_u = alg->rep_v = alg->transpose = NULL;
    alg->intersection = NULL;
    alg->commutative = alg->symmetric = alg->eigen_proved = 0;
    alg->generic = NULL;
    alg->theta = alg->generic_value = NULL;
    alg->multiplicity = NULL;
}

void pc_commutant_clear(pc_commutant_t *alg)
{
    free(alg->orbital); free(alg->valency); free(alg->rep_u); free(alg->rep_v);
    free(alg->transpose); free(alg->generic); free(alg->multiplicity);
    if (alg->intersection) _fmpz_vec_clear(alg->intersection, alg->r * alg->r * alg->r);
    if (alg->theta) _acb_vec_clear(alg->theta, alg->r * alg->r);
    if (alg->generic_value) _acb_vec_clear(alg->generic_value, alg->r);
    pc_commutant_init(alg);
}

/* p_ij^l by one pass over w per orbital l (at its first pair), then the exact symmetry tests. */
static void commutant_count(pc_commutant_t *alg)
{
    slong V = alg->V, r = alg->r;
    alg->intersection = _fmpz_vec_init(r * r * r);
    for (slong l = 0; l < r; l++) {
        slong u = alg->rep_u[l], v = alg->rep_v[l];
        for (slong w = 0; w < V; w++) {
            slong i = alg->orbital[u * V + w], j = alg->orbital[w * V + v];
            fmpz_add_ui(alg->intersection + (l * r + i) * r + j,
                        alg->intersection + (l * r + i) * r + j, 1);
        }
    }
    alg->commutative = 1;
    for (slong l = 0; l < r && alg->commutative; l++)
        for (slong i = 0; i < r && alg->commutative; i++)
            for (slong j = 0; j < i && alg->commutative; j++)
                alg->commutative = fmpz_equal(alg->intersection + (l * r + i) * r + j,
                                              alg->intersection + (l * r + j) * r + i);
    alg->symmetric = 1;
    for (slong j = 0; j < r; j++)
        alg->symmetric = alg->symmetric && alg->transpose[j] == j;
}

pc_status_t pc_commutant_algebra(pc_commutant_t *alg, const pc_instance_t *inst, pc_msg_t *msg)
{
    slong V = inst->tokens;
    pc_group_orbits_t orb;
    pc_commutant_clear(alg);
    if (inst->num_generators == 0 || V < 2)
        return pc_fail(msg, PC_BAD_INPUT, "symmetry: the commutant needs V >= 2 and a generator");
    pc_group_orbits_init(&orb);
    pc_status_t st = pc_group_pair_orbits(&orb, (const slong *const *) inst->token_generators, V,
                                          (const slong *const *) inst->token_generators, V,
                                          inst->num_generators, msg);
    if (st != PC_OK) {
        pc_group_orbits_clear(&orb);
        return st;
    }
    for (slong u = 0; u < V && st == PC_OK; u++)
        if (orb.orbit_id[u * V + u] != 0)
            st = pc_fail(msg, PC_BAD_INPUT, "symmetry: the token action is not transitive (token "
                         "%ld is not in the orbit of token 0); its commutant is not commutative",
                         (long) u);
    if (st == PC_OK && orb.num_orbits > PC_COMMUTANT_MAX_ORBITALS)
        st = pc_fail(msg, PC_BAD_INPUT, "symmetry: %ld token orbitals, over the limit %d of the "
                     "commutant reduction", (long) orb.num_orbits, PC_COMMUTANT_MAX_ORBITALS);
    if (st != PC_OK) {
        pc_group_orbits_clear(&orb);
        return st;
    }
    slong r = orb.num_orbits;
    alg->V = V;
    alg->r = r;
    alg->orbital = checked_calloc(V * V, sizeof(slong));
    alg->valency = checked_calloc(r, sizeof(slong));
    alg->rep_u = checked_calloc(r, sizeof(slong));
    alg->rep_v = checked_calloc(r, sizeof(slong));
    alg->transpose = checked_calloc(r, sizeof(slong));
    for (slong j = 0; j < r; j++) alg->rep_u[j] = -1;
    for (slong m = 0; m < V * V; m++) {
        slong j = orb.orbit_id[m];
        alg->orbital[m] = j;
        if (alg->rep_u[j] < 0) { alg->rep_u[j] = m / V; alg->rep_v[j] = m % V; }
    }
    for (slong j = 0; j < r; j++) {
        alg->valency[j] = orb.orbit_size[j] / V;
        alg->transpose[j] = alg->orbital[alg->rep_v[j] * V + alg->rep_u[j]];
    }
    pc_group_orbits_clear(&orb);
    commutant_count(alg);
    return PC_OK;
}

/* L(A)[l][j] = sum_i t_i p_ij^l. */
static void commutant_regular(acb_mat_t L, const pc_commutant_t *alg, const slong *t)
{
    slong r = alg->r;
    fmpz_t s;
    fmpz_init(s);
    for (slong l = 0; l < r; l++)
        for (slong j = 0; j < r; j++) {
            fmpz_zero(s);
            for (slong i = 0; i < r; i++)
                fmpz_addmul_si(s, alg->intersection + (l * r + i) * r + j, t[i]);
            acb_set_fmpz(acb_mat_entry(L, l, j), s);
        }
    fmpz_clear(s);
}

/* From proved simple eigenpairs (columns of R): theta[k r + j] = n_j conj(R[j][k] / R[0][k]),
 * m_k the unique integer in V / sum_j |theta|^2 / n_j. 0 if some step is not proved. */
static int commutant_read_eigen(acb_ptr theta, slong *mult, const pc_commutant_t *alg,
                                const acb_mat_t R, slong prec)
{
    slong r = alg->r, total = 0;
    int ok = 1;
    acb_t q;
    arb_t s, t;
    fmpz_t m;
    acb_init(q); arb_init(s); arb_init(t); fmpz_init(m);
    for (slong k = 0; k < r && ok; k++) {
        ok = !acb_contains_zero(acb_mat_entry(R, 0, k));
        arb_zero(s);
        for (slong j = 0; j < r && ok; j++) {
            acb_div(q, acb_mat_entry(R, j, k), acb_mat_entry(R, 0, k), prec);
            acb_conj(q, q);
            acb_mul_si(theta + k * r + j, q, alg->valency[j], prec);
            acb_abs(t, theta + k * r + j, prec);
            arb_sqr(t, t, prec);
            arb_div_si(t, t, alg->valency[j], prec);
            arb_add(s, s, t, prec);
        }
        if (!ok) break;
        arb_ui_div(t, (ulong) alg->V, s, prec);   /* V / s (s >= 1: the j = 0 term is 1) */
        ok = arb_get_unique_fmpz(m, t) && fmpz_sgn(m) > 0 && fmpz_fits_si(m);
        if (ok) { mult[k] = fmpz_get_si(m); total += mult[k]; }
    }
    ok = ok && total == alg->V;
    acb_clear(q); arb_clear(s); arb_clear(t); fmpz_clear(m);
    return ok;
}

/* Row order: the trivial character first (theta(A_j) contains n_j for all j), the others by
 * increasing m_k, then by decreasing Re theta_k(A) (A the generic element; its eigenvalues
 * are proved simple, so their enclosures are disjoint and the comparison is proved; the
 * midpoints decide only if it is not, which Arb's simplicity proof excludes). */
static int row_before(const pc_commutant_t *alg, slong a, slong b)
{
    if (alg->multiplicity[a] != alg->multiplicity[b])
        return alg->multiplicity[a] < alg->multiplicity[b];
    const arb_struct *x = acb_realref(alg->generic_value + a), *y = acb_realref(alg->generic_value + b);
    if (arb_gt(x, y)) return 1;
    if (arb_lt(x, y)) return 0;
    x = acb_imagref(alg->generic_value + a);
    y = acb_imagref(alg->generic_value + b);
    if (arb_gt(x, y)) return 1;
    if (arb_lt(x, y)) return 0;
    return arf_cmp(arb_midref(acb_realref(alg->generic_value + a)),
                   arb_midref(acb_realref(alg->generic_value + b))) > 0;
}

static int is_trivial(const pc_commutant_t *alg, const acb_ptr theta, slong k)
{
    for (slong j = 0; j < alg->r; j++)
        if (!arb_contains_si(acb_realref(theta + k * alg->r + j), alg->valency[j])
            || !arb_contains_zero(acb_imagref(theta + k * alg->r + j))) return 0;
    return 1;
}

static void swap_rows(pc_commutant_t *alg, slong a, slong b)
{
    slong r = alg->r, tm = alg->multiplicity[a];
    for (slong j = 0; j < r; j++) acb_swap(alg->theta + a * r + j, alg->theta + b * r + j);
    acb_swap(alg->generic_value + a, alg->generic_value + b);
    alg->multiplicity[a] = alg->multiplicity[b];
    alg->multiplicity[b] = tm;
}

static void commutant_sort(pc_commutant_t *alg)
{
    slong r = alg->r;
    for (slong k = 0; k < r; k++)
        if (is_trivial(alg, alg->theta, k)) { swap_rows(alg, 0, k); break; }
    for (slong a = 1; a < r; a++) {
        slong best = a;
        for (slong b = a + 1; b < r; b++)
            if (row_before(alg, b, best)) best = b;
        if (best != a) swap_rows(alg, a, best);
    }
}

/* One attempt with generic coefficients t: 1 if the eigenmatrix is proved. */
static int commutant_try(pc_commutant_t *alg, const slong *t, slong prec)
{
    slong r = alg->r;
    acb_mat_t L, R, Rapprox;
    acb_ptr E = _acb_vec_init(r);
    acb_mat_init(L, r, r); acb_mat_init(R, r, r); acb_mat_init(Rapprox, r, r);
    commutant_regular(L, alg, t);
    acb_mat_approx_eig_qr(E, NULL, Rapprox, L, NULL, 0, prec);
    int ok = acb_mat_eig_simple(E, NULL, R, L, E, Rapprox, prec)
          && commutant_read_eigen(alg->theta, alg->multiplicity, alg, R, prec);
    if (ok) _acb_vec_set(alg->generic_value, E, r);
    _acb_vec_clear(E, r);
    acb_mat_clear(L); acb_mat_clear(R); acb_mat_clear(Rapprox);
    return ok;
}

static pc_status_t commutant_eigen_prepare(pc_commutant_t *alg, pc_msg_t *msg)
{
    slong r = alg->r;
    alg->eigen_proved = 0;
    if (!alg->commutative)
        return pc_fail(msg, PC_NOT_PROVED, "the commutant of the token action is not commutative "
                       "(an irreducible constituent has multiplicity > 1)");
    if (alg->theta == NULL) {
        alg->theta = _acb_vec_init(r * r);
        alg->generic_value = _acb_vec_init(r);
        alg->multiplicity = checked_calloc(r, sizeof(slong));
        alg->generic = checked_calloc(r, sizeof(slong));
    }
    return PC_OK;
}

pc_status_t pc_commutant_eigen(pc_commutant_t *alg, slong prec, pc_msg_t *msg)
{
    slong r = alg->r;
    pc_status_t st = commutant_eigen_prepare(alg, msg);
    if (st != PC_OK) return st;
    ulong state = 12345;
    for (int attempt = 0; attempt < PC_COMMUTANT_ATTEMPTS; attempt++) {
        for (slong j = 0; j < r; j++) {       /* a fixed portable LCG: t_j in 1..64 */
            state = state * 6364136223846793005UL + 1442695040888963407UL;
            alg->generic[j] = j == 0 ? 0 : 1 + (slong) ((state >> 33) % 64);
        }
        if (commutant_try(alg, alg->generic, prec)) {
            commutant_sort(alg);
            alg->eigen_proved = 1;
            return PC_OK;
        }
    }
    return pc_fail(msg, PC_NOT_PROVED, "the eigenmatrix of the commutant (%ld token orbitals) "
                   "was not proved at %ld bits: no generic element with proved simple eigenvalues",
                   (long) r, (long) prec);
}

pc_status_t pc_commutant_eigen_with(pc_commutant_t *alg, const slong *t, slong prec,
                                    pc_msg_t *msg)
{
    slong r = alg->r;
    pc_status_t st = commutant_eigen_prepare(alg, msg);
    if (st != PC_OK) return st;
    for (slong j = 0; j < r; j++) alg->generic[j] = t[j];
    if (commutant_try(alg, alg->generic, prec)) {
        commutant_sort(alg);
        alg->eigen_proved = 1;
        return PC_OK;
    }
    return pc_fail(msg, PC_NOT_PROVED, "the eigenmatrix of the commutant (%ld token orbitals) "
                   "was not proved at %ld bits with the given generic element", (long) r, (long) prec);
}

void pc_commutant_gram_coefficients(fmpq *out, const pc_commutant_t *alg, const fmpq *y,
                                    const slong *orbital_of, slong N)
{
    for (slong j = 0; j < alg->r; j++) {
        slong u = alg->rep_u[j], v = alg->rep_v[j];
        fmpq_zero(out + j);
        for (slong i = 0; i < N; i++)
            fmpq_addmul(out + j, y + orbital_of[u * N + i], y + orbital_of[v * N + i]);
    }
}

void pc_commutant_eigenvalues(arb_ptr lambda, const pc_commutant_t *alg, const fmpq *c,
                              slong prec)
{
    arb_t t;
    arb_init(t);
    for (slong k = 0; k < alg->r; k++) {
        arb_zero(lambda + k);
        for (slong j = 0; j < alg->r; j++) {
            arb_set_fmpq(t, c + j, prec);
            arb_addmul(lambda + k, t, acb_realref(alg->theta + k * alg->r + j), prec);
        }
    }
    arb_clear(t);
}

void pc_commutant_nuclear(arb_t out, const pc_commutant_t *alg, const fmpq *c, slong prec)
{
    arb_ptr lambda = _arb_vec_init(alg->r);
    pc_commutant_eigenvalues(lambda, alg, c, prec);
    arb_zero(out);
    for (slong k = 0; k < alg->r; k++) {
        arb_sqrtpos(lambda + k, lambda + k, prec);     /* lambda_k >= 0: Y Y^T is PSD */
        arb_addmul_si(out, lambda + k, alg->multiplicity[k], prec);
    }
    _arb_vec_clear(lambda, alg->r);
}
