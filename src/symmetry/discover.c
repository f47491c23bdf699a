/* Symmetry discovery with nauty (symmetry.h, docs/groups.md).
 *
 * The coloured graph: vertices 0..N-1 are the contexts, N..N+V-1 the tokens (two colour
 * classes). The nonzero target values are sorted exactly (fmpq_cmp); entries of the most frequent
 * value become plain edges i -- k, every other nonzero entry (i, k) a subdivision vertex of the
 * colour of its value, joined to i and k. An automorphism of this graph preserving the colours
 * maps contexts to contexts, tokens to tokens, and entry vertices to entry vertices of the same
 * value, so its restriction (tau, sigma) satisfies P[tau(i)][sigma(k)] = P[i][k]; conversely
 * every such pair extends uniquely (an entry vertex is determined by its two neighbours). The
 * restriction is faithful. The search is nauty's Traces (faster than nauty on these large sparse
 * graphs); its order estimate is a double, so the exact order is computed afterwards from the
 * generators (order.c). */
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <nauty.h>
#include <nausparse.h>
#include <traces.h>
#include "symmetry_internal.h"

typedef struct {
    const fmpq *value;
    slong entry;                /* i * V + k */
} valued_entry_t;

static int compare_entries(const void *x, const void *y)
{
    const valued_entry_t *a = x, *b = y;
    int c = fmpq_cmp(a->value, b->value);
    if (c != 0) return c;
    return (a->entry > b->entry) - (a->entry < b->entry);
}

/* The state shared with nauty's callbacks (nauty itself is not re-entrant either). */
static struct {
    pc_symmetry_t *sym;
    slong V, N;
    double time_limit;
    int timed_out;
} search;

/* Traces calls this for each generator it finds: the restriction to contexts and tokens. */
static void on_automorphism(int count, int *perm, int n)
{
    pc_symmetry_t *sym = search.sym;
    slong V = search.V, N = search.N, g = sym->num_generators;
    sym->token_generators = realloc(sym->token_generators, (size_t) (g + 1) * sizeof(slong *));
    sym->context_generators = realloc(sym->context_generators, (size_t) (g + 1) * sizeof(slong *));
    slong *sigma = malloc((size_t) V * sizeof *sigma), *tau = malloc((size_t) N * sizeof *tau);
    if (sym->token_generators == NULL || sym->context_generators == NULL || sigma == NULL
        || tau == NULL)
        abort();
    for (slong i = 0; i < N; i++) tau[i] = perm[i];
    for (slong k = 0; k < V; k++) sigma[k] = perm[N + k] - N;
    sym->token_generators[g] = sigma;
    sym->context_generators[g] = tau;
    sym->num_generators = g + 1;
}

/* The time limit: a thread that sets nauty_kill_request (which Traces polls) when the limit
 * passes before watchdog_stop is called. */
static struct {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t done_signal;
    int done, fired;
    struct timespec deadline;
} watchdog = { .lock = PTHREAD_MUTEX_INITIALIZER, .done_signal = PTHREAD_COND_INITIALIZER };

static void *watchdog_run(void *arg)
{
    pthread_mutex_lock(&watchdog.lock);
    while (!watchdog.done) {
        if (pthread_cond_timedwait(&watchdog.done_signal, &watchdog.lock, &watchdog.deadline)
            == ETIMEDOUT) {
            if (!watchdog.done) {
                watchdog.fired = 1;
                nauty_kill_request = 1;
            }
            break;
        }
    }
    pthread_mutex_unlock(&watchdog.lock);
    return NULL;
}

static void watchdog_start(double seconds)
{
    clock_gettime(CLOCK_REALTIME, &watchdog.deadline);
    double whole = (double) (long) seconds;
    watchdog.deadline.tv_sec += (time_t) whole;
    watchdog.deadline.tv_nsec += (long) ((seconds - whole) * 1e9);
    if (watchdog.deadline.tv_nsec >= 1000000000L) {
        watchdog.deadline.tv_sec++;
        watchdog.deadline.tv_nsec -= 1000000000L;
    }
    watchdog.done = watchdog.fired = 0;
    nauty_kill_request = 0;
    if (pthread_create(&watchdog.thread, NULL, watchdog_run, NULL) != 0) abort();
}

/* Stops the watchdog; 1 if it fired (the search was stopped). */
static int watchdog_stop(void)
{
    pthread_mutex_lock(&watchdog.lock);
    watchdog.done = 1;
    pthread_cond_signal(&watchdog.done_signal);
    pthread_mutex_unlock(&watchdog.lock);
    pthread_join(watchdog.thread, NULL);
    nauty_kill_request = 0;
    return watchdog.fired;
}

/* The nonzero entries of the targets, sorted by value, with their colour (value class). For the
 * dense form the values point into the instance; otherwise into *store (caller clears). */
static slong collect_entries(valued_entry_t **out, fmpq **store, const pc_instance_t *inst)
{
    slong V = inst->tokens, N = inst->contexts, count = 0;
    *store = NULL;
    if (inst->form != PC_TARGETS_DENSE) *store = _fmpq_vec_init(N * V);
    valued_entry_t *e = malloc((size_t) (N * V > 0 ? N * V : 1) * sizeof *e);
    if (e == NULL) abort();
    for (slong i = 0; i < N; i++)
        for (slong k = 0; k < V; k++) {
            const fmpq *x;
            if (inst->form == PC_TARGETS_DENSE) {
                x = inst->dense + i * V + k;
            } else {
                pc_instance_target(*store + i * V + k, inst, i, k);
                x = *store + i * V + k;
            }
            if (fmpq_is_zero(x)) continue;
            e[count].value = x;
            e[count].entry = i * V + k;
            count++;
        }
    qsort(e, (size_t) count, sizeof *e, compare_entries);
    *out = e;
    return count;
}

/* Builds the coloured graph (header comment) and runs nauty; the callbacks fill search.sym. */
static void run_nauty(const pc_instance_t *inst, valued_entry_t *e, slong count)
{
    slong V = inst->tokens, N = inst->contexts;
    /* colour of each sorted entry, and the most frequent colour */
    slong *colour = malloc((size_t) (count > 0 ? count : 1) * sizeof *colour);
    slong ncolours = 0, best = 0, best_count = 0, run = 0;
    for (slong t = 0; t < count; t++) {
        if (t > 0 && !fmpq_equal(e[t].value, e[t - 1].value)) { ncolours++; run = 0; }
        colour[t] = ncolours;
        if (++run > best_count) { best_count = run; best = ncolours; }
    }
    slong subdivided = count - best_count;
    size_t nv = (size_t) (N + V + subdivided);
    size_t nde = 2 * (size_t) best_count + 4 * (size_t) subdivided;
    sparsegraph sg;
    SG_INIT(sg);
    sg.nv = (int) nv;
    sg.nde = nde;
    sg.v = malloc(nv * sizeof *sg.v);
    sg.d = calloc(nv, sizeof *sg.d);
    sg.e = malloc((nde > 0 ? nde : 1) * sizeof *sg.e);
    sg.vlen = nv; sg.dlen = nv; sg.elen = nde;
    int *lab = malloc(nv * sizeof *lab), *ptn = malloc(nv * sizeof *ptn);
    int *orbits = malloc(nv * sizeof *orbits);
    if (colour == NULL || sg.v == NULL || sg.d == NULL || sg.e == NULL || lab == NULL
        || ptn == NULL || orbits == NULL)
        abort();
    /* entry vertices numbered by entry order (deterministic), after contexts and tokens */
    char *is_sub = calloc((size_t) (N * V > 0 ? N * V : 1), 1);
    if (is_sub == NULL) abort();
    for (slong t = 0; t < count; t++)
        if (colour[t] != best) is_sub[e[t].entry] = 1;
    slong *sub_id = malloc((size_t) (N * V > 0 ? N * V : 1) * sizeof *sub_id);
    if (sub_id == NULL) abort();
    slong next = N + V;
    for (slong x = 0; x < N * V; x++)
        sub_id[x] = is_sub[x] ? next++ : -1;
    for (slong t = 0; t < count; t++) {
        slong i = e[t].entry / V, k = e[t].entry % V;
        if (colour[t] == best) {
            sg.d[i]++; sg.d[N + k]++;
        } else {
            sg.d[i]++; sg.d[N + k]++; sg.d[sub_id[e[t].entry]] = 2;
        }
    }
    size_t offset = 0;
    for (size_t x = 0; x < nv; x++) { sg.v[x] = offset; offset += (size_t) sg.d[x]; }
    int *fill = calloc(nv, sizeof *fill);
    if (fill == NULL) abort();
#define ADD_EDGE(x, y) do { sg.e[sg.v[x] + fill[x]++] = (int) (y); \
                            sg.e[sg.v[y] + fill[y]++] = (int) (x); } while (0)
    for (slong t = 0; t < count; t++) {
        slong i = e[t].entry / V, k = e[t].entry % V;
        if (colour[t] == best) {
            ADD_EDGE(i, N + k);
        } else {
            ADD_EDGE(i, sub_id[e[t].entry]);
            ADD_EDGE(N + k, sub_id[e[t].entry]);
        }
    }
#undef ADD_EDGE
    /* the ordered partition: contexts | tokens | entry vertices by colour */
    slong pos = 0;
    for (slong i = 0; i < N; i++) { lab[pos] = (int) i; ptn[pos++] = 1; }
    ptn[pos - 1] = 0;
    for (slong k = 0; k < V; k++) { lab[pos] = (int) (N + k); ptn[pos++] = 1; }
    ptn[pos - 1] = 0;
    for (slong t = 0; t < count; t++) {
        if (colour[t] == best) continue;
        lab[pos] = (int) sub_id[e[t].entry];
        ptn[pos++] = (t + 1 < count && colour[t + 1] == colour[t]) ? 1 : 0;
    }
    free(is_sub); free(sub_id); free(fill); free(colour);

    DEFAULTOPTIONS_TRACES(options);
    TracesStats stats;
    options.defaultptn = FALSE;
    options.getcanon = FALSE;
    options.userautomproc = on_automorphism;
    permnode *ring = NULL;           /* Traces keeps its generators here; freed below */
    options.generators = &ring;
    watchdog_start(search.time_limit);
    Traces(&sg, lab, ptn, orbits, &options, &stats, NULL);
    if (watchdog_stop() || stats.errstatus != 0) search.timed_out = 1;
    freeschreier(NULL, &ring);
    schreier_freedyn();
    free(sg.v); free(sg.d); free(sg.e);
    free(lab); free(ptn); free(orbits);
    traces_freedyn();
}

pc_status_t pc_symmetry_discover(pc_symmetry_t *sym, const pc_instance_t *inst, double time_limit,
                                 pc_msg_t *msg)
{
    slong V = inst->tokens, N = inst->contexts;
    pc_symmetry_reset(sym, V, N);
    sym->present = 1;
    sym->discovered = 1;
    if (inst->form == PC_TARGETS_EXCHANGEABLE || inst->form == PC_TARGETS_CIRCULANT
        || inst->form == PC_TARGETS_GROUP_CIRCULANT) {
        snprintf(sym->note, sizeof sym->note, "no search: the %s form states its symmetry",
                 inst->form == PC_TARGETS_EXCHANGEABLE ? "exchangeable"
                 : inst->form == PC_TARGETS_CIRCULANT ? "circulant" : "group_circulant");
        return PC_NOT_PROVED;
    }
    if (V > PC_SYMMETRY_MAX_ENTRIES / N) {
        snprintf(sym->note, sizeof sym->note, "no search: N V = %ld x %ld exceeds the discovery "
                 "limit of %ld entries; certified without a symmetry", N, V,
                 PC_SYMMETRY_MAX_ENTRIES);
        return PC_NOT_PROVED;
    }
    clock_t start = clock();
    valued_entry_t *e;
    fmpq *store;
    slong count = collect_entries(&e, &store, inst);
    memset(&search, 0, sizeof search);
    search.sym = sym;
    search.V = V;
    search.N = N;
    search.time_limit = time_limit;
    run_nauty(inst, e, count);
    free(e);
    if (store != NULL) _fmpq_vec_clear(store, N * V);
    sym->seconds = (double) (clock() - start) / CLOCKS_PER_SEC;
    if (search.timed_out) {
        pc_symmetry_reset(sym, V, N);
        sym->present = 1;
        sym->discovered = 1;
        snprintf(sym->note, sizeof sym->note, "search stopped at the time limit of %g s "
                 "(nauty's Traces); certified without a symmetry", time_limit);
        return PC_NOT_PROVED;
    }
    sym->searched = 1;
    pc_symmetry_describe(sym);      /* the exact order by Schreier-Sims on the generators */
    return PC_OK;
}
