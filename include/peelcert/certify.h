/* The certify pipeline: instance -> floating candidate -> exact rounding ->
 * rigorous bounds -> certificate (SPEC 6, 7). Chooses the path from the
 * instance's structure: exchangeable closed form, cyclic Fourier path, or dense. */
#ifndef PEELCERT_CERTIFY_H
#define PEELCERT_CERTIFY_H

#include "peelcert/status.h"
#include "peelcert/instance.h"
#include "peelcert/cert.h"

typedef struct {
    slong digits;        /* required gap 10^-digits; 0: the path's default */
    int progress;        /* 1: progress lines on stderr */
} pc_certify_options_t;

typedef struct {
    const char *path;    /* "dense", "circulant", "exchangeable" */
    slong digits_target; /* the gap asked for (or the path's default) */
    double float_gap;    /* floating duality gap of the candidate (dense path) */
    slong iterations;    /* floating solver iterations */
    slong rank;          /* numerical rank of the centered optimum (-1 unknown) */
    int d_below_rank;    /* d < rank: (LP) may be strictly worse than (C) */
    char note[PC_MSG_LEN]; /* what the path wants the user to know */
} pc_certify_report_t;

/* Default gaps of each path when --digits is not given. */
#define PC_DENSE_DEFAULT_DIGITS 9
#define PC_EXCHANGEABLE_DEFAULT_DIGITS 50
#define PC_CIRCULANT_DEFAULT_DIGITS 30

/* Fills cert with proved bounds. PC_OK: bounds proved and the gap target met;
 * PC_NOT_PROVED: bounds (if any) are still valid but the target was not reached,
 * and msg says how far it got; PC_BAD_INPUT: the instance is outside what the
 * paths handle (e.g. too large for the dense path). */
pc_status_t pc_certify(pc_cert_t *cert, pc_certify_report_t *rep, const pc_instance_t *inst,
                       const pc_certify_options_t *opt, pc_msg_t *msg);

#endif
