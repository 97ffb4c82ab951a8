"""Errors with messages that say what is wrong and what would be valid."""


class IcddError(Exception):
    """Base of the errors icdd-analysis raises on bad input."""

    #: The argument at fault, where the code that raises knows it (the explorer marks that control).
    parameter: str | None = None


class DataPackageError(IcddError, ValueError):
    """The data package is missing, malformed or invalid; the message names file, row and field."""


class UnknownEventError(IcddError, LookupError):
    """An event id that the data package does not hold; the message lists the known ids."""


class ArgumentError(IcddError, ValueError):
    """A function argument of the wrong type or value (API misuse); ``parameter`` names it, the message the valid values."""

    def __init__(self, parameter: str, reason: str):
        super().__init__(f"{parameter}: {reason}")
        self.parameter = parameter
        self.reason = reason

    def __reduce__(self):  # picklable with its own arguments (the explorer's worker sends errors whole)
        return type(self), (self.parameter, self.reason)
