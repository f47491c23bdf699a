/* Claim kkt of kind dense, first step (certificates/FORMAT.md "Kind dense" item 6, SPEC 15
 * "KKT residuals"): the two products H G^T and G^T W in binary64 with the a-priori bound of
 * chk_float_product_enclosure, G as binary64 midpoints plus radii from its balls, W and H exact
 * binary64 values; the 2 lambda terms and the Frobenius norms by Arb from the exact doubles. It
 * only proves: anything else goes to the ball path (check_dense.c claim_kkt), which decides
 * rejections. The checker's own code; compiled with -ffp-contract=off (CMakeLists.txt glob
 * src/check/check_float*.c). */
#ifdef __FAST_MATH__
#error "check_float_kkt.c proves rounding bounds: it must not be compiled with -ffast-math"
#endif
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check_internal.h"
#include "check_float.h"

#define KKT_FLOAT_PREC 64

/* 1 iff q is a binary64 value; then *out = q exactly. */
static int exact_double(double *out, const fmpq_t q, arf_t t, arf_t u)
{
    const fmpz *den = fmpq_denref(q), *num = fmpq_numref(q);
    if (!COEFF_IS_MPZ(*den) && !COEFF_IS_MPZ(*num)) {   /* small: n / 2^k, |n| < 2^53 */
        slong n = *num;
        ulong dd = (ulong) *den;
        if ((dd & (dd - 1)) != 0 || n >= ((slong) 1 << 53) || n <= -((slong) 1 << 53)) return 0;
        int k = __builtin_ctzl(dd);
        double x = ldexp((double) n, -k);   /* exact: k < 63, no underflow */
        *out = x;
        return 1;
    }
    double x = fmpq_get_d(q);
    if (!isfinite(x) || fmpz_val2(den) + 1 != fmpz_bits(den)) return 0;
    arf_set_d(t, x);
    arf_set_fmpz(u, fmpq_numref(q));
    arf_mul_2exp_si(u, u, -(slong) fmpz_val2(den));
    if (!arf_equal(t, u)) return 0;
    *out = x;
    return 1;
}

static int kkt_hook_naive(void)
{
    const char *v = getenv("PEELCERT_CHECK_FLOAT_NAIVE");
    return v != NULL && v[0] == '1';
}

static double up(double x) { return nextafter(x, INFINITY); }

#define KKT_U 0x1p-53
#define KKT_ETA 0x1p-1074

/* A binary64 U >= ||X||_F, X = A + 2 lambda T^T (rows x cols), from |A - mid| <= rad entrywise
 * (mid, rad col-major, ld rows) and T (cols x rows, col-major, ld tld) exact doubles; naive
 * (test hook) drops rad. With l = fl(2 lambda), el >= |2 lambda - l| (Arb), p = fl(l w),
 * s = fl(mid + p): |A + 2 lambda w| <= |s| + rad + u (|s| + |p|) + el |w| + eta (one rounding
 * of each operation, eta for an underflowing product); every step of the bound and of the sum
 * of squares is rounded to nearest and moved up one step, so it stays >= the exact value.
 * +inf when a value is not finite. */
static double frob(const double *mid, const double *rad, const fmpq_t lambda,
                   const double *T, slong rows, slong cols, slong tld, int naive)
{
    arb_t l2;
    arf_t t;
    arb_init(l2); arf_init(t);
    arb_set_fmpq(l2, lambda, KKT_FLOAT_PREC);
    arb_mul_2exp_si(l2, l2, 1);
    double l = arf_get_d(arb_midref(l2), ARF_RND_NEAR);
    arf_set_d(t, l);
    arb_sub_arf(l2, l2, t, KKT_FLOAT_PREC);   /* 2 lambda - l */
    arb_get_abs_ubound_arf(t, l2, KKT_FLOAT_PREC);
    double el = arf_get_d(t, ARF_RND_UP), acc = 0.0;
    arb_clear(l2); arf_clear(t);
    for (slong c = 0; c < cols; c++)
        for (slong r = 0; r < rows; r++) {   /* mid is rows x cols col-major; T^T in it */
            double w = fabs(T[c + r * tld]), p = l * T[c + r * tld];
            double s = mid[r + c * rows] + p, as = fabs(s);
            double a = naive ? as : up(up(up(as + rad[r + c * rows]) + up(up(as + fabs(p)) * KKT_U))
                                     + up(up(el * w) + KKT_ETA));
            acc = naive ? acc + a * a : up(acc + up(a * a));
        }
    double out = naive ? sqrt(acc) : up(sqrt(acc));
    return isfinite(out) ? out : INFINITY;
}

int pcc_dense_kkt_float(const pcc_cert_t *C, const arb_mat_t Gt, char *detail, size_t len)
{
    slong V = C->inst.V, N = C->inst.N, d = C->inst.d;
    size_t nv = (size_t) (N * V), dn = (size_t) (d * N), dv = (size_t) (d * V);
    int ok = 1, naive = kkt_hook_naive();
    if (d == 0 || N == 0 || V == 0) return 0;
    double *Hd = malloc(sizeof(double) * dn), *aH = malloc(sizeof(double) * dn);
    double *Wd = malloc(sizeof(double) * dv), *aW = malloc(sizeof(double) * dv);
    double *Gm = malloc(sizeof(double) * nv), *Gr = malloc(sizeof(double) * nv);
    double *m1 = malloc(sizeof(double) * (dv > dn ? dv : dn)), *r1 = malloc(sizeof(double) * (dv > dn ? dv : dn));
    double *m2 = malloc(sizeof(double) * (dv > dn ? dv : dn)), *r2 = malloc(sizeof(double) * (dv > dn ? dv : dn));
    arf_t t, u;
    arb_t bw, bh;
    double nw = INFINITY, nh = INFINITY;
    char a[320], b[320];
    arf_init(t); arf_init(u); arb_init(bw); arb_init(bh);
    if (!Hd || !aH || !Wd || !aW || !Gm || !Gr || !m1 || !r1 || !m2 || !r2) ok = 0;
    /* H (d x N) and W (V x d) column-major, exact */
    for (slong j = 0; j < d && ok; j++)
        for (slong i = 0; i < N && ok; i++) {
            ok = exact_double(Hd + j + i * d, fmpq_mat_entry(C->H, j, i), t, u);
            if (ok) aH[j + i * d] = fabs(Hd[j + i * d]);
        }
    for (slong k = 0; k < V && ok; k++)
        for (slong j = 0; j < d && ok; j++) {
            ok = exact_double(Wd + k + j * V, fmpq_mat_entry(C->W, k, j), t, u);
            if (ok) aW[k + j * V] = fabs(Wd[k + j * V]);
        }
    /* G^T (N x V) column-major: Gm = mid rounded to nearest, Gr >= |G - Gm| (upward) */
    for (slong i = 0; i < N && ok; i++)
        for (slong k = 0; k < V; k++) {
            arb_srcptr g = arb_mat_entry(Gt, i, k);
            double gm = arf_get_d(arb_midref(g), ARF_RND_NEAR);
            if (!isfinite(gm) || !mag_is_finite(arb_radref(g))) { ok = 0; break; }
            /* |mid - gm| < ulp(gm) <= 2u |gm| (+ 2^-1074 if subnormal), for any rounding */
            Gm[i + k * N] = gm;
            Gr[i + k * N] = up(up(mag_get_d(arb_radref(g)) + up(fabs(gm) * 0x1p-52)) + KKT_ETA);
            if (!isfinite(Gr[i + k * N])) { ok = 0; break; }
        }
    /* X = H G^T + 2 lambda_W W^T (d x V): |H G^T - m1| <= r1 + |H| Gr <= r1 + m2 + r2 */
    if (ok && (chk_float_product_enclosure(m1, r1, Hd, Gm, d, N, V) ||
               chk_float_product_enclosure(m2, r2, aH, Gr, d, N, V))) ok = 0;
    if (ok) {
        for (size_t j = 0; j < dv; j++) r1[j] = up(up(r1[j] + m2[j]) + r2[j]);
        nw = frob(m1, r1, C->lambda_W, Wd, d, V, V, naive);
    }
    /* Y = G^T W + 2 lambda_H H^T (N x d): |G^T W - m1| <= r1 + Gr |W| <= r1 + m2 + r2 */
    if (ok && (chk_float_product_enclosure(m1, r1, Gm, Wd, N, V, d) ||
               chk_float_product_enclosure(m2, r2, Gr, aW, N, V, d))) ok = 0;
    if (ok) {
        for (size_t j = 0; j < dn; j++) r1[j] = up(up(r1[j] + m2[j]) + r2[j]);
        nh = frob(m1, r1, C->lambda_H, Hd, N, d, d, naive);
    }
    if (ok) {
        arb_set_d(bw, nw);   /* exact */
        arb_set_d(bh, nh);
        int ow = pcc_claim_bound(bw, C->residual_W, NULL, 1, "||G H^T + 2 lambda_W W||_F",
                                 KKT_FLOAT_PREC, a, sizeof a);
        int oh = pcc_claim_bound(bh, C->residual_H, NULL, 1, "||W^T G + 2 lambda_H H||_F",
                                 KKT_FLOAT_PREC, b, sizeof b);
        ok = ow == PCC_VERIFIED && oh == PCC_VERIFIED;
        if (ok) snprintf(detail, len, "%s; %s (binary64 products with a-priori rounding bounds, "
                         "SPEC 15)", a, b);
        else snprintf(detail, len, "the binary64 step did not prove it (upper ends %.17g, %.17g)",
                      nw, nh);
    } else {
        snprintf(detail, len, "the binary64 step did not apply (W or H not binary64, or a "
                 "non-finite value)");
    }
    free(Hd); free(aH); free(Wd); free(aW); free(Gm); free(Gr); free(m1); free(r1); free(m2); free(r2);
    arf_clear(t); arf_clear(u); arb_clear(bw); arb_clear(bh);
    return ok;
}
