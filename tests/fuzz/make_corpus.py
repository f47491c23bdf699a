#!/usr/bin/env python3
"""Writes the seed corpora of the libFuzzer harnesses (docs/fuzzing.md) into
tests/fuzz/corpus/HARNESS/ from the committed data: certificates/*.cert.json (fuzz_check),
proofs-data/*.json and the instances inside the certificates (fuzz_instance), the hostile
inputs of issue 12 (tests/hardening/hostile.py: inputs that once crashed or exploded), small
synthetic sparse rows and symmetry generators (fuzz_targets), .npy files of every accepted
layout (fuzz_npy) and audit claims (fuzz_claim), plus certificates of the kinds and blocks that
no committed certificate has (classes, the lp block below the rank, sparse targets) and sweep documents, made by the
`peelcert` found on PATH (or $PEELCERT) from small generated instances. Deterministic: the same tree gives the same
files (named by the SHA-1 of their bytes). Usage: tests/fuzz/make_corpus.py [OUT_DIR]"""
import glob
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "hardening"))
import hostile  # noqa: E402

MAX_LEN = 65536   # scripts/fuzz.sh passes -max_len=65536


def put(out, harness, data):
    if isinstance(data, str):
        data = data.encode()
    if len(data) > MAX_LEN:
        return
    d = os.path.join(out, harness)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)


def compact(obj):
    return json.dumps(obj, separators=(",", ":"))


def npy_bytes(array, version):
    import numpy as np
    buf = io.BytesIO()
    np.lib.format.write_array(buf, array, version=version)
    return buf.getvalue()


# Instances whose certificates cover readers that certificates/ does not: (gen arguments, dim,
# certify options).
GENERATED = [
    (["onehot", "--tokens", "12", "--contexts", "8"], None, []),           # kind classes
    (["random", "--tokens", "6", "--contexts", "8", "--zeros"], 2, []),   # lp block, d < rank
    (["random", "--tokens", "5", "--contexts", "5"], 2, []),              # lp block, interior gauge
    (["cyclic", "--n", "7"], 2, []),                                       # lp block, symmetric candidate
    (["random", "--tokens", "6", "--contexts", "5"], None, ["--proof", "float"]),  # kind lowrank
]


# Sweep documents (the checker's peelcert-sweep/1 reader): (instance in proofs-data, --rho, --digits).
SWEEPS = [("days-of-week.json", "1/10:2", "5"), ("exchangeable-binding.json", "1/10:40", "10")]


def generated_sweeps(exe, tmp):
    out = []
    for n, (name, rho, digits) in enumerate(SWEEPS):
        doc = os.path.join(tmp, f"{n}.sweep.json")
        subprocess.run([exe, "sweep", os.path.join(ROOT, "proofs-data", name), "--rho", rho,
                        "--digits", digits, "-o", doc], check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if os.path.exists(doc):
            out.append(open(doc, "rb").read())
    return out


def generated_certificates():
    """Certificate bytes of GENERATED (empty, with a note, without a peelcert binary)."""
    exe = os.environ.get("PEELCERT") or shutil.which("peelcert")
    if exe is None:
        print("make_corpus: no peelcert on PATH: generated certificates skipped", file=sys.stderr)
        return [], []
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for n, (args, dim, options) in enumerate(GENERATED):
            inst, cert = os.path.join(tmp, f"{n}.json"), os.path.join(tmp, f"{n}.cert.json")
            extra = ["--dim", str(dim)] if dim else []
            subprocess.run([exe, "gen"] + args + extra + ["-o", inst], check=True)
            subprocess.run([exe, "certify", inst, "-o", cert] + options, check=False,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if os.path.exists(cert):
                out.append(open(cert, "rb").read())
        sweeps = generated_sweeps(exe, tmp)
    return out, sweeps


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "corpus")
    certs = sorted(glob.glob(os.path.join(ROOT, "certificates", "*.cert.json")))
    for path in certs:
        text = open(path, "rb").read()
        put(out, "fuzz_check", text)
        cert = json.loads(text)
        put(out, "fuzz_instance", compact(cert["instance"]))
        if cert.get("kind") in ("dense", "circulant", "exchangeable"):
            put(out, "fuzz_claim", text)   # a certificate read as a claim
    certs_made, sweeps_made = generated_certificates()
    for text in certs_made:
        put(out, "fuzz_check", text)
        put(out, "fuzz_instance", compact(json.loads(text)["instance"]))
    for text in sweeps_made:
        put(out, "fuzz_check", text)
    for path in sorted(glob.glob(os.path.join(ROOT, "proofs-data", "*.json"))):
        put(out, "fuzz_instance", open(path, "rb").read())
    # the inputs of issue 12 that once crashed or made the work explode
    for obj in (hostile.gram_one_context(), hostile.opnorm_tight(12), hostile.symmetry_huge_degree(),
                hostile.circulant_short_cert()):
        put(out, "fuzz_check", compact(obj))
    for obj in (hostile.circulant_short_instance(), hostile.dense_short_rows_instance(20),
                hostile.symmetry_huge_degree()["instance"]):
        put(out, "fuzz_instance", compact(obj))
    # a certificate and the --instance it is compared with (after a NUL byte)
    if certs:
        text = open(certs[0], "rb").read()
        put(out, "fuzz_check", text + b"\0" + compact(json.loads(text)["instance"]).encode())
    # fuzz_targets: byte 0 = V - 1 | (N - 1) << 3, byte 1 = symmetry flag | form << 1
    for V in (1, 2, 3, 4):
        for N in (1, 2, 3, 4):
            head = bytes([(V - 1) | ((N - 1) << 3)])
            rows = [[[k, f"1/{V}"] for k in range(V)] for _ in range(N)]
            put(out, "fuzz_targets", head + b"\0" + compact(rows).encode())
            rows = [[[i % V, "1"]] for i in range(N)]
            put(out, "fuzz_targets", head + b"\0" + compact(rows).encode())
            shift_t = [(k + 1) % V for k in range(V)]
            shift_c = [(i + 1) % N for i in range(N)]
            ident = ({"tokens": [list(range(V))], "contexts": [list(range(N))]})
            for form in range(5):
                flag = bytes([1 | (form << 1)])
                put(out, "fuzz_targets", head + flag + compact(ident).encode())
                put(out, "fuzz_targets", head + flag + compact(
                    {"tokens": [shift_t, list(range(V))], "contexts": [shift_c, list(range(N))]}).encode())
    # fuzz_npy: every accepted layout, and a few near misses
    import numpy as np
    a = np.arange(6, dtype="<f8").reshape(2, 3) / 7
    for arr in (a, a.astype("<f4"), a.astype(">f8"), a.astype(">f4"), np.asfortranarray(a),
                np.zeros((1, 1)), np.array([[np.nan, 1.0]]), np.arange(3.0), np.zeros((2, 2, 2))):
        for version in ((1, 0), (2, 0), (3, 0)):
            put(out, "fuzz_npy", npy_bytes(arr, version))
    good = npy_bytes(a, (1, 0))
    put(out, "fuzz_npy", good[:-3])
    put(out, "fuzz_npy", good + b"\0" * 8)
    # fuzz_claim: factors, Z, floats, exact strings
    put(out, "fuzz_claim", compact({"format": "peelcert-claim/1", "W": [[0.5, 0], [0, 0.5], [0, 0]],
                                    "H": [["1/2", 0, 0], [0, "1/3", 0]]}))
    put(out, "fuzz_claim", compact({"format": "peelcert-claim/1",
                                    "Z": [[0, 0.25, -0.25], [-0.25, 0, 0.25], [0.25, -0.25, 0]]}))
    put(out, "fuzz_claim", compact({"Z": [["1/3", "-1/3", 0]] * 3}))


if __name__ == "__main__":
    main()
