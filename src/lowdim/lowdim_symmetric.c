/* Symmetric candidates below the rank (lowdim.h; docs/below-rank.md "Symmetric points").
 *
 * A circulant Z (SPEC 5a) has rank = embedding dimension of its Fourier support (2 per
 * conjugate pair, 1 for n/2). So the circulant points of (LP) at d are the union over
 * frequency sets S with embedding dimension <= d of the convex problems
 *     (C_S)  minimise CE(q, c)  subject to  supp(c_hat) in S u (n - S),  sum |c_hat_j| <= rho.
 * Each is solved in floating point (FISTA on the group-l1 ball of the Fourier
 * coordinates); the value is certified from below by restricted weak duality: for any r in
 * the simplex and c supported on S,
 *     CE(q, c) >= H(r) + <r - q, c> >= H(r) - (rho / n) max_{j in S} |(r - q)_hat_j|,
 * since <m, c> = (1/n) sum_j conj(m_hat_j) c_hat_j runs over S only. The minimum over sets
 * of these bounds is a certified lower bound on f at every circulant point of rank <= d. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <acb.h>
#include "lowdim_internal.h"
#include "peelcert/cyclic.h"

#define PC_SYM_MAX_PAIRS 4
#define PC_SYM_ITERATIONS 20000
#define PC_DUAL_BITS 60

void pc_lowdim_symmetric_init(pc_lowdim_symmetric_t *sym)
{
    memset(sym, 0, sizeof *sym);
    sym->best_value = INFINITY;
    arb_init(sym->lower);
    arb_pos_inf(sym->lower);
}

void pc_lowdim_symmetric_clear(pc_lowdim_symmetric_t *sym)
{
    free(sym->W);
    free(sym->H);
    sym->W = sym->H = NULL;
    arb_clear(sym->lower);
}

/* c (length n) from the group coordinates u (2 per pair: u_x, u_y; 1 for n/2):
 * c_m = (1/n) sum_pairs (u_x cos t - u_y sin t) + (1/n) u (-1)^m, t = 2 pi j m / n. */
static void coefficients_to_c(double *c, const double *u, const slong *set, slong num, slong n)
{
    for (slong m = 0; m < n; m++) {
        double s = 0.0;
        for (slong a = 0, o = 0; a < num; a++) {
            if (2 * set[a] == n) {
                s += u[o] * ((m & 1) ? -1.0 : 1.0);
                o += 1;
            } else {
                double t = 2 * M_PI * (double) (set[a] * m % n) / (double) n;
                s += u[o] * cos(t) - u[o + 1] * sin(t);
                o += 2;
            }
        }
        c[m] = s / (double) n;
    }
}

/* CE(q, c) and g = softmax(c) - q. */
static double cross_entropy(double *g, const double *c, const double *q, slong n)
{
    double mx = -INFINITY, s = 0.0, qc = 0.0;
    for (slong m = 0; m < n; m++)
        mx = fmax(mx, c[m]);
    for (slong m = 0; m < n; m++) {
        s += exp(c[m] - mx);
        qc += q[m] * c[m];
    }
    if (g != NULL)
        for (slong m = 0; m < n; m++)
            g[m] = exp(c[m] - mx) / s - q[m];
    return mx + log(s) - qc;
}

/* Projection of the groups of u onto { sum_a ||u_a|| <= radius }. */
static void project_groups(double *u, const slong *set, slong num, slong n, double radius)
{
    double norms[PC_SYM_MAX_PAIRS + 1], sorted[PC_SYM_MAX_PAIRS + 1], total = 0.0;
    for (slong a = 0, o = 0; a < num; a++) {
        slong w = 2 * set[a] == n ? 1 : 2;
        norms[a] = w == 1 ? fabs(u[o]) : hypot(u[o], u[o + 1]);
        total += norms[a];
        o += w;
    }
    if (total <= radius)
        return;
    memcpy(sorted, norms, sizeof(double) * (size_t) num);
    for (slong i = 1; i < num; i++)   /* insertion sort, decreasing */
        for (slong j = i; j > 0 && sorted[j] > sorted[j - 1]; j--) {
            double t = sorted[j]; sorted[j] = sorted[j - 1]; sorted[j - 1] = t;
        }
    double cum = 0.0, theta = 0.0;
    for (slong i = 0; i < num; i++) {
        cum += sorted[i];
        double th = (cum - radius) / (double) (i + 1);
        if (i == num - 1 || sorted[i + 1] <= th) {
            theta = th;
            break;
        }
    }
    for (slong a = 0, o = 0; a < num; a++) {
        slong w = 2 * set[a] == n ? 1 : 2;
        double scale = norms[a] > theta ? (norms[a] - theta) / norms[a] : 0.0;
        for (slong t = 0; t < w; t++)
            u[o + t] *= scale;
        o += w;
    }
}

/* FISTA for (C_S); c receives the best point, returns its value. */
static double solve_restricted(double *c, const double *q, const slong *set, slong num, slong n,
                               double rho)
{
    slong nu = 0;
    for (slong a = 0; a < num; a++)
        nu += 2 * set[a] == n ? 1 : 2;
    double u[2 * PC_SYM_MAX_PAIRS + 1], y[2 * PC_SYM_MAX_PAIRS + 1], prev[2 * PC_SYM_MAX_PAIRS + 1];
    double *g = malloc(sizeof(double) * (size_t) (2 * n)), *cc = g + n;
    /* start: the budget spread over the set, along the target's own Fourier phases */
    for (slong a = 0, o = 0; a < num; a++) {
        double re = 0.0, im = 0.0;
        for (slong m = 0; m < n; m++) {
            double t = 2 * M_PI * (double) (set[a] * m % n) / (double) n;
            re += q[m] * cos(t);
            im -= q[m] * sin(t);
        }
        double norm = hypot(re, im) > 0 ? hypot(re, im) : 1.0;
        if (2 * set[a] == n) {
            u[o++] = rho / (double) num * (re >= 0 ? 1.0 : -1.0);
        } else {
            u[o++] = rho / (double) num * re / norm;
            u[o++] = rho / (double) num * im / norm;
        }
    }
    project_groups(u, set, num, n, rho);
    memcpy(y, u, sizeof(double) * (size_t) nu);
    memcpy(prev, u, sizeof(double) * (size_t) nu);
    double step = (double) n, tk = 1.0, best = INFINITY, fprev = INFINITY;
    for (slong it = 0; it < PC_SYM_ITERATIONS; it++) {
        coefficients_to_c(cc, y, set, num, n);
        cross_entropy(g, cc, q, n);
        /* gradient in u: dc_m/du_x = cos t / n, dc_m/du_y = -sin t / n */
        double gu[2 * PC_SYM_MAX_PAIRS + 1];
        for (slong a = 0, o = 0; a < num; a++) {
            double gx = 0.0, gy = 0.0;
            for (slong m = 0; m < n; m++) {
                if (2 * set[a] == n) {
                    gx += g[m] * ((m & 1) ? -1.0 : 1.0);
                } else {
                    double t = 2 * M_PI * (double) (set[a] * m % n) / (double) n;
                    gx += g[m] * cos(t);
                    gy -= g[m] * sin(t);
                }
            }
            gu[o++] = gx / (double) n;
            if (2 * set[a] != n)
                gu[o++] = gy / (double) n;
        }
        for (slong j = 0; j < nu; j++)
            u[j] = y[j] - step * gu[j];
        project_groups(u, set, num, n, rho);
        coefficients_to_c(cc, u, set, num, n);
        double f = cross_entropy(NULL, cc, q, n);
        if (f < best) {
            best = f;
            memcpy(c, cc, sizeof(double) * (size_t) n);
        }
        double tn = 0.5 * (1.0 + sqrt(1.0 + 4.0 * tk * tk));
        double mom = f > fprev ? 0.0 : (tk - 1.0) / tn;   /* adaptive restart */
        if (f > fprev)
            tn = 1.0;
        for (slong j = 0; j < nu; j++) {
            y[j] = u[j] + mom * (u[j] - prev[j]);
            prev[j] = u[j];
        }
        tk = tn;
        fprev = f;
    }
    free(g);
    return best;
}

/* Certified lower bound of (C_S) from r = softmax(c) rounded into the simplex (exact). */
static void restricted_dual_bound(arb_t out, const double *c, const fmpq *q, const slong *set,
                                  slong num, slong n, const arb_t rho, slong prec)
{
    fmpq *r = _fmpq_vec_init(n);
    fmpz_t one, sum, v;
    fmpz_init(one);
    fmpz_init(sum);
    fmpz_init(v);
    fmpz_one(one);
    fmpz_mul_2exp(one, one, PC_DUAL_BITS);
    double mx = -INFINITY, s = 0.0;
    slong largest = 0;
    for (slong m = 0; m < n; m++)
        mx = fmax(mx, c[m]);
    for (slong m = 0; m < n; m++)
        s += exp(c[m] - mx);
    fmpz *num_r = _fmpz_vec_init(n);
    for (slong m = 0; m < n; m++) {
        double p = exp(c[m] - mx) / s;
        fmpz_set_d(num_r + m, floor(ldexp(p, PC_DUAL_BITS)));
        fmpz_add(sum, sum, num_r + m);
        if (c[m] > c[largest])
            largest = m;
    }
    fmpz_sub(v, one, sum);
    fmpz_add(num_r + largest, num_r + largest, v);
    for (slong m = 0; m < n; m++)
        fmpq_set_fmpz_frac(r + m, num_r + m, one);
    /* H(r) - (rho / n) max_{j in S} |(r - q)_hat_j| */
    arb_t ent, x, y, worst;
    acb_t acc, w;
    arb_init(ent); arb_init(x); arb_init(y); arb_init(worst);
    acb_init(acc); acb_init(w);
    pc_cyclic_entropy(ent, r, n, prec);
    arb_zero(worst);
    fmpq_t diff, angle;
    fmpq_init(diff);
    fmpq_init(angle);
    for (slong a = 0; a < num; a++) {
        acb_zero(acc);
        for (slong m = 0; m < n; m++) {
            fmpq_sub(diff, r + m, q + m);
            fmpq_set_si(angle, -2 * (set[a] * m % n), n);   /* exp(-2 pi i j m / n) */
            arb_set_fmpq(x, angle, prec);
            arb_sin_cos_pi(acb_imagref(w), acb_realref(w), x, prec);
            arb_set_fmpq(y, diff, prec);
            acb_mul_arb(w, w, y, prec);
            acb_add(acc, acc, w, prec);
        }
        acb_abs(x, acc, prec);
        arb_max(worst, worst, x, prec);
    }
    arb_mul(worst, worst, rho, prec);
    arb_div_si(worst, worst, n, prec);
    arb_sub(out, ent, worst, prec);
    fmpq_clear(diff);
    fmpq_clear(angle);
    arb_clear(ent); arb_clear(x); arb_clear(y); arb_clear(worst);
    acb_clear(acc); acb_clear(w);
    _fmpz_vec_clear(num_r, n);
    fmpz_clear(one);
    fmpz_clear(sum);
    fmpz_clear(v);
    _fmpq_vec_clear(r, n);
}

/* Balanced factors of the circulant with first column c, support S (SPEC 2, 5a), in
 * embedding-dimension many columns of W (V x d) and rows of H, the rest zero. */
static void balanced_factors(double *W, double *H, const double *c, const slong *set, slong num,
                             slong n, slong d, double a, double b)
{
    double fw = pow(a / b, 0.25), fh = pow(b / a, 0.25);
    memset(W, 0, sizeof(double) * (size_t) (n * d));
    memset(H, 0, sizeof(double) * (size_t) (d * n));
    slong col = 0;
    for (slong s = 0; s < num; s++) {
        slong j = set[s];
        double re = 0.0, im = 0.0;
        for (slong m = 0; m < n; m++) {
            double t = 2 * M_PI * (double) (j * m % n) / (double) n;
            re += c[m] * cos(t);
            im -= c[m] * sin(t);
        }
        if (2 * j == n) {
            double mag = fabs(re), sg = re >= 0 ? 1.0 : -1.0, sc = sqrt(mag / (double) n);
            for (slong k = 0; k < n; k++) {
                double e = (k & 1) ? -1.0 : 1.0;
                W[k * d + col] = sg * fw * sc * e;
                H[col * n + k] = fh * sc * e;
            }
            col += 1;
        } else {
            double mag = hypot(re, im), phi = atan2(im, re), sc = sqrt(2 * mag / (double) n);
            for (slong k = 0; k < n; k++) {
                double t = 2 * M_PI * (double) (j * k % n) / (double) n;
                W[k * d + col] = fw * sc * cos(t + phi);
                W[k * d + col + 1] = fw * sc * sin(t + phi);
                H[col * n + k] = fh * sc * cos(t);
                H[(col + 1) * n + k] = fh * sc * sin(t);
            }
            col += 2;
        }
    }
}

/* Next frequency set (increasing lists of 1..n/2) with embedding dimension <= d, in
 * lexicographic order by size then content; returns 0 when done. */
static int next_set(slong *set, slong *num, slong n, slong d)
{
    slong top = n / 2;
    for (;;) {
        /* advance the combination of size *num; grow the size when exhausted */
        slong i = *num - 1;
        while (i >= 0 && set[i] == top - (*num - 1 - i))
            i--;
        if (i < 0) {
            if (*num >= PC_SYM_MAX_PAIRS || *num + 1 > top)
                return 0;
            (*num)++;
            for (slong j = 0; j < *num; j++)
                set[j] = j + 1;
        } else {
            set[i]++;
            for (slong j = i + 1; j < *num; j++)
                set[j] = set[j - 1] + 1;
        }
        slong emb = 0;
        for (slong j = 0; j < *num; j++)
            emb += 2 * set[j] == n ? 1 : 2;
        if (emb <= d)
            return 1;
        if (*num == 1 && emb > d)   /* a single pair does not fit (d = 1): only n/2 can */
            continue;
    }
}

pc_status_t pc_lowdim_symmetric_search(pc_lowdim_symmetric_t *sym, const fmpq *q, slong n,
                                       slong d, const fmpq_t a, const fmpq_t b, slong prec,
                                       pc_msg_t *msg)
{
    if (d > 2 * PC_SYM_MAX_PAIRS || n < 2)
        return pc_fail(msg, PC_BAD_INPUT, "symmetric candidates: d = %ld is above the "
                       "enumeration limit %d (or n < 2)", (long) d, 2 * PC_SYM_MAX_PAIRS);
    double *qd = malloc(sizeof(double) * (size_t) (2 * n)), *c = qd + n;
    for (slong m = 0; m < n; m++)
        qd[m] = fmpq_get_d(q + m);
    double ad = fmpq_get_d(a), bd = fmpq_get_d(b), rho_d = sqrt(ad * bd);
    arb_t rho, bound;
    arb_init(rho);
    arb_init(bound);
    pc_cyclic_rho(rho, a, b, prec);
    slong set[PC_SYM_MAX_PAIRS], num = 0;
    sym->W = malloc(sizeof(double) * (size_t) (n * d));
    sym->H = malloc(sizeof(double) * (size_t) (d * n));
    arb_pos_inf(sym->lower);
    sym->num_sets = 0;
    while (next_set(set, &num, n, d)) {
        double value = solve_restricted(c, qd, set, num, n, rho_d);
        restricted_dual_bound(bound, c, q, set, num, n, rho, prec);
        if (sym->num_sets == 0)
            arb_set(sym->lower, bound);
        else
            arb_min(sym->lower, sym->lower, bound, prec);
        sym->num_sets++;
        if (value < sym->best_value) {
            sym->best_value = value;
            sym->best_num = num;
            memcpy(sym->best_set, set, sizeof(slong) * (size_t) num);
            balanced_factors(sym->W, sym->H, c, set, num, n, d, ad, bd);
        }
    }
    arb_clear(rho);
    arb_clear(bound);
    free(qd);
    if (sym->num_sets == 0) {
        free(sym->W);
        free(sym->H);
        sym->W = sym->H = NULL;
    }
    return PC_OK;
}
