/* The statistics of one ordered token set (probe.h, docs/probe.md).
 *
 * With G = Pi X X^T Pi (Pi = I - J/m) and S_k = sum_i G[i][(i + k) mod m]:
 *   circ(G) has first row S_k / m, and ||G - circ(G)||_F^2 = ||G||_F^2 - (1/m) sum_k S_k^2;
 *   ||G - t (I - J/m)||_F^2 = ||G||_F^2 - tr(G)^2 / (m - 1) at t = tr(G)/(m - 1) >= 0;
 *   the eigenvalues of circ(G) are lambda_j = (1/m) sum_k S_k cos(2 pi j k / m), summing to tr G;
 *   the share of frequency j is lambda_j / tr G (j and m - j counted together).
 * The exact version scales the doubles to integers (one common power of two), so G, S_k and the
 * squared deviations are exact integers and rationals; Arb encloses the square roots and cosines. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <arb.h>
#include <fmpz_mat.h>
#include <lapacke.h>
#include "probe_internal.h"

void pc_probe_stats_init(pc_probe_stats_t *s, slong m)
{
    memset(s, 0, sizeof *s);
    s->m = m;
    s->frequency_energy = calloc((size_t) (m / 2 + 1), sizeof(double));
    s->plane = calloc((size_t) (2 * m), sizeof(double));
}

void pc_probe_stats_clear(pc_probe_stats_t *s)
{
    free(s->frequency_energy);
    free(s->plane);
    memset(s, 0, sizeof *s);
}

void pc_probe_centered_gram(double *G, const double *X, slong m, slong dim)
{
    double *mean = calloc((size_t) dim, sizeof(double)), *Xc = malloc(sizeof(double) * (size_t) (m * dim));
    for (slong i = 0; i < m; i++)
        for (slong l = 0; l < dim; l++)
            mean[l] += X[i * dim + l] / (double) m;
    for (slong i = 0; i < m; i++)
        for (slong l = 0; l < dim; l++)
            Xc[i * dim + l] = X[i * dim + l] - mean[l];
    for (slong i = 0; i < m; i++)
        for (slong j = 0; j <= i; j++) {
            double acc = 0.0;
            for (slong l = 0; l < dim; l++)
                acc += Xc[i * dim + l] * Xc[j * dim + l];
            G[i * m + j] = G[j * m + i] = acc;
        }
    free(mean);
    free(Xc);
}

/* Coordinates on the plane of the two principal axes of G (its top two eigenvectors, scaled by
 * the square roots of their eigenvalues) and the cyclic-order test (binary64; a test, not a
 * proof): with dominant frequency j, token i is predicted at angle 2 pi j i / m, so the angular
 * order must be that of j i mod m, up to rotation and reflection; needs gcd(j, m) = 1. The plane
 * comes from the data, not from the Fourier basis: projecting an isotropic Gram on the Fourier
 * plane of the token order would put any set in cyclic order. */
static void plane_and_order(pc_probe_stats_t *s, const double *G, slong j)
{
    slong m = s->m;
    double *A = malloc(sizeof(double) * (size_t) (m * m)), *w = malloc(sizeof(double) * (size_t) m);
    memcpy(A, G, sizeof(double) * (size_t) (m * m));
    s->cyclic_order = 0;
    if (LAPACKE_dsyevd(LAPACK_ROW_MAJOR, 'V', 'U', (lapack_int) m, A, (lapack_int) m, w) == 0
        && w[m - 1] > 0 && w[m - 2] > 1e-12 * w[m - 1]) {
        double *theta = malloc(sizeof(double) * (size_t) m);
        for (slong i = 0; i < m; i++) {       /* eigenvalues ascending: the last two columns */
            s->plane[2 * i] = sqrt(w[m - 1]) * A[i * m + m - 1];
            s->plane[2 * i + 1] = sqrt(w[m - 2]) * A[i * m + m - 2];
            theta[i] = atan2(s->plane[2 * i + 1], s->plane[2 * i]);
        }
        slong a = j, b = m;
        while (b) { slong t = a % b; a = b; b = t; }
        int forward = a == 1, backward = a == 1;
        for (slong i = 0; i < m && (forward || backward); i++) {
            double rel = fmod(theta[i] - theta[0] + 4 * M_PI, 2 * M_PI);
            slong rank = 0;
            for (slong k = 0; k < m; k++)
                if (fmod(theta[k] - theta[0] + 4 * M_PI, 2 * M_PI) < rel)
                    rank++;
            slong predicted = (j * i) % m;
            forward = forward && rank == predicted;
            backward = backward && rank == (m - predicted) % m;
        }
        s->cyclic_order = forward || backward;
        free(theta);
    }
    free(A);
    free(w);
}

void pc_probe_plane_from_gram(pc_probe_stats_t *s, const double *G)
{
    s->dominant_frequency = 1;
    s->dominant_energy = s->frequency_energy[1];
    for (slong j = 2; j <= s->m / 2; j++)
        if (s->frequency_energy[j] > s->dominant_energy) {
            s->dominant_frequency = j;
            s->dominant_energy = s->frequency_energy[j];
        }
    plane_and_order(s, G, s->dominant_frequency);
}

void pc_probe_stats_float(pc_probe_stats_t *s, const double *X, slong m, slong dim)
{
    double *G = malloc(sizeof(double) * (size_t) (m * m));
    pc_probe_centered_gram(G, X, m, dim);
    pc_probe_stats_from_gram(s, G);
    free(G);
}

void pc_probe_stats_from_gram(pc_probe_stats_t *s, const double *G)
{
    slong m = s->m;
    double *S = calloc((size_t) m, sizeof(double));
    double F = 0, tr = 0, sum_sq = 0;
    for (slong i = 0; i < m; i++) {
        tr += G[i * m + i];
        for (slong k = 0; k < m; k++) {
            F += G[i * m + k] * G[i * m + k];
            S[k] += G[i * m + (i + k) % m];
        }
    }
    for (slong k = 0; k < m; k++)
        sum_sq += S[k] * S[k];
    s->circulant_deviation = F > 0 ? sqrt(fmax(0.0, 1 - sum_sq / m / F)) : 0;
    s->etf_deviation = F > 0 ? sqrt(fmax(0.0, 1 - tr * tr / ((double) (m - 1) * F))) : 0;
    for (slong j = 0; j <= m / 2; j++) {
        double lambda = 0;
        for (slong k = 0; k < m; k++)
            lambda += S[k] * cos(2 * M_PI * (double) ((j * k) % m) / (double) m);
        lambda /= (double) m;
        s->frequency_energy[j] = tr > 0 ? (j == 0 || 2 * j == m ? 1 : 2) * lambda / tr : 0;
    }
    pc_probe_plane_from_gram(s, G);
    free(S);
}

/* X scaled by one power of two to integers, exactly: Xi[i][l] = X[i][l] 2^-e. */
static void exact_integers(fmpz_mat_t Xi, const double *X, slong m, slong dim)
{
    int e_min = 1 << 20;
    for (slong t = 0; t < m * dim; t++)
        if (X[t] != 0) {
            int e;
            frexp(X[t], &e);
            if (e - 53 < e_min)
                e_min = e - 53;
        }
    for (slong i = 0; i < m; i++)
        for (slong l = 0; l < dim; l++) {
            int e;
            double frac = frexp(X[i * dim + l], &e);       /* X = frac 2^e, 0.5 <= |frac| < 1 */
            fmpz *z = fmpz_mat_entry(Xi, i, l);
            fmpz_set_d(z, ldexp(frac, 53));                 /* exact: a 53-bit integer */
            if (X[i * dim + l] != 0)
                fmpz_mul_2exp(z, z, (ulong) (e - 53 - e_min));
        }
}

/* sqrt(num / den) as a double, num, den >= 0 exact; the nearest double of an Arb enclosure. */
static double sqrt_ratio(const fmpz_t num, const fmpz_t den)
{
    if (fmpz_is_zero(den) || fmpz_sgn(num) <= 0)
        return 0.0;
    arb_t x;
    arb_init(x);
    arb_set_fmpz(x, num);
    arb_div_fmpz(x, x, den, 128);
    arb_sqrt(x, x, 128);
    double out = arf_get_d(arb_midref(x), ARF_RND_NEAR);
    arb_clear(x);
    return out;
}

void pc_probe_stats_exact(pc_probe_stats_t *s, const double *X, slong m, slong dim)
{
    fmpz_mat_t Xi, Xt, Gr, Gm;
    fmpz_mat_init(Xi, m, dim);
    fmpz_mat_init(Xt, dim, m);
    fmpz_mat_init(Gr, m, m);
    fmpz_mat_init(Gm, m, m);
    exact_integers(Xi, X, m, dim);
    fmpz_mat_transpose(Xt, Xi);
    fmpz_mat_mul(Gr, Xi, Xt);
    /* Gm = m^2 Pi Gr Pi = m^2 Gr - m r_i - m r_j + total (exact integers) */
    fmpz *r = _fmpz_vec_init(m), *S = _fmpz_vec_init(m);
    fmpz_t total, F, tr, t, num, den;
    fmpz_init(total); fmpz_init(F); fmpz_init(tr); fmpz_init(t); fmpz_init(num); fmpz_init(den);
    for (slong i = 0; i < m; i++) {
        for (slong k = 0; k < m; k++)
            fmpz_add(r + i, r + i, fmpz_mat_entry(Gr, i, k));
        fmpz_add(total, total, r + i);
    }
    for (slong i = 0; i < m; i++)
        for (slong k = 0; k < m; k++) {
            fmpz *g = fmpz_mat_entry(Gm, i, k);
            fmpz_mul_si(g, fmpz_mat_entry(Gr, i, k), m * m);
            fmpz_submul_si(g, r + i, m);
            fmpz_submul_si(g, r + k, m);
            fmpz_add(g, g, total);
        }
    for (slong i = 0; i < m; i++) {
        fmpz_add(tr, tr, fmpz_mat_entry(Gm, i, i));
        for (slong k = 0; k < m; k++) {
            fmpz_addmul(F, fmpz_mat_entry(Gm, i, k), fmpz_mat_entry(Gm, i, k));
            fmpz_add(S + k, S + k, fmpz_mat_entry(Gm, i, (i + k) % m));
        }
    }
    /* circulant: 1 - sum S_k^2 / (m F) = (m F - sum S_k^2) / (m F) */
    fmpz_zero(t);
    for (slong k = 0; k < m; k++)
        fmpz_addmul(t, S + k, S + k);
    fmpz_mul_si(den, F, m);
    fmpz_sub(num, den, t);
    s->circulant_deviation = sqrt_ratio(num, den);
    /* ETF: 1 - tr^2 / ((m - 1) F) */
    fmpz_mul_si(den, F, m - 1);
    fmpz_mul(t, tr, tr);
    fmpz_sub(num, den, t);
    s->etf_deviation = sqrt_ratio(num, den);
    /* shares: lambda_j / tr = sum_k S_k cos(2 pi j k / m) / (m tr) */
    arb_t acc, c, term;
    arb_init(acc); arb_init(c); arb_init(term);
    fmpq_t angle;
    fmpq_init(angle);
    for (slong j = 0; j <= m / 2; j++) {
        arb_zero(acc);
        for (slong k = 0; k < m; k++) {
            fmpq_set_si(angle, 2 * ((j * k) % m), (ulong) m);
            arb_cos_pi_fmpq(c, angle, 128);
            arb_mul_fmpz(term, c, S + k, 128);
            arb_add(acc, acc, term, 128);
        }
        if (!fmpz_is_zero(tr)) {
            arb_div_fmpz(acc, acc, tr, 128);
            arb_div_si(acc, acc, m, 128);
            arb_mul_si(acc, acc, (j == 0 || 2 * j == m) ? 1 : 2, 128);
            s->frequency_energy[j] = fmax(0.0, arf_get_d(arb_midref(acc), ARF_RND_NEAR));   /* >= 0: G is PSD */
        }
    }
    arb_clear(acc); arb_clear(c); arb_clear(term);
    fmpq_clear(angle);
    /* the plane and the order from the (nearest-double) centered Gram */
    double *G = malloc(sizeof(double) * (size_t) (m * m));
    slong top = WORD_MIN;
    for (slong i = 0; i < m * m; i++)
        if (!fmpz_is_zero(fmpz_mat_entry(Gm, i / m, i % m)))
            top = FLINT_MAX(top, (slong) fmpz_bits(fmpz_mat_entry(Gm, i / m, i % m)));
    for (slong i = 0; i < m * m; i++) {        /* G / 2^top, without overflow */
        slong e;
        double d = fmpz_get_d_2exp(&e, fmpz_mat_entry(Gm, i / m, i % m));
        G[i] = fmpz_is_zero(fmpz_mat_entry(Gm, i / m, i % m)) ? 0.0 : ldexp(d, (int) (e - top));
    }
    pc_probe_plane_from_gram(s, G);
    free(G);
    _fmpz_vec_clear(r, m);
    _fmpz_vec_clear(S, m);
    fmpz_clear(total); fmpz_clear(F); fmpz_clear(tr); fmpz_clear(t); fmpz_clear(num); fmpz_clear(den);
    fmpz_mat_clear(Xi); fmpz_mat_clear(Xt); fmpz_mat_clear(Gr); fmpz_mat_clear(Gm);
}
