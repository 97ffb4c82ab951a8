"""Why the explorer shows no comparison: the control at fault and the reason, in the interface language.

A refusal the explorer can name (an event without items, an empty scope, items without text in the chosen
language) reads from the catalogue; any other refusal of the engine is shown with the engine's own English
message, marked as such.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import t

#: The controls, in the order the app shows them (the UI language is not a control of the analysis).
CONTROLS = ("baseline", "target", "baseline_scope", "target_scope", "method", "frame", "text_lang", "unit")
#: The engine's argument names that differ from the explorer's control names.
_CONTROL_OF_PARAMETER = {"lang": "text_lang"}


@dataclass(frozen=True)
class Problem:
    """Why the current combination shows no comparison: the control at fault (None when the engine did not
    say) and the reason in the UI language. ``engine_message``: the engine's own words, in English, for a
    refusal the explorer has no message of its own for (shown as such, marked English)."""

    control: str | None
    reason: str
    engine_message: str = ""


def engine_problem(parameter: str | None, message: str, lang: str) -> Problem:
    """A refusal the explorer has no message of its own for: the control the engine named, if it is one, and
    the engine's English message kept as it is."""
    control = _CONTROL_OF_PARAMETER.get(parameter or "", parameter)
    if control in CONTROLS:
        return Problem(control, t("explorer_engine_refused", lang), message)
    return Problem(None, t("explorer_engine_refused_choices", lang), message)


def problem_of(ds, request, error, lang: str) -> Problem:
    """The engine's refusal of ``request`` as the UI shows it: the control its ``parameter`` names, and the
    reason from the catalogue for the refusals an explorer user can reach (an event's items without text in
    the chosen language, an empty scope). Any other: the engine's English message."""
    from ..errors import EmptyScopeError, MissingTextError

    if isinstance(error, MissingTextError):
        from ..present.labels import event_name as _event_name

        langs = t("lang_name_both" if len(error.langs) > 1 else f"lang_name_{error.langs[0]}", lang)
        return Problem("text_lang", t("explorer_missing_text", lang, event=_event_name(ds, error.event_id, lang),
                                      langs=langs, unit=t(f"explorer_unit_{error.unit}", lang)))
    if isinstance(error, EmptyScopeError):
        side = "baseline" if error.event_id == request.baseline else "target"
        return Problem(f"{side}_scope", t("explorer_no_items", lang))
    return engine_problem(error.parameter, str(error), lang)
