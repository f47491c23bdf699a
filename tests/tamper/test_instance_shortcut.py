#!/usr/bin/env python3
"""--instance FILE against the certificate's embedded instance (src/check/check.c,
compare_instance_json): a file whose JSON value equals the embedded one is accepted without a
second read; anything else is read and compared in full. Value-equal texts that differ ("2/4"
for "1/2", "0.5" for "1/2", another name, keys in another order) must verify; one differing
target value must be rejected (exit 1) naming the entry, as before the shortcut; a malformed
--instance must still be refused (exit 2) naming the field, also when it differs from the
embedded instance only in a number's JSON type (3.0 for 3). Both directions: the odd text in the
file and in the certificate."""
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

T.finish()
