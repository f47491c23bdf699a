/* The below-the-rank pipeline (lowdim.h): search, exact rounding, enclosure of f, the
 * local-minimum proof, the symmetric comparison. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "lowdim_internal.h"
#include "peelcert/numbers.h"
#include "peelcert/verify.h"

#define PC_LOWDIM_MAX_UNKNOWNS 1200   /* n of the KKT system: dense n x n ball matrices */
#define PC_LOWDIM_SCALE_BITS 64

void pc_lowdim_result_init(pc_lowdim_result_t *res)
{
    memset(res, 0, sizeof *res);
    fmpq_mat_init(res->W, 0, 0);
    fmpq_mat_init(res->H, 0, 0);
    fmpq_mat_init(res->sym_W, 0, 0);
    fmpq_mat_init(res->sym_H, 0, 0);
    fmpq_init(res->lambda_W);
    fmpq_init(res->lambda_H);
    arb_init(res->upper);
    arb_init(res->symmetric_upper);
    arb_init(res->symmetric_lower);
    pc_lowdim_proof_init(&res->proof);
    res->symmetry_broken = -1;
}

void pc_lowdim_result_clear(pc_lowdim_result_t *res)
{
    fmpq_mat_clear(res->W);
    fmpq_mat_clear(res->H);
    fmpq_mat_clear(res->sym_W);
    fmpq_mat_clear(res->sym_H);
    fmpq_clear(res->lambda_W);
    fmpq_clear(res->lambda_H);
    arb_clear(res->upper);
    arb_clear(res->symmetric_upper);
    arb_clear(res->symmetric_lower);
    pc_lowdim_proof_clear(&res->proof);
}

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec + 1e-9 * (double) ts.tv_nsec;
}

/* A (exact) scaled by one exact t <= sqrt(budget / ||A||^2) when ||A||^2 > budget, so that
 * ||A||^2 <= budget holds exactly (checked); t has `bits` fractional bits (64: from a
 * binary64 square root, as always; more: from an Arb one, for a high-precision point). */
static void scale_into_budget(fmpq_mat_t A, const fmpq_t budget, slong bits)
{
    slong rows = fmpq_mat_nrows(A), cols = fmpq_mat_ncols(A);
    fmpq_t sum, ratio, t, t2;
    fmpq_init(sum); fmpq_init(ratio); fmpq_init(t); fmpq_init(t2);
    for (slong i = 0; i < rows; i++)
        for (slong j = 0; j < cols; j++)
            fmpq_addmul(sum, fmpq_mat_entry(A, i, j), fmpq_mat_entry(A, i, j));
    if (fmpq_cmp(sum, budget) > 0) {
        fmpq_div(ratio, budget, sum);
        /* t = floor(sqrt(ratio) 2^bits) / 2^bits, lowered until t^2 <= ratio exactly */
        fmpz_t num;
        fmpz_init(num);
        if (bits <= PC_LOWDIM_SCALE_BITS) {
            fmpz_set_d(num, floor(ldexp(sqrt(fmpq_get_d(ratio)), (int) bits)));
        } else {
            arb_t r;
            arf_t lo;
            arb_init(r);
            arf_init(lo);
            arb_set_fmpq(r, ratio, bits + 64);
            arb_sqrt(r, r, bits + 64);
            arb_mul_2exp_si(r, r, bits);
            arb_get_lbound_arf(lo, r, bits + 64);
            arf_get_fmpz(num, lo, ARF_RND_FLOOR);
            arb_clear(r);
            arf_clear(lo);
        }
        for (;;) {
            fmpq_set_fmpz_frac(t, num, (fmpz_t){1});
            fmpq_div_2exp(t, t, (ulong) bits);
            fmpq_mul(t2, t, t);
            if (fmpq_cmp(t2, ratio) <= 0)
                break;
            fmpz_sub_ui(num, num, 1);
        }
        fmpz_clear(num);
        fmpq_mat_scalar_mul_fmpq(A, A, t);
    }
    fmpq_clear(sum); fmpq_clear(ratio); fmpq_clear(t); fmpq_clear(t2);
}

/* A = exact doubles a (rows x cols), then scaled into the budget. */
static void exact_into_budget(fmpq_mat_t A, const double *a, const fmpq_t budget)
{
    slong rows = fmpq_mat_nrows(A), cols = fmpq_mat_ncols(A);
    for (slong i = 0; i < rows; i++)
        for (slong j = 0; j < cols; j++)
            pc_rational_set_double(fmpq_mat_entry(A, i, j), a[i * cols + j]);
    scale_into_budget(A, budget, PC_LOWDIM_SCALE_BITS);
}

/* W (V x d) and H (d x N) reset to zero matrices of the instance's sizes. */
static void reset_point(fmpq_mat_t W, fmpq_mat_t H, const pc_instance_t *inst)
{
    fmpq_mat_clear(W);
    fmpq_mat_clear(H);
    fmpq_mat_init(W, inst->tokens, inst->dim);
    fmpq_mat_init(H, inst->dim, inst->contexts);
}

/* upper encloses f(W H) at prec (W, H exact). */
static void enclose_value(arb_t upper, const fmpq_mat_t W, const fmpq_mat_t H,
                          const pc_instance_t *inst, slong prec)
{
    arb_mat_t Z;
    arb_mat_init(Z, inst->tokens, inst->contexts);
    pc_verify_dense_objective(upper, Z, W, H, inst, prec);
    arb_mat_clear(Z);
}

/* Exact (W, H) from doubles into the budgets, and the enclosure of f(W H). */
static void certify_point(arb_t upper, fmpq_mat_t W, fmpq_mat_t H, const double *Wd,
                          const double *Hd, const pc_instance_t *inst, slong prec)
{
    fmpq_t a, b;
    fmpq_init(a);
    fmpq_init(b);
    pc_instance_budgets(a, b, inst);
    reset_point(W, H, inst);
    exact_into_budget(W, Wd, a);
    exact_into_budget(H, Hd, b);
    enclose_value(upper, W, H, inst, prec);
    fmpq_clear(a);
    fmpq_clear(b);
}

/* Exact (W, H) from the midpoints of the high-precision point u (V d + d N leading
 * entries, exact dyadics) into the budgets (scale factor with prec + 64 bits: it moves the
 * point by far less than the box), and the enclosure of f(W H) at prec. */
static void certify_point_arb(arb_t upper, fmpq_mat_t W, fmpq_mat_t H, arb_srcptr u,
                              const pc_instance_t *inst, slong prec)
{
    slong V = inst->tokens, N = inst->contexts, d = inst->dim;
    fmpq_t a, b;
    fmpq_init(a);
    fmpq_init(b);
    pc_instance_budgets(a, b, inst);
    reset_point(W, H, inst);
    for (slong j = 0; j < V * d; j++)
        arf_get_fmpq(fmpq_mat_entry(W, j / d, j % d), arb_midref(u + j));
    for (slong j = 0; j < d * N; j++)
        arf_get_fmpq(fmpq_mat_entry(H, j / N, j % N), arb_midref(u + V * d + j));
    scale_into_budget(W, a, prec + 64);
    scale_into_budget(H, b, prec + 64);
    enclose_value(upper, W, H, inst, prec);
    fmpq_clear(a);
    fmpq_clear(b);
}

/* 1 if the V x N floating Z = W H is circulant to 1e-7 of its largest entry. */
static int numerically_circulant(const double *W, const double *H, slong n, slong d)
{
    double worst = 0.0, largest = 0.0;
    for (slong k = 0; k < n; k++)
        for (slong i = 0; i < n; i++) {
            double z = 0.0, z0 = 0.0;
            for (slong p = 0; p < d; p++) {
                z += W[k * d + p] * H[p * n + i];
                z0 += W[((k - i + n) % n) * d + p] * H[p * n + 0];
            }
            worst = fmax(worst, fabs(z - z0));
            largest = fmax(largest, fabs(z));
        }
    return worst <= 1e-7 * largest;
}

/* Budgets not binding at the best point (multipliers ~ 0): the minimum is not isolated
 * modulo O(d) on the spheres but may be modulo GL(d). Re-factor the same Z balanced and
 * strictly inside the budgets, polish on the interior KKT system, and if the floating
 * second-order check passes, make that the certified point (its f enclosed again) and try
 * the interior proof. Returns 1 if the interior proof was attempted. */
static int prove_interior(pc_lowdim_result_t *res, const pc_lowdim_point_t *best,
                          const pc_lowdim_problem_t *pb, const pc_instance_t *inst, slong prec)
{
    pc_lowdim_point_t ip;
    pc_lowdim_point_init(&ip, pb->V, pb->N, pb->d);
    memcpy(ip.W, best->W, sizeof(double) * (size_t) (pb->V * pb->d));
    memcpy(ip.H, best->H, sizeof(double) * (size_t) (pb->d * pb->N));
    pc_lowdim_rebalance(ip.W, ip.H, pb);
    pc_lowdim_newton_polish(&ip, pb, 8, 1);
    pc_lowdim_second_order(&ip, pb, NULL, 1);
    int attempted = 0;
    if (!(ip.min_curvature > 1e-11 * ip.penalty)) {
        snprintf(res->proof.why, sizeof res->proof.why, "the budgets do not bind (multipliers "
                 "%.2g, %.2g) and the interior second-order check fails (smallest eigenvalue %.3g "
                 "of Hess f + c A^T A modulo GL(d)): the minimum may not be isolated",
                 best->lambda_W, best->lambda_H, ip.min_curvature);
    } else {
        arb_t upper;
        fmpq_mat_t W, H;
        arb_init(upper);
        fmpq_mat_init(W, 0, 0);
        fmpq_mat_init(H, 0, 0);
        certify_point(upper, W, H, ip.W, ip.H, inst, prec);
        /* the same Z up to rounding: keep it only if its bound is not worse (by > 1e-14) */
        arb_t slack;
        arb_init(slack);
        arb_set_d(slack, 1e-14);
        arb_add(slack, slack, res->upper, prec);
        if (arb_le(upper, slack)) {
            fmpq_mat_swap(W, res->W);
            fmpq_mat_swap(H, res->H);
            arb_swap(upper, res->upper);
            fmpq_zero(res->lambda_W);
            fmpq_zero(res->lambda_H);
            pc_lowdim_prove_local_minimum(&res->proof, res->W, res->H, res->lambda_W,
                                          res->lambda_H, inst, ip.penalty, 0.0, prec, 1);
            attempted = 1;
        } else {
            snprintf(res->proof.why, sizeof res->proof.why, "the budgets do not bind; the "
                     "rebalanced interior point has a larger enclosure of f");
        }
        arb_clear(slack);
        arb_clear(upper);
        fmpq_mat_clear(W);
        fmpq_mat_clear(H);
    }
    pc_lowdim_point_clear(&ip);
    return attempted;
}

/* (W, H) + t (dW, dH), scaled back onto the spheres ||W||^2 = a, ||H||^2 = b (doubles). */
static void retract_along(double *W, double *H, const pc_lowdim_point_t *pt, const double *dir,
                          double t, const pc_lowdim_problem_t *pb)
{
    slong nw = pb->V * pb->d, nh = pb->d * pb->N;
    double sw = 0.0, sh = 0.0;
    for (slong j = 0; j < nw; j++) {
        W[j] = pt->W[j] + t * dir[j];
        sw += W[j] * W[j];
    }
    for (slong j = 0; j < nh; j++) {
        H[j] = pt->H[j] + t * dir[nw + j];
        sh += H[j] * H[j];
    }
    for (slong j = 0; j < nw; j++)
        W[j] *= sqrt(pb->a / sw);
    for (slong j = 0; j < nh; j++)
        H[j] *= sqrt(pb->b / sh);
}

/* max |Z1 - Z2| over the entries of Z = W H (O(d)-invariant: it compares the points modulo
 * the gauge). */
static double product_distance(const double *W1, const double *H1, const double *W2,
                               const double *H2, const pc_lowdim_problem_t *pb)
{
    double worst = 0.0;
    for (slong k = 0; k < pb->V; k++)
        for (slong i = 0; i < pb->N; i++) {
            double z1 = 0.0, z2 = 0.0;
            for (slong p = 0; p < pb->d; p++) {
                z1 += W1[k * pb->d + p] * H1[p * pb->N + i];
                z2 += W2[k * pb->d + p] * H2[p * pb->N + i];
            }
            worst = fmax(worst, fabs(z1 - z2));
        }
    return worst;
}

/* Why the projected Hessian is singular, measured (doubles, a diagnosis, not a proof): the
 * smallest eigenvalue of Hess L + c A^T A, the growth f(t) - f(0) along its eigenvector
 * (retracted onto the spheres) at t = 0.01 and 0.1 and the observed order
 * log10(growth(0.1) / growth(0.01)), and whether a local search restarted at t = 0.1 comes
 * back to the same value at a different product W H (a curve of minimisers, not isolated
 * modulo O(d)). */
static void explain_singular(char *why, size_t size, const pc_lowdim_point_t *best,
                             const pc_lowdim_problem_t *pb)
{
    slong nw = pb->V * pb->d, nh = pb->d * pb->N;
    pc_lowdim_point_t probe, back;
    pc_lowdim_point_init(&probe, pb->V, pb->N, pb->d);
    pc_lowdim_point_init(&back, pb->V, pb->N, pb->d);
    memcpy(probe.W, best->W, sizeof(double) * (size_t) nw);
    memcpy(probe.H, best->H, sizeof(double) * (size_t) nh);
    probe.lambda_W = best->lambda_W;
    probe.lambda_H = best->lambda_H;
    double *dir = malloc(sizeof(double) * (size_t) (2 * (nw + nh)));
    double *W = dir + nw + nh, *H = W + nw;
    pc_lowdim_second_order(&probe, pb, dir, 0);
    double f0 = pc_lowdim_objective(pb, best->W, best->H, NULL, NULL), growth[2];
    const double ts[2] = { 0.01, 0.1 };
    for (int j = 0; j < 2; j++) {
        retract_along(W, H, best, dir, ts[j], pb);
        growth[j] = pc_lowdim_objective(pb, W, H, NULL, NULL) - f0;
    }
    double order = growth[0] > 0 && growth[1] > 0 ? log10(growth[1] / growth[0]) : NAN;
    pc_lowdim_local_search(&back, pb, W, H, 2000, 1);
    double moved = product_distance(back.W, back.H, best->W, best->H, pb);
    int flat = fabs(back.value - f0) <= 1e-13 * fmax(1.0, fabs(f0)) && moved > 1e-6;
    snprintf(why, size, "singular projected Hessian: smallest eigenvalue %.2g of Hess L + c "
             "A^T A (c = %.2g, floating estimate, no enclosure); along its eigenvector f - f0 = "
             "%.2g at t = 0.01, %.2g at t = 0.1 (order t^%.1f); restarted at t = 0.1, the local "
             "search ends at f - f0 = %.2g, max |Z - Z0| = %.2g: %s", best->min_curvature,
             best->penalty, growth[0], growth[1], order, back.value - f0, moved,
             flat ? "numerically a curve of equal-value minimisers (not isolated modulo O(d); "
                    "no invariance beyond O(d) proved)"
                  : "a degenerate minimum (a higher-order argument would be needed)");
    free(dir);
    pc_lowdim_point_clear(&probe);
    pc_lowdim_point_clear(&back);
}

/* The projected Hessian is singular in doubles (docs/below-rank.md, "A curvature below
 * double precision"): walk along the near-flat curve to the minimum of f on it, refine the
 * KKT point there at high precision, and try the proof at that precision. The refined point
 * becomes the certified one only if its enclosure of f is not worse. On any failure the
 * floating diagnosis (explain_singular) is the note, with what the escalation measured. */
static void prove_flat(pc_lowdim_result_t *res, const pc_lowdim_point_t *best,
                       const pc_lowdim_problem_t *pb, const pc_instance_t *inst, slong prec)
{
    slong nx = pb->V * pb->d + pb->d * pb->N, n = pc_lowdim_system_size(pb->V, pb->N, pb->d, 0);
    pc_lowdim_point_t probe;
    pc_lowdim_point_init(&probe, pb->V, pb->N, pb->d);
    memcpy(probe.W, best->W, sizeof(double) * (size_t) (pb->V * pb->d));
    memcpy(probe.H, best->H, sizeof(double) * (size_t) (pb->d * pb->N));
    probe.lambda_W = best->lambda_W;
    probe.lambda_H = best->lambda_H;
    double *dir = malloc(sizeof(double) * (size_t) nx);
    pc_lowdim_second_order(&probe, pb, dir, 0);
    pc_lowdim_flat_t fl;
    pc_lowdim_flat_init(&fl, n);
    char failed[PC_MSG_LEN] = "";
    if (pc_lowdim_flat_refine(&fl, best, dir, pb, inst, best->penalty)) {
        arb_t upper, slack;
        fmpq_mat_t W, H;
        fmpq_t lW, lH;
        arb_init(upper);
        arb_init(slack);
        fmpq_mat_init(W, 0, 0);
        fmpq_mat_init(H, 0, 0);
        fmpq_init(lW);
        fmpq_init(lH);
        certify_point_arb(upper, W, H, fl.u, inst, fl.prec);
        arf_get_fmpq(lW, arb_midref(fl.u + nx));
        arf_get_fmpq(lH, arb_midref(fl.u + nx + 1));
        arb_set_d(slack, 1e-14);
        arb_add(slack, slack, res->upper, prec);
        if (arb_le(upper, slack)) {
            pc_lowdim_proof_t pf;
            pc_lowdim_proof_init(&pf);
            pc_lowdim_prove_local_minimum(&pf, W, H, lW, lH, inst, best->penalty, fl.curvature,
                                          fl.prec, 0);
            if (pf.proved) {
                fmpq_mat_swap(W, res->W);
                fmpq_mat_swap(H, res->H);
                fmpq_swap(lW, res->lambda_W);
                fmpq_swap(lH, res->lambda_H);
                arb_swap(upper, res->upper);
                size_t used = strlen(pf.why);
                snprintf(pf.why + used, sizeof pf.why - used, "; at %ld bits: the projected "
                         "Hessian is singular in doubles, so the point was moved %ld steps "
                         "along the near-flat curve to the minimum of f on it (f lower by "
                         "%.2g) and refined there (KKT residual %.2g; curvature estimate %.3g)",
                         (long) fl.prec, (long) fl.steps, fl.f_drop, fl.residual, fl.curvature);
                pc_lowdim_proof_clear(&res->proof);
                res->proof = pf;
            } else {
                snprintf(failed, sizeof failed, "at %ld bits after a walk of %ld steps along "
                         "the curve (curvature estimate %.3g): %.300s", (long) fl.prec,
                         (long) fl.steps, fl.curvature, pf.why);
                pc_lowdim_proof_clear(&pf);
            }
        } else {
            snprintf(failed, sizeof failed, "the point refined at high precision has a larger "
                     "enclosure of f");
        }
        arb_clear(upper);
        arb_clear(slack);
        fmpq_mat_clear(W);
        fmpq_mat_clear(H);
        fmpq_clear(lW);
        fmpq_clear(lH);
    } else {
        snprintf(failed, sizeof failed, "at high precision: %.400s", fl.why);
    }
    if (failed[0] != 0) {   /* what the escalation found first, then the floating diagnosis */
        char diagnosis[PC_MSG_LEN];
        explain_singular(diagnosis, sizeof diagnosis, best, pb);
        snprintf(res->proof.why, sizeof res->proof.why, "%.240s; in doubles: %.260s", failed,
                 diagnosis);
    }
    pc_lowdim_flat_clear(&fl);
    pc_lowdim_point_clear(&probe);
    free(dir);
}

/* The local-minimum proof for the best point: floating pre-checks first (a proof is
 * attempted only where it can succeed), then the spheres + O(d) proof, or the interior one. */
static void prove_best(pc_lowdim_result_t *res, const pc_lowdim_point_t *best,
                       const pc_lowdim_problem_t *pb, const pc_instance_t *inst, slong prec)
{
    double lambda_scale = fabs(best->lambda_W) + fabs(best->lambda_H);
    if (!(best->lambda_W > 1e-8 * lambda_scale + 1e-9 && best->lambda_H > 1e-8 * lambda_scale + 1e-9))
        prove_interior(res, best, pb, inst, prec);
    else if (!(best->min_curvature > 0))
        snprintf(res->proof.why, sizeof res->proof.why, "the floating second-order check failed "
                 "(smallest eigenvalue %.3g): the best point may be a saddle", best->min_curvature);
    else if (!(best->min_curvature > 1e-11 * best->penalty))
        prove_flat(res, best, pb, inst, prec);
    else
        pc_lowdim_prove_local_minimum(&res->proof, res->W, res->H, res->lambda_W,
                                      res->lambda_H, inst, best->penalty, 0.0, prec, 0);
}

pc_status_t pc_lowdim_certify(pc_lowdim_result_t *res, const pc_instance_t *inst,
                              slong prec, int progress, pc_msg_t *msg)
{
    slong V = inst->tokens, N = inst->contexts, d = inst->dim;
    if (pc_lowdim_unknowns(V, N, d) > PC_LOWDIM_MAX_UNKNOWNS)
        return pc_fail(msg, PC_BAD_INPUT, "below the rank: (V + N) d = %ld unknowns exceed "
                       "the factored solver's limit %d", (long) ((V + N) * d),
                       PC_LOWDIM_MAX_UNKNOWNS);
    double *P = pc_instance_targets_double(inst);
    if (P == NULL)
        return pc_fail(msg, PC_BAD_INPUT, "below the rank: the instance is too large");
    double start = seconds_now();
    double *PT = malloc(sizeof(double) * (size_t) (V * N));
    for (slong i = 0; i < N; i++)
        for (slong k = 0; k < V; k++)
            PT[k * N + i] = P[i * V + k];
    fmpq_t a, b;
    fmpq_init(a);
    fmpq_init(b);
    pc_instance_budgets(a, b, inst);
    pc_lowdim_problem_t pb = { V, N, d, PT, fmpq_get_d(a), fmpq_get_d(b) };

    /* symmetric candidates on cyclic instances: certified separately, and seeds */
    pc_lowdim_symmetric_t sym;
    pc_lowdim_symmetric_init(&sym);
    fmpq *q = NULL;
    int cyclic = V == N && inst->form != PC_TARGETS_ONEHOT && d <= 8;
    if (cyclic) {
        q = _fmpq_vec_init(V);
        cyclic = pc_instance_is_circulant(inst, q);
    }
    pc_msg_t ignored;
    if (cyclic && pc_lowdim_symmetric_search(&sym, q, V, d, a, b, prec, &ignored) == PC_OK
        && sym.W != NULL) {
        res->has_symmetric = 1;
        certify_point(res->symmetric_upper, res->sym_W, res->sym_H, sym.W, sym.H, inst, prec);
        arb_set(res->symmetric_lower, sym.lower);
        res->sym_num = sym.best_num;
        memcpy(res->sym_set, sym.best_set, sizeof(slong) * (size_t) sym.best_num);
    }
    /* seeds: the symmetric candidate, slightly perturbed (its zero columns, if any, are a
     * saddle that a local method would never leave) */
    double *seed_W[1], *seed_H[1];
    slong num_seeds = 0;
    double *seed = NULL;
    if (res->has_symmetric) {
        seed = malloc(sizeof(double) * (size_t) (V * d + d * N));
        for (slong j = 0; j < V * d + d * N; j++) {
            double base = j < V * d ? sym.W[j] : sym.H[j - V * d];
            seed[j] = base + 1e-3 * sin(1.0 + 7.0 * (double) j);
        }
        seed_W[0] = seed;
        seed_H[0] = seed + V * d;
        num_seeds = 1;
    }
    pc_lowdim_options_t opt;
    pc_lowdim_options_default(&opt);
    pc_lowdim_point_t best;
    pc_lowdim_point_init(&best, V, N, d);
    if (progress)
        fprintf(stderr, "peelcert: below the rank: %ld starts of L-BFGS on the budget spheres "
                "(d = %ld)\n", (long) (opt.random_starts + num_seeds), (long) d);
    pc_lowdim_search(&best, &pb, &opt, seed_W, seed_H, num_seeds);
    res->starts = best.starts;
    certify_point(res->upper, res->W, res->H, best.W, best.H, inst, prec);
    pc_rational_set_double(res->lambda_W, best.lambda_W);
    pc_rational_set_double(res->lambda_H, best.lambda_H);
    res->search_seconds = seconds_now() - start;
    res->done = 1;

    /* the proof for the best point */
    double proof_start = seconds_now();
    prove_best(res, &best, &pb, inst, prec);
    res->proof_seconds = seconds_now() - proof_start;
    if (progress)
        fprintf(stderr, "peelcert: below the rank: search %.2f s, proof %.2f s\n",
                res->search_seconds, res->proof_seconds);

    /* symmetry: broken if proved strictly better than every circulant point of rank <= d */
    if (res->has_symmetric) {
        arb_t diff;
        arb_init(diff);
        arb_sub(diff, res->symmetric_lower, res->upper, prec);
        if (arb_is_positive(diff))
            res->symmetry_broken = 1;
        else if (numerically_circulant(best.W, best.H, V, d)
                 || !(arf_get_d(arb_midref(res->upper), ARF_RND_NEAR)
                      < arf_get_d(arb_midref(res->symmetric_upper), ARF_RND_NEAR) - 1e-12))
            res->symmetry_broken = 0;
        else
            res->symmetry_broken = -1;
        arb_clear(diff);
    }
    snprintf(res->note, sizeof res->note, "best of %ld starts (start %ld), floating value %.15g, "
             "KKT residual %.2g, smallest penalised curvature %.3g",
             (long) res->starts, (long) best.best_start, best.value, best.grad_norm,
             best.min_curvature);
    pc_lowdim_point_clear(&best);
    pc_lowdim_symmetric_clear(&sym);
    if (q != NULL)
        _fmpq_vec_clear(q, V);
    free(seed);
    free(PT);
    free(P);
    fmpq_clear(a);
    fmpq_clear(b);
    return PC_OK;
}

json_t *pc_lowdim_result_json(const pc_lowdim_result_t *res, const arb_t convex_lower)
{
    json_t *o = json_object();
    char *text = pc_arb_decimal_outward(res->upper, 20, 0);
    json_object_set_new(o, "upper", json_string(text));
    free(text);
    json_object_set_new(o, "local_minimum", json_string(res->proof.proved ? "proved" : "not proved"));
    json_object_set_new(o, "local_minimum_note", json_string(res->proof.why));
    if (res->proof.proved) {
        /* 30 places, or enough for 4 significant digits of a smaller radius */
        double lg = -log10(fmpq_get_d(res->proof.radius_exact));
        slong places = lg + 4 > 30 ? (slong) lg + 4 : 30;
        text = pc_rational_decimal_outward(res->proof.radius_exact, places, 0);
        json_object_set_new(o, "box_radius", json_string(text));
        free(text);
        if (res->proof.precision > 0)
            json_object_set_new(o, "proof_precision", json_integer(res->proof.precision));
        if (!fmpq_is_zero(res->proof.curvature_lower)) {
            char num[64];
            snprintf(num, sizeof num, "%.6g", fmpq_get_d(res->proof.curvature_lower));
            json_object_set_new(o, "curvature_lower", json_string(num));
        }
    } else {
        json_object_set_new(o, "box_radius", json_null());
    }
    if (convex_lower != NULL) {
        arb_t gap;
        arb_init(gap);
        arb_sub(gap, res->upper, convex_lower, 128);
        text = pc_arb_decimal_outward(gap, 20, 0);
        json_object_set_new(o, "gap_to_convex_lower", json_string(text));
        free(text);
        arb_clear(gap);
    }
    if (res->has_symmetric) {
        text = pc_arb_decimal_outward(res->symmetric_upper, 20, 0);
        json_object_set_new(o, "symmetric_upper", json_string(text));
        free(text);
        text = pc_arb_decimal_outward(res->symmetric_lower, 20, 1);
        json_object_set_new(o, "symmetric_lower", json_string(text));
        free(text);
        json_t *set = json_array();
        for (slong j = 0; j < res->sym_num; j++)
            json_array_append_new(set, json_integer(res->sym_set[j]));
        json_object_set_new(o, "symmetric_frequencies", set);
    } else {
        json_object_set_new(o, "symmetric_upper", json_null());
    }
    if (res->symmetry_broken == 1)
        json_object_set_new(o, "symmetry_broken", json_true());
    else if (res->symmetry_broken == 0)
        json_object_set_new(o, "symmetry_broken", json_false());
    else
        json_object_set_new(o, "symmetry_broken", json_string("undecided"));
    json_object_set_new(o, "starts", json_integer(res->starts));
    json_object_set_new(o, "note", json_string(res->note));
    return o;
}
