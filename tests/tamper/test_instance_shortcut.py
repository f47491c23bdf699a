#!/usr/bin/env python3
"""--instance FILE against the certificate's embedded instance (src/check/check.c,
compare_instance_json): a file whose JSON value equals the embedded one is accepted without a
second read; anything else is read and compared in full. Value-equal texts that differ ("2/4"
for "1/2", "0.5" for "1/2", another name, keys in another order) must verify; one differing
target value must be rejected (exit 1) naming the entry, as before the shortcut; a malformed
--instance must still be refused (exit 2) naming the field, also when it differs from the
embedded instance only in a number's JSON type (3.0 for 3). Both directions: the odd text in the
file and in the certificate. Then the text comparison (check_textsame.c: a file that is the
embedded instance's text up to whitespace between tokens is not parsed): other whitespace
verifies; whitespace that splits a token ("1 2" for 12), or inside a string ("1/ 2"), or
trailing data must not be taken for the same text."""
import copy
import json
import os
import re
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
from e2e_lib import Tally, WORK, peelcert, peelcert_check, describe, write_json, instance, trivial_dense_cert

T = Tally()
os.makedirs(WORK, exist_ok=True)
ROWS = [["1/2", "1/2", "0"], ["1/3", "1/3", "1/3"]]
INST = instance(3, 2, "1", "1/2", ROWS, dim=2, name="shortcut")
CERT = trivial_dense_cert(INST)
cert_path = write_json(os.path.join(WORK, "shortcut.cert.json"), CERT)
inst_path = write_json(os.path.join(WORK, "shortcut.json"), INST)


def variant(rows=None, **fields):
    obj = copy.deepcopy(INST)
    if rows is not None:
        obj["targets"] = rows
    obj.update(fields)
    return obj


def check_both(obj, tag):
    """The certificate against obj as --instance, and a certificate embedding obj against the
    plain instance file; both CLIs. Returns the runs."""
    p = write_json(os.path.join(WORK, f"shortcut-{tag}.json"), obj)
    c2 = copy.deepcopy(CERT)
    c2["instance"] = obj
    cp = write_json(os.path.join(WORK, f"shortcut-{tag}.cert.json"), c2)
    return [peelcert_check(cert_path, "--instance", p), peelcert("check", cert_path, "--instance", p),
            peelcert_check(cp, "--instance", inst_path)]


r = peelcert_check(cert_path, "--instance", inst_path)
T.expect(r.rc == 0 and "claim instance verified: the same instance as" in r.text,
         f"the embedded instance itself: verified, the same instance ({describe(r)})")
reordered = dict(reversed(list(INST.items())))
r = peelcert_check(cert_path, "--instance", write_json(os.path.join(WORK, "shortcut-order.json"), reordered))
T.expect(r.rc == 0 and "the same instance as" in r.text, f"keys in another order: verified ({describe(r)})")

for tag, obj in [("half-2-4", variant([["2/4", "1/2", "0"], ["1/3", "1/3", "1/3"]])),
                 ("half-decimal", variant([["1/2", "0.5", "0"], ["1/3", "2/6", "1/3"]])),
                 ("budget-2-4", variant(E_H="2/4")),
                 ("zero-0-1", variant([["1/2", "1/2", "0/1"], ["1/3", "1/3", "1/3"]])),
                 ("name", variant(name="another name"))]:
    for r in check_both(obj, tag):
        T.expect(r.rc == 0 and "the same instance as" in r.text,
                 f"{tag}: value-equal, textually different: verified ({describe(r)})")

# one target differs in value (still a valid instance): rejected, naming the entry
other = variant([["1/2", "1/2", "0"], ["1/2", "1/4", "1/4"]])
for r in check_both(other, "differs"):
    T.expect(r.rc == 1 and re.search(r"claim instance rejected: the certificate is not about the "
                                     r"instance in '[^']*': targets differ: P\[1\]\[0\]", r.text),
             f"one target differs in value: exit 1 naming P[1][0] ({describe(r)})")
r = check_both(variant(E_W="2"), "ew")[0]
T.expect(r.rc == 1 and "E_W differs" in r.text, f"E_W differs: exit 1 naming E_W ({describe(r)})")

# malformed --instance: refused, naming the field, also when only a JSON type differs
r = peelcert_check(cert_path, "--instance", write_json(os.path.join(WORK, "shortcut-real.json"),
                                                       variant(tokens=3.0)))
T.expect(r.rc == 2 and "--instance.tokens" in r.text, f"tokens 3.0 (a real): exit 2 naming --instance.tokens ({describe(r)})")
r = peelcert_check(cert_path, "--instance", write_json(os.path.join(WORK, "shortcut-sum.json"),
                                                       variant([["1/2", "1/2", "0"], ["1/3", "1/3", "1/2"]])))
T.expect(r.rc == 2 and "--instance.targets[1]" in r.text, f"row sum not 1: exit 2 naming --instance.targets[1] ({describe(r)})")
r = peelcert("check", cert_path, "--instance", write_json(os.path.join(WORK, "shortcut-list.json"), [INST]), "--json")
T.expect(r.rc == 2 and "--instance: expected an object" in r.text, f"--instance an array: exit 2 ({describe(r)})")


# ---- the text comparison
def raw(path, text):
    with open(path, "w") as f:
        f.write(text)
    return path


compact = json.dumps(INST, separators=(",", ":"))
for tag, text in [("compact", compact), ("indent4-crlf", json.dumps(INST, indent=4).replace("\n", "\r\n")),
                  ("tabs", "\t" + json.dumps(INST, indent="\t") + "\n\n"),
                  ("escaped-slash", compact.replace('"1/3"', '"1\\/3"'))]:
    r = peelcert_check(cert_path, "--instance", raw(os.path.join(WORK, f"shortcut-{tag}.json"), text))
    T.expect(r.rc == 0 and "the same instance as" in r.text, f"{tag}: verified ({describe(r)})")
bad = [("string-space", compact.replace('"1/3"', '"1/ 3"', 1), r"--instance\.targets\[1\]\[0\]"),
       ("string-space-quote", compact.replace('"1/3"', '"1/3 "', 1), r"--instance\.targets\[1\]\[0\]"),
       ("string-tab-quote", compact.replace('"1/3"', '"\t1/3"', 1), r"not strict JSON: control character"),
       ("trailing", compact + " 1", r"not strict JSON"),
       ("unterminated", compact[:-1], r"not strict JSON"),
       ("split-number", compact.replace('"dim":2', '"dim":2 2'), r"not strict JSON")]
for tag, text, want in bad:
    r = peelcert_check(cert_path, "--instance", raw(os.path.join(WORK, f"shortcut-{tag}.json"), text))
    T.expect(r.rc == 2 and re.search(want, r.text), f"{tag}: exit 2 ({describe(r)})")
# a token split in two by whitespace: the certificate says 12 tokens, the file "1 2"
inst12 = instance(12, 1, "1", "1", [["1/12"] * 12], dim=1, name="twelve")
c12 = write_json(os.path.join(WORK, "shortcut-12.cert.json"), trivial_dense_cert(inst12))
t12 = json.dumps(inst12, indent=1)
r = peelcert_check(c12, "--instance", raw(os.path.join(WORK, "shortcut-12.json"), t12))
T.expect(r.rc == 0 and "the same instance as" in r.text, f"12 tokens, the same text: verified ({describe(r)})")
r = peelcert_check(c12, "--instance", raw(os.path.join(WORK, "shortcut-12-split.json"), t12.replace('"tokens": 12', '"tokens": 1 2')))
T.expect(r.rc == 2 and "not strict JSON" in r.text, f"'tokens: 1 2' for 12: exit 2, not strict JSON ({describe(r)})")
r = peelcert_check(c12, "--instance", raw(os.path.join(WORK, "shortcut-12-other.json"), t12.replace('"tokens": 12', '"tokens": 13')))
T.expect(r.rc == 2, f"'tokens: 13' with 12 entries a row: exit 2 ({describe(r)})")
# the certificate's key "instance" written with an escape: found by jansson, not by the text scan
with open(c12) as f:
    ctext = f.read()
cesc = raw(os.path.join(WORK, "shortcut-12-esc.cert.json"), ctext.replace('"instance":', '"\\u0069nstance":', 1))
r = peelcert_check(cesc, "--instance", os.path.join(WORK, "shortcut-12.json"))
T.expect(r.rc == 0 and "the same instance as" in r.text, f"key \\u0069nstance in the certificate: verified ({describe(r)})")
r = peelcert_check(cesc, "--instance", os.path.join(WORK, "shortcut-12-split.json"))
T.expect(r.rc == 2 and "not strict JSON" in r.text, f"key \\u0069nstance, file '1 2': exit 2 ({describe(r)})")
# the instance string inside another member's value (a decoy) before the real member
dec = json.loads(ctext)
dec2 = {"format": dec["format"], "kind": dec["kind"], "producer": {"instance": {"tokens": 12}, "note": '"instance": {'}}
dec2.update(dec)
dpath = write_json(os.path.join(WORK, "shortcut-12-decoy.cert.json"), dec2)
r = peelcert_check(dpath, "--instance", os.path.join(WORK, "shortcut-12.json"))
T.expect(r.rc == 0 and "the same instance as" in r.text, f"decoy 'instance' keys in producer: verified ({describe(r)})")
r = peelcert_check(dpath, "--instance", raw(os.path.join(WORK, "shortcut-12-decoy.json"), '{"tokens": 12}'))
T.expect(r.rc == 2 and "--instance" in r.text, f"decoy's text as --instance: exit 2 ({describe(r)})")

# ---- field paths of the reader's messages (written only for an error: the row is read again)
base = {"format": "peelcert-instance/1", "tokens": 3, "contexts": 2, "E_W": "1", "E_H": "1"}
flat = [["1/3", "1/3", "1/3"], ["1/3", "1/3", "1/3"]]
paths = [
    ({"targets": [["1/2", "1/2", "0"], ["1/3", "x", "1/3"]]}, '--instance.targets[1][1]: "x" is not an exact rational'),
    ({"targets": [["1/2", "1/2", "0"], ["1/3", "1/3"]]}, "--instance.targets[1]: has 2 entries, expected 3"),
    ({"targets": [["1/2", "1/2", "0"], ["1/3", "1/3", "1/2"]]}, "--instance.targets[1]: row sums to 7/6, not 1"),
    ({"targets": {"onehot": [0, 3]}}, "--instance.targets.onehot[1]: 3 is outside [0, 2]"),
    ({"targets": {"sparse": [[[0, "1/2"], [1, "1/2"]], [[2, "1/2"], [1, "1/2"]]]}},
     "--instance.targets.sparse[1][1][0]: token 1 after token 2 (must be strictly increasing)"),
    ({"targets": {"sparse": [[[0, "1/2"], [1, "1/2"]], [[0, "1/2"], [1, "1/3"]]]}},
     "--instance.targets.sparse[1]: row sums to 5/6, not 1"),
    ({"targets": {"sparse": [[[0, "1/2"], [1, "1/2"]], [[0, "0"], [1, "1"]]]}},
     "--instance.targets.sparse[1][0][1]: listed entry is not positive"),
    ({"targets": {"sparse": [[[0, "1/2"], [1, "1/2"]], [[0, "1/2"], [1]]]}},
     "--instance.targets.sparse[1][1]: has 1 entries, expected 2"),
    ({"targets": flat, "symmetry": {"tokens": [[0, 1, 1]], "contexts": [[0, 1]]}},
     "--instance.symmetry.tokens[0]: not a permutation (image 1 repeated)"),
    ({"targets": flat, "symmetry": {"tokens": [[0, 1, 2]], "contexts": [[0, 5]]}},
     "--instance.symmetry.contexts[0][1]: 5 is outside [0, 1]"),
]
for n, (fields, want) in enumerate(paths):
    obj = dict(base)
    obj.update(fields)
    r = peelcert_check(cert_path, "--instance", write_json(os.path.join(WORK, f"shortcut-path{n}.json"), obj))
    T.expect(r.rc == 2 and want in r.text, f"message '{want}' ({describe(r)})")

T.finish()
