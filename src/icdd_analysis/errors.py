"""Errors with messages that say what is wrong and what would be valid."""


class IcddError(Exception):
    """Base of the errors icdd-analysis raises on bad input."""

    #: The argument at fault, where the code that raises knows it (the explorer marks that control).
    parameter: str | None = None


class DataPackageError(IcddError, ValueError):
    """The data package is missing, malformed or invalid; the message names file, row and field."""


class UnknownEventError(IcddError, LookupError):
    """An event id that the data package does not hold; the message lists the known ids."""
