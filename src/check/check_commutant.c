/* The commutant of the token action, recomputed by the checker (FORMAT.md kind group,
 * "Commutant reduction"; docs/groups.md). Shares no code with src/group/commutant.c: its own
 * union-find, its own counting of the intersection numbers p_ij^l, its own enclosure of the
 * eigenmatrix (acb_mat_eig_simple on L(A), A = sum_j t_j A_j with the certificate's t_j).
 * A wrong generic element can only make the eigenvalues unprovable (exit 2); it cannot make
 * a wrong eigenmatrix pass, because every eigenpair of L(A) is enclosed by Arb. */
#include <stdlib.h>
#include <acb_mat.h>
#include "check_internal.h"

#define PCC_COMMUTANT_MAX_ORBITALS 128
#define PCC_COMMUTANT_MAX_TOKENS 4096

static slong uf_root(slong *parent, slong x)
{
    while (parent[x] != x) { parent[x] = parent[parent[x]]; x = parent[x]; }
    return x;
}

/* torbital[u V + v], numbered by first appearance; returns r. */
static slong token_orbitals(slong *torb, const pcc_instance_t *I)
{
    slong V = I->V, n = V * V, r = 0;
    slong *parent = malloc(sizeof(slong) * (size_t) n);
    for (slong x = 0; x < n; x++) { parent[x] = x; torb[x] = -1; }
    for (slong g = 0; g < I->ngens; g++) {
        const slong *s = I->sigma + g * V;
        for (slong x = 0; x < n; x++) {
            slong a = uf_root(parent, x), b = uf_root(parent, s[x / V] * V + s[x % V]);
            if (a != b) parent[a] = b;
        }
    }
    for (slong x = 0; x < n; x++) {
        slong a = uf_root(parent, x);
        if (torb[a] < 0) torb[a] = r++;
        torb[x] = torb[a];
    }
    free(parent);
    return r;
}

void pcc_commutant_clear(pcc_cert_t *C)
{
    free(C->torbital); free(C->tvalency); free(C->trep_u); free(C->trep_v); free(C->generic);
    if (C->pijl) _fmpz_vec_clear(C->pijl, C->tr * C->tr * C->tr);
    C->torbital = C->tvalency = C->trep_u = C->trep_v = C->generic = NULL;
    C->pijl = NULL;
}

int pcc_commutant_read(pcc_cert_t *C, const json_t *generic, pcc_error_t *err)
{
    const pcc_instance_t *I = &C->inst;
    slong V = I->V;
    if (I->ngens == 0 || V < 2 || V > PCC_COMMUTANT_MAX_TOKENS)
        return pcc_fail(err, "primal.commutant_generic: the commutant reduction needs a symmetry "
                        "and 2 <= V <= %d (V = %ld)", PCC_COMMUTANT_MAX_TOKENS, V);
    C->torbital = malloc(sizeof(slong) * (size_t) (V * V));
    slong r = token_orbitals(C->torbital, I);
    for (slong u = 0; u < V; u++)
        if (C->torbital[u * V + u] != 0)
            return pcc_fail(err, "instance.symmetry: the token action is not transitive (token %ld), "
                            "so its commutant is not commutative", u);
    if (r > PCC_COMMUTANT_MAX_ORBITALS)
        return pcc_fail(err, "instance.symmetry: %ld token orbitals, over the checker's limit %d",
                        r, PCC_COMMUTANT_MAX_ORBITALS);
    C->tr = r;
    C->tvalency = calloc((size_t) r, sizeof(slong));
    C->trep_u = malloc(sizeof(slong) * (size_t) r);
    C->trep_v = malloc(sizeof(slong) * (size_t) r);
    for (slong j = 0; j < r; j++) C->trep_u[j] = -1;
    for (slong x = 0; x < V * V; x++) {
        slong j = C->torbital[x];
        C->tvalency[j]++;
        if (C->trep_u[j] < 0) { C->trep_u[j] = x / V; C->trep_v[j] = x % V; }
    }
    for (slong j = 0; j < r; j++) C->tvalency[j] /= V;
    C->pijl = _fmpz_vec_init(r * r * r);
    for (slong l = 0; l < r; l++)
        for (slong w = 0; w < V; w++) {
            slong i = C->torbital[C->trep_u[l] * V + w], j = C->torbital[w * V + C->trep_v[l]];
            fmpz_add_ui(C->pijl + (l * r + i) * r + j, C->pijl + (l * r + i) * r + j, 1);
        }
    for (slong l = 0; l < r; l++)
        for (slong i = 0; i < r; i++)
            for (slong j = 0; j < i; j++)
                if (!fmpz_equal(C->pijl + (l * r + i) * r + j, C->pijl + (l * r + j) * r + i))
                    return pcc_fail(err, "instance.symmetry: the commutant of the token action is "
                                    "not commutative (p_%ld,%ld^%ld != p_%ld,%ld^%ld)", i, j, l, j, i, l);
    if (pcc_json_array(generic, "primal.commutant_generic", r, err)) return 1;
    C->generic = malloc(sizeof(slong) * (size_t) r);
    for (slong j = 0; j < r; j++) {
        const json_t *t = json_array_get(generic, (size_t) j);
        if (!json_is_integer(t) || json_integer_value(t) < -1000000 || json_integer_value(t) > 1000000)
            return pcc_fail(err, "primal.commutant_generic[%ld]: expected an integer in [-10^6, 10^6]", j);
        C->generic[j] = (slong) json_integer_value(t);
    }
    acb_ptr theta = _acb_vec_init(r * r);
    slong *mult = malloc(sizeof(slong) * (size_t) r);
    int ok = pcc_commutant_eigen(theta, mult, C, 128);
    _acb_vec_clear(theta, r * r);
    free(mult);
    if (!ok)
        return pcc_fail(err, "primal.commutant_generic: the eigenvalues of the generic element "
                        "sum_j t_j A_j are not proved simple (or a multiplicity is not an integer)");
    C->commutant = 1;
    return 0;
}

int pcc_commutant_eigen(acb_ptr theta, slong *mult, const pcc_cert_t *C, slong prec)
{
    slong r = C->tr, V = C->inst.V, total = 0;
    acb_mat_t L, Rm, Ra;
    acb_ptr E = _acb_vec_init(r);
    fmpz_t s, m;
    acb_t q;
    arb_t sum, t;
    int ok;
    acb_mat_init(L, r, r); acb_mat_init(Rm, r, r); acb_mat_init(Ra, r, r);
    fmpz_init(s); fmpz_init(m); acb_init(q); arb_init(sum); arb_init(t);
    for (slong l = 0; l < r; l++)      /* L(A)[l][j] = sum_i t_i p_ij^l */
        for (slong j = 0; j < r; j++) {
            fmpz_zero(s);
            for (slong i = 0; i < r; i++)
                fmpz_addmul_si(s, C->pijl + (l * r + i) * r + j, C->generic[i]);
            acb_set_fmpz(acb_mat_entry(L, l, j), s);
        }
    acb_mat_approx_eig_qr(E, NULL, Ra, L, NULL, 0, prec);
    ok = acb_mat_eig_simple(E, NULL, Rm, L, E, Ra, prec);
    for (slong k = 0; k < r && ok; k++) {    /* theta_k(A_j) = n_j conj(v_j / v_0) */
        ok = !acb_contains_zero(acb_mat_entry(Rm, 0, k));
        arb_zero(sum);
        for (slong j = 0; j < r && ok; j++) {
            acb_div(q, acb_mat_entry(Rm, j, k), acb_mat_entry(Rm, 0, k), prec);
            acb_conj(q, q);
            acb_mul_si(theta + k * r + j, q, C->tvalency[j], prec);
            acb_abs(t, theta + k * r + j, prec);
            arb_sqr(t, t, prec);
            arb_div_si(t, t, C->tvalency[j], prec);
            arb_add(sum, sum, t, prec);
        }
        if (!ok) break;
        arb_ui_div(t, (ulong) V, sum, prec);   /* m_k = V / sum_j |theta|^2 / n_j, an integer */
        ok = arb_get_unique_fmpz(m, t) && fmpz_sgn(m) > 0 && fmpz_cmp_si(m, V) <= 0;
        if (ok) { mult[k] = fmpz_get_si(m); total += mult[k]; }
    }
    ok = ok && total == V;
    _acb_vec_clear(E, r);
    acb_mat_clear(L); acb_mat_clear(Rm); acb_mat_clear(Ra);
    fmpz_clear(s); fmpz_clear(m); acb_clear(q); arb_clear(sum); arb_clear(t);
    return ok;
}

/* c_j = sum_i Y[u_j][i] Y[v_j][i] for Y[k][i] = y[orbital(k, i)] (Y invariant). */
void pcc_commutant_gram(arb_ptr c, const pcc_cert_t *C, arb_srcptr y, slong prec)
{
    slong N = C->inst.N;
    for (slong j = 0; j < C->tr; j++) {
        arb_zero(c + j);
        for (slong i = 0; i < N; i++)
            arb_addmul(c + j, y + C->orbital[C->trep_u[j] * N + i],
                       y + C->orbital[C->trep_v[j] * N + i], prec);
    }
}

int pcc_commutant_nuclear(arb_t out, arb_t top, const pcc_cert_t *C, arb_srcptr c, slong prec)
{
    slong r = C->tr;
    acb_ptr theta = _acb_vec_init(r * r);
    slong *mult = malloc(sizeof(slong) * (size_t) r);
    acb_t lam, t;
    arb_t root;
    int ok = pcc_commutant_eigen(theta, mult, C, prec);
    acb_init(lam); acb_init(t); arb_init(root);
    arb_zero(out);
    arb_zero(top);
    for (slong k = 0; k < r && ok; k++) {
        acb_zero(lam);       /* lambda_k = sum_j c_j theta_k(A_j): real, >= 0 (Y Y^T is PSD) */
        for (slong j = 0; j < r; j++) {
            acb_set_arb(t, c + j);
            acb_addmul(lam, t, theta + k * r + j, prec);
        }
        arb_max(top, top, acb_realref(lam), prec);
        arb_sqrtpos(root, acb_realref(lam), prec);
        arb_addmul_si(out, root, mult[k], prec);
    }
    _acb_vec_clear(theta, r * r);
    free(mult);
    acb_clear(lam); acb_clear(t); arb_clear(root);
    return ok;
}
