"""Every exception and warning of icdd-analysis, under one base: :class:`IcddError`.

Messages say what is wrong and what would be valid; ``parameter`` names the argument at fault where the
raising code knows it (the explorer marks that control, the runner names it). Every error pickles whole
(type, message, ``parameter`` and its other attributes), so the explorer's worker process sends it back as
it is instead of as text.
"""

from __future__ import annotations


def _rebuild(cls: type, args: tuple, state: dict) -> "IcddError":
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


class IcddError(Exception):
    """Base of the errors icdd-analysis raises on bad input."""

    #: The argument at fault, where the code that raises knows it (the explorer marks that control).
    parameter: str | None = None

    def __reduce__(self):
        # Exception's own pickling calls cls(*args), which fails for subclasses whose __init__ takes other
        # arguments than the message; this rebuilds the instance with its message and attributes instead.
        return _rebuild, (type(self), self.args, dict(self.__dict__))


class DataPackageError(IcddError, ValueError):
    """The data package is missing, malformed or invalid; the message names file, row and field."""


class UnknownEventError(IcddError, LookupError):
    """An event id that the data package does not hold; the message lists the known ids."""


class ParameterError(IcddError, ValueError):
    """A parameter with an unknown name, a wrong type or a value outside its choices; names it and the valid ones."""

    #: How the message is made from the parameter and the reason.
    template = "parameter {parameter!r}: {reason}"

    def __init__(self, parameter: str, reason: str):
        super().__init__(self.template.format(parameter=parameter, reason=reason))
        self.parameter = parameter
        self.reason = reason

    @property
    def name(self) -> str:
        """The parameter's name (the older attribute)."""
        return self.parameter


class NotComparableError(ParameterError):
    """Two events (and a frame) that cannot be compared; ``parameter`` names the argument at fault."""

    template = "{parameter}: {reason}"


class ArgumentError(ParameterError):
    """A function argument of the wrong type or value (API misuse); ``parameter`` names it, the message the valid values."""

    template = "{parameter}: {reason}"


class ScopeError(ParameterError):
    """A scope that is unknown or does not apply to an event; ``parameter`` names the argument at fault."""

    template = "{parameter}: {reason}"


class ExplorerError(ParameterError):
    """A bad argument to the explorer (``parameter`` names it, the message lists the valid values)."""

    template = "{parameter}: {reason}"


class EmptyScopeError(IcddError, ValueError):
    """An event with no agenda items of the kinds asked for (its scope holds nothing)."""

    parameter = "scope"

    def __init__(self, event_id: str, kinds: list[str]):
        super().__init__(f"event {event_id!r} has no agenda items of kind {', '.join(kinds)}.")
        self.event_id, self.kinds = event_id, tuple(kinds)


class MissingTextError(IcddError, ValueError):
    """Items with no text in the language(s) and unit asked for, which cannot be left out (none would be left,
    or ``on_missing="error"``)."""

    parameter = "lang"

    def __init__(self, event_id: str, langs: list[str], item_ids: list[str], unit: str, nothing_left: bool):
        super().__init__(f"{event_id}: no {'/'.join(langs)} text for {', '.join(item_ids)} (unit={unit!r}); "
                         f"{'nothing is left to compare' if nothing_left else 'they cannot be compared'}. "
                         "Choose another lang, unit or scope.")
        self.event_id, self.langs, self.item_ids, self.unit = event_id, tuple(langs), tuple(item_ids), unit
        self.nothing_left = nothing_left


class AnswerError(IcddError, ValueError):
    """A share or level the answer cannot be stated for; the message names it and what is valid."""


class ReportInputError(IcddError):
    """Bad input to the report runner (notebook, report name, config file): exit code 2, nothing written."""


class YamlLimitError(IcddError):
    """A YAML file beyond what a parameter or config file needs (an alias, or nesting too deep)."""

    def __init__(self, problem: str, mark):
        super().__init__(problem)
        self.problem, self.problem_mark = problem, mark


class Superseded(IcddError):
    """Raised inside the explorer's robustness run that a newer request replaced (never cached as a result)."""


class UnreadableTableError(IcddError):
    """A class-codings file that cannot be read as a table; the argument is a message key for the reason."""


class TableTooLargeError(IcddError):
    """A class-codings file over the size limit; the argument is its size in bytes."""


class MissingTextWarning(UserWarning):
    """Items were left out because they have no text in the requested language."""
