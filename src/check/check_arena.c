/* A bump allocator for jansson while pcc_main parses (check.c): parsing a certificate of a
 * million numbers makes two small mallocs per number (the string and its json_t) and freeing
 * the tree as many frees; here they are a pointer bump, the frees nothing, and the trees are
 * released as a whole. json_set_alloc_funcs is process-wide, so this is for pcc_main only (the
 * command line, one thread, which also sets the process's rlimit); pcc_check_text, the library
 * entry point (api.h, the Python package), never installs it. Nothing allocated by jansson
 * while the arena is installed may outlive pcc_arena_end, and nothing allocated before may be
 * freed while it is installed (it would leak, not crash): pcc_main creates its report objects
 * after pcc_arena_end. */
#include <stddef.h>
#include <stdlib.h>
#include "check_internal.h"

#define ARENA_FIRST (1u << 20)       /* the first chunk's bytes; each next one doubles */
#define ARENA_MAX_CHUNK (64u << 20)  /* ... up to this */

typedef struct arena_chunk {
    struct arena_chunk *next;
    size_t used, cap;
    max_align_t data[];
} arena_chunk;

static arena_chunk *arena_head = NULL;
static size_t arena_next_cap = ARENA_FIRST;
static json_malloc_t arena_saved_malloc = NULL;
static json_free_t arena_saved_free = NULL;
static int arena_on = 0;

/* Alignment 8: jansson's objects hold pointers, size_t, json_int_t (long long) and double,
 * its other allocations are text; 8 keeps a short number's text at 8 bytes, not 16. */
#define ARENA_ALIGN 8

static void *arena_malloc(size_t n)
{
    if (n > ((size_t) -1) / 4) return NULL;
    n = n == 0 ? ARENA_ALIGN : (n + ARENA_ALIGN - 1) / ARENA_ALIGN * ARENA_ALIGN;
    if (arena_head == NULL || arena_head->cap - arena_head->used < n) {
        size_t cap = arena_next_cap > n ? arena_next_cap : n;
        arena_chunk *c = malloc(sizeof(arena_chunk) + cap);
        if (c == NULL) return NULL;   /* jansson reports it as an error of the parse */
        c->next = arena_head;
        c->used = 0;
        c->cap = cap;
        arena_head = c;
        if (arena_next_cap < ARENA_MAX_CHUNK) arena_next_cap *= 2;
    }
    void *p = (char *) arena_head->data + arena_head->used;
    arena_head->used += n;
    return p;
}

static void arena_free(void *p)
{
    (void) p;   /* released with the arena */
}

void pcc_arena_begin(void)
{
    if (arena_on) return;
    json_get_alloc_funcs(&arena_saved_malloc, &arena_saved_free);
    json_set_alloc_funcs(arena_malloc, arena_free);
    arena_on = 1;
}

void pcc_arena_end(void)
{
    if (!arena_on) return;
    json_set_alloc_funcs(arena_saved_malloc, arena_saved_free);
    while (arena_head != NULL) {
        arena_chunk *next = arena_head->next;
        free(arena_head);
        arena_head = next;
    }
    arena_next_cap = ARENA_FIRST;
    arena_on = 0;
}

/* Drops a tree: nothing to do while the arena is installed (the memory goes with the arena;
 * json_decref would walk the whole tree to free nothing), else json_decref. */
void pcc_json_release(json_t *tree)
{
    if (!arena_on) json_decref(tree);
}
