/* Exact group order by deterministic Schreier-Sims (Holt, Eick, O'Brien, Handbook of
 * Computational Group Theory, 4.4.2, procedure SCHREIERSIMS), on the simultaneous action on
 * n = V + N points (tokens 0..V-1, contexts V..V+N-1: base points are the first moved
 * points, so tokens come first; their orbits are usually the smaller ones — AGL(1,101) on
 * 10,100 pair contexts: transversals of 201 instead of 10,100 permutations of 10,201 points).
 *
 * Permutations are arrays p[x] = image of x and act on the right: x^(gh) = (x^g)^h, so the
 * product gh is (gh)[x] = h[g[x]]. Level l has a base point b_l, strong generators S_l (fixing
 * b_0..b_{l-1}) and an explicit transversal u_l[beta] with b_l^(u_l[beta]) = beta. When every
 * Schreier generator of every level sifts to the identity, the chain is a base and strong
 * generating set and |G| = prod_l |b_l^G_l| exactly. */
#include <stdlib.h>
#include <string.h>
#include "symmetry_internal.h"

#define MAX_WORK 4000000000.0  /* point operations of sifting before giving up */

typedef struct {
    slong base;
    slong ngens;
    slong **gens;              /* not owned: pointers into the pool */
    slong **u;                 /* [n]: NULL outside the orbit; owned */
    slong orbit_size;
    slong *orbit;              /* the orbit points, in BFS order */
} level_t;

typedef struct {
    slong n;
    slong nlev;
    level_t *lev;
    slong npool;
    slong **pool;              /* every strong generator, owned */
    double stored, work;       /* integers stored in transversals, point operations */
    int over;                  /* a budget was exceeded */
} chain_t;

static slong *perm_new(slong n)
{
    slong *p = malloc((size_t) n * sizeof *p);
    if (p == NULL) abort();
    return p;
}

static int perm_is_identity(const slong *p, slong n)
{
    for (slong x = 0; x < n; x++)
        if (p[x] != x) return 0;
    return 1;
}

static void level_clear_transversal(level_t *L, slong n)
{
    if (L->u == NULL) return;
    for (slong t = 0; t < L->orbit_size; t++) free(L->u[L->orbit[t]]);
    free(L->u);
    free(L->orbit);
    L->u = NULL;
    L->orbit = NULL;
    L->orbit_size = 0;
}

/* Recomputes the orbit of b_l under S_l and its transversal (breadth first). */
static void level_orbit(chain_t *C, level_t *L)
{
    slong n = C->n;
    C->stored -= (double) L->orbit_size * (double) n;
    level_clear_transversal(L, n);
    L->u = calloc((size_t) n, sizeof(slong *));
    L->orbit = malloc((size_t) n * sizeof(slong));
    if (L->u == NULL || L->orbit == NULL) abort();
    slong *id = perm_new(n);
    for (slong x = 0; x < n; x++) id[x] = x;
    L->u[L->base] = id;
    L->orbit[0] = L->base;
    L->orbit_size = 1;
    for (slong t = 0; t < L->orbit_size && !C->over; t++) {
        slong beta = L->orbit[t];
        for (slong s = 0; s < L->ngens; s++) {
            slong gamma = L->gens[s][beta];
            if (L->u[gamma] != NULL) continue;
            slong *p = perm_new(n);
            for (slong x = 0; x < n; x++) p[x] = L->gens[s][L->u[beta][x]];
            L->u[gamma] = p;
            L->orbit[L->orbit_size++] = gamma;
        }
    }
    C->stored += (double) L->orbit_size * (double) n;
    if (C->stored > (double) PC_SYMMETRY_MAX_TRANSVERSAL) C->over = 1;
}

/* Sifts h (overwritten) from level `from`; returns the level where it dropped out (C->nlev if
 * it went through every level; then h is the residue). */
static slong sift(chain_t *C, slong *h, slong from, slong *tmp)
{
    slong n = C->n;
    for (slong l = from; l < C->nlev; l++) {
        level_t *L = C->lev + l;
        slong beta = h[L->base];
        if (L->u[beta] == NULL) return l;
        /* h <- h * u_beta^{-1}: x -> inverse(u_beta)[h[x]] */
        const slong *u = L->u[beta];
        for (slong x = 0; x < n; x++) tmp[u[x]] = x;
        for (slong x = 0; x < n; x++) h[x] = tmp[h[x]];
        C->work += 2.0 * (double) n;
    }
    return C->nlev;
}

/* Adds g (owned by the chain from now on) to S_l for l in [from, to], making a new level when
 * to == C->nlev. */
static void add_strong_generator(chain_t *C, slong *g, slong from, slong to)
{
    slong n = C->n;
    C->pool = realloc(C->pool, (size_t) (C->npool + 1) * sizeof(slong *));
    if (C->pool == NULL) abort();
    C->pool[C->npool++] = g;
    if (to == C->nlev) {
        C->lev = realloc(C->lev, (size_t) (C->nlev + 1) * sizeof(level_t));
        if (C->lev == NULL) abort();
        level_t *L = C->lev + C->nlev;
        memset(L, 0, sizeof *L);
        slong b = 0;
        while (g[b] == b) b++;          /* g is not the identity */
        L->base = b;
        C->nlev++;
    }
    for (slong l = from; l <= to; l++) {
        level_t *L = C->lev + l;
        L->gens = realloc(L->gens, (size_t) (L->ngens + 1) * sizeof(slong *));
        if (L->gens == NULL) abort();
        L->gens[L->ngens++] = g;
        level_orbit(C, L);
    }
    (void) n;
}

static void chain_clear(chain_t *C)
{
    for (slong l = 0; l < C->nlev; l++) {
        level_clear_transversal(C->lev + l, C->n);
        free(C->lev[l].gens);
    }
    free(C->lev);
    for (slong g = 0; g < C->npool; g++) free(C->pool[g]);
    free(C->pool);
}

/* Tests the Schreier generators of level l; on the first that does not sift, adds its residue
 * and returns the lowest level changed (>= l + 1); returns -1 when all sift to the identity. */
static slong test_level(chain_t *C, slong l, slong *h, slong *tmp)
{
    slong n = C->n;
    level_t *L = C->lev + l;
    for (slong t = 0; t < L->orbit_size; t++) {
        slong beta = L->orbit[t];
        for (slong s = 0; s < L->ngens; s++) {
            if (C->over || C->work > MAX_WORK) { C->over = 1; return -1; }
            /* h = u_beta * s * u_{beta^s}^{-1} */
            const slong *ub = L->u[beta], *sg = L->gens[s], *uc = L->u[sg[beta]];
            for (slong x = 0; x < n; x++) tmp[uc[x]] = x;
            for (slong x = 0; x < n; x++) h[x] = tmp[sg[ub[x]]];
            C->work += 3.0 * (double) n;
            slong j = sift(C, h, l + 1, tmp);
            if (j < C->nlev || !perm_is_identity(h, n)) {
                slong *g = perm_new(n);
                memcpy(g, h, (size_t) n * sizeof *g);
                add_strong_generator(C, g, l + 1, j);
                return j;
            }
        }
    }
    return -1;
}

int pc_symmetry_group_order(fmpz_t order, const slong *const *token_gens,
                            const slong *const *context_gens, slong num_generators, slong V,
                            slong N)
{
    chain_t C;
    memset(&C, 0, sizeof C);
    C.n = N + V;
    slong n = C.n;
    slong *h = perm_new(n), *tmp = perm_new(n);
    for (slong g = 0; g < num_generators && !C.over; g++) {
        for (slong k = 0; k < V; k++) h[k] = token_gens[g][k];
        for (slong i = 0; i < N; i++) h[V + i] = V + context_gens[g][i];
        slong j = C.nlev > 0 ? sift(&C, h, 0, tmp) : 0;
        if (j == C.nlev && perm_is_identity(h, n)) continue;
        slong *p = perm_new(n);     /* the original generator, not the residue: both generate */
        for (slong k = 0; k < V; k++) p[k] = token_gens[g][k];
        for (slong i = 0; i < N; i++) p[V + i] = V + context_gens[g][i];
        slong fixed = 0;            /* p fixes b_0..b_{fixed-1}: it belongs to S_0..S_fixed */
        while (fixed < C.nlev && p[C.lev[fixed].base] == C.lev[fixed].base) fixed++;
        add_strong_generator(&C, p, 0, fixed);
    }
    /* SCHREIERSIMS: from the deepest level up; a change at level j restarts there */
    slong l = C.nlev - 1;
    while (l >= 0 && !C.over) {
        slong j = test_level(&C, l, h, tmp);
        l = j >= 0 ? j : l - 1;
    }
    int ok = !C.over;
    if (ok) {
        fmpz_one(order);
        for (slong t = 0; t < C.nlev; t++) fmpz_mul_ui(order, order, (ulong) C.lev[t].orbit_size);
    }
    free(h);
    free(tmp);
    chain_clear(&C);
    return ok;
}
