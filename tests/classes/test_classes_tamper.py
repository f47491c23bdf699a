#!/usr/bin/env python3
"""Certificates of kind classes (FORMAT.md): the checker recomputes the classes from the
instance, so a wrong class map, a map that merges non-identical columns or rows, or tampered
block data is rejected (exit 1, naming the claim), and malformed class data is refused (exit 2,
naming the field)."""
import copy
import json
import os
import sys
from fractions import Fraction

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
from e2e_lib import Tally, WORK, peelcert, peelcert_check, describe, write_json, instance, q

T = Tally()


def path(name):
    return os.path.join(WORK, name)


# one-hot: tokens 0, 1, 2 targeted (token 0 twice), tokens 3..6 untargeted
inst = instance(7, 4, 1, 1, {"onehot": [0, 1, 2, 0]})
ip = write_json(path("oh.json"), inst)
cp = path("oh.cert.json")
r = peelcert("certify", ip, "-o", cp, "--json", "--path", "blocks")   # the block form (auto: onehot-sizes)
res = r.json() or {}
T.expect(r.rc == 0 and res.get("path") == "classes", f"certify takes the classes path ({describe(r)})")
good = json.load(open(cp))
T.expect(good.get("kind") == "classes" and good["classes"]["token_class"] == [0, 1, 2, 3, 3, 3, 3]
         and good["classes"]["context_class"] == [0, 1, 2, 0],
         f"canonical maps {good.get('classes', {}).get('token_class')} / {good.get('classes', {}).get('context_class')}")
c = peelcert_check(cp, "--instance", ip)
T.expect(c.rc == 0, f"the untampered certificate passes ({describe(c)})")


def check_tampered(tag, mutate, want_rc, needle):
    cert = copy.deepcopy(good)
    mutate(cert)
    tp = write_json(path(tag + ".cert.json"), cert)
    c = peelcert_check(tp, "--json")
    T.expect(c.rc == want_rc and needle in c.text, f"{tag}: exit {want_rc} naming '{needle}' ({describe(c)})")


def swap_tokens(cert):   # token 1 into the untargeted class and token 3 into class 1: sizes kept
    tc = cert["classes"]["token_class"]
    tc[1], tc[3] = tc[3], tc[1]


def merge_columns(cert):
    """Tokens 1 and 2 (different columns) merged into one class; the block data shrunk to match
    (A loses row 2, Q loses column 2) so that everything but the map is consistent."""
    cl = cert["classes"]
    cl["token_class"] = [0, 1, 1, 2, 2, 2, 2]
    cl["tokens"] = 3
    del cert["primal"]["A"][2]
    for row in cert["dual"]["Q"]:
        del row[2]


def merge_rows(cert):
    cl = cert["classes"]
    cl["context_class"] = [0, 1, 1, 0]
    cl["contexts"] = 2
    for row in cert["primal"]["B"]:
        del row[2]
    del cert["dual"]["Q"][2]


def scale_A(cert):
    cert["primal"]["A"] = [[q(Fraction(x) * Fraction(11, 10)) for x in row] for row in cert["primal"]["A"]]


def bump_B(cert):
    cert["primal"]["B"][0][0] = q(Fraction(cert["primal"]["B"][0][0]) - 1)
    cert["primal"]["B"][1][0] = q(Fraction(cert["primal"]["B"][1][0]) + 1)


def shift_Q(cert):   # keeps sum_a t_a Q[b][a] = 1 (token classes 1 and 2 have size 1): the dual
    Q = cert["dual"]["Q"]   # moves, its norm bound s no longer holds
    Q[0][1] = q(Fraction(Q[0][1]) + Fraction(1, 10))
    Q[0][2] = q(Fraction(Q[0][2]) - Fraction(1, 10)) if Fraction(Q[0][2]) >= Fraction(1, 10) else Q[0][2]
    if Fraction(Q[0][2]) >= 0 and Q[0][2] == good["dual"]["Q"][0][2]:
        Q[0][0] = q(Fraction(Q[0][0]) - Fraction(1, 10))


def break_simplex(cert):
    cert["dual"]["Q"][1][1] = q(Fraction(cert["dual"]["Q"][1][1]) + Fraction(1, 1000))


def halve_s(cert):
    cert["dual"]["opnorm_bound"] = q(Fraction(cert["dual"]["opnorm_bound"]) / 2)


def raise_lower(cert):
    cert["claims"]["lower"] = str(Fraction(cert["claims"]["upper"]) + Fraction(1, 10**6))[:0] or \
        "%.20f" % (float(Fraction(cert["claims"]["upper"])) + 1e-6)


def change_instance(cert):   # the instance changes, the maps do not: context 3 now targets token 1
    cert["instance"]["targets"]["onehot"][3] = 1
    cert["instance"].pop("symmetry", None)   # the discovered symmetry no longer holds


check_tampered("swapped-token-classes", swap_tokens, 1, "classes")
check_tampered("merged-columns", merge_columns, 1, "classes.token_class")
check_tampered("merged-rows", merge_rows, 1, "classes.context_class")
check_tampered("scaled-A", scale_A, 1, "budget_W")
check_tampered("bumped-B", bump_B, 1, "upper")
check_tampered("shifted-Q", shift_Q, 1, "rejected")
check_tampered("Q-not-simplex", break_simplex, 1, "dual_simplex")
check_tampered("halved-s", halve_s, 1, "proved negative")
check_tampered("raised-lower", raise_lower, 1, "lower")
check_tampered("instance-changed", change_instance, 1, "classes")

# ---- malformed class data: exit 2 naming the field
def set_path(keys, value):
    def mutate(cert):
        obj = cert
        for k in keys[:-1]:
            obj = obj[k]
        if value is KeyError:
            del obj[keys[-1]]
        else:
            obj[keys[-1]] = value
    return mutate


check_tampered("interior-with-zero-targets", set_path(["claims", "regime"], "interior"), 1, "some target entry is 0")
check_tampered("map-out-of-range", set_path(["classes", "token_class", 4], 9), 2, "classes.token_class[4]")
check_tampered("map-short", set_path(["classes", "context_class"], [0, 1, 2]), 2, "classes.context_class")
check_tampered("map-not-integer", set_path(["classes", "token_class", 0], "0"), 2, "classes.token_class[0]")
check_tampered("class-without-member", set_path(["classes", "token_class"], [0, 1, 2, 2, 2, 2, 2]), 2, "class 3 has no member")
check_tampered("classes-missing", set_path(["classes"], KeyError), 2, "classes")
check_tampered("tokens-zero", set_path(["classes", "tokens"], 0), 2, "classes.tokens")
check_tampered("A-wrong-rows", lambda c: c["primal"]["A"].pop(), 2, "primal.A")
check_tampered("B-wrong-columns", lambda c: c["primal"]["B"][0].pop(), 2, "primal.B[0]")
check_tampered("Q-entry-text", set_path(["dual", "Q", 0, 0], "x"), 2, "dual.Q[0][0]")
check_tampered("kind-classes-on-exchangeable", lambda c: c.__setitem__("instance",
               {"format": "peelcert-instance/1", "tokens": 7, "contexts": 7, "E_W": "1", "E_H": "1",
                "targets": {"exchangeable": {"diag": "1/2"}}}), 2, "classes")


# ---- the symmetric one-hot form: tokens 0, 1, 2 targeted by two contexts each, 4 untargeted
inst = instance(7, 6, 1, 1, {"onehot": [0, 1, 2, 0, 1, 2]})
ip = write_json(path("sym.json"), inst)
cp = path("sym.cert.json")
r = peelcert("certify", ip, "-o", cp, "--json")
res = r.json() or {}
T.expect(r.rc == 0 and res.get("classes", {}).get("reduction") == "onehot-symmetric",
         f"symmetric form certified ({describe(r)})")
good = json.load(open(cp))
c = peelcert_check(cp, "--instance", ip)
T.expect(c.rc == 0 and "onehot_symmetric verified" in c.text, f"symmetric form checked ({describe(c)})")


def unequal_classes(cert):   # a canonical map of another instance, whose classes are unequal
    cert["instance"]["targets"]["onehot"] = [0, 1, 2, 0, 1, 1]
    cert["instance"].pop("symmetry", None)
    cert["classes"]["context_class"] = [0, 1, 2, 0, 1, 1]


def scale(key, where, factor):
    def mutate(cert):
        cert[where][key] = q(Fraction(cert[where][key]) * factor)
    return mutate


def add(key, where, delta):
    def mutate(cert):
        cert[where][key] = q(Fraction(cert[where][key]) + delta)
    return mutate


def move_dual(cert):   # stays in the simplex (v - 1 = 2 other targeted tokens), s no longer holds
    d = cert["dual"]
    d["q_target"] = q(Fraction(d["q_target"]) - Fraction(2, 100))
    d["q_other"] = q(Fraction(d["q_other"]) + Fraction(1, 100))


check_tampered("sym-swapped-token-classes", swap_tokens, 1, "classes")
check_tampered("sym-unequal-classes", unequal_classes, 1, "onehot_symmetric")
check_tampered("sym-x-doubled", scale("x", "primal", 2), 1, "nuclear_norm")
check_tampered("sym-w-lowered", add("w", "primal", -1), 1, "nuclear_norm")
check_tampered("sym-q-not-simplex", add("q_other", "dual", Fraction(1, 100)), 1, "dual_simplex")
check_tampered("sym-dual-moved", move_dual, 1, "opnorm")
check_tampered("sym-s-halved", scale("opnorm_bound", "dual", Fraction(1, 2)), 1, "opnorm")
check_tampered("sym-raised-lower", raise_lower, 1, "lower")
check_tampered("sym-interior-claimed", set_path(["claims", "regime"], "interior"), 1, "regime")
check_tampered("sym-reduction-unknown", set_path(["classes", "reduction"], "triples"), 2, "classes.reduction")
check_tampered("sym-x-missing", set_path(["primal", "x"], KeyError), 2, "primal.x")
check_tampered("sym-q-text", set_path(["dual", "q_untargeted"], "abc"), 2, "dual.q_untargeted")

# deterministic bytes (STYLE 12): the same instance certified twice, both forms
for name in ("oh", "sym"):
    again = path(name + "-again.cert.json")
    r = peelcert("certify", path(name + ".json"), "-o", again, *(["--path", "blocks"] if name == "oh" else []))
    T.expect(r.rc == 0 and open(again, "rb").read() == open(path(name + ".cert.json"), "rb").read(),
             f"{name}: certifying again writes the same bytes")

T.finish()
