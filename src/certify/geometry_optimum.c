/* The geometry at the optimum of a commutant-reduced certificate (geometry.h; docs/groups.md
 * "certify --json: the geometry object"). */
#include <stdlib.h>
#include <string.h>
#include "peelcert/geometry.h"

void pc_group_geometry_init(pc_group_geometry_t *geo)
{
    geo->has_alg = geo->has_red = geo->has_problem = 0;
    pc_commutant_init(&geo->alg);
    pc_commutant_optimum_init(&geo->opt);
    geo->context_mult = NULL;
    geo->eig_W = geo->eig_H = geo->gram_W = geo->gram_H = NULL;
    pc_group_orbits_init(&geo->context_pairs);
    geo->context_pair_first = NULL;
    geo->note[0] = '\0';
}

void pc_group_geometry_clear(pc_group_geometry_t *geo)
{
    slong r = geo->alg.r;
    if (geo->eig_W) _arb_vec_clear(geo->eig_W, r);
    if (geo->eig_H) _arb_vec_clear(geo->eig_H, r);
    if (geo->gram_W) _arb_vec_clear(geo->gram_W, r);
    if (geo->gram_H) _arb_vec_clear(geo->gram_H, geo->context_pairs.num_orbits);
    free(geo->context_mult);
    free(geo->context_pair_first);
    pc_group_orbits_clear(&geo->context_pairs);
    pc_commutant_optimum_clear(&geo->opt);
    if (geo->has_problem) pc_commutant_problem_clear(&geo->P);
    if (geo->has_red) pc_reduced_clear(&geo->red);
    pc_commutant_clear(&geo->alg);
    pc_group_geometry_init(geo);
}

/* out = sqrt(x / y), exact x, y > 0. */
static void sqrt_ratio(arb_t out, const fmpq_t x, const fmpq_t y, slong prec)
{
    fmpq_t t;
    fmpq_init(t);
    fmpq_div(t, x, y);
    arb_set_fmpq(out, t, prec);
    arb_sqrtpos(out, out, prec);
    fmpq_clear(t);
}

/* eig_W, eig_H and gram_W from the enclosed norms ||T_k x°||_D (geometry.h). */
static void geometry_token_side(pc_group_geometry_t *geo, slong prec)
{
    const pc_commutant_t *alg = &geo->alg;
    slong r = alg->r, V = alg->V;
    arb_t sab, sba, t;
    arb_init(sab); arb_init(sba); arb_init(t);
    sqrt_ratio(sab, geo->red.a, geo->red.b, prec);
    sqrt_ratio(sba, geo->red.b, geo->red.a, prec);
    geo->eig_W = _arb_vec_init(r);
    geo->eig_H = _arb_vec_init(r);
    geo->gram_W = _arb_vec_init(r);
    for (slong k = 0; k < r; k++) {
        if (!geo->opt.active[k]) continue;        /* exactly 0 (proved by the KKT test) */
        arb_sqrt_ui(t, (ulong) alg->multiplicity[k], prec);
        arb_div(t, geo->opt.norm + k, t, prec);   /* sqrt(lambda_k) */
        arb_mul(geo->eig_W + k, t, sab, prec);
        arb_mul(geo->eig_H + k, t, sba, prec);
        for (slong j = 0; j < r; j++) {           /* + eig_W m_k theta_k(A_j) / (V n_j) */
            arb_mul(t, geo->eig_W + k, acb_realref(alg->theta + k * r + j), prec);
            arb_mul_si(t, t, alg->multiplicity[k], prec);
            arb_div_si(t, t, V * alg->valency[j], prec);
            arb_add(geo->gram_W + j, geo->gram_W + j, t, prec);
        }
    }
    arb_clear(sab); arb_clear(sba); arb_clear(t);
}

/* gram_H per context-pair orbit: sum_{k in S} (eig_H[k] / lambda_k) (Z° ^T E_k Z°)[i][i'],
 * (Z°^T E_k Z°)[i][i'] = sum_u y_k[orb(u, i)] y_k[orb(u, i')] with y_k = T_k x° (E_k Z° in
 * orbital coordinates); eig_H / lambda_k = sqrt(b/a) / sqrt(lambda_k). */
static void geometry_gram_H(pc_group_geometry_t *geo, const pc_instance_t *inst, slong prec)
{
    const pc_commutant_t *alg = &geo->alg;
    slong r = alg->r, R = geo->red.num_orbitals, V = alg->V, N = geo->red.N;
    pc_msg_t msg;
    if (N > PC_GEOMETRY_MAX_CONTEXT_PAIRS / N) {
        snprintf(geo->note, sizeof geo->note, "gram_H: more than %d context pairs, not computed",
                 PC_GEOMETRY_MAX_CONTEXT_PAIRS);
        return;
    }
    if (pc_group_pair_orbit_firsts(&geo->context_pairs, &geo->context_pair_first,
                                   (const slong *const *) inst->context_generators, N,
                                   (const slong *const *) inst->context_generators, N,
                                   inst->num_generators, &msg) != PC_OK) {
        snprintf(geo->note, sizeof geo->note, "gram_H: %.200s", msg.text);
        return;
    }
    slong C = geo->context_pairs.num_orbits;
    arb_ptr T = _arb_vec_init(r * R * R), y = _arb_vec_init(r * R), scale = _arb_vec_init(r);
    arb_t s, lam, t;
    arb_init(s); arb_init(lam); arb_init(t);
    pc_commutant_projections(T, &geo->P, prec);
    for (slong k = 1; k < r; k++) {
        if (!geo->opt.active[k]) continue;
        for (slong o = 0; o < R; o++)
            arb_dot(y + k * R + o, NULL, 0, T + (k * R + o) * R, 1, geo->opt.x, 1, R, prec);
        arb_sqr(lam, geo->opt.norm + k, prec);
        arb_div_si(lam, lam, alg->multiplicity[k], prec);
        arb_div(scale + k, geo->eig_H + k, lam, prec);
    }
    geo->gram_H = _arb_vec_init(C);
    const slong *orb = geo->P.orbital_of;
    for (slong o = 0; o < C; o++) {
        slong m = geo->context_pair_first[o], i = m / N, i2 = m % N;
        for (slong k = 1; k < r; k++) {
            if (!geo->opt.active[k]) continue;
            arb_zero(s);
            for (slong u = 0; u < V; u++)
                arb_addmul(s, y + k * R + orb[u * N + i], y + k * R + orb[u * N + i2], prec);
            arb_addmul(geo->gram_H + o, s, scale + k, prec);
        }
    }
    _arb_vec_clear(T, r * R * R); _arb_vec_clear(y, r * R); _arb_vec_clear(scale, r);
    arb_clear(s); arb_clear(lam); arb_clear(t);
}

pc_status_t pc_group_geometry_optimum(pc_group_geometry_t *geo, const pc_cert_t *cert,
                                      const pc_instance_t *inst, slong prec, pc_msg_t *msg)
{
    pc_group_geometry_clear(geo);
    if (cert->kind != PC_CERT_GROUP || cert->z_orb == NULL || cert->regime != PC_REGIME_BINDING)
        return pc_fail(msg, PC_NOT_PROVED, "geometry at the optimum: a kind-group certificate "
                       "in the binding regime is needed");
    pc_status_t st = pc_commutant_algebra(&geo->alg, inst, msg);
    if (st == PC_OK && !(geo->alg.commutative && geo->alg.symmetric))
        st = pc_fail(msg, PC_NOT_PROVED, "geometry: the token commutant is not commutative with "
                     "real characters");
    if (st == PC_OK && cert->commutant_generic != NULL && geo->alg.r != cert->num_characters)
        st = pc_fail(msg, PC_NOT_PROVED, "geometry: the token commutant does not match the "
                     "certificate (%ld orbitals, certificate %ld)", (long) geo->alg.r,
                     (long) cert->num_characters);
    /* the certificate's generic element (commutant path), else the deterministic ones (a
     * 2-transitive action: r = 2, the order is trivial, then the (V - 1)-dimensional one) */
    if (st == PC_OK)
        st = cert->commutant_generic != NULL
             ? pc_commutant_eigen_with(&geo->alg, cert->commutant_generic, prec, msg)
             : pc_commutant_eigen(&geo->alg, prec, msg);
    if (st != PC_OK) return st;
    geo->has_alg = 1;
    st = pc_reduced_init(&geo->red, inst, msg);
    if (st != PC_OK) return st;
    geo->has_red = 1;
    if (geo->red.num_orbitals != cert->num_orbitals)
        return pc_fail(msg, PC_NOT_PROVED, "geometry: the orbitals of the instance do not match "
                       "the certificate");
    st = pc_commutant_problem_init(&geo->P, &geo->red, &geo->alg, inst, msg);
    if (st != PC_OK) return st;
    geo->has_problem = 1;
    st = pc_commutant_optimum(&geo->opt, &geo->P, cert->z_orb, prec, msg);
    if (st != PC_OK) return st;
    geometry_token_side(geo, prec);
    if (cert->has_gram)     /* the checked simplex ETF claim: W W^T = u (I - J/V), exact */
        for (slong k = 1; k < geo->alg.r; k++) {
            if (geo->opt.active[k] && arb_contains_fmpq(geo->eig_W + k, cert->gram_W))
                arb_set_fmpq(geo->eig_W + k, cert->gram_W, prec);
        }
    geo->context_mult = malloc(sizeof(slong) * (size_t) geo->alg.r);
    if (!geo->context_mult) abort();
    if (!pc_commutant_context_multiplicities(geo->context_mult, &geo->P, prec)) {
        free(geo->context_mult);
        geo->context_mult = NULL;
        snprintf(geo->note, sizeof geo->note, "context multiplicities not proved");
    }
    geometry_gram_H(geo, inst, prec);
    return PC_OK;
}
