"""peelcert check re-verifies a sweep document's values (check_sweep_values.c): each
{rho, lower, upper, c, r} as a circulant certificate at a = b = rho, a cyclic value without c, r
by H(q) above rho_int, an exchangeable one by the closed form of SPEC 5b. Genuine sweeps verify;
a tampered values[k].lower / upper / c / rho exits 1 naming values[k] and the claim; a malformed
entry exits 2 naming the field."""
import copy, json, os, sys
from fractions import Fraction

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from pctest import SOURCE, WORK, run, expect, finish  # noqa: E402


def sweep(instance, rho, name):
    out = os.path.join(WORK, name)
    rc, o, e = run("sweep", os.path.join(SOURCE, "proofs-data", instance), "--rho", rho, "-o", out)
    expect(rc == 0, f"sweep {instance} exit {rc}: {e[-300:]}")
    with open(out) as f:
        return json.load(f)


def checked(doc, name, code, *words):
    path = os.path.join(WORK, name)
    with open(path, "w") as f:
        json.dump(doc, f)
    rc, o, e = run("check", path, "--json")
    try:
        msg = json.loads(o).get("message", "")
    except ValueError:
        msg = e
    ok = expect(rc == code, f"{name}: exit {rc}, expected {code} ({msg[:300]})")
    for w in words:
        ok &= expect(w in msg, f"{name}: message names {w!r}: {msg[:300]}")
    return msg


def bump(text, delta):
    """A decimal string moved by delta (an exact decimal)."""
    x = Fraction(text) + Fraction(delta)
    return f"{float(x):.25f}"


days = sweep("days-of-week.json", "1/10:20", "sv_days.json")
vals = days["values"]
msg = checked(days, "sv_days_ok.json", 0, "value")
expect("10 values" in msg, f"days: all 10 values re-verified ({msg})")
k_circ = next(i for i, v in enumerate(vals) if "c" in v and i > 2)
k_int = next(i for i, v in enumerate(vals) if "c" not in v)

exch = sweep("exchangeable-binding.json", "1/10:20", "sv_exch.json")
checked(exch, "sv_exch_ok.json", 0, "4 values")
zero = sweep("exchangeable-alpha-zero.json", "1/10:20", "sv_zero.json")
checked(zero, "sv_zero_ok.json", 0, "values")

d = copy.deepcopy(days)   # a value the producer could not certify claims nothing
d["values"][0] = {"rho": vals[0]["rho"], "lower": "-inf", "upper": "inf"}
checked(d, "sv_vacuous.json", 0, "9 values", "1 more claim nothing")

# ---- tampered: exit 1, values[k] and the claim named
d = copy.deepcopy(days)
d["values"][k_circ]["lower"] = bump(vals[k_circ]["lower"], "1e-6")
checked(d, "sv_t_lower.json", 1, f"values[{k_circ}]", "claim lower")

d = copy.deepcopy(days)
d["values"][k_circ]["upper"] = bump(vals[k_circ]["upper"], "-1e-6")
checked(d, "sv_t_upper.json", 1, f"values[{k_circ}]", "claim upper")

d = copy.deepcopy(days)   # one entry changed: c is no longer centred
d["values"][k_circ]["c"][3] = str(Fraction(vals[k_circ]["c"][3]) + Fraction(1, 10**6))
checked(d, "sv_t_c.json", 1, f"values[{k_circ}]", "primal_centered")

d = copy.deepcopy(days)   # still centred, but the upper bound no longer holds / nuclear norm > rho
c = d["values"][k_circ]["c"]
c[0] = str(Fraction(c[0]) + Fraction(1, 2))
c[1] = str(Fraction(c[1]) - Fraction(1, 2))
checked(d, "sv_t_c2.json", 1, f"values[{k_circ}]")

d = copy.deepcopy(days)   # r moved off the simplex
d["values"][k_circ]["r"][0] = str(Fraction(vals[k_circ]["r"][0]) + Fraction(1, 10**6))
checked(d, "sv_t_r.json", 1, f"values[{k_circ}]", "dual_simplex")

d = copy.deepcopy(days)   # the same c, r claimed at a larger rho: the lower bound fails
d["values"][k_circ]["rho"] = str(Fraction(vals[k_circ]["rho"]) * 2)
checked(d, "sv_t_rho.json", 1, f"values[{k_circ}]")

d = copy.deepcopy(days)   # the interior value H(q)
d["values"][k_int]["upper"] = bump(vals[k_int]["upper"], "-1e-10")
checked(d, "sv_t_int.json", 1, f"values[{k_int}]", "H(q)")

d = copy.deepcopy(days)   # H(q) claimed below rho_int
d["values"][k_int]["rho"] = "13"
checked(d, "sv_t_intrho.json", 1, f"values[{k_int}]", "interior threshold")

d = copy.deepcopy(exch)
d["values"][1]["lower"] = bump(exch["values"][1]["lower"], "1e-8")
checked(d, "sv_t_exch.json", 1, "values[1]", "closed form")

# ---- malformed: exit 2, the field named
d = copy.deepcopy(days); d["values"][k_circ]["lower"] = 1.5
checked(d, "sv_m_lower.json", 2, f"values[{k_circ}].lower")
d = copy.deepcopy(days); d["values"][k_circ]["c"] = d["values"][k_circ]["c"][:3]
checked(d, "sv_m_c.json", 2, f"values[{k_circ}].c")
d = copy.deepcopy(days); d["values"][k_circ]["c"][2] = "x/3"
checked(d, "sv_m_centry.json", 2, f"values[{k_circ}].c[2]")
d = copy.deepcopy(days); del d["values"][k_circ]["r"]
checked(d, "sv_m_r.json", 2, f"values[{k_circ}]", "without r")
d = copy.deepcopy(days); d["values"][0]["rho"] = "-1"
checked(d, "sv_m_rho.json", 2, "values[0].rho")
d = copy.deepcopy(days); d["values"] = {"rho": "1"}
checked(d, "sv_m_values.json", 2, "values")

finish()
