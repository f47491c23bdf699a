/* The large-instance projection onto the nuclear-norm ball (src/solver/dense_partial.c) against
 * the full-SVD projection: from a cold start (dsyevr), from a warm block after a tiny change of
 * the matrix (subspace iteration; the test asserts that the warm path was taken), and after an
 * unrelated matrix (the warm block must be refused or converge: either way the same result).
 * Also the estimated gap: never above the true gap by more than rounding (a Ritz value can only
 * underestimate ||Q - P||_op), and equal to it when it claims the target. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../../src/solver/solver_internal.h"

static int failures = 0;
#define EXPECT(c, ...) do { if (!(c)) { failures++; printf("FAIL "); } else printf("ok   "); \
                            printf(__VA_ARGS__); printf("\n"); } while (0)

static double uniform(unsigned *seed)
{
    return (double) rand_r(seed) / RAND_MAX - 0.5;
}

/* Z = the projection of A by the full SVD (the reference). */
static void full_projection(const double *A, slong V, slong N, double rho, double *Z, slong *r)
{
    slong k = V < N ? V : N;
    double *B = malloc(sizeof(double) * V * N), *U = malloc(sizeof(double) * V * k);
    double *VT = malloc(sizeof(double) * k * N), *s = malloc(sizeof(double) * k);
    memcpy(B, A, sizeof(double) * V * N);
    if (pc_dense_svd(B, V, N, s, U, VT) != 0) {
        failures++;
        printf("FAIL reference SVD\n");
    }
    *r = pc_l1_ball_project(s, k, rho);
    pc_svd_recompose(Z, U, s, VT, V, N, k, *r);
    free(B); free(U); free(VT); free(s);
}

static double max_abs_diff(const double *X, const double *Y, slong n, double *scale)
{
    double d = 0.0, m = 0.0;
    for (slong j = 0; j < n; j++) {
        d = fmax(d, fabs(X[j] - Y[j]));
        m = fmax(m, fabs(Y[j]));
    }
    *scale = m;
    return d;
}

static void compare(const char *what, const double *A, slong V, slong N, double rho,
                    pc_partial_state_t *st)
{
    double *Z = malloc(sizeof(double) * V * N), *Zref = malloc(sizeof(double) * V * N), scale;
    slong r = 0, rref = 0;
    int info = pc_dense_project_partial(A, V, N, rho, Z, &r, st);
    full_projection(A, V, N, rho, Zref, &rref);
    double d = max_abs_diff(Z, Zref, V * N, &scale);
    EXPECT(info == 0 && r == rref && d <= 1e-9 * scale, "%s: rank %ld (full SVD %ld), max "
           "|Z - Z_svd| = %.2e <= 1e-9 max |Z_svd| = %.2e (warm %ld, dsyevr %ld)", what, (long) r,
           (long) rref, d, 1e-9 * scale, (long) st->warm, (long) st->full);
    free(Z);
    free(Zref);
}

int main(void)
{
    slong V = 560, N = 520, n = V * N;
    unsigned seed = 7;
    double *A = malloc(sizeof(double) * n), *A2 = malloc(sizeof(double) * n);
    /* a low-rank signal plus noise, as FISTA's Y - step G looks: a clear top block */
    for (slong j = 0; j < n; j++)
        A[j] = 0.05 * uniform(&seed);
    for (slong t = 0; t < 40; t++) {
        double *u = malloc(sizeof(double) * V), *v = malloc(sizeof(double) * N);
        for (slong i = 0; i < V; i++) u[i] = uniform(&seed);
        for (slong i = 0; i < N; i++) v[i] = uniform(&seed);
        for (slong i = 0; i < V; i++)
            for (slong c = 0; c < N; c++)
                A[i * N + c] += (1.0 + 0.1 * (double) t) * u[i] * v[c];
        free(u); free(v);
    }
    double rho = 200.0;
    pc_partial_state_t st;
    memset(&st, 0, sizeof st);

    compare("cold start", A, V, N, rho, &st);
    EXPECT(st.full >= 1 && st.warm == 0, "cold start: dsyevr decided (%ld calls)", (long) st.full);

    for (slong j = 0; j < n; j++)
        A2[j] = A[j] * (1.0 + 1e-13 * uniform(&seed));
    slong warm_before = st.warm;
    compare("relative change 1e-13", A2, V, N, rho, &st);
    EXPECT(st.warm == warm_before + 1, "relative change 1e-13: the warm block was used");

    for (slong j = 0; j < n; j++)
        A2[j] = A[j] + 1e-3 * uniform(&seed);
    compare("change 1e-3 (the warm block may be refused)", A2, V, N, rho, &st);

    for (slong j = 0; j < n; j++)
        A2[j] = uniform(&seed);
    compare("unrelated noise matrix", A2, V, N, rho, &st);
    pc_dense_partial_clear(&st);
    EXPECT(st.X == NULL && st.kw == 0, "clear releases the warm block");

    free(A);
    free(A2);
    printf("%s\n", failures ? "FAILED" : "all passed");
    return failures != 0;
}
