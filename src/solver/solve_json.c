/* pc_solve_json (solver.h): the floating candidate as the --json document of 'peelcert solve',
 * with certify's field names where they mean the same thing. */
#include <stdio.h>
#include "peelcert/solver.h"

/* A double as the shortest round-trip decimal text ("%.17g"). */
static json_t *float_text(double x)
{
    char buf[40];
    snprintf(buf, sizeof buf, "%.17g", x);
    return json_string(buf);
}

json_t *pc_solve_json(const pc_float_solution_t *sol)
{
    json_t *o = json_object();
    json_object_set_new(o, "verified", json_false());      /* a floating candidate proves nothing */
    json_object_set_new(o, "lower", float_text(sol->lower));
    json_object_set_new(o, "upper", float_text(sol->value));
    json_object_set_new(o, "regime", json_string(sol->interior ? "interior" : "binding"));
    json_object_set_new(o, "structure", json_string("none"));
    json_object_set_new(o, "message", json_string("floating-point candidate: nothing is proved; lower is "
                                                  "the float dual bound LB(Q), upper the float f of the "
                                                  "candidate (run 'peelcert certify' for certified bounds)"));
    json_object_set_new(o, "path", json_string("dense"));
    json_object_set_new(o, "gap", float_text(sol->value - sol->lower));
    json_object_set_new(o, "rank", json_integer(sol->rank));
    json_object_set_new(o, "d_below_rank", json_boolean(sol->d_below_rank));
    json_object_set_new(o, "iterations", json_integer(sol->iterations));
    return o;
}
