"""The C library (include/peelcert/api.h) through ctypes: JSON text in, a JSON envelope out.

The library is found, in this order, at the path in the environment variable PEELCERT_LIBRARY,
next to this file (an installed package: `cmake --install` puts libpeelcert.so here), or in the
source tree's build/python/ (running from a checkout after `scripts/setup.sh`)."""
import ctypes
import json
import os

from .errors import BadInput, InternalError

API_VERSION = 1

# pc_api_matrix_t (api.h): a claim matrix passed by pointer, row-major, with its dtype code.
EXACT, FLOAT32, FLOAT64 = 0, 4, 8


class Matrix(ctypes.Structure):
    _fields_ = [("data", ctypes.c_void_p), ("rows", ctypes.c_long), ("cols", ctypes.c_long),
                ("dtype", ctypes.c_int)]


def _candidates():
    env = os.environ.get("PEELCERT_LIBRARY")
    if env:
        return [env]
    here = os.path.dirname(os.path.abspath(__file__))
    return [os.path.join(here, "libpeelcert.so"),
            os.path.join(here, "..", "..", "build", "python", "libpeelcert.so")]


def _load():
    tried = []
    for path in _candidates():
        if not os.path.exists(path):
            tried.append(path + " (missing)")
            continue
        try:
            lib = ctypes.CDLL(path)
        except OSError as e:
            tried.append("%s (%s)" % (path, e))
            continue
        lib.pc_api_version.restype = ctypes.c_int
        lib.pc_api_version.argtypes = []
        if lib.pc_api_version() != API_VERSION:
            tried.append("%s (API version %d, this package needs %d)"
                         % (path, lib.pc_api_version(), API_VERSION))
            continue
        for name, args in (("pc_api_instance", [ctypes.c_char_p]),
                           ("pc_api_certify", [ctypes.c_char_p, ctypes.c_char_p]),
                           ("pc_api_check", [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p]),
                           ("pc_api_oracle", [ctypes.c_char_p, ctypes.c_char_p]),
                           ("pc_api_audit", [ctypes.c_char_p, ctypes.c_char_p, ctypes.POINTER(Matrix),
                                             ctypes.POINTER(Matrix), ctypes.POINTER(Matrix)])):
            fn = getattr(lib, name, None)
            if fn is not None:
                fn.restype = ctypes.c_void_p     # freed by pc_api_free, so not c_char_p
                fn.argtypes = args
        lib.pc_api_free.restype = None
        lib.pc_api_free.argtypes = [ctypes.c_void_p]
        return lib, path
    raise ImportError("peelcert: the C library libpeelcert.so was not found or not loadable; "
                      "tried: " + "; ".join(tried) + ". Build it with scripts/setup.sh (or cmake) "
                      "and install with `cmake --install build`, or set PEELCERT_LIBRARY.")


LIB, LIBRARY_PATH = _load()


def call(name, *args):
    """Calls pc_api_NAME with the given arguments (str are encoded as UTF-8) and returns the
    decoded envelope {"exit": E, "result": R, ...}. E = 2 raises BadInput with R's message,
    E = 3 raises InternalError; 0 and 1 are returned."""
    fn = getattr(LIB, name, None)
    if fn is None:
        raise InternalError("peelcert: %s is not in %s (an older library?)" % (name, LIBRARY_PATH))
    encoded = [a.encode("utf-8") if isinstance(a, str) else a for a in args]
    pointer = fn(*encoded)
    if not pointer:
        raise MemoryError("peelcert: %s returned no result (out of memory)" % name)
    try:
        text = ctypes.string_at(pointer)
    finally:
        LIB.pc_api_free(pointer)
    envelope = json.loads(text.decode("utf-8"))
    code = envelope.get("exit")
    result = envelope.get("result") or {}
    message = result.get("message", "") if isinstance(result, dict) else ""
    if code == 2:
        raise BadInput(message or "bad input")
    if code == 3:
        raise InternalError(message or "internal error")
    return envelope


def call_raw(name, *args):
    """As call, but returns the envelope whatever its exit status (the checker's rejections)."""
    fn = getattr(LIB, name)
    pointer = fn(*[a.encode("utf-8") if isinstance(a, str) else a for a in args])
    if not pointer:
        raise MemoryError("peelcert: %s returned no result (out of memory)" % name)
    try:
        text = ctypes.string_at(pointer)
    finally:
        LIB.pc_api_free(pointer)
    envelope = json.loads(text.decode("utf-8"))
    if envelope.get("exit") == 3:
        raise InternalError(envelope["result"].get("message", "internal error"))
    return envelope
