#!/usr/bin/env python3
"""
import sys
sys.dont_write_bytecode = True   # keep the source tree clean of __pycache__Tampering (SPEC 7: "any change to a number, a dimension or a claim either is still true or is
rejected"). From valid certificates — produced by `peelcert certify` (exchangeable binding at 40
digits, dense with zeros, dense interior, circulant form) and handcrafted ones (Z = 0, Q = P) —
generate seeded mutants of every claim kind and every field, and run peelcert-check on each.

A mutant accepted by the checker must also be accepted by the independent reference checker
(tests/e2e/refcheck.py: Fractions and 80-digit Decimals; closed form of SPEC 5b for exchangeable
instances; the regime from the nuclear norm of the centered log-targets). A crash (exit not in
{0, 1, 2}, a signal, a time-out) is always a failure. Weakening mutations (lower down, upper up,
regime -> undetermined, residual up) of a valid certificate must be accepted."""
import copy
import json
import os
import random
import sys
from collections import defaultdict
from decimal import Decimal
from fractions import Fraction

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
from e2e_lib import (Tally, WORK, peelcert, peelcert_check, describe, short, write_json, instance,
                     exchangeable_instance, trivial_dense_cert, trivial_circulant_cert,
                     trivial_exchangeable_cert, q, RATIONAL_RE, DECIMAL_CLAIM_RE, EXACT_DECIMAL_RE)
import refcheck

T = Tally()
PER_KIND = int(os.environ.get("PEELCERT_TAMPER_PER_KIND", "3"))
MUST_ACCEPT = {"lower_down", "upper_up", "regime_undetermined", "kkt_residual_up"}


def dump(obj):
    return (json.dumps(obj, indent=1) + "\n").encode()


# --------------------------------------------------------------------------- bases

def certified(name, inst_obj, *extra):
    ipath = write_json(os.path.join(WORK, f"tamper-{name}.json"), inst_obj)
    cpath = os.path.join(WORK, f"tamper-{name}.cert.json")
    r = peelcert("certify", ipath, "-o", cpath, *extra)
    if not T.expect(r.rc == 0 and os.path.exists(cpath), f"base {name}: certify exits 0 ({describe(r)})"):
        return None
    return open(cpath, "rb").read()


BASES = {}
b = certified("exchangeable-binding", exchangeable_instance(5, Fraction(3, 5)), "--digits", "40")
if b:
    BASES["exchangeable-binding"] = b
b = certified("dense-zeros", instance(4, 4, "1", "1/2", [["1/2", "1/4", "1/4", "0"], ["0", "1/3", "1/3", "1/3"],
                                                         ["1/5", "0", "3/5", "1/5"], ["1/4", "1/4", "1/4", "1/4"]]),
              "--path", "dense")
if b:
    BASES["dense-zeros"] = b
b = certified("dense-interior", instance(3, 3, "20", "20", [["1/2", "1/4", "1/4"], ["1/3", "1/3", "1/3"],
                                                           ["1/5", "2/5", "2/5"]]), "--path", "dense")
if b:
    BASES["dense-interior"] = b
b = certified("circulant", instance(5, 5, "1", "1", {"circulant": ["1/2", "1/4", "1/8", "1/16", "1/16"]}))
if b:
    BASES["circulant"] = b
BASES["hand-dense-onehot"] = dump(trivial_dense_cert(instance(3, 4, "1", "1/2", {"onehot": [0, 1, 2, 0]}, dim=2)))
BASES["hand-circulant"] = dump(trivial_circulant_cert(instance(4, 4, "1", "1", {"circulant": ["1/2", "1/4", "1/8", "1/8"]}, dim=3)))
BASES["hand-exchangeable"] = dump(trivial_exchangeable_cert(exchangeable_instance(5, Fraction(1, 2), dim=4)))


# --------------------------------------------------------------------------- tree helpers

def leaves(obj, path=()):
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k in ("producer", "format", "name", "token_names", "context_names"):
                continue
            yield from leaves(v, path + (k,))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from leaves(v, path + (i,))
    else:
        yield path, obj


def numeric_leaves(obj):
    out = []
    for p, v in leaves(obj):
        if isinstance(v, str) and (RATIONAL_RE.match(v) or DECIMAL_CLAIM_RE.match(v)):
            out.append((p, v))
        elif isinstance(v, int) and not isinstance(v, bool):
            out.append((p, v))
    return out


def get(obj, path):
    for k in path:
        obj = obj[k]
    return obj


def put(obj, path, value):
    get(obj, path[:-1])[path[-1]] = value


def key_paths(obj, path=()):
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k == "producer":
                continue
            yield path + (k,)
            yield from key_paths(v, path + (k,))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from key_paths(v, path + (i,))


def matrices(obj):
    """Paths of lists of lists (W, H, Q, dense targets) and of flat vectors (c, r, circulant q)."""
    mats, vecs = [], []
    for p in key_paths(obj):
        v = get(obj, p)
        if isinstance(v, list) and v and all(isinstance(r, list) for r in v):
            mats.append(p)
        elif isinstance(v, list) and v and all(isinstance(x, (str, int)) for x in v):
            vecs.append(p)
    return mats, vecs


def dec_shift(text, delta_rel=None, delta_abs=None):
    d = Decimal(text)
    if delta_rel is not None:
        step = max(abs(d), Decimal("0.001")) * Decimal(delta_rel)
    else:
        step = Decimal(delta_abs)
    return format(d + step, "f")


# --------------------------------------------------------------------------- mutations
# each takes (rng, obj) and returns the mutated bytes, or None when it does not apply

def m_digit(rng, o):
    cand = [(p, v) for p, v in numeric_leaves(o) if isinstance(v, str)]
    p, v = rng.choice(cand)
    pos = [i for i, ch in enumerate(v) if ch.isdigit()]
    i = rng.choice(pos)
    new = v[:i] + rng.choice([c for c in "0123456789" if c != v[i]]) + v[i + 1:]
    put(o, p, new)
    return dump(o)


def m_sign(rng, o):
    cand = [(p, v) for p, v in numeric_leaves(o) if isinstance(v, str) and v.strip("-0/.") != ""]
    if not cand:
        return None
    p, v = rng.choice(cand)
    put(o, p, v[1:] if v.startswith("-") else "-" + v)
    return dump(o)


def _entries(o):
    return [(p, v) for p, v in numeric_leaves(o)
            if p[0] in ("primal", "dual") and isinstance(v, str) and RATIONAL_RE.match(v)]


def m_scale(rng, o):
    p, v = rng.choice(_entries(o))
    factor = rng.choice([Fraction(2), Fraction(1, 2), Fraction(1001, 1000), Fraction(999, 1000), Fraction(-1)])
    new = Fraction(v) * factor if Fraction(v) != 0 else Fraction(rng.choice([1, -1]), 1000)
    put(o, p, q(new))
    return dump(o)


def m_swap_rows(rng, o):
    mats, vecs = matrices(o)
    cand = [p for p in mats + vecs if len(set(map(str, get(o, p)))) > 1]
    if not cand:
        return None
    p = rng.choice(cand)
    rows = get(o, p)
    while True:
        i, j = rng.sample(range(len(rows)), 2)
        if rows[i] != rows[j]:
            break
    rows[i], rows[j] = rows[j], rows[i]
    return dump(o)


def m_dimension(rng, o):
    mats, vecs = matrices(o)
    if not mats + vecs:
        return None
    p = rng.choice(mats + vecs)
    rows = get(o, p)
    op = rng.choice(["drop_row", "add_row", "drop_entry", "add_entry"])
    if p in vecs or op in ("drop_row", "add_row"):
        if op in ("drop_row", "drop_entry"):
            rows.pop(rng.randrange(len(rows)))
        else:
            rows.insert(rng.randrange(len(rows) + 1), copy.deepcopy(rng.choice(rows)))
    else:
        row = rng.choice(rows)
        if op == "drop_entry":
            row.pop(rng.randrange(len(row)))
        else:
            row.append("0")
    return dump(o)


def m_instance_size(rng, o):
    inst = o["instance"]
    field = rng.choice(["tokens", "contexts", "dim", "both"])
    if field == "both":
        delta = rng.choice([-1, 1, 2])
        inst["tokens"] += delta
        inst["contexts"] += delta
    elif field == "dim":
        inst["dim"] = rng.choice([1, inst["dim"] - 1, inst["dim"] + 1, inst["tokens"]])
    else:
        inst[field] += rng.choice([-1, 1])
    return dump(o)


def m_instance_budget(rng, o):
    inst = o["instance"]
    field = rng.choice(["E_W", "E_H"])
    factor = rng.choice([Fraction(2), Fraction(1, 2), Fraction(1000001, 1000000), Fraction(999999, 1000000)])
    inst[field] = q(Fraction(inst[field]) * factor)
    return dump(o)


def m_instance_targets(rng, o):
    t = o["instance"]["targets"]
    step = Fraction(1, 1000)
    if isinstance(t, list) or "circulant" in t:
        rows = t if isinstance(t, list) else [t["circulant"]]
        row = rng.choice(rows)
        src = [i for i, x in enumerate(row) if Fraction(x) >= step]
        i = rng.choice(src)
        j = rng.choice([k for k in range(len(row)) if k != i])
        row[i] = q(Fraction(row[i]) - step)
        row[j] = q(Fraction(row[j]) + step)
    elif "exchangeable" in t:
        a = Fraction(t["exchangeable"]["diag"])
        t["exchangeable"]["diag"] = q(a - step if a >= step else a + step)
    else:
        hot = t["onehot"]
        i = rng.randrange(len(hot))
        hot[i] = (hot[i] + 1) % o["instance"]["tokens"]
    return dump(o)


def _claim(o, key, fn):
    o["claims"][key] = fn(o["claims"][key])
    return dump(o)


def m_lower_up_tiny(rng, o):
    return _claim(o, "lower", lambda s: dec_shift(s, delta_rel="1e-15"))


def m_lower_up_big(rng, o):
    return _claim(o, "lower", lambda s: dec_shift(s, delta_abs=rng.choice(["0.1", "1", "0.000001"])))


def m_upper_down_tiny(rng, o):
    return _claim(o, "upper", lambda s: dec_shift(s, delta_rel="-1e-15"))


def m_upper_down_big(rng, o):
    return _claim(o, "upper", lambda s: dec_shift(s, delta_abs=rng.choice(["-0.1", "-1", "-0.000001"])))


def m_lower_down(rng, o):
    return _claim(o, "lower", lambda s: dec_shift(s, delta_abs=rng.choice(["-0.000000000000001", "-1", "-0.5"])))


def m_upper_up(rng, o):
    return _claim(o, "upper", lambda s: dec_shift(s, delta_abs=rng.choice(["0.000000000000001", "1", "0.5"])))


def m_regime_swap(rng, o):
    cur = o["claims"]["regime"]
    o["claims"]["regime"] = {"binding": "interior", "interior": "binding"}.get(cur, rng.choice(["binding", "interior"]))
    return dump(o)


def m_regime_undetermined(rng, o):
    if o["claims"]["regime"] == "undetermined":
        return None
    o["claims"]["regime"] = "undetermined"
    return dump(o)


def m_structure(rng, o):
    cur = o["claims"]["structure"]
    o["claims"]["structure"] = rng.choice([s for s in ("none", "circulant", "simplex-etf") if s != cur])
    return dump(o)


def m_gram(rng, o):
    c = o["claims"]
    inst = o["instance"]
    a = inst["tokens"] * Fraction(inst["E_W"])
    if "gram" not in c:
        # claim a Gram structure with the formula's value: true only where SPEC 5b applies
        c["gram"] = {"W": q(a / max(1, inst["tokens"] - 1))}
        if "exchangeable" in (inst["targets"] if isinstance(inst["targets"], dict) else {}):
            c["gram"]["H"] = q(inst["contexts"] * Fraction(inst["E_H"]) / (inst["contexts"] - 1))
        if rng.random() < 0.5:
            c["structure"] = "simplex-etf"
        return dump(o)
    key = rng.choice(sorted(c["gram"]))
    op = rng.choice(["scale", "plus", "delete", "drop_gram"])
    if op == "scale":
        c["gram"][key] = q(Fraction(c["gram"][key]) * Fraction(1001, 1000))
    elif op == "plus":
        c["gram"][key] = q(Fraction(c["gram"][key]) + 1)
    elif op == "delete":
        del c["gram"][key]
    else:
        del c["gram"]
    return dump(o)


def m_kkt(rng, o):
    k = o["claims"].get("kkt")
    if not k:
        return None
    field = rng.choice(["residual_W", "residual_H", "lambda_W", "lambda_H"])
    if field.startswith("residual"):
        k[field] = rng.choice([dec_shift(k[field], delta_rel="-0.5"), "0", dec_shift(k[field], delta_rel="-1e-6")])
    else:
        v = Fraction(k[field])
        k[field] = q(rng.choice([v * 2 + 1, -v - 1, v + Fraction(1, 10)]))
    return dump(o)


def m_kkt_residual_up(rng, o):
    k = o["claims"].get("kkt")
    if not k:
        return None
    field = rng.choice(["residual_W", "residual_H"])
    k[field] = dec_shift(k[field], delta_abs=rng.choice(["1", "0.001"]))
    return dump(o)


def m_opnorm_down(rng, o):
    d = o["dual"]
    if "opnorm_bound" not in d:
        return None
    s = Fraction(d["opnorm_bound"])
    if s == 0:
        return None
    d["opnorm_bound"] = q(s * rng.choice([Fraction(1, 2), 1 - Fraction(1, 10**12), Fraction(0)]))
    return dump(o)


def m_opnorm_up(rng, o):
    d = o["dual"]
    if "opnorm_bound" not in d:
        return None
    d["opnorm_bound"] = q(Fraction(d["opnorm_bound"]) * Fraction(3, 2) + Fraction(1, 10**6))
    return dump(o)


def m_upper_is_lp(rng, o):
    o["claims"]["upper_is_lp"] = not o["claims"]["upper_is_lp"]
    return dump(o)


def m_kind(rng, o):
    o["kind"] = rng.choice([k for k in ("dense", "circulant", "exchangeable") if k != o["kind"]])
    return dump(o)


def m_remove_key(rng, o):
    p = rng.choice(list(key_paths(o)))
    if isinstance(p[-1], int):
        p = p[:-1]
        if not p:
            return None
    parent = get(o, p[:-1])
    if isinstance(parent, list):
        parent.pop(p[-1])
    else:
        del parent[p[-1]]
    return dump(o)


def m_non_number(rng, o):
    p, _ = rng.choice(numeric_leaves(o))
    put(o, p, rng.choice(["abc", "", None, True, [], 1.5, "NaN", "inf", "1e3", {}, "0x1", " 1", "1/2/3"]))
    return dump(o)


def m_primal_dual(rng, o):
    """Change the exchangeable/circulant parameters x, r, c directly."""
    if "x" in o["primal"] and rng.random() < 0.5:
        p = ("primal", "x")
    elif "r" in o["dual"] and not isinstance(o["dual"]["r"], list):
        p = ("dual", "r")
    else:
        p = rng.choice([pp for pp, _ in _entries(o)])
    v = Fraction(get(o, p))
    put(o, p, q(v + rng.choice([Fraction(1, 10**30), -Fraction(1, 10**30), Fraction(1, 100), Fraction(-1, 100), 1])))
    return dump(o)


def m_budget(rng, o):
    """Targets budget_W / budget_H (dense) and nuclear (circulant, exchangeable): scale the
    whole primal point up a little; a binding primal sits on the budget."""
    f = rng.choice([Fraction(1000001, 1000000), 1 + Fraction(1, 10**20), Fraction(2)])
    pr = o["primal"]
    keys = [k for k in ("W", "H", "c", "x") if k in pr]
    k = rng.choice(keys)
    if isinstance(pr[k], list):
        pr[k] = [[q(Fraction(x) * f) for x in row] if isinstance(row, list) else q(Fraction(row) * f)
                 for row in pr[k]]
    else:
        pr[k] = q(Fraction(pr[k]) * f)
    return dump(o)


def m_dual_simplex(rng, o):
    """Targets dual_simplex: a row sum off by 10^-30, or a negative entry with the sum kept."""
    du = o["dual"]
    eps = Fraction(1, 10**30)
    if "Q" in du:
        row = rng.choice(du["Q"])
    elif isinstance(du.get("r"), list):
        row = du["r"]
    else:
        du["r"] = q(rng.choice([Fraction(-1, 10**30), 1 + eps, Fraction(du["r"]) + 2]))
        return dump(o)
    i = rng.randrange(len(row))
    if rng.random() < 0.5:
        row[i] = q(Fraction(row[i]) + rng.choice([eps, -eps]))
    else:
        j = rng.choice([k for k in range(len(row)) if k != i])
        row[j] = q(Fraction(row[j]) + Fraction(row[i]) + eps)
        row[i] = q(-eps)
    return dump(o)


def m_centered(rng, o):
    """Targets primal_centered (circulant): sum c != 0."""
    if "c" not in o["primal"]:
        return None
    c = o["primal"]["c"]
    i = rng.randrange(len(c))
    c[i] = q(Fraction(c[i]) + rng.choice([Fraction(1, 10**30), Fraction(-1, 7)]))
    return dump(o)


MUTATIONS = [
    ("digit", m_digit), ("sign", m_sign), ("scale_entry", m_scale), ("swap_rows", m_swap_rows),
    ("dimension", m_dimension), ("instance_size", m_instance_size), ("instance_budget", m_instance_budget),
    ("instance_targets", m_instance_targets), ("lower_up_tiny", m_lower_up_tiny), ("lower_up_big", m_lower_up_big),
    ("upper_down_tiny", m_upper_down_tiny), ("upper_down_big", m_upper_down_big),
    ("lower_down", m_lower_down), ("upper_up", m_upper_up), ("regime_swap", m_regime_swap),
    ("regime_undetermined", m_regime_undetermined), ("structure", m_structure), ("gram", m_gram),
    ("kkt", m_kkt), ("kkt_residual_up", m_kkt_residual_up), ("opnorm_down", m_opnorm_down),
    ("opnorm_up", m_opnorm_up), ("upper_is_lp", m_upper_is_lp), ("kind", m_kind),
    ("remove_key", m_remove_key), ("non_number", m_non_number), ("primal_dual", m_primal_dual),
    ("budget_or_nuclear", m_budget), ("dual_simplex", m_dual_simplex), ("primal_centered", m_centered),
]


# --------------------------------------------------------------------------- run

counts = defaultdict(lambda: [0, 0, 0])   # kind -> [rejected, accepted-valid, failures]


def judge(label, kind, data):
    path = os.path.join(WORK, "tamper-mutant.cert.json")
    with open(path, "wb") as f:
        f.write(data)
    r = peelcert_check(path, timeout=60)
    ref = refcheck.check_text(data)
    if r.crashed():
        ok, why = False, f"CRASH {describe(r)}"
    elif r.rc == 0:
        ok = ref.status == "valid"
        why = f"accepted; reference: {ref}" + (f" (undecided {ref.undecided})" if ref.undecided else "")
    else:
        ok = bool(r.text.strip())
        why = f"rejected, exit {r.rc}: {short(r.text, 110)}"
        if kind in MUST_ACCEPT and ref.status == "valid" and not ref.undecided:
            ok, why = False, f"a valid weakening was rejected: {why}"
    c = counts[kind]
    c[0 if r.rc in (1, 2) else 1] += 1
    c[2] += not ok
    T.expect(ok, f"{label} [{kind}]: {why}")


for bname, text in BASES.items():
    try:
        obj = refcheck.loads(text)
    except refcheck.Malformed as e:
        T.expect(False, f"base {bname}: the certificate written by certify is not strict JSON ({e})")
        continue
    path = os.path.join(WORK, f"tamper-base-{bname}.cert.json")
    with open(path, "wb") as f:
        f.write(text)
    r = peelcert_check(path)
    T.expect(r.rc == 0, f"base {bname} ({obj['kind']}): peelcert-check accepts it ({describe(r)})")
    v = refcheck.check(obj)
    T.expect(v.status == "valid", f"base {bname}: the reference checker accepts it ({v})")
    rng = random.Random(f"tamper-{bname}")
    seen = {text}
    for kind, fn in MUTATIONS:
        made = 0
        for attempt in range(PER_KIND * 4):
            if made == PER_KIND:
                break
            try:
                data = fn(rng, copy.deepcopy(obj))
            except (IndexError, ValueError, KeyError, TypeError, ArithmeticError):
                data = None   # the mutation does not apply to this certificate's shape
            if data is None:
                break
            if data in seen:
                continue
            seen.add(data)
            made += 1
            judge(f"{bname} #{made}", kind, data)
    # truncations at random byte offsets (and at the very start / just before the end)
    offsets = sorted({0, 1, len(text) - 2} | {rng.randrange(2, len(text) - 2) for _ in range(PER_KIND * 2)})
    for off in offsets:
        judge(f"{bname} truncated at {off}/{len(text)}", "truncate", text[:off])

print("per mutation kind: rejected / accepted (still valid) / failures")
for kind in sorted(counts):
    rej, acc, bad = counts[kind]
    print(f"  {kind:22s} {rej:4d} {acc:4d} {bad:4d}")
T.finish()
