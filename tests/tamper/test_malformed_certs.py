#!/usr/bin/env python3
"""
import sys
sys.dont_write_bytecode = True   # keep the source tree clean of __pycache__Malformed certificates (FORMAT.md, "Verdicts"): each is refused with exit 2 — never 0 or 1,
never a crash — by peelcert-check and by `peelcert check --json`, and the message names the
field. The bases are handcrafted valid certificates (Z = 0, Q = P), built without the product;
each base must itself pass. Then --instance with a malformed instance, and missing files."""
import copy
import json
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
from e2e_lib import (Tally, WORK, peelcert, peelcert_check, describe, short, write_json, instance,
                     exchangeable_instance, trivial_dense_cert, trivial_circulant_cert,
                     trivial_exchangeable_cert)
from fractions import Fraction
import refcheck

T = Tally()

DENSE_INST = instance(3, 2, "1", "1/2", [["1/2", "1/2", "0"], ["1/3", "1/3", "1/3"]], dim=2,
                      name="malformed-dense")
CIRC_INST = instance(4, 4, "1", "1", {"circulant": ["1/2", "1/4", "1/8", "1/8"]}, dim=3)
EXCH_INST = exchangeable_instance(5, Fraction(3, 5), dim=4)
BASES = {
    "dense": trivial_dense_cert(DENSE_INST),
    "circulant": trivial_circulant_cert(CIRC_INST),
    "exchangeable": trivial_exchangeable_cert(EXCH_INST),
}
BASES["dense-kkt"] = copy.deepcopy(BASES["dense"])
BASES["dense-kkt"]["claims"]["kkt"] = {"lambda_W": "0", "lambda_H": "0",
                                      "residual_W": "1", "residual_H": "1"}


def dump(obj):
    return json.dumps(obj, indent=1) + "\n"


for name, obj in BASES.items():
    path = os.path.join(WORK, f"base-{name}.cert.json")
    with open(path, "w") as f:
        f.write(dump(obj))
    v = refcheck.check(obj)
    T.expect(v.status == "valid", f"base {name}: the reference checker accepts it ({v})")
    r = peelcert_check(path)
    T.expect(r.rc == 0, f"base {name}: peelcert-check accepts the handcrafted certificate ({describe(r)})")


# ---- the malformed cases: (id, base, edit, regex the message must match)
# edit is a function obj -> obj (edited in place on a copy), or returns str/bytes for raw text.

def setp(path, value):
    def edit(o):
        t = o
        for k in path[:-1]:
            t = t[k]
        t[path[-1]] = value
        return o
    return edit


def delp(path):
    def edit(o):
        t = o
        for k in path[:-1]:
            t = t[k]
        del t[path[-1]]
        return o
    return edit


def raw(text):
    return lambda o: text


def text_replace(old, new):
    def edit(o):
        s = dump(o)
        assert old in s, old
        return s.replace(old, new, 1)
    return edit


def nested(depth):
    return "[" * depth + "]" * depth


def wrong_row_len(o):
    o["primal"]["W"][0].append("0")
    return o


def extra_row(o):
    o["primal"]["W"].append(["0", "0"])
    return o


def h_drop_col(o):
    for row in o["primal"]["H"]:
        row.pop()
    return o


def q_drop_row(o):
    o["dual"]["Q"].pop()
    return o


def c_short(o):
    o["primal"]["c"].pop()
    return o


def lower_twice(o):
    s = dump(o)
    low = o["claims"]["lower"]
    return s.replace(f'"lower": "{low}",', f'"lower": "{low}",\n  "lower": "0",', 1)


def nan_lower(o):
    s = dump(o)
    return s.replace(f'"lower": "{o["claims"]["lower"]}"', '"lower": NaN', 1)


def bad_utf8(o):
    s = dump(o).encode()
    return s.replace(b'"malformed-dense"', b'"malformed-\xff\xfe-dense"', 1)


def trailing(o):
    return dump(o) + "}\n{ garbage"


BIG = "1" + "0" * 20000

CASES = [
    ("not-json", "dense", raw("this is not JSON\n"), r"(?i)json|pars"),
    ("empty-file", "dense", raw(""), r"(?i)json|empty|pars"),
    ("top-level-array", "dense", raw("[1, 2, 3]\n"), r"(?i)object|top"),
    ("top-level-string", "dense", raw('"peelcert-certificate/1"\n'), r"(?i)object|top"),
    ("format-wrong", "dense", setp(["format"], "peelcert-certificate/2"), r"format"),
    ("format-missing", "dense", delp(["format"]), r"format"),
    ("kind-missing", "dense", delp(["kind"]), r"kind"),
    ("kind-unknown", "dense", setp(["kind"], "sparse"), r"kind"),
    ("kind-number", "dense", setp(["kind"], 1), r"kind"),
    ("instance-missing", "dense", delp(["instance"]), r"instance"),
    ("instance-not-object", "dense", setp(["instance"], "days.json"), r"instance"),
    ("instance-row-sum", "dense", setp(["instance", "targets", 0], ["1/2", "1/3", "0"]), r"targets|row|sum"),
    ("instance-negative-entry", "dense", setp(["instance", "targets", 0], ["1/2", "3/4", "-1/4"]), r"targets|negative"),
    ("instance-targets-missing", "dense", delp(["instance", "targets"]), r"targets"),
    ("instance-dim-string", "dense", setp(["instance", "dim"], "2"), r"dim"),
    ("instance-dim-zero", "dense", setp(["instance", "dim"], 0), r"dim"),
    ("instance-tokens-zero", "dense", setp(["instance", "tokens"], 0), r"tokens"),
    ("instance-tokens-huge", "dense", setp(["instance", "tokens"], 10**12), r"tokens"),
    ("instance-tokens-float", "dense", setp(["instance", "tokens"], 3.0), r"tokens"),
    ("instance-E_W-zero", "dense", setp(["instance", "E_W"], "0"), r"E_W"),
    ("instance-E_H-negative", "dense", setp(["instance", "E_H"], "-1/2"), r"E_H"),
    ("instance-E_W-float", "dense", setp(["instance", "E_W"], 1.0), r"E_W"),
    ("instance-format", "dense", setp(["instance", "format"], "peelcert-instance/9"), r"format|instance"),
    ("instance-onehot-range", "dense", setp(["instance", "targets"], {"onehot": [0, 3]}), r"onehot|targets"),
    ("instance-symmetry-not-perm", "dense",
     setp(["instance", "symmetry"], {"tokens": [[0, 0, 1]], "contexts": [[0, 1]]}), r"symmetry|permutation"),
    ("instance-symmetry-not-invariant", "dense",
     setp(["instance", "symmetry"], {"tokens": [[1, 2, 0]], "contexts": [[0, 1]]}), r"symmetry|invariant"),
    ("instance-exch-diag", "exchangeable", setp(["instance", "targets", "exchangeable", "diag"], "3/2"),
     r"diag|exchangeable|targets"),
    ("instance-exch-n1", "exchangeable",
     lambda o: setp(["instance", "contexts"], 1)(setp(["instance", "tokens"], 1)(setp(["instance", "dim"], 1)(o))),
     r"tokens|contexts|exchangeable|n >= 2"),
    ("claims-missing", "dense", delp(["claims"]), r"claims"),
    ("claims-array", "dense", setp(["claims"], []), r"claims"),
    ("lower-missing", "dense", delp(["claims", "lower"]), r"lower"),
    ("upper-missing", "dense", delp(["claims", "upper"]), r"upper"),
    ("lower-number", "dense", setp(["claims", "lower"], 1), r"lower"),
    ("lower-abc", "dense", setp(["claims", "lower"], "abc"), r"lower"),
    ("lower-exponent", "dense", setp(["claims", "lower"], "1e-3"), r"lower"),
    ("lower-empty", "dense", setp(["claims", "lower"], ""), r"lower"),
    ("lower-dot-end", "dense", setp(["claims", "lower"], "1."), r"lower"),
    ("lower-dot-start", "dense", setp(["claims", "lower"], ".5"), r"lower"),
    ("lower-space", "dense", setp(["claims", "lower"], " 0.5"), r"lower"),
    ("upper-fraction", "dense", setp(["claims", "upper"], "11/10"), r"upper"),
    ("upper_is_lp-string", "dense", setp(["claims", "upper_is_lp"], "yes"), r"upper_is_lp"),
    ("regime-maybe", "dense", setp(["claims", "regime"], "maybe"), r"regime"),
    ("structure-cube", "dense", setp(["claims", "structure"], "cube"), r"structure"),
    ("structure-missing", "dense", delp(["claims", "structure"]), r"structure"),
    ("primal-missing", "dense", delp(["primal"]), r"primal"),
    ("dual-missing", "dense", delp(["dual"]), r"dual"),
    ("W-not-array", "dense", setp(["primal", "W"], "0"), r"\bW\b"),
    ("W-row-length", "dense", wrong_row_len, r"\bW\b"),
    ("W-extra-row", "dense", extra_row, r"\bW\b"),
    ("W-missing", "dense", delp(["primal", "W"]), r"\bW\b"),
    ("H-shape", "dense", h_drop_col, r"\bH\b"),
    ("Q-shape", "dense", q_drop_row, r"\bQ\b"),
    ("Q-zero-denominator", "dense", setp(["dual", "Q", 0, 0], "1/0"), r"\bQ\b|1/0"),
    ("Q-null", "dense", setp(["dual", "Q", 1, 2], None), r"\bQ\b"),
    ("H-plus-sign", "dense", setp(["primal", "H", 0, 0], "+1"), r"\bH\b|\+1"),
    ("W-json-float", "dense", setp(["primal", "W", 1, 1], 1.5), r"\bW\b"),
    ("W-20000-digits", "dense", setp(["primal", "W", 0, 0], BIG), r"\bW\b"),
    ("W-slash-slash", "dense", setp(["primal", "W", 0, 0], "1/2/3"), r"\bW\b"),
    ("opnorm_bound-missing", "dense", delp(["dual", "opnorm_bound"]), r"opnorm_bound"),
    ("opnorm_bound-abc", "dense", setp(["dual", "opnorm_bound"], "abc"), r"opnorm_bound"),
    ("kkt-residual-bad", "dense-kkt", setp(["claims", "kkt", "residual_W"], "0.1.2"), r"residual_W"),
    ("kkt-lambda-bad", "dense-kkt", setp(["claims", "kkt", "lambda_W"], "x"), r"lambda_W"),
    ("kkt-not-object", "dense-kkt", setp(["claims", "kkt"], "small"), r"kkt"),
    ("circulant-c-length", "circulant", c_short, r"\bc\b"),
    ("circulant-c-number", "circulant", setp(["primal", "c"], 0), r"\bc\b"),
    ("circulant-r-entry", "circulant", setp(["dual", "r", 2], "1/8x"), r"\br\b"),
    ("exchangeable-x-missing", "exchangeable", delp(["primal", "x"]), r"\bx\b"),
    ("exchangeable-x-hex", "exchangeable", setp(["primal", "x"], "0x10"), r"\bx\b"),
    ("exchangeable-r-zero-den", "exchangeable", setp(["dual", "r"], "2/0"), r"\br\b|2/0"),
    ("exchangeable-r-array", "exchangeable", setp(["dual", "r"], ["3/5"]), r"\br\b"),
    ("gram-not-object", "exchangeable", setp(["claims", "gram"], "5/4"), r"gram"),
    ("duplicate-key", "dense", lower_twice, r"(?i)duplicate|lower"),
    ("nesting-10000", "dense", setp(["claims", "lower"], "__NEST__"), r"(?i)lower|json|depth|nest"),
    ("nan-literal", "dense", nan_lower, r"(?i)lower|json|pars|nan"),
    ("trailing-garbage", "dense", trailing, r"(?i)json|garbage|trailing|end"),
    ("invalid-utf8", "dense", bad_utf8, r"(?i)json|utf|pars|invalid"),
]

def run_case(cid, base, edit, pattern):
    out = edit(copy.deepcopy(BASES[base]))
    if isinstance(out, dict):
        out = dump(out)
    if isinstance(out, str):
        out = out.replace('"__NEST__"', nested(10000))
        out = out.encode()
    path = os.path.join(WORK, f"malformed-{cid}.cert.json")
    with open(path, "wb") as f:
        f.write(out)
    ref = refcheck.check_text(out)
    if ref.status != "malformed":   # the case itself must be malformed: a mistake in the test otherwise
        T.expect(False, f"{cid}: the reference checker also calls it malformed (got {ref})")
        return
    r = peelcert_check(path, timeout=60)
    rj = peelcert("check", path, "--json", timeout=60)
    msg = r.text
    j = rj.json()
    jmsg = j.get("message", "") if j else ""
    ok = r.rc == 2 and rj.rc == 2
    named = bool(re.search(pattern, msg) or re.search(pattern, jmsg))
    T.expect(ok and named,
             f"{cid}: exit 2 and the message matches /{pattern}/ "
             f"(peelcert-check {r.rc}, check --json {rj.rc}: {short(msg, 160)})")
    T.expect(j is not None and j.get("verified") is False,
             f"{cid}: check --json prints one object with verified false ({short(rj.out, 100)})")

names_seen = set()
for cid, base, edit, pattern in CASES:
    assert cid not in names_seen, cid
    names_seen.add(cid)
    try:
        run_case(cid, base, edit, pattern)
    except Exception as e:   # noqa: BLE001 -- a product output that breaks the script is a failure
        T.expect(False, f"{cid}: the test raised {e!r}")

# ---- --instance and files
good = os.path.join(WORK, "base-dense.cert.json")
bad_inst = write_json(os.path.join(WORK, "malformed-instance.json"),
                      instance(3, 2, "1", "1/2", [["1/2", "1/2", "0"], ["1/3", "1/3", "1/2"]], dim=2))
r = peelcert_check(good, "--instance", bad_inst)
T.expect(r.rc == 2 and re.search(r"targets|row|sum", r.text), f"--instance malformed (row sum): exit 2, names targets ({describe(r)})")
with open(os.path.join(WORK, "malformed-instance-text.json"), "w") as f:
    f.write('{"format": "peelcert-instance/1", "tokens": 3,')
r = peelcert_check(good, "--instance", os.path.join(WORK, "malformed-instance-text.json"))
T.expect(r.rc == 2, f"--instance truncated JSON: exit 2 ({describe(r)})")
r = peelcert_check(good, "--instance", os.path.join(WORK, "no-such-instance.json"))
T.expect(r.rc == 2, f"--instance nonexistent file: exit 2 ({describe(r)})")
r = peelcert_check(os.path.join(WORK, "no-such-certificate.json"))
T.expect(r.rc == 2 and "no-such-certificate" in r.text, f"nonexistent certificate: exit 2, names the file ({describe(r)})")
r = peelcert("check", os.path.join(WORK, "no-such-certificate.json"), "--json")
T.expect(r.rc == 2, f"check --json nonexistent certificate: exit 2 ({describe(r)})")
r = peelcert_check(WORK)
T.expect(r.rc == 2, f"certificate path is a directory: exit 2 ({describe(r)})")
r = peelcert_check()
T.expect(r.rc == 2, f"no arguments: exit 2 ({describe(r)})")
r = peelcert_check(good, "--no-such-option")
T.expect(r.rc == 2, f"unknown option: exit 2 ({describe(r)})")
r = peelcert_check(good, "--instance")
T.expect(r.rc == 2, f"--instance without a file: exit 2 ({describe(r)})")
# a well-formed certificate against a valid instance of another shape: a mismatch, exit 1
other = write_json(os.path.join(WORK, "other-shape.json"),
                   instance(2, 2, "1", "1/2", [["1/2", "1/2"], ["1/3", "2/3"]]))
r = peelcert_check(good, "--instance", other)
T.expect(r.rc == 1 and "tokens" in r.text, f"--instance of another size: exit 1 naming tokens ({describe(r)})")

T.finish()
