#!/usr/bin/env python3
"""group_circulant instances (SPEC 11) certified on the abelian Fourier path agree with twins
computed another way (issue 10 item 4, targets): the dense twin (P expanded here entry by entry,
certified on the dense path) at Z_2 x Z_3, Z_2^3, Z_3 x Z_3, Z_2 x Z_2 x Z_3 for random exact q
(fixed seed), and the CRT circulant twin (Z_n1 x ... x Z_nk = Z_n for coprime orders: the
relabelled instance on the cyclic path) for Z_2 x Z_3, Z_3 x Z_4, Z_7 x Z_24. Every interval
must intersect its twin's, every certificate must check, the group certificate must check against
the dense twin as --instance (same matrix), and must be rejected against the CRT twin (the same
first row read as a cyclic circulant is another matrix)."""
import sys
sys.dont_write_bytecode = True
import os
import random
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from abelian_lib import (Tally, CHECK, group_instance, dense_twin, crt_twin, random_q, write,
                         certify, interval, intersect, run)

T = Tally()
rng = random.Random(20261202)


def twin_case(label, orders, q, E, twin, twin_name):
    inst = group_instance(orders, q, E_W=E, E_H=E)
    gpath = write(f"{label}.json", inst)
    tpath = write(f"{label}-{twin_name}.json", twin(inst))
    rc, doc, gcert = certify(gpath)
    rc2, doc2, tcert = certify(tpath)
    if not T.expect(rc == 0 and doc is not None and rc2 in (0, 1) and doc2 is not None,
                    f"{label}: both paths certify (rc {rc}, {rc2})"):
        return
    T.expect(doc["path"] == "group_circulant", f"{label}: group path taken ({doc['path']})")
    T.expect(intersect(interval(doc), interval(doc2)),
             f"{label}: [{doc['lower'][:22]}, {doc['upper'][:22]}] meets the {twin_name} twin "
             f"[{doc2['lower'][:22]}, {doc2['upper'][:22]}] ({doc2['path']})")
    T.expect(doc["structure"] == "group-invariant", f"{label}: structure {doc['structure']}")
    T.expect(run([CHECK, gcert])[0] == 0, f"{label}: group certificate checks")
    T.expect(run([CHECK, tcert])[0] == 0, f"{label}: {twin_name} certificate checks")
    rc3 = run([CHECK, gcert, "--instance", tpath])[0]
    want = 0 if twin_name == "dense" else 1
    T.expect(rc3 == want, f"{label}: group certificate --instance {twin_name} twin exits {rc3} "
             f"(want {want})")


# dense twins, where no CRT circulant exists (Z_2^3, Z_3 x Z_3) and where it does
for orders in ([2, 3], [2, 2, 2], [3, 3], [2, 2, 3]):
    n = 1
    for m in orders:
        n *= m
    for trial in range(3):
        zeros = trial != 1
        q = random_q(n, rng, zeros=zeros)
        E = "1" if zeros else "1/8"      # positive q with small budgets: binding too
        label = "Z" + "x".join(map(str, orders)) + f"-{trial}"
        twin_case(label, orders, q, E, dense_twin, "dense")
# an interior instance (large budget): the value is the entropy of q
twin_case("Z3x3-interior", [3, 3], random_q(9, rng), "40", dense_twin, "dense")

# CRT twins on the cyclic path
for orders, E in (([2, 3], "1"), ([3, 4], "1/2"), ([7, 24], "1")):
    n = 1
    for m in orders:
        n *= m
    for trial in range(2):
        twin_case("crt-Z" + "x".join(map(str, orders)) + f"-{trial}", orders,
                  random_q(n, rng, zeros=trial == 0), E, crt_twin, "crt")
# factors of order 1 add no digit: Z_7 x Z_1 is the cyclic path (structure circulant), and
# Z_1 x Z_2 x Z_1 x Z_3 certifies on Z_2 x Z_3 with the same value as the plain orders
q7 = random_q(7, rng, zeros=True)
rc, doc, cert = certify(write("z7x1.json", group_instance([7, 1], q7)))
rc2, doc2, _ = certify(write("z7.json", group_instance([7], q7)))
T.expect(rc == rc2 == 0 and doc["path"] == "circulant" and doc["structure"] == "circulant"
         and doc["lower"] == doc2["lower"] and run([CHECK, cert])[0] == 0,
         "Z_7 x Z_1: the cyclic path, structure circulant, the value of Z_7, checks")
q6 = random_q(6, rng, zeros=True)
rc, doc, cert = certify(write("z1x2x1x3.json", group_instance([1, 2, 1, 3], q6)))
rc2, doc2, _ = certify(write("z2x3-plain.json", group_instance([2, 3], q6)))
T.expect(rc == rc2 == 0 and doc["path"] == "group_circulant" and doc["lower"] == doc2["lower"]
         and run([CHECK, cert])[0] == 0,
         "Z_1 x Z_2 x Z_1 x Z_3: the value of Z_2 x Z_3, checks")
T.finish()
