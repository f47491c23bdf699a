/* Exact numbers in text, and the conversions between exact values, balls and
 * decimals. Every conversion states which way it rounds. */
#ifndef PEELCERT_NUMBERS_H
#define PEELCERT_NUMBERS_H

#include <flint.h>
#include <fmpq.h>
#include <fmpq_mat.h>
#include <arb.h>
#include <jansson.h>
#include "peelcert/status.h"

/* Parses an exact rational: "p/q", an integer "-12", or an exact decimal "0.25",
 * "-1.5e-3" is NOT accepted (no exponents). No spaces, no '+'. Returns 0 on
 * success, -1 with a reason in *why (static string) otherwise. Exact. */
int pc_rational_parse(fmpq_t out, const char *text, const char **why);

/* As pc_rational_parse, and also a decimal mantissa with a power-of-ten exponent, "1e-6",
 * "2.5E+3", "1e-06", read exactly (1e-6 is 1/1000000; exponent at most 1000). For tolerances
 * such as audit's --eps. Exact. */
int pc_rational_parse_scientific(fmpq_t out, const char *text, const char **why);

/* Reads a JSON value that must hold an exact rational: a string accepted by
 * pc_rational_parse or an integer literal. field names it in messages. */
pc_status_t pc_rational_from_json(fmpq_t out, json_t *value, const char *field, pc_msg_t *msg);

/* Canonical text of an exact rational ("p/q" in lowest terms, or "p"). Caller frees. */
char *pc_rational_to_string(const fmpq_t x);

/* The canonical text as a JSON string, and a vector of them (exact). */
json_t *pc_rational_json(const fmpq_t x);
json_t *pc_rational_vector_json(const fmpq *v, slong n);
/* An fmpq matrix as an array of rows of canonical texts (exact). */
json_t *pc_rational_matrix_json(const fmpq_mat_t A);

/* out = v[0] + ... + v[n-1] exactly, by a balanced tree of additions (near-linear in the
 * total size of the operands; SPEC 10 rows can list many entries). out may not alias v. */
void pc_rational_sum(fmpq_t out, const fmpq *v, slong n);

/* Returns 1 only if v[0] + ... + v[n-1] = c exactly, 0 if not; no canonical form of the sum
 * is needed, so no gcd of the full size is taken (cost O(M(S) log n), S the input bits). If
 * text is not NULL, *text (caller frees) is NULL if equal, else the sum: canonical if short,
 * else "~" and 25 significant digits. */
int pc_rational_sum_is(const fmpq *v, slong n, slong c, char **text);

/* The exact value of a finite double. */
void pc_rational_set_double(fmpq_t out, double x);

/* Decimal text with `places` digits after the point, rounded DOWN (toward -inf)
 * from the lower end of x (lower == 1) or UP (toward +inf) from its upper end
 * (lower == 0). The decimal is a valid outer bound of the ball. Caller frees. */
char *pc_arb_decimal_outward(const arb_t x, slong places, int lower);

/* Same for an exact rational (rounded down if lower, up otherwise). Caller frees. */
char *pc_rational_decimal_outward(const fmpq_t x, slong places, int lower);

/* A double ball -> exact rational: the rational that is <= every point of x
 * (lower == 1) or >= every point (lower == 0). */
void pc_arb_get_rational_bound(fmpq_t out, const arb_t x, int lower);

/* x as a decimal "value" with `places` digits after the point (nearest to the midpoint)
 * and a "radius" such that the ball [value - radius, value + radius] contains x: the
 * radius covers the ball's radius plus the rounding of value, and is itself rounded up
 * (two significant digits, scientific notation). Caller frees both strings. */
void pc_arb_decimal_with_radius(char **value, char **radius, const arb_t x, slong places);
/* The value text of pc_arb_decimal_with_radius alone (the nearest decimal to the midpoint with
 * `places` digits, same bytes), without the radius: integer arithmetic on the midpoint. */
char *pc_arb_decimal_nearest(const arb_t x, slong places);

/* Compact scientific text of x with `sig` significant digits ("6.70e-3", "-1.11e-16", "0"),
 * rounded DOWN (toward -inf) if lower, UP otherwise: a valid bound, for human output.
 * Caller frees. */
char *pc_rational_sci_outward(const fmpq_t x, slong sig, int lower);

/* Same from the lower (lower == 1) or upper end of a ball; "-inf"/"inf" if not finite. */
char *pc_arb_sci_outward(const arb_t x, slong sig, int lower);

#endif
