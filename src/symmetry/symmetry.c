/* The symmetry report: init/clear, description of a generating set, the certify step and the
 * "group" JSON object (symmetry.h, SPEC 11). */
#include <stdlib.h>
#include <string.h>
#include "symmetry_internal.h"
#include "peelcert/group.h"
#include "peelcert/exchangeable.h"

void pc_symmetry_init(pc_symmetry_t *sym)
{
    memset(sym, 0, sizeof *sym);
    fmpz_init(sym->order);
}

static void free_generators(pc_symmetry_t *sym)
{
    for (slong g = 0; g < sym->num_generators; g++) {
        free(sym->token_generators[g]);
        free(sym->context_generators[g]);
    }
    free(sym->token_generators);
    free(sym->context_generators);
}

void pc_symmetry_clear(pc_symmetry_t *sym)
{
    free_generators(sym);
    fmpz_clear(sym->order);
    memset(sym, 0, sizeof *sym);
}

void pc_symmetry_reset(pc_symmetry_t *sym, slong V, slong N)
{
    free_generators(sym);
    fmpz_clear(sym->order);
    memset(sym, 0, sizeof *sym);
    fmpz_init(sym->order);
    sym->tokens = V;
    sym->contexts = N;
    sym->token_two_transitive = -1;
    sym->token_orbits = V;        /* the trivial group, until generators are described */
    sym->context_orbits = N;
}

/* 1 if perm is a single cycle through all n points. */
static int is_full_cycle(const slong *perm, slong n)
{
    slong x = 0, len = 0;
    do { x = perm[x]; len++; } while (x != 0 && len <= n);
    return len == n;
}

void pc_symmetry_describe(pc_symmetry_t *sym)
{
    slong V = sym->tokens, N = sym->contexts, ng = sym->num_generators;
    const slong *const *sigma = (const slong *const *) sym->token_generators;
    const slong *const *tau = (const slong *const *) sym->context_generators;
    pc_group_orbits_t orb;
    pc_msg_t ignored;
    pc_group_orbits_init(&orb);
    sym->token_orbits = V;
    sym->context_orbits = N;
    if (pc_group_orbits(&orb, sigma, ng, V, &ignored) == PC_OK) sym->token_orbits = orb.num_orbits;
    if (pc_group_orbits(&orb, tau, ng, N, &ignored) == PC_OK) sym->context_orbits = orb.num_orbits;
    pc_group_orbits_clear(&orb);
    int two = 0;
    sym->token_two_transitive = -1;
    if (V < 2)
        sym->token_two_transitive = 0;
    else if (pc_group_is_two_transitive(&two, sigma, ng, V, &ignored) == PC_OK)
        sym->token_two_transitive = two;
    if (!sym->has_order) {
        sym->has_order = pc_symmetry_group_order(sym->order, sigma, tau, ng, V, N);
        if (!sym->has_order)
            snprintf(sym->note + strlen(sym->note), sizeof sym->note - strlen(sym->note),
                     "%sorder not computed (Schreier-Sims over its documented limit)",
                     sym->note[0] ? "; " : "");
    }
    sym->cyclic_regular = 0;
    if (V == N && V >= 2 && sym->has_order && fmpz_cmp_si(sym->order, V) == 0)
        for (slong g = 0; g < ng; g++)
            if (is_full_cycle(sigma[g], V) && is_full_cycle(tau[g], N)) sym->cyclic_regular = 1;
}

pc_status_t pc_symmetry_from_instance(pc_symmetry_t *sym, const pc_instance_t *inst,
                                      pc_msg_t *msg)
{
    slong V = inst->tokens, N = inst->contexts;
    pc_symmetry_reset(sym, V, N);
    sym->present = 1;
    slong ng = inst->num_generators;
    sym->token_generators = calloc((size_t) (ng > 0 ? ng : 1), sizeof(slong *));
    sym->context_generators = calloc((size_t) (ng > 0 ? ng : 1), sizeof(slong *));
    if (sym->token_generators == NULL || sym->context_generators == NULL) abort();
    for (slong g = 0; g < ng; g++) {
        sym->token_generators[g] = malloc((size_t) V * sizeof(slong));
        sym->context_generators[g] = malloc((size_t) N * sizeof(slong));
        if (sym->token_generators[g] == NULL || sym->context_generators[g] == NULL) abort();
        memcpy(sym->token_generators[g], inst->token_generators[g], (size_t) V * sizeof(slong));
        memcpy(sym->context_generators[g], inst->context_generators[g], (size_t) N * sizeof(slong));
    }
    sym->num_generators = ng;
    pc_symmetry_describe(sym);
    return PC_OK;
}

pc_status_t pc_symmetry_prepare(pc_symmetry_t *sym, pc_instance_t *inst, pc_msg_t *msg)
{
    if (inst->token_generators != NULL) return pc_symmetry_from_instance(sym, inst, msg);
    if (inst->form == PC_TARGETS_EXCHANGEABLE || inst->form == PC_TARGETS_CIRCULANT
        || inst->form == PC_TARGETS_GROUP_CIRCULANT) {
        pc_symmetry_reset(sym, inst->tokens, inst->contexts);
        return PC_OK;             /* the form states its symmetry; nothing is reported */
    }
    if (inst->tokens == inst->contexts && inst->tokens >= 2 && inst->tokens <= PC_MAX_LISTED) {
        /* exchangeable after relabelling the contexts: the closed form (SPEC 5b) is stronger
           than anything a discovered group would give; nothing is searched */
        slong *perm = malloc((size_t) inst->tokens * sizeof *perm);
        fmpq_t alpha;
        fmpq_init(alpha);
        int exchangeable = pc_exchangeable_find_relabelling(perm, alpha, inst);
        fmpq_clear(alpha);
        free(perm);
        if (exchangeable) {
            pc_symmetry_reset(sym, inst->tokens, inst->contexts);
            return PC_OK;
        }
    }
    if (pc_symmetry_discover(sym, inst, PC_SYMMETRY_TIME_LIMIT, msg) != PC_OK
        || sym->num_generators == 0)
        return PC_OK;
    pc_msg_t why = {{0}};
    if (pc_instance_set_symmetry(inst, (const slong *const *) sym->token_generators,
                                 (const slong *const *) sym->context_generators,
                                 sym->num_generators, &why) != PC_OK)
        return pc_fail(msg, PC_NOT_PROVED, "symmetry discovery returned a generator that the "
                       "exact check refuses (%s); certified without it", why.text);
    return PC_OK;
}

static json_t *generators_json(slong **gens, slong ng, slong degree)
{
    json_t *list = json_array();
    for (slong g = 0; g < ng; g++) {
        json_t *perm = json_array();
        for (slong x = 0; x < degree; x++) json_array_append_new(perm, json_integer(gens[g][x]));
        json_array_append_new(list, perm);
    }
    return list;
}

json_t *pc_symmetry_to_json(const pc_symmetry_t *sym)
{
    if (!sym->present) return NULL;
    json_t *o = json_object(), *gens = json_object();
    if (sym->has_order) {
        char *text = fmpz_get_str(NULL, 10, sym->order);
        json_object_set_new(o, "order", json_string(text));
        flint_free(text);
    } else {
        json_object_set_new(o, "order", json_null());
    }
    json_object_set_new(gens, "tokens", generators_json(sym->token_generators,
                                                        sym->num_generators, sym->tokens));
    json_object_set_new(gens, "contexts", generators_json(sym->context_generators,
                                                          sym->num_generators, sym->contexts));
    json_object_set_new(o, "generators", gens);
    json_object_set_new(o, "discovered", json_boolean(sym->discovered));
    json_object_set_new(o, "searched", json_boolean(!sym->discovered || sym->searched));
    json_object_set_new(o, "token_orbits", json_integer(sym->token_orbits));
    json_object_set_new(o, "context_orbits", json_integer(sym->context_orbits));
    json_object_set_new(o, "token_two_transitive", sym->token_two_transitive < 0 ? json_null()
                        : json_boolean(sym->token_two_transitive));
    json_object_set_new(o, "cyclic_regular", json_boolean(sym->cyclic_regular));
    if (sym->discovered) {
        char text[32];
        snprintf(text, sizeof text, "%.3f", sym->seconds);
        json_object_set_new(o, "search_seconds", json_string(text));
    }
    if (sym->note[0]) json_object_set_new(o, "note", json_string(sym->note));
    return o;
}

json_t *pc_symmetry_add_json(json_t *result, const pc_symmetry_t *sym)
{
    json_t *group = pc_symmetry_to_json(sym);
    if (group != NULL && result != NULL) json_object_set_new(result, "group", group);
    else if (group != NULL) json_decref(group);
    return result;
}
