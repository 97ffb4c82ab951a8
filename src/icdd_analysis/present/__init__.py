"""Report pages in English or Indonesian: the presentation layer.

The report notebooks only call these functions and display what they return, so a report reads the same under
JupyterLab, papermill and nbval, and its logic is unit-tested here. One module per job:

- :mod:`.display`: show Markdown and figures, Markdown tables (:func:`md_table`), citations (:func:`cite`);
- :mod:`.labels`: event names, dates, confidence words and scopes in the page's language;
- :mod:`.overview`: the overview report's sections (notebook 01); its figures are in :mod:`..plots`;
- :mod:`.compare`, :mod:`.robustness`: the comparison report's sections (notebook 02);
- :mod:`.sources`: the list of sources a page cites; :mod:`.codebook`: the codebook and coding rules;
- :mod:`.evidence`: what the project coding of an item rests on (text, confidence, source);
- :mod:`.answer` (the answer's claims as data), :mod:`.answer_html` (the answer at the top of report 02),
  :mod:`.heatmap` (similarity matrices as HTML tables).

The names below are the sections a notebook calls as ``from icdd_analysis import present as nr``.
"""

from .codebook import codebook_table, coding_rules_table
from .compare import agreement_table, compare_intro, continuity_table, items_table, limits, links_table
from .display import cite, data_label, figure_alt, md_table, show, show_figure
from .evidence import code_support, text_support
from .labels import CONFERENCE_KINDS, scope_pair_text, scope_text
from .overview import (
    agenda_section, agenda_table, conferences_table, countries_note, countries_table, country_presence, outcomes_table,
    overview_intro, timeline_table, variants_table,
)
from .robustness import MAX_WEAK_LINKS_LISTED, in_short, permutation_table, robustness_section, robustness_table
from .sources import sources_section, stated_date_in

__all__ = [
    "CONFERENCE_KINDS", "MAX_WEAK_LINKS_LISTED", "agenda_section", "agenda_table", "agreement_table", "cite",
    "code_support", "codebook_table", "coding_rules_table", "compare_intro", "conferences_table", "continuity_table",
    "countries_note", "countries_table", "country_presence", "data_label", "figure_alt", "in_short", "items_table",
    "limits", "links_table", "md_table", "outcomes_table", "overview_intro", "permutation_table", "robustness_section",
    "robustness_table", "scope_pair_text", "scope_text", "show", "show_figure", "sources_section", "stated_date_in",
    "text_support", "timeline_table", "variants_table",
]
