"""peelcert.Instance: an instance of the layer-peeled program (SPEC 8), validated by the C
reader and held in its canonical JSON form."""
import copy
import json
import os
from fractions import Fraction

from . import _native
from .errors import BadInput
from .exact import index_value, plain, rational_text, sequence


def _dense_rows(targets):
    rows = sequence(targets, "targets")
    out = []
    for i, row in enumerate(rows):
        entries = sequence(row, "targets[%d]" % i)
        out.append([rational_text(v, "targets[%d][%d]" % (i, k)) for k, v in enumerate(entries)])
    return out


def _targets_json(targets):
    """(the targets as SPEC 8 JSON, V or None, N or None) where the form determines them."""
    if isinstance(targets, dict):
        if len(targets) != 1:
            raise BadInput("targets: a structured form is an object with one key (circulant, "
                           "group_circulant, exchangeable, onehot, sparse), got keys %s" % sorted(map(str, targets)))
        (form, body), = targets.items()
        if form == "circulant":
            q = sequence(body, "targets.circulant")
            return ({"circulant": [rational_text(v, "targets.circulant[%d]" % m)
                                   for m, v in enumerate(q)]}, len(q), len(q))
        if form == "group_circulant":
            if not isinstance(body, dict):
                raise BadInput("targets.group_circulant: expected {\"orders\": [...], \"q\": [...]}")
            q = sequence(body.get("q"), "targets.group_circulant.q")
            spec = dict(plain(body, "targets.group_circulant"))
            spec["q"] = [rational_text(v, "targets.group_circulant.q[%d]" % m)
                         for m, v in enumerate(q)]
            return {"group_circulant": spec}, len(q), len(q)
        if form == "exchangeable":
            if not isinstance(body, dict):
                raise BadInput("targets.exchangeable: expected {\"diag\": alpha}")
            return ({"exchangeable": {k: rational_text(v, "targets.exchangeable.%s" % k)
                                      for k, v in body.items()}}, None, None)
        if form == "onehot":
            t = sequence(body, "targets.onehot")
            return ({"onehot": [index_value(v, "targets.onehot[%d]" % i)
                                for i, v in enumerate(t)]}, None, len(t))
        # other forms (e.g. "sparse") go to the C reader as given, numbers made exact
        body = plain(body, "targets.%s" % form)
        return {str(form): body}, None, (len(body) if form == "sparse" and isinstance(body, list) else None)
    rows = _dense_rows(targets)
    return rows, (len(rows[0]) if rows else None), len(rows)


def _symmetry_json(symmetry):
    if not isinstance(symmetry, dict):
        raise BadInput("symmetry: expected {\"tokens\": [...], \"contexts\": [...]}")
    out = {}
    for side, gens in symmetry.items():
        field = "symmetry.%s" % side
        out[str(side)] = [[index_value(v, "%s[%d][%d]" % (field, g, k))
                           for k, v in enumerate(sequence(gen, "%s[%d]" % (field, g)))]
                          for g, gen in enumerate(sequence(gens, field))]
    return out


def _names_json(names, field):
    items = sequence(names, field)
    for i, v in enumerate(items):
        if not isinstance(v, str):
            raise BadInput("%s[%d]: expected a string, got %s" % (field, i, type(v).__name__))
    return items


class Instance:
    """An instance: targets P (N x V), budgets E_W, E_H, embedding dimension d.

    targets: a 2-D sequence (N rows of V exact values) or object ndarray, or a structured form
    {"circulant": [q_0, ...]}, {"exchangeable": {"diag": alpha}}, {"onehot": [t_0, ...]},
    {"sparse": ...}. Exact values are Fraction, int or exact strings; floats raise BadInput
    (convert with peelcert.exact). tokens/contexts are needed where the targets do not
    determine them (exchangeable, sparse; tokens for onehot). The C reader validates everything
    (rows summing to 1, symmetry, limits) and its message names the field."""

    def __init__(self, targets=None, E_W=None, E_H=None, tokens=None, contexts=None, dim=None,
                 name=None, symmetry=None, token_names=None, context_names=None, *, _canonical=None):
        if _canonical is not None:
            self._set(_canonical)
            return
        if targets is None:
            raise BadInput("targets: missing")
        for field, value in (("E_W", E_W), ("E_H", E_H)):
            if value is None:
                raise BadInput("%s: missing (an exact positive rational)" % field)
        t, V, N = _targets_json(targets)
        doc = {"format": "peelcert-instance/1"}
        if name is not None:
            if not isinstance(name, str):
                raise BadInput("name: expected a string, got %s" % type(name).__name__)
            doc["name"] = name
        tokens = V if tokens is None else index_value(tokens, "tokens")
        contexts = N if contexts is None else index_value(contexts, "contexts")
        if tokens is None:
            raise BadInput("tokens: needed, the targets' form does not determine V")
        if contexts is None:
            raise BadInput("contexts: needed, the targets' form does not determine N")
        doc["tokens"], doc["contexts"] = tokens, contexts
        if dim is not None:
            doc["dim"] = index_value(dim, "dim")
        doc["E_W"] = rational_text(E_W, "E_W")
        doc["E_H"] = rational_text(E_H, "E_H")
        doc["targets"] = t
        if symmetry is not None:
            doc["symmetry"] = _symmetry_json(symmetry)
        if token_names is not None:
            doc["token_names"] = _names_json(token_names, "token_names")
        if context_names is not None:
            doc["context_names"] = _names_json(context_names, "context_names")
        self._set(_native.call("pc_api_instance", json.dumps(doc))["result"])

    def _set(self, canonical):
        self._json = canonical
        self._text = json.dumps(canonical)
        self.name = canonical.get("name")
        self.tokens = canonical["tokens"]
        self.contexts = canonical["contexts"]
        self.dim = canonical["dim"]
        self.E_W = Fraction(canonical["E_W"])
        self.E_H = Fraction(canonical["E_H"])
        t = canonical["targets"]
        self.form = "dense" if isinstance(t, list) else next(iter(t))

    @classmethod
    def load(cls, path):
        """Reads an SPEC 8 instance file; BadInput naming the file and the field."""
        path = os.fspath(path)
        try:
            with open(path, "rb") as f:
                text = f.read().decode("utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise BadInput("%s: cannot read the instance: %s" % (path, e)) from None
        try:
            canonical = _native.call("pc_api_instance", text)["result"]
        except BadInput as e:
            raise BadInput("%s: %s" % (path, e)) from None
        return cls(_canonical=canonical)

    @classmethod
    def coerce(cls, inst):
        """An Instance from an Instance, a path, or a dict in SPEC 8 form."""
        if isinstance(inst, cls):
            return inst
        if isinstance(inst, (str, bytes, os.PathLike)):
            return cls.load(inst)
        if isinstance(inst, dict):
            return cls(_canonical=_native.call("pc_api_instance", json.dumps(plain(inst, "instance")))["result"])
        raise BadInput("instance: expected a peelcert.Instance, a path or a dict, got %s"
                       % type(inst).__name__)

    def to_json(self):
        """The canonical SPEC 8 form as a dict (a copy: lowest-terms rationals as strings)."""
        return copy.deepcopy(self._json)

    def save(self, path):
        """Writes the canonical form as an instance file that `peelcert certify` reads."""
        with open(os.fspath(path), "w", encoding="utf-8") as f:
            json.dump(self._json, f, indent=1, ensure_ascii=False)
            f.write("\n")

    def __eq__(self, other):
        return isinstance(other, Instance) and self._json == other._json

    def __repr__(self):
        return "peelcert.Instance(%s, V=%d, N=%d, d=%d, E_W=%s, E_H=%s, targets=%s)" % (
            repr(self.name) if self.name else "unnamed", self.tokens, self.contexts, self.dim,
            self.E_W, self.E_H, self.form)
