/* A plain discrete Fourier transform in doubles, for pictures of circulant optima only
 * (the certified transform is acb_dft in the verify module). Angles are reduced exactly
 * as integers (j m mod n) before the cosine, so no phase error accumulates with m. */
#include <math.h>
#include <stdlib.h>
#include "plot_internal.h"

void pc_plot_dft_one(double *re, double *im, const double *c, slong n, slong j)
{
    double sr = 0, si = 0;
    ulong step = (ulong) (((j % n) + n) % n), t = 0;
    for (slong m = 0; m < n; m++) {
        double angle = 2 * M_PI * (double) t / (double) n;
        sr += c[m] * cos(angle);
        si -= c[m] * sin(angle);
        t += step;
        if (t >= (ulong) n) t -= (ulong) n;
    }
    *re = sr;
    *im = si;
}

double *pc_plot_circulant_abs_root(const double *c, slong n)
{
    if (n <= 0 || n > PC_PLOT_MAX_DFT)
        return NULL;
    double *cosines = malloc(sizeof(double) * (size_t) n);
    double *modulus = malloc(sizeof(double) * (size_t) n);
    double *g = malloc(sizeof(double) * (size_t) n);
    for (slong t = 0; t < n; t++)
        cosines[t] = cos(2 * M_PI * (double) t / (double) n);
    for (slong j = 0; j < n; j++) {
        double re, im;
        pc_plot_dft_one(&re, &im, c, n, j);
        modulus[j] = hypot(re, im);
    }
    /* g_m = (1/n) sum_j |c_hat_j| cos(2 pi j m / n): |c_hat| is even in j, so g is real. */
    for (slong m = 0; m < n; m++) {
        double sum = 0;
        ulong t = 0;
        for (slong j = 0; j < n; j++) {
            sum += modulus[j] * cosines[t];
            t += (ulong) m;
            if (t >= (ulong) n) t -= (ulong) n;
        }
        g[m] = sum / (double) n;
    }
    free(cosines);
    free(modulus);
    return g;
}
