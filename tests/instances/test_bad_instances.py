"""Malformed and invalid instances: each must be refused by `peelcert certify` (and by
`peelcert solve`) with exit 2 and a message naming the offending field, never a crash.
Valid edge cases must be accepted (exit 0 or 1, never 2)."""
import json
import os
import subprocess
import sys

PEELCERT = os.environ.get("PEELCERT", "peelcert")
WORK = os.environ.get("PEELCERT_WORK", os.getcwd())


def base(**over):
    inst = {"format": "peelcert-instance/1", "tokens": 3, "contexts": 2, "E_W": "1", "E_H": "1",
            "targets": [["1/2", "1/4", "1/4"], ["0", "1/3", "2/3"]]}
    inst.update(over)
    return inst


def without(key):
    inst = base()
    del inst[key]
    return inst


BIG = "1" * 10001
# (name, file text or object, text that the message must contain)
CASES = [
    ("not JSON", "{ tokens: 3", "not valid JSON"),
    ("empty file", "", "not valid JSON"),
    ("top level array", [1, 2], "instance"),
    ("duplicate key", '{"tokens": 3, "tokens": 4}', "not valid JSON"),
    ("trailing data", json.dumps(base()) + " {}", "not valid JSON"),
    ("missing format", without("format"), "format"),
    ("wrong format", base(format="peelcert-instance/9"), "format"),
    ("missing tokens", without("tokens"), "tokens"),
    ("tokens a string", base(tokens="3"), "tokens"),
    ("tokens a float", base(tokens=3.0), "tokens"),
    ("tokens zero", base(tokens=0), "tokens"),
    ("tokens over limit", base(tokens=2000000000), "tokens"),
    ("contexts negative", base(contexts=-1), "contexts"),
    ("dim zero", base(dim=0), "dim"),
    ("missing E_W", without("E_W"), "E_W"),
    ("E_W zero", base(E_W="0"), "E_W"),
    ("E_W negative", base(E_W="-1/2"), "E_W"),
    ("E_H float literal", base(E_H=0.5), "E_H"),
    ("E_H zero denominator", base(E_H="1/0"), "E_H"),
    ("E_H exponent", base(E_H="1e-3"), "E_H"),
    ("E_H spaces", base(E_H=" 1"), "E_H"),
    ("E_H huge string", base(E_H=BIG), "E_H"),
    ("missing targets", without("targets"), "targets"),
    ("targets a string", base(targets="uniform"), "targets"),
    ("too few rows", base(targets=[["1/2", "1/4", "1/4"]]), "targets"),
    ("row too short", base(targets=[["1/2", "1/2"], ["0", "1/3", "2/3"]]), "targets[0]"),
    ("row sum not 1", base(targets=[["1/2", "1/4", "1/5"], ["0", "1/3", "2/3"]]), "targets[0]"),
    ("negative entry", base(targets=[["1/2", "3/4", "-1/4"], ["0", "1/3", "2/3"]]), "targets[0][2]"),
    ("entry not a number", base(targets=[["1/2", "x", "1/4"], ["0", "1/3", "2/3"]]), "targets[0][1]"),
    ("entry a float literal", base(targets=[["1/2", 0.25, "1/4"], ["0", "1/3", "2/3"]]), "targets[0][1]"),
    ("entry null", base(targets=[["1/2", None, "1/4"], ["0", "1/3", "2/3"]]), "targets[0][1]"),
    ("unknown form", base(targets={"uniform": True}), "targets"),
    ("two forms", base(targets={"circulant": ["1"], "onehot": [0]}), "targets"),
    ("circulant not square", base(targets={"circulant": ["1/3", "1/3", "1/3"]}), "circulant"),
    ("circulant wrong length", base(tokens=3, contexts=3, targets={"circulant": ["1/2", "1/2"]}), "circulant"),
    ("circulant sum", base(tokens=2, contexts=2, targets={"circulant": ["1/2", "1/3"]}), "circulant"),
    # group_circulant (SPEC 11): every refusal names the field
    ("group_circulant not an object", base(tokens=6, contexts=6, targets={"group_circulant": [2, 3]}), "targets.group_circulant"),
    ("group_circulant no orders", base(tokens=2, contexts=2, targets={"group_circulant": {"q": ["1/2", "1/2"]}}), "targets.group_circulant.orders"),
    ("group_circulant no q", base(tokens=2, contexts=2, targets={"group_circulant": {"orders": [2]}}), "targets.group_circulant.q"),
    ("group_circulant extra key", base(tokens=2, contexts=2, targets={"group_circulant": {"orders": [2], "q": ["1/2", "1/2"], "p": 1}}), "targets.group_circulant.p"),
    ("group_circulant not square", base(tokens=2, contexts=3, targets={"group_circulant": {"orders": [2], "q": ["1/2", "1/2"]}}), "group_circulant"),
    ("group_circulant orders empty", base(tokens=2, contexts=2, targets={"group_circulant": {"orders": [], "q": ["1/2", "1/2"]}}), "targets.group_circulant.orders"),
    ("group_circulant order zero", base(tokens=2, contexts=2, targets={"group_circulant": {"orders": [2, 0], "q": ["1/2", "1/2"]}}), "targets.group_circulant.orders[1]"),
    ("group_circulant order negative", base(tokens=2, contexts=2, targets={"group_circulant": {"orders": [-2], "q": ["1/2", "1/2"]}}), "targets.group_circulant.orders[0]"),
    ("group_circulant order a string", base(tokens=2, contexts=2, targets={"group_circulant": {"orders": ["2"], "q": ["1/2", "1/2"]}}), "targets.group_circulant.orders[0]"),
    ("group_circulant order a float", base(tokens=2, contexts=2, targets={"group_circulant": {"orders": [2.0], "q": ["1/2", "1/2"]}}), "targets.group_circulant.orders[0]"),
    ("group_circulant product not n", base(tokens=6, contexts=6, targets={"group_circulant": {"orders": [2, 2], "q": ["1/6"] * 6}}), "targets.group_circulant.orders"),
    ("group_circulant product over limit", base(tokens=6, contexts=6, targets={"group_circulant": {"orders": [100000, 100000, 6], "q": ["1/6"] * 6}}), "targets.group_circulant.orders"),
    ("group_circulant too many factors", base(tokens=1, contexts=1, targets={"group_circulant": {"orders": [1] * 33, "q": ["1"]}}), "targets.group_circulant.orders"),
    ("group_circulant q wrong length", base(tokens=4, contexts=4, targets={"group_circulant": {"orders": [2, 2], "q": ["1/2", "1/2"]}}), "targets.group_circulant.q"),
    ("group_circulant q negative", base(tokens=4, contexts=4, targets={"group_circulant": {"orders": [2, 2], "q": ["1/2", "3/4", "-1/4", "0"]}}), "targets.group_circulant.q[2]"),
    ("group_circulant q sum", base(tokens=4, contexts=4, targets={"group_circulant": {"orders": [2, 2], "q": ["1/2", "1/4", "1/4", "1/4"]}}), "targets.group_circulant.q"),
    ("group_circulant q float", base(tokens=4, contexts=4, targets={"group_circulant": {"orders": [2, 2], "q": ["1/2", 0.25, "1/4", "0"]}}), "targets.group_circulant.q[1]"),
    ("group_circulant symmetry not invariant",
     base(tokens=4, contexts=4, targets={"group_circulant": {"orders": [2, 2], "q": ["1/2", "1/4", "1/6", "1/12"]}},
          symmetry={"tokens": [[1, 0, 2, 3]], "contexts": [[1, 0, 2, 3]]}), "symmetry[0]"),
    ("exchangeable n=1", base(tokens=1, contexts=1, targets={"exchangeable": {"diag": "1"}}), "exchangeable"),
    ("exchangeable diag > 1", base(tokens=3, contexts=3, targets={"exchangeable": {"diag": "3/2"}}), "diag"),
    ("exchangeable no diag", base(tokens=3, contexts=3, targets={"exchangeable": {}}), "exchangeable"),
    ("onehot out of range", base(targets={"onehot": [0, 3]}), "targets.onehot[1]"),
    ("onehot wrong length", base(targets={"onehot": [0]}), "targets.onehot"),
    ("onehot float index", base(targets={"onehot": [0, 1.0]}), "targets.onehot[1]"),
    ("dense over limit", base(tokens=3000, contexts=3000, targets=[]), "targets"),
    ("unknown field", base(E_w="1"), "E_w"),
    ("name not a string", base(name=7), "name"),
    ("token_names wrong length", base(token_names=["a", "b"]), "token_names"),
    ("context_names not strings", base(context_names=[1, 2]), "context_names[0]"),
    ("symmetry not a permutation",
     base(tokens=3, contexts=3, targets={"circulant": ["1/2", "1/4", "1/4"]},
          symmetry={"tokens": [[1, 1, 2]], "contexts": [[1, 2, 0]]}), "symmetry.tokens[0][1]"),
    ("symmetry out of range",
     base(tokens=3, contexts=3, targets={"circulant": ["1/2", "1/4", "1/4"]},
          symmetry={"tokens": [[1, 2, 3]], "contexts": [[1, 2, 0]]}), "symmetry.tokens[0][2]"),
    ("symmetry count mismatch",
     base(tokens=3, contexts=3, targets={"circulant": ["1/2", "1/4", "1/4"]},
          symmetry={"tokens": [[1, 2, 0]], "contexts": []}), "symmetry.contexts"),
    ("symmetry not invariant",
     base(tokens=3, contexts=3, targets={"circulant": ["1/2", "1/3", "1/6"]},
          symmetry={"tokens": [[0, 2, 1]], "contexts": [[0, 2, 1]]}), "symmetry[0]"),
    ("dense symmetry not invariant",
     base(symmetry={"tokens": [[1, 0, 2]], "contexts": [[0, 1]]}), "symmetry[0]"),
]

VALID = [
    ("exact decimal budgets", base(E_W="0.25", E_H="2")),
    ("integer literal budgets", base(E_W=1, E_H=3)),
    ("symmetry that holds",
     base(tokens=3, contexts=3, targets={"circulant": ["1/2", "1/4", "1/4"]},
          symmetry={"tokens": [[1, 2, 0], [0, 2, 1]], "contexts": [[1, 2, 0], [0, 2, 1]]})),
    ("onehot", base(targets={"onehot": [2, 0]})),
    ("group_circulant Z2 x Z3", base(tokens=6, contexts=6, targets={"group_circulant": {"orders": [2, 3], "q": ["1/2", "1/4", "1/8", "1/16", "1/32", "1/32"]}})),
    ("group_circulant with orders of 1", base(tokens=2, contexts=2, targets={"group_circulant": {"orders": [1, 2, 1], "q": ["1/3", "2/3"]}})),
    ("group_circulant one element", base(tokens=1, contexts=1, targets={"group_circulant": {"orders": [1], "q": ["1"]}})),
    ("group_circulant translation symmetry",
     base(tokens=4, contexts=4, targets={"group_circulant": {"orders": [2, 2], "q": ["1/2", "1/4", "1/8", "1/8"]}},
          symmetry={"tokens": [[2, 3, 0, 1]], "contexts": [[2, 3, 0, 1]]})),
    ("one token", base(tokens=1, contexts=2, targets=[["1"], ["1"]])),
]


def write(name, content):
    path = os.path.join(WORK, name.replace(" ", "_").replace(">", "gt").replace("=", "eq") + ".json")
    with open(path, "w") as f:
        f.write(content if isinstance(content, str) else json.dumps(content))
    return path


def run(args):
    p = subprocess.run([PEELCERT] + args, capture_output=True, text=True, timeout=120)
    return p.returncode, p.stdout, p.stderr


def main():
    failed = 0
    for name, content, field in CASES:
        path = write(name, content)
        for cmd in (["certify", path, "-o", os.path.join(WORK, "out.cert.json")], ["solve", path]):
            rc, out, err = run(cmd)
            ok = rc == 2 and field in err and "Traceback" not in err and len(err) < 2000
            if not ok:
                failed += 1
            print(("ok   " if ok else "FAIL ") + f"{cmd[0]} {name}: rc={rc} stderr={err.strip()[:200]!r}")
    for name, content in VALID:
        path = write(name, content)
        rc, out, err = run(["certify", path, "-o", os.path.join(WORK, "valid.cert.json")])
        ok = rc in (0, 1)
        if not ok:
            failed += 1
        print(("ok   " if ok else "FAIL ") + f"valid {name}: rc={rc} {err.strip()[:200]!r}")
    rc, out, err = run(["certify", os.path.join(WORK, "does-not-exist.json")])
    ok = rc == 2 and "does-not-exist.json" in err
    failed += not ok
    print(("ok   " if ok else "FAIL ") + f"missing file: rc={rc} {err.strip()[:200]!r}")
    print(f"{len(CASES) * 2 + len(VALID) + 1 - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
