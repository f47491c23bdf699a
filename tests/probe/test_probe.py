"""peelcert probe (SPEC 14, issue 14) on weight files this test writes itself (stdlib only).

- a vocabulary with a planted regular 12-gon (plus noise) is detected: small circulant deviation,
  dominant frequency 1, cyclic order, and p-values at the floor 1/(K+1) against the baseline;
  a set of random rows is not;
- the statistics equal an independent exact computation (Fractions from the floats' exact values);
- the same matrix read from safetensors F32/F64/F16/BF16, .npy and GloVe text gives the
  statistics of its decoded values;
- malformed safetensors (header length, JSON, offsets, dtype/size, dtype, tensor name) and bad
  token lists exit 2 with a message naming the field;
- tokenizer.json with the leading-space marker, --instance, --plot.
"""
import json, math, os, random, struct, subprocess, sys
from fractions import Fraction

PEELCERT = os.environ.get("PEELCERT", "peelcert")
WORK = os.environ.get("PEELCERT_WORK", os.getcwd())
failures = []
checks = 0

def check(cond, what):
    global checks
    checks += 1
    if not cond:
        failures.append(what)
        print("FAIL:", what)

def run(args):
    p = subprocess.run([PEELCERT] + args, capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr

def path(name):
    return os.path.join(WORK, name)

# ---- the vocabulary: 400 Gaussian rows in dimension 16; rows 0..11 a planted 12-gon ----
rng = random.Random(7)
V, D, M = 400, 16, 12
rows = [[rng.gauss(0, 1) for _ in range(D)] for _ in range(V)]
for i in range(M):
    a = 2 * math.pi * i / M
    rows[i] = [3 * math.cos(a) + 0.5, 3 * math.sin(a) - 0.2] + [rng.gauss(0, 0.15) for _ in range(D - 2)]
f32 = [[struct.unpack("<f", struct.pack("<f", x))[0] for x in r] for r in rows]   # float32 values
words = ["w%d" % k for k in range(V)]

def write_safetensors(name, tensors, raw_header=None, header_len=None):
    header, blobs, offset = {}, b"", 0
    for tname, (dtype, shape, data) in tensors.items():
        header[tname] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + len(data)]}
        blobs += data
        offset += len(data)
    text = raw_header if raw_header is not None else json.dumps(header).encode()
    n = header_len if header_len is not None else len(text)
    with open(path(name), "wb") as f:
        f.write(struct.pack("<Q", n) + text + blobs)
    return path(name)

def pack(fmt, matrix):
    return b"".join(struct.pack("<" + fmt * len(r), *r) for r in matrix)

def bf16_bits(x):
    return struct.unpack("<I", struct.pack("<f", x))[0] >> 16

st_f32 = write_safetensors("vocab.safetensors", {"lm_head.weight": ("F32", [V, D], pack("f", f32))})
with open(path("words.txt"), "w") as f:
    f.write("\n".join(words) + "\n")

# ---- an independent exact computation of the statistics ----
def exact_stats(X):
    m = len(X)
    Xq = [[Fraction(x) for x in r] for r in X]
    mean = [sum(Xq[i][l] for i in range(m)) / m for l in range(len(X[0]))]
    Xc = [[Xq[i][l] - mean[l] for l in range(len(X[0]))] for i in range(m)]
    G = [[sum(a * b for a, b in zip(Xc[i], Xc[j])) for j in range(m)] for i in range(m)]
    c = [sum(G[i][(i + k) % m] for i in range(m)) / m for k in range(m)]
    F = sum(g * g for r in G for g in r)
    dc = sum((G[i][j] - c[(j - i) % m]) ** 2 for i in range(m) for j in range(m))
    tr = sum(G[i][i] for i in range(m))
    t = tr / (m - 1)
    de = sum((G[i][j] - t * ((1 if i == j else 0) - Fraction(1, m))) ** 2 for i in range(m) for j in range(m))
    lam = [sum(float(c[k]) * math.cos(2 * math.pi * j * k / m) for k in range(m)) for j in range(m // 2 + 1)]
    share = [(1 if j in (0, m / 2) else 2) * lam[j] / float(tr) for j in range(m // 2 + 1)]
    return math.sqrt(dc / F), math.sqrt(de / F), share

def probe(weights, tokens, extra=()):
    rc, out, err = run(["probe", weights, "--tokens", ",".join(tokens), "--json"] + list(extra))
    try:
        return rc, json.loads(out), err
    except ValueError:
        return rc, {}, err

# ---- planted vs random, with a baseline ----
K = 200
planted = words[:M]
rc, doc, err = probe(st_f32, planted, ["--words", path("words.txt"), "--baseline", str(K), "--seed", "3"])
check(rc == 0, "planted probe exits 0: %s" % err)
circ, etf, share = exact_stats([f32[i] for i in range(M)])
check(abs(doc.get("circulant_deviation", -1) - circ) < 1e-12, "circulant deviation = exact value %r vs %r" % (doc.get("circulant_deviation"), circ))
check(abs(doc.get("etf_deviation", -1) - etf) < 1e-12, "ETF deviation = exact value")
check(all(abs(a - b) < 1e-9 for a, b in zip(doc.get("frequency_energy", []), share)) and len(doc.get("frequency_energy", [])) == M // 2 + 1,
      "frequency energies = independent computation")
check(doc.get("circulant_deviation", 1) < 0.2, "planted 12-gon: small circulant deviation")
check(doc.get("dominant_frequency") == 1 and doc.get("cyclic_order") is True, "planted: frequency 1 in cyclic order")
base = doc.get("baseline", {})
check(base.get("sets") == K, "baseline of K sets")
floor = 1.0 / (K + 1)
for key in ("circulant_deviation", "dominant_energy", "cyclic_order"):
    check(abs(base.get(key, {}).get("p_value", 1) - floor) < 1e-12, "planted: p-value of %s at the floor 1/(K+1)" % key)

randset = words[100:112]
rc, doc, err = probe(st_f32, randset, ["--words", path("words.txt"), "--baseline", str(K), "--seed", "3"])
check(rc == 0, "random probe exits 0")
check(doc.get("baseline", {}).get("circulant_deviation", {}).get("p_value", 0) > 0.05, "random set: circulant p-value not small")
check(doc.get("cyclic_order") is False and doc["baseline"]["cyclic_order"]["p_value"] == 1.0, "random set: no cyclic order")
circ_r, _, _ = exact_stats([f32[i] for i in range(100, 112)])
check(abs(doc.get("circulant_deviation", -1) - circ_r) < 1e-12, "random set: exact circulant deviation")
rc2, doc2, _ = probe(st_f32, randset, ["--words", path("words.txt"), "--baseline", str(K), "--seed", "3"])
check(doc2.get("baseline") == doc.get("baseline"), "the baseline is deterministic for a seed")

# ---- the same matrix in other formats ----
def same_stats(weights, decoded, extra, what):
    rc, d, err = probe(weights, planted, extra)
    c, e, _ = exact_stats([decoded[i] for i in range(M)])
    check(rc == 0 and abs(d.get("circulant_deviation", -1) - c) < 1e-12 and abs(d.get("etf_deviation", -1) - e) < 1e-12,
          "%s: statistics of the decoded values (rc %d %s)" % (what, rc, err.strip()))

same_stats(write_safetensors("f64.safetensors", {"emb": ("F64", [V, D], pack("d", rows))}), rows,
           ["--words", path("words.txt")], "F64 safetensors")
f16 = [[struct.unpack("<e", struct.pack("<e", x))[0] for x in r] for r in rows]
same_stats(write_safetensors("f16.safetensors", {"emb": ("F16", [V, D], pack("e", f16))}), f16,
           ["--words", path("words.txt")], "F16 safetensors")
bf = [[bf16_bits(x) for x in r] for r in rows]
bf_values = [[struct.unpack("<f", struct.pack("<I", b << 16))[0] for b in r] for r in bf]
same_stats(write_safetensors("bf16.safetensors", {"emb": ("BF16", [V, D], pack("H", bf))}), bf_values,
           ["--words", path("words.txt")], "BF16 safetensors")
hdr = ("{'descr': '<f8', 'fortran_order': False, 'shape': (%d, %d), }" % (V, D)).encode()
hdr += b" " * (63 - (10 + len(hdr)) % 64) + b"\n"
with open(path("vocab.npy"), "wb") as f:
    f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(hdr)) + hdr + pack("d", rows))
same_stats(path("vocab.npy"), rows, ["--words", path("words.txt")], ".npy float64")
with open(path("glove.txt"), "w") as f:
    for w, r in zip(words, rows):
        f.write(w + " " + " ".join(repr(x) for x in r) + "\n")
same_stats(path("glove.txt"), rows, [], "GloVe text (own vocabulary)")
with open(path("w2v.txt"), "w") as f:
    f.write("%d %d\n" % (V, D))
    for w, r in zip(words, rows):
        f.write(w + " " + " ".join(repr(x) for x in r) + "\n")
same_stats(path("w2v.txt"), rows, [], "word2vec text")
with open(path("wink.json"), "w") as f:
    json.dump({"precision": 8, "dimensions": D, "words": words,
               "vectors": {w: r + [1.0, k] for k, (w, r) in enumerate(zip(words, rows))}, "unkVector": [0] * D}, f)
same_stats(path("wink.json"), rows, [], "wink-embeddings JSON")

# ---- a tokenizer.json with the byte-level leading-space marker ----
vocab = {("\u0120" + w if k % 2 == 0 else w): k for k, w in enumerate(words)}
with open(path("tokenizer.json"), "w") as f:
    json.dump({"version": "1.0", "model": {"type": "BPE", "vocab": vocab}, "added_tokens": []}, f)
rc, doc, err = probe(st_f32, planted, ["--tokenizer", path("tokenizer.json")])
forms = [t.get("form") for t in doc.get("tokens", [])]
check(rc == 0 and forms[0] == "\u0120w0" and forms[1] == "w1", "tokenizer.json: marked and bare forms found (%s)" % err)
check(abs(doc.get("circulant_deviation", -1) - circ) < 1e-12, "tokenizer ids select the same rows")
rc, doc, err = probe(st_f32, planted, ["--tokenizer", path("tokenizer.json"), "--space", "yes"])
check(rc == 2 and "'w1'" in err and "not single tokens" in err, "--space yes: the bare-only word is named (%s)" % err.strip())
rc, doc, err = probe(st_f32, ["w0", "w1", "nosuchword"], ["--words", path("words.txt")])
check(rc == 2 and "nosuchword" in err, "an unknown word is named, exit 2")
rc, doc, err = probe(st_f32, ["w0", "w1"], ["--words", path("words.txt")])
check(rc == 2 and "--tokens" in err, "too few tokens refused")
rc, doc, err = probe(st_f32, ["w0", "w1", "w0"], ["--words", path("words.txt")])
check(rc == 2 and "same token" in err, "a repeated token refused")

# ---- malformed safetensors: exit 2, the field named ----
good = pack("f", f32)
bad_cases = [
    ("header length past the end", write_safetensors("b1.safetensors", {"x": ("F32", [V, D], good)}, header_len=10**12), "header length"),
    ("header not JSON", write_safetensors("b2.safetensors", {}, raw_header=b"{not json"), "not a JSON object"),
    ("offsets out of range", None, "data_offsets"),
    ("dtype/size mismatch", write_safetensors("b4.safetensors", {"x": ("F32", [V, D + 1], good)}), "mismatch"),
    ("unsupported dtype", write_safetensors("b5.safetensors", {"x": ("I64", [V, D], good)}), "dtype"),
    ("1-D tensor", write_safetensors("b6.safetensors", {"x": ("F32", [V * D], good)}), "shape"),
]
h = json.dumps({"x": {"dtype": "F32", "shape": [V, D], "data_offsets": [8, 8 + len(good)]}}).encode()
with open(path("b3.safetensors"), "wb") as f:
    f.write(struct.pack("<Q", len(h)) + h + good)
bad_cases[2] = (bad_cases[2][0], path("b3.safetensors"), bad_cases[2][2])
with open(path("b7.safetensors"), "wb") as f:
    f.write(b"\x01\x02")
bad_cases.append(("shorter than 8 bytes", path("b7.safetensors"), "header length"))
for what, p, needle in bad_cases:
    rc, _, err = probe(p, planted, ["--words", path("words.txt")])
    check(rc == 2 and needle in err, "malformed safetensors (%s): exit 2 naming '%s' (rc %d: %s)" % (what, needle, rc, err.strip()))
two = write_safetensors("two.safetensors", {"a.weight": ("F32", [V, D], good), "b.weight": ("F32", [V, D], good)})
rc, _, err = probe(two, planted, ["--words", path("words.txt")])
check(rc == 2 and "a.weight" in err and "b.weight" in err, "ambiguous tensor: the names are listed")
rc, _, err = probe(two, planted, ["--words", path("words.txt"), "--tensor", "zz"])
check(rc == 2 and "'zz'" in err and "a.weight" in err, "unknown --tensor: named, names listed")
rc, doc, err = probe(two, planted, ["--words", path("words.txt"), "--tensor", "b.weight"])
check(rc == 0 and doc.get("weights") == "b.weight", "--tensor chooses the tensor")
nan_rows = [r[:] for r in f32]
nan_rows[3][2] = float("nan")
rc, _, err = probe(write_safetensors("nan.safetensors", {"x": ("F32", [V, D], pack("f", nan_rows))}), planted,
                   ["--words", path("words.txt")])
check(rc == 2 and "NaN" in err and "[3][2]" in err, "a NaN entry is named")
with open(path("bad.txt"), "w") as f:
    f.write("a 1 2 3\nb 1 x 3\n")
rc, _, err = probe(path("bad.txt"), ["a", "b", "a"], [])
check(rc == 2 and "line 2" in err, "a bad GloVe line is named")

# ---- the theory comparison and the picture ----
rc, _, err = run(["gen", "cyclic", "--n", "12", "-o", path("cyc12.json")])
rc, doc, err = probe(st_f32, planted, ["--words", path("words.txt"), "--instance", path("cyc12.json"),
                                       "--plot", path("probe.svg")])
th = doc.get("theory", {})
check(rc == 0 and "gram_distance" in th and 0 <= th["gram_distance"] <= 2, "--instance: distance to the certified optimal Gram (%s)" % err)
check(len(th.get("optimal_frequency_energy", [])) == M // 2 + 1, "--instance: energies of the optimal Gram")
svg = open(path("probe.svg")).read() if os.path.exists(path("probe.svg")) else ""
check(svg.startswith("<?xml") and "w11" in svg and svg.rstrip().endswith("</svg>"), "--plot writes an SVG with the token names")
rc, doc, err = probe(st_f32, words[:7], ["--words", path("words.txt"), "--instance", path("cyc12.json")])
check(rc == 0 and "note" in doc.get("theory", {}), "--instance of another size: a note, not a number")

print("%d passed, %d failed" % (checks - len(failures), len(failures)))
sys.exit(1 if failures else 0)
