/* Permutation groups given by generators (SPEC 5, 5b): orbits, orbitals,
 * transitivity and 2-transitivity, exact invariance checks, orbital averaging
 * (the Reynolds projection onto invariant matrices) and built-in families.
 *
 * A group is never enumerated: every orbit computation is a union-find over
 * the generators (path compression, union by rank), O(#generators * #points).
 * All computations are exact (integers, fmpq); only pc_group_average_double
 * touches floating point, for symmetrising floating candidates.
 *
 * Generator arrays are passed as (gens, num_generators, degree) with
 * gens[g][x] = image of point x under generator g, 0-based. The same layout is
 * used by pc_instance_t (token_generators, context_generators). */
#ifndef PEELCERT_GROUP_H
#define PEELCERT_GROUP_H

#include <flint.h>
#include <fmpq.h>
#include "peelcert/status.h"
#include "peelcert/instance.h"

/* Largest number of points in a pair action (orbitals are stored densely, one
 * slong per pair): the same limit as dense targets. Larger requests are refused
 * with PC_BAD_INPUT. */
#define PC_GROUP_MAX_PAIRS PC_MAX_DENSE_ENTRIES

/* Largest degree accepted by the built-in families. */
#define PC_GROUP_MAX_DEGREE PC_MAX_LISTED

/* A set of generators of a permutation group on {0, ..., degree - 1}; owns its arrays. */
typedef struct {
    slong degree;
    slong num_generators;
    slong **generators;         /* [g][x] = image of x */
} pc_group_t;

void pc_group_init(pc_group_t *G, slong degree);
void pc_group_clear(pc_group_t *G);

/* Appends a copy of perm (degree entries). Does not check that it is a permutation. */
void pc_group_add_generator(pc_group_t *G, const slong *perm);

/* PC_OK iff perm is a permutation of {0..degree-1}; otherwise PC_BAD_INPUT with a
 * message naming `field` and the first bad position (out of range or repeated image). */
pc_status_t pc_group_check_permutation(const slong *perm, slong degree, const char *field,
                                       pc_msg_t *msg);

/* A partition of {0..size-1} into orbits. Orbits are numbered 0, 1, ... in the
 * order of their smallest point (canonical: equal partitions give equal arrays). */
typedef struct {
    slong size;
    slong num_orbits;
    slong *orbit_id;            /* [x] = orbit of point x */
    slong *orbit_size;          /* [o] = number of points in orbit o */
} pc_group_orbits_t;

void pc_group_orbits_init(pc_group_orbits_t *orb);
void pc_group_orbits_clear(pc_group_orbits_t *orb);

/* Orbits of <gens> on {0..degree-1}. Exact. PC_BAD_INPUT if an image is out of range. */
pc_status_t pc_group_orbits(pc_group_orbits_t *orb, const slong *const *gens,
                            slong num_generators, slong degree, pc_msg_t *msg);

/* Orbits on pairs [rows] x [cols] of the simultaneous action
 * g: (r, c) -> (row_gens[g][r], col_gens[g][c]); pair (r, c) has index r * cols + c.
 * Usage: logits Z (V x N, index k*N + i): row_gens = sigma, col_gens = tau;
 * targets P (N x V, index i*V + k): row_gens = tau, col_gens = sigma;
 * orbitals on [V] x [V]: sigma and sigma. Exact. PC_BAD_INPUT if rows * cols exceeds
 * PC_GROUP_MAX_PAIRS or an image is out of range. */
pc_status_t pc_group_pair_orbits(pc_group_orbits_t *orb, const slong *const *row_gens,
                                 slong rows, const slong *const *col_gens, slong cols,
                                 slong num_generators, pc_msg_t *msg);
/* The orbits of pc_group_pair_orbits (same numbering) without the id of every point: orb gets
 * size, num_orbits and orbit_size, orbit_id stays NULL, and *first (caller frees) the smallest
 * point r * cols + c of each orbit. Memory: a bit per point and the largest orbit. */
pc_status_t pc_group_pair_orbit_firsts(pc_group_orbits_t *orb, slong **first,
                                       const slong *const *row_gens, slong rows,
                                       const slong *const *col_gens, slong cols,
                                       slong num_generators, pc_msg_t *msg);

/* 1 iff the group has exactly one orbit on {0..degree-1} (degree >= 1). Exact;
 * images must be in range (checked: -1 and a message if not). */
int pc_group_is_transitive(const slong *const *gens, slong num_generators, slong degree,
                           pc_msg_t *msg);

/* *result = 1 iff degree >= 2 and the group has exactly two orbits on ordered pairs
 * [degree] x [degree] (the diagonal and the rest), i.e. is 2-transitive. Exact.
 * PC_BAD_INPUT (and *result = 0) if degree^2 exceeds PC_GROUP_MAX_PAIRS: not decided. */
pc_status_t pc_group_is_two_transitive(int *result, const slong *const *gens,
                                       slong num_generators, slong degree, pc_msg_t *msg);

/* The same on the token action of an instance (SPEC 5b). */
pc_status_t pc_group_is_two_transitive_on_tokens(int *result, const pc_instance_t *inst,
                                                 pc_msg_t *msg);

/* Orbitals of an instance's group on [V] x [N] (logit layout, index k * N + i). */
pc_status_t pc_group_instance_orbitals(pc_group_orbits_t *orb, const pc_instance_t *inst,
                                       pc_msg_t *msg);

/* PC_OK iff P[tau_g(i)][sigma_g(k)] == P[i][k] exactly (fmpq_equal) for every generator
 * g and all (i, k); P is N x V row-major (P[i*V + k]). Otherwise PC_BAD_INPUT with a
 * message naming the generator, the first failing (i, k) and both values. */
pc_status_t pc_group_check_invariant(const fmpq *P, slong N, slong V,
                                     const slong *const *context_gens,
                                     const slong *const *token_gens, slong num_generators,
                                     pc_msg_t *msg);

/* out[x] = mean of in over the orbit of x (orb->size entries; out may alias in).
 * For a permutation action this is the group average (the Reynolds projection onto
 * invariant matrices): the result is invariant and averaging twice changes nothing.
 * The fmpq version is exact; the double version rounds each sum and quotient to nearest. */
void pc_group_average_fmpq(fmpq *out, const fmpq *in, const pc_group_orbits_t *orb);
void pc_group_average_double(double *out, const double *in, const pc_group_orbits_t *orb);

/* Built-in families on n points (SPEC 5b). Generators:
 *   SYMMETRIC   S_n,  n >= 2:  (0 1) and (0 1 ... n-1)                  (n = 2: (0 1) only)
 *   ALTERNATING A_n,  n >= 3:  (0 1 2) and (0 1 ... n-1) if n odd, (1 2 ... n-1) if n even
 *   CYCLIC      C_n,  n >= 2:  x -> x + 1 mod n
 *   DIHEDRAL    D_n,  n >= 3:  x -> x + 1, x -> -x mod n                (order 2n)
 *   AFFINE      AGL(1, p), p prime: x -> x + 1, x -> g x (g the smallest primitive root; omitted for p = 2)
 *   PSL2        PSL(2, q) on the projective line, q prime, points 0..q-1 and infinity = q:
 *               x -> x + 1, x -> a^2 x (a the smallest primitive root; omitted when a^2 = 1),
 *               x -> -1/x (0 <-> infinity)
 * The degree is n, except PSL2: q + 1. Every generator is checked to be a permutation. */
typedef enum {
    PC_GROUP_SYMMETRIC = 0,
    PC_GROUP_ALTERNATING = 1,
    PC_GROUP_CYCLIC = 2,
    PC_GROUP_DIHEDRAL = 3,
    PC_GROUP_AFFINE = 4,
    PC_GROUP_PSL2 = 5
} pc_group_family_t;

/* Names for the command line: "symmetric", "alternating", "cyclic", "dihedral",
 * "agl1", "psl2". Returns 0 and sets *family, or -1 for an unknown name. */
int pc_group_family_from_name(pc_group_family_t *family, const char *name);
const char *pc_group_family_name(pc_group_family_t family);

/* G (initialised by the caller, any degree) receives the family's degree and generators.
 * PC_BAD_INPUT with a message if n is out of range or not prime where a prime is needed. */
pc_status_t pc_group_family(pc_group_t *G, pc_group_family_t family, slong n, pc_msg_t *msg);

/* 1 if p is prime (exact); the smallest primitive root mod a prime p. */
int pc_group_is_prime(slong p);
slong pc_group_primitive_root(slong p);

/* Context G-sets built from the token action:
 *   SAME:  contexts = tokens, tau = sigma (N = V);
 *   PAIRS: contexts = ordered pairs (u, v) of distinct tokens, N = V (V - 1),
 *          index pc_group_pair_index(u, v, V), tau((u, v)) = (sigma(u), sigma(v)). */
typedef enum {
    PC_GROUP_CONTEXTS_SAME = 0,
    PC_GROUP_CONTEXTS_PAIRS = 1
} pc_group_contexts_t;

/* Index of the ordered pair (u, v), u != v, among V (V - 1): u (V - 1) + (v < u ? v : v - 1),
 * so the pairs are in lexicographic order. pc_group_pair_from_index is its inverse. */
slong pc_group_pair_index(slong u, slong v, slong V);
void pc_group_pair_from_index(slong *u, slong *v, slong index, slong V);

/* contexts (initialised by the caller) receives one generator per generator of tokens,
 * acting on the context set of `kind`. PC_BAD_INPUT if N would exceed PC_GROUP_MAX_DEGREE. */
pc_status_t pc_group_context_action(pc_group_t *contexts, const pc_group_t *tokens,
                                    pc_group_contexts_t kind, pc_msg_t *msg);

/* Target constructions for pc_group_gen_instance:
 *   RANDOM: integer weights 0..20 per entry (about one in five zero; no row all zero),
 *           each row normalised exactly, then averaged over the orbitals of G on
 *           [N] x [V] (exact), which keeps rows stochastic and makes P invariant;
 *   NEXT:   contexts must be PAIRS; P[(u, v)][v] = 1/2, P[(u, v)][u] = 1/6, every other
 *           token 1/(3 (V - 2)); for V = 2: 3/4 on v, 1/4 on u. Invariant by construction. */
typedef enum {
    PC_GROUP_TARGETS_RANDOM = 0,
    PC_GROUP_TARGETS_NEXT = 1
} pc_group_targets_t;

/* Fills inst (freshly pc_instance_init'ed, nothing set) with a DENSE G-invariant instance
 * for `family` on n points: tokens = the family's degree, contexts of `kind`, the
 * generators as its symmetry, dim = min(V - 1, N) (at least 1, not given), budgets
 * E_W, E_H, a name like "group-psl2-7-pairs-random-seed-1". Deterministic in seed
 * (a fixed portable generator). The result is verified exactly before returning (rows
 * sum to 1, entries >= 0, invariance). PC_BAD_INPUT if the family rejects n, N * V
 * exceeds PC_MAX_DENSE_ENTRIES, or NEXT is asked without PAIRS.
 * Ownership passes to inst: dense from _fmpq_vec_init (free with _fmpq_vec_clear), name
 * and generator arrays from malloc (free with free); pc_instance_clear releases them. */
pc_status_t pc_group_gen_instance(pc_instance_t *inst, pc_group_family_t family, slong n,
                                  pc_group_contexts_t kind, pc_group_targets_t targets,
                                  ulong seed, const fmpq_t E_W, const fmpq_t E_H,
                                  pc_msg_t *msg);

#endif
