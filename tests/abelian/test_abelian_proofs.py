#!/usr/bin/env python3
# peelcert-test: slow
"""The proofs-data instances of issue 10 item 5 (days-x-hours on Z_7 x Z_24, z12-x-z12, z2-6;
made by scripts/make_proofs_data.py) against twins computed another way: the same instance on
the general dense path (`--path dense`, which reads the targets entry by entry) and, for days x
hours, its CRT circulant twin on the cyclic path (the expected value of proofs-data/expected.json,
re-derived here at 30 digits). The intervals must intersect, the group certificate must check
against the dense twin written out entry by entry here, and symmetry discovery on that dense
twin (no symmetry field) must find a group of order n (the translations)."""
import sys
sys.dont_write_bytecode = True
import json
import os
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from abelian_lib import (Tally, PEELCERT, CHECK, SOURCE, dense_twin, crt_twin, write, certify,
                         interval, intersect, run)

T = Tally()
for stem in ("days-x-hours", "z12-x-z12", "z2-6"):
    inst = json.load(open(os.path.join(SOURCE, "proofs-data", stem + ".json")))
    n = inst["tokens"]
    path = write(stem + ".json", inst)
    rc, doc, cert = certify(path)
    if not T.expect(rc == 0 and doc["path"] == "group_circulant", f"{stem}: certified on the "
                    f"group path (rc {rc})"):
        continue
    dpath = write(stem + "-as-dense.json", inst)
    rc2, doc2, _ = certify(dpath, ["--path", "dense"])
    T.expect(rc2 in (0, 1) and doc2 and doc2["path"] == "dense"
             and intersect(interval(doc), interval(doc2)),
             f"{stem}: [{doc['lower'][:24]}, {doc['upper'][:24]}] meets --path dense "
             f"[{doc2['lower'][:24]}, {doc2['upper'][:24]}]")
    twin = dense_twin(inst)
    twin.pop("token_names", None)
    twin.pop("context_names", None)
    tpath = write(stem + "-dense-twin.json", twin)
    T.expect(run([CHECK, cert, "--instance", tpath])[0] == 0,
             f"{stem}: the group certificate checks against the dense twin")
    rc3, out, err = run([PEELCERT, "symmetry", tpath, "--json"])
    order = json.loads(out).get("order") if rc3 == 0 else None
    T.expect(order is not None and int(order) % n == 0,
             f"{stem}: discovery on the dense twin finds a group of order {order} (n = {n} divides it)")
    if stem == "days-x-hours":
        cpath = write(stem + "-crt.json", crt_twin({k: v for k, v in inst.items()
                                                    if k not in ("token_names", "context_names")}))
        rc4, doc4, _ = certify(cpath)
        T.expect(rc4 == 0 and doc4["path"] == "circulant"
                 and intersect(interval(doc), interval(doc4)),
                 f"{stem}: meets its CRT circulant twin [{doc4['lower'][:34]}, ...] (cyclic path)")
T.finish()
