/* The cyclic-symmetry driver (SPEC 5a, 6; FORMAT.md kind circulant):
 * floating candidate -> multiprecision Newton on the active-set KKT system ->
 * exact rounding -> Arb proofs of feasibility, upper and lower bounds, regime.
 * The precision doubles until the requested gap is proved or the ceiling is hit. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <acb.h>
#include "peelcert/cyclic.h"
#include "cyclic_internal.h"

#define CYCLIC_DEFAULT_MAX_PREC 8192

static double cyclic_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

void pc_cyclic_result_init(pc_cyclic_result_t *res)
{
    res->n = 0;
    pc_abelian_set_cyclic(&res->group, 1);
    res->c = NULL;
    res->r = NULL;
    arb_init(res->upper);
    arb_init(res->lower);
    arb_init(res->nuclear);
    res->regime = PC_CYCLIC_UNDETERMINED;
    res->num_active = 0;
    res->active = NULL;
    res->gap = INFINITY;
    res->digits_reached = 0;
    res->prec = 0;
    res->float_interior = 0;
    res->float_gap = INFINITY;
    res->iterations = 0;
    res->seconds_float = res->seconds_refine = res->seconds_verify = 0.0;
    res->krawczyk_tried = res->krawczyk_proved = 0;
    res->krawczyk_radius = 0.0;
    res->krawczyk_note[0] = '\0';
    res->seconds_krawczyk = 0.0;
}

void pc_cyclic_result_clear(pc_cyclic_result_t *res)
{
    if (res->c != NULL) _fmpq_vec_clear(res->c, res->n);
    if (res->r != NULL) _fmpq_vec_clear(res->r, res->n);
    flint_free(res->active);
    arb_clear(res->upper);
    arb_clear(res->lower);
    arb_clear(res->nuclear);
    res->c = res->r = NULL;
    res->active = NULL;
}

/* One proved candidate: exact c, r and their enclosures. */
typedef struct {
    fmpq *c, *r;
    arb_t upper, lower, nuclear;
    arf_t gap;           /* upper end of upper - lower end of lower, rounded up */
} cyclic_candidate_t;

static void candidate_init(cyclic_candidate_t *x, slong n)
{
    x->c = _fmpq_vec_init(n);
    x->r = _fmpq_vec_init(n);
    arb_init(x->upper);
    arb_init(x->lower);
    arb_init(x->nuclear);
    arf_init(x->gap);
    arf_pos_inf(x->gap);
}

static void candidate_clear(cyclic_candidate_t *x, slong n)
{
    _fmpq_vec_clear(x->c, n);
    _fmpq_vec_clear(x->r, n);
    arb_clear(x->upper);
    arb_clear(x->lower);
    arb_clear(x->nuclear);
    arf_clear(x->gap);
}

/* Proves the bounds of x (x->c filled; x->r is set here: q itself when dual_is_q,
 * else the dyadic rounding of softmax(c) at 2^-bits). Returns 1 if sum |c_hat| < rho
 * is proved (then x->r, x->upper, x->lower, x->gap are valid), 0 otherwise. */
static int candidate_prove(cyclic_candidate_t *x, const fmpq *q, const pc_abelian_t *G,
                           const arb_t rho, int dual_is_q, slong bits, slong prec)
{
    slong n = G->n;
    arf_t lo;
    pc_abelian_nuclear_norm(x->nuclear, x->c, G, prec);
    if (!arb_lt(x->nuclear, rho)) {
        arf_pos_inf(x->gap);
        return 0;
    }
    if (dual_is_q) cyclic_fmpq_vec_set(x->r, q, n);
    else pc_cyclic_round_dual(x->r, x->c, n, bits, prec);
    arf_init(lo);
    pc_cyclic_cross_entropy(x->upper, q, x->c, n, prec);
    pc_abelian_dual_bound(x->lower, x->r, q, G, rho, prec);
    arb_get_ubound_arf(x->gap, x->upper, prec);
    arb_get_lbound_arf(lo, x->lower, prec);
    arf_sub(x->gap, x->gap, lo, prec, ARF_RND_UP);
    arf_clear(lo);
    return 1;
}

/* Largest D >= 0 with gap <= 10^-D (proved); 0 if none. */
static slong cyclic_digits_of_gap(const arf_t gap)
{
    arb_t t, l10;
    slong d = 0;
    fmpz_t f;
    if (!arf_is_finite(gap) || arf_sgn(gap) <= 0)
        return arf_sgn(gap) <= 0 && arf_is_finite(gap) ? WORD_MAX / 4 : 0;
    arb_init(t);
    arb_init(l10);
    fmpz_init(f);
    arb_set_arf(t, gap);
    arb_log(t, t, 64);
    arb_const_log10(l10, 64);
    arb_div(t, t, l10, 64);
    arb_neg(t, t);
    arb_floor(t, t, 64);
    if (arb_get_unique_fmpz(f, t) && fmpz_sgn(f) > 0)
        d = fmpz_get_si(f);
    else if (arb_is_positive(t)) {
        /* floor not unique: take the smaller value */
        arf_get_fmpz(f, arb_midref(t), ARF_RND_FLOOR);
        d = FLINT_MAX(fmpz_get_si(f) - 1, 0);
    }
    arb_clear(t);
    arb_clear(l10);
    fmpz_clear(f);
    return d;
}

/* Proved regime (FORMAT.md "Regime claims"). */
static pc_cyclic_regime_t cyclic_prove_regime(const fmpq *q, const pc_abelian_t *G,
                                              const arb_t lower, const arb_t rho, slong prec)
{
    slong n = G->n;
    arb_ptr l;
    arb_t h, mean, nuc;
    pc_cyclic_regime_t regime = PC_CYCLIC_UNDETERMINED;
    slong m;
    for (m = 0; m < n; m++)
        if (fmpq_is_zero(q + m))
            return PC_CYCLIC_BINDING;
    arb_init(h);
    pc_cyclic_entropy(h, q, n, prec);
    if (arb_gt(lower, h))
        regime = PC_CYCLIC_BINDING;
    arb_clear(h);
    if (regime != PC_CYCLIC_UNDETERMINED)
        return regime;
    l = _arb_vec_init(n);
    arb_init(mean);
    arb_init(nuc);
    for (m = 0; m < n; m++) {
        arb_set_fmpq(l + m, q + m, prec);
        arb_log(l + m, l + m, prec);
    }
    cyclic_vec_sum(mean, l, n, prec);
    arb_div_si(mean, mean, n, prec);
    for (m = 0; m < n; m++)
        arb_sub(l + m, l + m, mean, prec);
    pc_abelian_nuclear_norm_arb(nuc, l, G, prec);
    if (arb_lt(nuc, rho))
        regime = PC_CYCLIC_INTERIOR;
    _arb_vec_clear(l, n);
    arb_clear(mean);
    arb_clear(nuc);
    return regime;
}

/* Interior optimum (SPEC 3): c = centered log q at prec, r = q. */
static void cyclic_interior_point(arb_ptr c, const fmpq *q, slong n, slong prec)
{
    arb_t mean;
    arb_init(mean);
    for (slong m = 0; m < n; m++) {
        arb_set_fmpq(c + m, q + m, prec);
        arb_log(c + m, c + m, prec);
        arb_add(mean, mean, c + m, prec);
    }
    arb_div_si(mean, mean, n, prec);
    for (slong m = 0; m < n; m++) {
        arb_sub(c + m, c + m, mean, prec);
        arb_get_mid_arb(c + m, c + m);
    }
    arb_clear(mean);
}

/* Rounds the point c (midpoints) at prec and proves the candidate; shrinks more
 * if feasibility is not proved. Keeps it in best if its gap is smaller. */
static void cyclic_try(cyclic_candidate_t *best, int *have, arb_srcptr c, const fmpq *q,
                       const pc_abelian_t *G, const arb_t rho, slong bits, slong shrink_bits,
                       int dual_is_q, slong prec)
{
    slong n = G->n;
    cyclic_candidate_t x;
    int proved = 0;
    candidate_init(&x, n);
    for (slong attempt = 0; attempt < 4 && !proved; attempt++) {
        pc_cyclic_round_primal(x.c, c, n, bits, shrink_bits);
        proved = candidate_prove(&x, q, G, rho, dual_is_q, bits, prec);
        if (!proved) {
            /* shrink by more than the proved excess sum |c_hat| / rho - 1 */
            arb_t e;
            arb_init(e);
            arb_div(e, x.nuclear, rho, prec);
            arb_sub_ui(e, e, 1, prec);
            /* 2^-shrink_bits >= 4 * (upper end of the excess) */
            if (arb_is_finite(e)) {
                arf_t u;
                arf_init(u);
                arb_get_ubound_arf(u, e, prec);
                if (arf_sgn(u) > 0)
                    shrink_bits = FLINT_MIN(shrink_bits - 1, -arf_abs_bound_lt_2exp_si(u) - 2);
                else
                    shrink_bits = shrink_bits - 1;
                arf_clear(u);
            } else
                shrink_bits = shrink_bits / 2;
            shrink_bits = FLINT_MAX(shrink_bits, 4);
            arb_clear(e);
        }
    }
    if (proved && (!*have || arf_cmp(x.gap, best->gap) < 0)) {
        cyclic_candidate_t t = *best;
        *best = x;
        x = t;
        *have = 1;
    }
    candidate_clear(&x, n);
}

static void cyclic_store(pc_cyclic_result_t *res, cyclic_candidate_t *best, int have,
                         const slong *active, slong num_active, slong n)
{
    if (have) {
        res->c = _fmpq_vec_init(n);
        res->r = _fmpq_vec_init(n);
        cyclic_fmpq_vec_set(res->c, best->c, n);
        cyclic_fmpq_vec_set(res->r, best->r, n);
        arb_set(res->upper, best->upper);
        arb_set(res->lower, best->lower);
        arb_set(res->nuclear, best->nuclear);
        res->gap = arf_get_d(best->gap, ARF_RND_UP);
        res->digits_reached = cyclic_digits_of_gap(best->gap);
    }
    res->num_active = num_active;
    res->active = flint_malloc(sizeof(slong) * FLINT_MAX(num_active, 1));
    for (slong a = 0; a < num_active; a++)
        res->active[a] = active[a];
}

/* 1 if the best candidate's gap is proved <= target. */
static int cyclic_done(const cyclic_candidate_t *best, int have, const arb_t target)
{
    arb_t g;
    int done;
    if (!have) return 0;
    arb_init(g);
    arb_set_arf(g, best->gap);
    done = arb_le(g, target);
    arb_clear(g);
    return done;
}

/* Real unknowns of the active-set Newton system (without nu). */
static slong cyclic_unknowns(const slong *active, slong num_active, const pc_abelian_t *G)
{
    slong p = 0;
    for (slong a = 0; a < num_active; a++)
        p += pc_abelian_weight(G, active[a]);
    return p;
}

/* Rigorous KKT (extra information): the Krawczyk test around the refined point c, nu
 * (refined at prec if refined; otherwise refined here first at a modest precision,
 * which may update the active set). Fills the krawczyk fields of res. */
static void cyclic_prove_kkt(pc_cyclic_result_t *res, arb_ptr c, arb_t nu, slong *active,
                             slong *num_active, int refined, const fmpq *q,
                             const pc_abelian_t *G, const fmpq_t a, const fmpq_t b, slong prec)
{
    slong n = G->n;
    pc_msg_t kmsg;
    arb_t rho;
    double t0 = cyclic_now();
    kmsg.text[0] = '\0';
    if (*num_active < 1 || cyclic_unknowns(active, *num_active, G) > PC_CYCLIC_MAX_NEWTON) {
        snprintf(res->krawczyk_note, sizeof res->krawczyk_note, "not tried: %ld active "
                 "frequencies (limit %d real unknowns)", (long) *num_active, PC_CYCLIC_MAX_NEWTON);
        return;
    }
    arb_init(rho);
    if (!refined)
        prec = 128 + 2 * FLINT_BIT_COUNT(n);
    pc_cyclic_rho(rho, a, b, prec + 96);
    if (!refined && pc_abelian_refine(c, nu, active, num_active, q, G, rho, prec, &kmsg) != PC_OK) {
        snprintf(res->krawczyk_note, sizeof res->krawczyk_note, "not tried: %s", kmsg.text);
    } else {
        res->krawczyk_tried = 1;
        if (pc_abelian_krawczyk(&res->krawczyk_radius, c, nu, active, *num_active, q, G, rho,
                                prec + 32, &kmsg) == PC_OK)
            res->krawczyk_proved = 1;
        else
            snprintf(res->krawczyk_note, sizeof res->krawczyk_note, "%s", kmsg.text);
    }
    arb_clear(rho);
    res->seconds_krawczyk = cyclic_now() - t0;
}

static pc_status_t cyclic_check_input(const fmpq *q, slong n, const fmpq_t a, const fmpq_t b,
                                      pc_msg_t *msg)
{
    fmpq_t sum;
    int ok = 1;
    if (n < 1)
        return pc_fail(msg, PC_BAD_INPUT, "circulant: n = %ld must be at least 1", (long) n);
    if (fmpq_sgn(a) <= 0 || fmpq_sgn(b) <= 0)
        return pc_fail(msg, PC_BAD_INPUT, "circulant: budgets a, b must be positive");
    fmpq_init(sum);
    for (slong m = 0; m < n && ok; m++) {
        if (fmpq_sgn(q + m) < 0) ok = 0;
        fmpq_add(sum, sum, q + m);
    }
    if (ok && !fmpq_is_one(sum)) ok = 0;
    fmpq_clear(sum);
    if (!ok)
        return pc_fail(msg, PC_BAD_INPUT, "circulant: q must be >= 0 and sum to exactly 1");
    return PC_OK;
}

pc_status_t pc_cyclic_certify(pc_cyclic_result_t *res, const fmpq *q, slong n, const fmpq_t a,
                              const fmpq_t b, const pc_cyclic_options_t *opt, pc_msg_t *msg)
{
    pc_abelian_t G;
    if (n < 1)
        return pc_fail(msg, PC_BAD_INPUT, "circulant: n = %ld must be at least 1", (long) n);
    pc_abelian_set_cyclic(&G, n);
    return pc_abelian_certify(res, q, &G, a, b, opt, msg);
}

pc_status_t pc_abelian_certify(pc_cyclic_result_t *res, const fmpq *q, const pc_abelian_t *G,
                               const fmpq_t a, const fmpq_t b, const pc_cyclic_options_t *opt,
                               pc_msg_t *msg)
{
    slong n = G->n;
    slong digits = opt->digits > 0 ? opt->digits : 30;
    slong max_prec = opt->max_prec > 0 ? opt->max_prec : CYCLIC_DEFAULT_MAX_PREC;
    slong logn = FLINT_BIT_COUNT(n), digit_bits = (slong) ceil(digits * 3.3219280948873623);
    slong prec, num_active = 0, m;
    slong *active = NULL;
    double *qd = NULL, *cd = NULL, t0;
    arb_ptr c = NULL;
    arb_t rho, nu, target;
    cyclic_candidate_t best;
    pc_cyclic_float_info_t info;
    pc_status_t status;
    int have = 0, interior, refined = 0;
    char why[PC_MSG_LEN] = "";

    status = cyclic_check_input(q, n, a, b, msg);
    if (status != PC_OK)
        return status;
    pc_cyclic_result_clear(res);
    pc_cyclic_result_init(res);
    res->n = n;
    res->group = *G;
    arb_init(rho);
    arb_init(nu);
    arb_init(target);
    candidate_init(&best, n);
    active = flint_malloc(sizeof(slong) * n);   /* every representative (Z_2^k: n - 1) */
    qd = flint_malloc(sizeof(double) * n);
    cd = flint_malloc(sizeof(double) * n);
    c = _arb_vec_init(n);

    /* 1. floating candidate */
    t0 = cyclic_now();
    pc_cyclic_rho(rho, a, b, 128);
    for (m = 0; m < n; m++)
        qd[m] = fmpq_get_d(q + m);
    pc_abelian_solve_double(cd, &info, qd, G, arf_get_d(arb_midref(rho), ARF_RND_NEAR),
                           digits <= 12 ? 0.02 * pow(10.0, (double) -digits) : 1e-13, 100000);
    interior = info.interior;
    res->float_interior = interior;
    res->float_gap = info.gap;
    res->iterations = info.iterations;
    num_active = interior ? 0 : pc_abelian_active_double(active, cd, G, 1e-9);
    for (m = 0; m < n; m++)
        arb_set_d(c + m, cd[m]);
    res->seconds_float = cyclic_now() - t0;
    if (opt->progress)
        fprintf(stderr, "cyclic: n = %ld, float %s, gap %.3g, %ld iterations, %ld active, %.2f s\n",
                (long) n, interior ? "interior" : "binding", info.gap, (long) info.iterations,
                (long) num_active, res->seconds_float);

    /* 2. a cheap try: the floating point itself (enough for ~12 digits) */
    if (!interior && digits <= 12) {
        t0 = cyclic_now();
        prec = 64 + 2 * logn;
        pc_cyclic_rho(rho, a, b, prec);
        cyclic_try(&best, &have, c, q, G, rho, 64, 60, 0, prec);
        res->prec = prec;
        res->seconds_verify += cyclic_now() - t0;
    }

    /* 3. refine and prove, doubling the precision */
    arb_one(target);
    arb_div_ui(target, target, 10, 64);
    arb_pow_ui(target, target, (ulong) digits, digit_bits + 64);
    for (prec = digit_bits + 2 * logn + 48; !cyclic_done(&best, have, target); prec *= 2) {
        slong p = FLINT_MIN(prec, max_prec);
        if (!interior && cyclic_unknowns(active, num_active, G) > PC_CYCLIC_MAX_NEWTON) {
            snprintf(why, sizeof why, "%ld active frequencies: the Newton system exceeds %d "
                     "unknowns, only the floating point was tried", (long) num_active,
                     PC_CYCLIC_MAX_NEWTON);
            break;
        }
        res->prec = p;
        pc_cyclic_rho(rho, a, b, p + 64);
        t0 = cyclic_now();
        if (interior) {
            cyclic_interior_point(c, q, n, p);
        } else {
            pc_msg_t rmsg;
            rmsg.text[0] = '\0';
            why[0] = '\0';
            refined = pc_abelian_refine(c, nu, active, &num_active, q, G, rho, p, &rmsg) == PC_OK;
            if (!refined)
                snprintf(why, sizeof why, "%s", rmsg.text);
        }
        res->seconds_refine += cyclic_now() - t0;
        t0 = cyclic_now();
        cyclic_try(&best, &have, c, q, G, rho, p, digit_bits + 34, interior, p + 64);
        res->seconds_verify += cyclic_now() - t0;
        if (opt->progress)
            fprintf(stderr, "cyclic: %ld bits, %ld active, gap %.3g\n", (long) p,
                    (long) num_active, have ? arf_get_d(best.gap, ARF_RND_UP) : INFINITY);
        if (p == max_prec) break;
    }

    /* 4. rigorous KKT on the refined point (binding only: the interior optimum is
     * centered log q in closed form) */
    if (!interior && have)
        cyclic_prove_kkt(res, c, nu, active, &num_active, refined, q, G, a, b, res->prec);
    else
        snprintf(res->krawczyk_note, sizeof res->krawczyk_note, "not tried: %s",
                 interior ? "interior optimum (closed form, SPEC 3)" : "no proved candidate");
    if (opt->progress)
        fprintf(stderr, "cyclic: krawczyk %s, radius %.3g, %.2f s%s%s\n",
                res->krawczyk_proved ? "proved" : "not proved", res->krawczyk_radius,
                res->seconds_krawczyk, res->krawczyk_note[0] ? ": " : "", res->krawczyk_note);

    /* 5. regime, result */
    t0 = cyclic_now();
    if (have)
        res->regime = cyclic_prove_regime(q, G, best.lower, rho, res->prec + 64);
    res->seconds_verify += cyclic_now() - t0;
    cyclic_store(res, &best, have, active, num_active, n);
    {
        if (cyclic_done(&best, have, target))
            status = PC_OK;
        else if (have)
            status = pc_fail(msg, PC_NOT_PROVED,
                             "circulant: certified gap %.3g reaches %ld digits, not the %ld asked "
                             "(precision %ld bits)%s%s", res->gap, (long) res->digits_reached,
                             (long) digits, (long) res->prec, why[0] ? "; " : "", why);
        else
            status = pc_fail(msg, PC_NOT_PROVED,
                             "circulant: no candidate proved feasible (precision %ld bits)%s%s",
                             (long) res->prec, why[0] ? "; " : "", why);
    }
    arb_clear(rho);
    arb_clear(nu);
    arb_clear(target);
    candidate_clear(&best, n);
    flint_free(active);
    flint_free(qd);
    flint_free(cd);
    _arb_vec_clear(c, n);
    return status;
}
