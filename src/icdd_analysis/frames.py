"""Reference frames (taxonomies) from the data package: their codes, keywords and the project coding.

A frame is either a table row of ``frames`` or a derived level of one: ``dw-basket`` rolls the
Digital Watch issues up to their seven baskets. Methods always assign codes at the base frame's
level; :meth:`Frame.roll_up` lifts an item x code matrix to the derived level.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from .data import Dataset
from .errors import IcddError
from .memo import remembered

#: The evidence bases of a coding row (codings.basis); a ``basis`` option is "all" or some joined by "+".
BASES = ("item_text", "inferred_description", "source_context")
#: Derived frames: name -> base frame whose codes roll up to their parent codes.
DERIVED = {"dw-basket": "dw"}


@dataclass(frozen=True)
class Frame:
    frame_id: str
    base_id: str
    name: str
    kind: str  # "published" or "project"
    codes: pd.DataFrame  # code, label, label_id, description_en, parent_code at this frame's level
    base_codes: pd.DataFrame  # the codes methods assign (leaf codes of the base frame)
    names: tuple[tuple[str, str], ...] = ()  # (lang, name) from frames.name_<lang> (name_id), where given

    @property
    def is_project(self) -> bool:
        return self.kind == "project"

    @property
    def code_ids(self) -> list[str]:
        return list(self.codes["code"])

    @cached_property
    def _rows(self) -> dict:
        """Each code's row of ``codes`` (as ``set_index("code").loc[code]`` gives it), looked up once: a
        continuity table asks for a label per row, thousands of times per study. Empty where a code repeats."""
        indexed = self.codes.set_index("code")
        return {code: indexed.loc[code] for code in indexed.index} if indexed.index.is_unique else {}

    def label(self, code: str, lang: str = "en") -> str:
        """The code's label in ``lang`` (frame_codes.label_<lang>; the source's own label where there is none)."""
        try:
            row = self._rows[code]
        except (KeyError, TypeError):  # not a code of the frame (or a repeated one): as the table answers
            row = self.codes.set_index("code").loc[code]
        translated = row.get(f"label_{lang}") if lang != "en" else None
        return str(translated) if isinstance(translated, str) and translated.strip() else str(row["label"])

    @cached_property
    def parent_codes(self) -> pd.Series:
        """Each base code's parent code (``base_codes`` indexed by code), built once per Frame and read-only: the
        Frame is shared by every comparison of its Dataset, so a caller's change must not reach the others."""
        parents = self.base_codes.set_index("code")["parent_code"].copy()
        parents.to_numpy().setflags(write=False)
        return parents

    def display_name(self, lang: str = "en") -> str:
        """The frame's name in ``lang`` (frames.name_<lang>, e.g. name_id, where the package gives it)."""
        return dict(self.names).get(lang, self.name)

    def roll_up(self, matrix: pd.DataFrame) -> pd.DataFrame:
        """Lift an items x base-codes boolean matrix to this frame's codes (any child => parent)."""
        if self.frame_id == self.base_id:
            return matrix.reindex(columns=self.code_ids, fill_value=False)
        parent = self.parent_codes.reindex(matrix.columns)
        position = self._positions
        if position is not None and _lifts_with_numpy(matrix, parent):  # the grouping's result without its 1 ms
            lift = np.zeros((len(parent), len(position)), dtype=np.int64)  # base code x code: 1 where its parent
            for row, code in enumerate(parent):
                if not pd.isna(code) and code in position:
                    lift[row, position[code]] = 1
            return pd.DataFrame(matrix.to_numpy(dtype=np.int64) @ lift > 0, index=matrix.index,
                                columns=pd.Index(self.code_ids, name=parent.name))
        rolled = matrix.T.groupby(parent).any().T
        return rolled.reindex(columns=self.code_ids, fill_value=False)

    @cached_property
    def _positions(self) -> dict | None:
        """Each code's column in ``code_ids`` (None where a code repeats)."""
        position = {code: j for j, code in enumerate(self.code_ids)}
        return position if len(position) == len(self.code_ids) else None

    def __getstate__(self) -> dict:
        """The fields only: the lookups above are made again on first use (a pickled result stays its size)."""
        return {name: value for name, value in self.__dict__.items() if name not in _LOOKUPS}


#: The cached properties of a Frame (lookups built from its fields on first use).
_LOOKUPS = ("_rows", "parent_codes", "_positions")


def _lifts_with_numpy(matrix: pd.DataFrame, parent: pd.Series) -> bool:
    """Whether :meth:`Frame.roll_up` of ``matrix`` is its product with the parent matrix: a boolean items x
    base codes matrix with items, distinct codes and at least one parent among them (else the grouping's
    own result, whose shape and types follow pandas)."""
    return (matrix.shape[0] > 0 and matrix.columns.is_unique and bool(parent.notna().any())
            and all(dtype == bool for dtype in matrix.dtypes))


def frame_ids(ds: Dataset) -> list[str]:
    return list(ds.frames["frame_id"]) + [d for d, base in DERIVED.items() if base in set(ds.frames["frame_id"])]


def get_frame(ds: Dataset, frame_id: str) -> Frame:
    valid = frame_ids(ds)
    if frame_id not in valid:
        raise IcddError(f"unknown frame {frame_id!r}; valid: {', '.join(valid)}.")
    base_id = DERIVED.get(frame_id, frame_id)
    row = ds.frames.set_index("frame_id").loc[base_id]
    all_codes = ds.frame_codes[ds.frame_codes["frame_id"] == base_id]
    has_children = set(all_codes["parent_code"].dropna())
    leaves = all_codes[~all_codes["code"].isin(has_children)].reset_index(drop=True)
    level = all_codes[all_codes["code"].isin(has_children)] if frame_id != base_id else leaves
    columns = ["code", "label", "description_en", "parent_code"]
    columns += [c for c in all_codes.columns if c.startswith(("label_", "description_")) and not c.endswith("_basis")
                and c not in columns]  # label_id, description_id, ...
    name = str(row["name"]) + (" (baskets)" if frame_id != base_id else "")
    baskets = {"id": " (keranjang)"}  # the derived frame's suffix, as " (baskets)" in English
    names = tuple((c[len("name_"):], str(row[c]) + (baskets.get(c[len("name_"):], "") if frame_id != base_id else ""))
                  for c in row.index if c.startswith("name_") and not c.endswith("_basis")
                  and isinstance(row[c], str) and row[c].strip())
    leaves = leaves[columns].assign(widened=_widened_codes(ds, base_id, leaves["code"]))
    return Frame(frame_id, base_id, name, str(row["kind"]), level[columns].reset_index(drop=True), leaves, names)


def _widened_codes(ds: Dataset, frame_id: str, codes: pd.Series) -> list[bool]:
    """Per code: whether the codebook marks the project's description (which the text methods read) wider
    than the frame's published wording; False without a codebook."""
    book = ds.codebook
    if book is None or "widened" not in book.columns:
        return [False] * len(codes)
    rows = book[book["frame_id"].astype(str) == str(frame_id)]
    flagged = set(rows.loc[rows["widened"].fillna(False).astype(bool), "code"].astype(str))
    return [str(c) in flagged for c in codes]


def basis_names(basis: str) -> list[str]:
    """The evidence bases named by ``basis`` ("all", or bases joined by "+"), checked."""
    if not isinstance(basis, str):
        raise IcddError(f"basis must be a string such as 'all' or 'item_text', not {basis!r}.")
    if basis == "all":
        return list(BASES)
    names = [b.strip() for b in basis.split("+")]
    unknown = [b for b in names if b not in BASES]
    if unknown:
        raise IcddError(f"unknown basis {', '.join(map(repr, unknown))}; valid: all, {', '.join(BASES)} "
                        "(or several joined by '+').")
    return names


def keywords(ds: Dataset, frame: Frame, lang: str) -> dict[str, list[str]]:
    """Keyword lists per base code in one language (codes without keywords get an empty list)."""
    def make() -> dict[str, tuple[str, ...]]:
        kw = ds.frame_keywords
        kw = kw[(kw["frame_id"] == frame.base_id) & (kw["lang"] == lang)]
        grouped = kw.groupby("code", observed=True)["keyword"].apply(list).to_dict()
        return {code: tuple(str(k) for k in grouped.get(code, [])) for code in frame.base_codes["code"]}

    # once per package, frame and language (a robustness grid asks dozens of times); a fresh copy each call
    found = remembered(ds, ("frames.keywords", frame.base_id, tuple(frame.base_codes["code"]), lang), make)
    return {code: list(words) for code, words in found.items()}


def project_coding(ds: Dataset, frame: Frame, item_ids: list[str], coder: str | None = None,
                   basis: str = "all") -> pd.DataFrame:
    """The project's coding as an items x base-codes boolean matrix (one coder; the first by default).

    ``basis`` keeps only the rows whose evidence has that basis (codings.basis): "all", one of
    ``item_text``, ``inferred_description``, ``source_context``, or several joined by "+".
    """
    c = ds.codings[ds.codings["frame_id"] == frame.base_id]
    if basis != "all":
        c = c[c["basis"].astype(str).isin(basis_names(basis))]
    coders = sorted(set(c["coder"]))
    if coder is None:
        coder = coders[0] if coders else "project-2026"
    elif coder not in coders:
        raise IcddError(f"unknown coder {coder!r} for frame {frame.base_id!r}; coders: {', '.join(coders) or 'none'}.")
    c = c[c["coder"] == coder]
    matrix = pd.DataFrame(False, index=pd.Index(item_ids, name="item_id"), columns=list(frame.base_codes["code"]))
    for item, code in zip(c["item_id"], c["code"]):
        if item in matrix.index and code in matrix.columns:
            matrix.at[item, code] = True
    return matrix


#: Which fields of the coded item each evidence basis may quote.
EVIDENCE_FIELDS = {
    "item_text": ("text_id", "text_en"),
    "inferred_description": ("description_id", "description_en"),
    "source_context": ("notes", "description_id", "description_en"),
}


def evidence_problems(ds: Dataset) -> list[str]:
    """Coding rows whose evidence is not where it says it is, one message each (empty when all hold).

    The evidence must be a substring of the coded item's ``evidence_field``; that field must suit the
    ``basis`` (the item's own text for item_text; a description matched by inference for
    inferred_description); and a source_context row must name a source that the field cites: in
    brackets in the notes ("[A16]"), or as the description's source.
    """
    items = ds.agenda_items.set_index("item_id")
    problems = []
    for number, row in enumerate(ds.codings.itertuples(index=False), start=2):
        where = f"codings.csv, row {number} ({row.item_id}, {row.frame_id} {row.code})"
        basis, field_name = str(row.basis), str(row.evidence_field)
        if field_name not in EVIDENCE_FIELDS.get(basis, ()):
            problems.append(f"{where}: evidence_field {field_name!r} does not suit basis {basis!r}; "
                            f"valid: {', '.join(EVIDENCE_FIELDS.get(basis, ()))}.")
            continue
        item = items.loc[row.item_id]
        text = "" if pd.isna(item[field_name]) else str(item[field_name])
        if str(row.evidence) not in text:
            problems.append(f"{where}: evidence {row.evidence!r} is not in the item's {field_name} ({text!r}).")
        described = field_name.startswith("description_")
        inferred = str(item["description_status"]) == "inferred"
        if basis == "inferred_description" and not inferred:
            problems.append(f"{where}: basis inferred_description, but the item's description is not inferred.")
        if basis == "item_text" and pd.notna(row.evidence_source_id):
            problems.append(f"{where}: evidence_source_id is for source_context; the item's text has its own sources.")
        if basis == "source_context":
            source = None if pd.isna(row.evidence_source_id) else str(row.evidence_source_id)
            cited = (source == str(item["description_source_id"]) and not inferred
                     if described else source is not None and f"[{source}]" in text)
            if not cited:
                problems.append(f"{where}: basis source_context needs evidence_source_id naming the source that "
                                f"the item's {field_name} cites.")
    return problems
