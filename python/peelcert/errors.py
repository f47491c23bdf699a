"""The exceptions of the package."""


class BadInput(ValueError):
    """Invalid input: the message is the toolkit's, naming the field, the value and the reason
    (the command line's exit status 2)."""


class InternalError(RuntimeError):
    """The C library abandoned a computation (FLINT aborted; its message is on stderr). The
    interpreter keeps running; the memory that computation held is not reclaimed."""
