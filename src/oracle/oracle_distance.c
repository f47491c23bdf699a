/* Distance of a certified primal point to the unique centered optimum Z° (SPEC 2), from
 * the certified gap and strong convexity of f on centered directions (docs/oracle.md). */
#include "oracle_internal.h"
#include "peelcert/verify.h"

/* Rounds of the local bound (each one is valid; they only shrink it). */
#define PC_ORACLE_LOCAL_ROUNDS 6

void pc_oracle_gap(arb_t gap, const pc_cert_t *cert, slong prec)
{
    arb_sub(gap, cert->upper, cert->lower, prec);
    arb_nonnegative_part(gap, gap);
}

void pc_oracle_softmax_min(arb_t out, arb_srcptr z, slong V, slong prec)
{
    /* min_k exp(z_k) / sum_j exp(z_j) = exp(min_k z_k - LSE(z)); the minimum of balls is
     * taken entry by entry with arb_min, which encloses it. */
    arb_t lse, t, lo;
    arb_init(lse); arb_init(t); arb_init(lo);
    arb_zero(lse);
    arb_set(lo, z + 0);
    for (slong k = 0; k < V; k++) {
        arb_exp(t, z + k, prec);
        arb_add(lse, lse, t, prec);
        arb_min(lo, lo, z + k, prec);
    }
    arb_log(lse, lse, prec);
    arb_sub(t, lo, lse, prec);
    arb_exp(out, t, prec);
    arb_clear(lse); arb_clear(t); arb_clear(lo);
}

/* Upper end of x as an exact ball (radius 0): a bound, not an estimate. */
static void keep_upper(arb_t x, slong prec)
{
    arf_t u;
    arf_init(u);
    arb_get_ubound_arf(u, x, prec);
    arb_set_arf(x, u);
    arf_clear(u);
}

/* r = sqrt(2 N gap / s), with s a lower bound of every softmax entry along the segment.
 * Derivation (docs/oracle.md): per column the Hessian of f is (1/N)(diag(s) - s s^T), whose
 * smallest eigenvalue on 1^⊥ is >= min_k s_k (Var_s(x) >= min_k s_k ||x||^2 for x ⊥ 1); Z° is
 * optimal over the convex feasible set, so <grad f(Z°), Zc - Z°> >= 0 and
 * f(Zc) - f(Z°) >= (min s / (2 N)) ||Zc - Z°||_F^2. */
static void radius_from_curvature(arb_t r, const arb_t gap, const arb_t s, slong N, slong prec)
{
    arb_t t, slo;
    arb_init(t); arb_init(slo);
    arf_t l;
    arf_init(l);
    arb_get_lbound_arf(l, s, prec);
    arb_set_arf(slo, l);
    if (arf_sgn(l) <= 0) {
        arb_pos_inf(r);
    } else {
        arb_mul_si(t, gap, 2 * N, prec);
        arb_div(t, t, slo, prec);
        arb_sqrtpos(r, t, prec);
        keep_upper(r, prec);
    }
    arf_clear(l);
    arb_clear(t); arb_clear(slo);
}

/* 1 iff, with r1 = x, smin exp(-sqrt(2) r1) r1^2 / N > 2 gap is proved: then
 * ||Zc - Z°||_F <= r1 (docs/oracle.md, "without an a priori bound"). */
static int radius_excluded(const arb_t r1, const arb_t gap, const arb_t smin, slong N, slong prec)
{
    arb_t t, u;
    arb_init(t); arb_init(u);
    arb_sqrt_ui(t, 2, prec);
    arb_mul(t, t, r1, prec);
    arb_neg(t, t);
    arb_exp(t, t, prec);
    arb_mul(t, t, smin, prec);
    arb_mul(t, t, r1, prec);
    arb_mul(t, t, r1, prec);
    arb_div_si(t, t, N, prec);
    arb_mul_si(u, gap, 2, prec);
    int ok = arb_gt(t, u);
    arb_clear(t); arb_clear(u);
    return ok;
}

void pc_oracle_distance_local(arb_t delta, const arb_t gap, const arb_t smin,
                              const pc_instance_t *inst, slong prec)
{
    arb_t crude, s, r, t;
    arb_init(crude); arb_init(s); arb_init(r); arb_init(t);
    /* A priori: Zc and Z° lie in the nuclear ball, so every column z on the segment has
     * ||z||_2 <= rho, max z - min z <= sqrt(2) rho and each softmax entry is
     * >= exp(-sqrt(2) rho) / V. */
    arb_sqrt_ui(t, 2, prec);
    pc_verify_rho(s, inst, prec);
    arb_mul(t, t, s, prec);
    arb_neg(t, t);
    arb_exp(s, t, prec);
    arb_div_si(crude, s, inst->tokens, prec);
    radius_from_curvature(delta, gap, crude, inst->contexts, prec);
    /* Without the a priori bound: g(t) = f(Z° + t (Zc - Z°)) is convex with g'(0) >= 0, so it
     * is nondecreasing; if L = ||Zc - Z°||_F > r1, the last stretch of the segment (within r1
     * of Zc) has g'' >= m1 L^2, m1 = smin exp(-sqrt(2) r1) / N, so
     * gap >= g(1) - g(0) >= m1 r1^2 / 2. Hence m1 r1^2 > 2 gap proves L <= r1. Tried at
     * r1 = 2 sqrt(2 N gap / smin), where it holds as soon as exp(-sqrt(2) r1) > 1/4. */
    radius_from_curvature(r, gap, smin, inst->contexts, prec);
    if (arb_is_finite(r)) {
        arb_mul_ui(r, r, 2, prec);
        if (arb_is_positive(r) && radius_excluded(r, gap, smin, inst->contexts, prec)
            && arb_lt(r, delta))
            arb_set(delta, r);
    }
    /* Locally: on the segment every column is y = zc + e with ||e||_2 <= delta, so
     * max e - min e <= sqrt(2) delta and softmax(y)_k >= softmax(zc)_k exp(-sqrt(2) delta).
     * Each round's delta is a proved bound, so the next round may use it. */
    for (int round = 0; round < PC_ORACLE_LOCAL_ROUNDS && arb_is_finite(delta); round++) {
        arb_sqrt_ui(t, 2, prec);
        arb_mul(t, t, delta, prec);
        arb_neg(t, t);
        arb_exp(t, t, prec);
        arb_mul(s, smin, t, prec);
        arb_max(s, s, crude, prec);
        radius_from_curvature(r, gap, s, inst->contexts, prec);
        if (arb_is_finite(r) && arb_lt(r, delta))
            arb_set(delta, r);
        else
            break;
    }
    arb_clear(crude); arb_clear(s); arb_clear(r); arb_clear(t);
}
