"""A corpus of hostile or malformed data packages, each one mutation of the bundled package.

Each case names the mutation, and either the fragments its DataPackageError must contain (the file,
row and field where there is one, and what would be valid) or ``None`` where the input is legitimate
and must load. Mutations get the package copy and an "outside" folder holding a secret, which no
case may read or quote.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pandas as pd

from .conftest import PackageCopy

SECRET = "SECRET-7f3a-outside-the-package"


@dataclass(frozen=True)
class Case:
    name: str
    mutate: Callable[[PackageCopy, Path], None]
    expect: tuple[str, ...] | None  # None: legitimate input, loads
    check_loaded: Callable | None = None  # for legitimate input: what must have loaded

    def __str__(self) -> str:
        return self.name


def plant_outside(outside: Path) -> None:
    """Files a hostile package may try to reach: a CSV with the right header, a JSON schema, a descriptor."""
    outside.mkdir(parents=True, exist_ok=True)
    (outside / "secret.csv").write_text(f"event_id,kind\n{SECRET},conference\n", encoding="utf-8")
    (outside / "secret.json").write_text(json.dumps({"fields": [{"name": SECRET}]}), encoding="utf-8")
    (outside / "datapackage.json").write_text(json.dumps({"name": SECRET, "resources": []}), encoding="utf-8")


# --- mutation helpers ------------------------------------------------------------------------------------


def descriptor(pkg: PackageCopy) -> dict:
    return json.loads(pkg.descriptor.read_text(encoding="utf-8"))


def edit_descriptor(change: Callable[[dict], object]) -> Callable[[PackageCopy, Path], None]:
    def mutate(pkg: PackageCopy, outside: Path) -> None:
        d = descriptor(pkg)
        change(d)
        pkg.descriptor.write_text(json.dumps(d), encoding="utf-8")
    return mutate


def resource(d: dict, name: str) -> dict:
    return next(r for r in d["resources"] if r["name"] == name)


def set_resource(name: str, key: str, value) -> Callable[[PackageCopy, Path], None]:
    return edit_descriptor(lambda d: resource(d, name).__setitem__(key, value))


def field_of(d: dict, table: str, name: str) -> dict:
    return next(f for f in resource(d, table)["schema"]["fields"] if f["name"] == name)


def raw(table: str, change: Callable[[bytes], bytes]) -> Callable[[PackageCopy, Path], None]:
    def mutate(pkg: PackageCopy, outside: Path) -> None:
        path = pkg.folder / f"{table}.csv"
        path.write_bytes(change(path.read_bytes()))
    return mutate


def cell(table: str, row_id: str, column: str, value: str) -> Callable[[PackageCopy, Path], None]:
    return lambda pkg, outside: pkg.set_cell(table, row_id, column, value)


def cells(table: str, column: str, values: dict[str, str]) -> Callable[[PackageCopy, Path], None]:
    def mutate(pkg: PackageCopy, outside: Path) -> None:
        for row_id, value in values.items():
            pkg.set_cell(table, row_id, column, value)
    return mutate


def row_of(pkg: PackageCopy, table: str, row_id: str) -> int:
    return next(n for n, r in enumerate(pkg.rows(table)[1:], start=2) if r[0] == row_id)


def symlink_table_outside(pkg: PackageCopy, outside: Path) -> None:
    (pkg.folder / "events.csv").unlink()
    (pkg.folder / "events.csv").symlink_to(outside / "secret.csv")


def path_through_symlinked_folder(pkg: PackageCopy, outside: Path) -> None:
    (pkg.folder / "tables").symlink_to(outside, target_is_directory=True)
    set_resource("events", "path", "tables/secret.csv")(pkg, outside)


def absolute_path(pkg: PackageCopy, outside: Path) -> None:
    set_resource("events", "path", str(outside / "secret.csv"))(pkg, outside)


def schema_symlink_outside(pkg: PackageCopy, outside: Path) -> None:
    (pkg.folder / "events.schema.json").symlink_to(outside / "secret.json")
    set_resource("events", "schema", "events.schema.json")(pkg, outside)


def schema_in_a_local_file(pkg: PackageCopy, outside: Path) -> None:
    d = descriptor(pkg)
    (pkg.folder / "schemas").mkdir()
    (pkg.folder / "schemas" / "events.json").write_text(json.dumps(resource(d, "events")["schema"]), encoding="utf-8")
    resource(d, "events")["schema"] = "schemas/events.json"
    pkg.descriptor.write_text(json.dumps(d), encoding="utf-8")


def descriptor_symlink_outside(pkg: PackageCopy, outside: Path) -> None:
    pkg.descriptor.unlink()
    pkg.descriptor.symlink_to(outside / "datapackage.json")


def embeddings_symlink_outside(pkg: PackageCopy, outside: Path) -> None:
    (pkg.folder / "embeddings.csv").unlink()
    (pkg.folder / "embeddings.csv").symlink_to(outside / "secret.csv")


def symlink_loop(pkg: PackageCopy, outside: Path) -> None:
    (pkg.folder / "loop-a.csv").symlink_to(pkg.folder / "loop-b.csv")
    (pkg.folder / "loop-b.csv").symlink_to(pkg.folder / "loop-a.csv")
    set_resource("events", "path", "loop-a.csv")(pkg, outside)


def schema_file_not_an_object(pkg: PackageCopy, outside: Path) -> None:
    (pkg.folder / "events.schema.json").write_text('["event_id"]', encoding="utf-8")
    set_resource("events", "schema", "events.schema.json")(pkg, outside)


def table_is_a_folder(pkg: PackageCopy, outside: Path) -> None:
    (pkg.folder / "events.csv").unlink()
    (pkg.folder / "events.csv").mkdir()


def path_not_csv(pkg: PackageCopy, outside: Path) -> None:
    (pkg.folder / "events.csv").rename(pkg.folder / "events.xlsx")
    set_resource("events", "path", "events.xlsx")(pkg, outside)


def semicolons(data: bytes) -> bytes:
    import csv
    import io

    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def tabs(data: bytes) -> bytes:
    return semicolons(data).replace(b";", b"\t")


def with_windows_1252(pkg: PackageCopy, outside: Path) -> None:
    pkg.set_cell("events", "icdd-2021", "venue", "Conrad Bali, Nusa Dua — café")
    path = pkg.folder / "events.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1252"))


def header_only(table: str) -> Callable[[PackageCopy, Path], None]:
    return lambda pkg, outside: pkg.write(table, pkg.rows(table)[:1])


def duplicated_header(pkg: PackageCopy, outside: Path) -> None:
    rows = pkg.rows("frames")
    pkg.write("frames", [r + [r[0]] for r in rows])


def ragged_row(pkg: PackageCopy, outside: Path) -> None:
    rows = pkg.rows("frames")
    rows[2] = rows[2] + ["one too many"]
    pkg.write("frames", rows)


def blank_row(pkg: PackageCopy, outside: Path) -> None:
    raw("frames", lambda b: b.replace(b"\n", b"\n\n", 2).replace(b"\n\n", b"\n", 1))(pkg, outside)


def huge_field(pkg: PackageCopy, outside: Path) -> None:
    rows = pkg.rows("frames")
    rows[1][-1] = "x" * 200_000
    pkg.write("frames", rows)


def unterminated_quote(pkg: PackageCopy, outside: Path) -> None:
    path = pkg.folder / "frames.csv"
    path.write_text(path.read_text(encoding="utf-8") + 'extra,"never closed\n', encoding="utf-8")


def utf16(data: bytes) -> bytes:
    return data.decode("utf-8").encode("utf-16")


def duplicate_resource(d: dict) -> None:
    d["resources"].append(dict(resource(d, "frames")))


def extra_resource(path: str) -> Callable[[dict], None]:
    return lambda d: d["resources"].append({"name": "extra", "path": path})


def deep_descriptor(pkg: PackageCopy, outside: Path) -> None:
    pkg.descriptor.write_text('{"resources": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")


def extra_column(field: dict) -> Callable[[PackageCopy, Path], None]:
    """Declare one more column in frames' schema and add it to frames.csv."""
    def mutate(pkg: PackageCopy, outside: Path) -> None:
        edit_descriptor(lambda d: resource(d, "frames")["schema"]["fields"].append(field))(pkg, outside)
        rows = pkg.rows("frames")
        pkg.write("frames", [rows[0] + [field["name"]]] + [r + ["7"] for r in rows[1:]])
    return mutate


def bool_values_loaded(ds) -> None:
    docs = ds.documents.set_index("document_id")["full_text_public"]
    assert docs["jakarta-message-2019"] is True or docs["jakarta-message-2019"] == True  # noqa: E712
    assert docs["jakarta-plan-of-action-2019"] == False  # noqa: E712
    assert docs.notna().all()
    assert str(docs.dtype) == "boolean"


def events_loaded(ds) -> None:
    assert ds.event_ids[:3] == ["experts-meeting-2017", "seminar-2018", "rcdd-2019"]
    assert ds.event("icdd-2021").start_date == pd.Timestamp("2021-11-16")


def change_field(table: str, name: str, **changes) -> Callable[[dict], None]:
    return lambda d: field_of(d, table, name).update(changes)


def drop_constraint(table: str, name: str, constraint: str) -> Callable[[dict], None]:
    return lambda d: field_of(d, table, name)["constraints"].pop(constraint)


def add_enum_value(table: str, name: str, value: str) -> Callable[[dict], None]:
    return lambda d: field_of(d, table, name)["constraints"]["enum"].append(value)


def drop_foreign_keys(table: str) -> Callable[[dict], None]:
    return lambda d: resource(d, table)["schema"].pop("foreignKeys")


RELATIVE = "relative to datapackage.json"
RESAVE = ("CSV UTF-8",)

CASES: list[Case] = [
    # --- resource paths: nothing outside the folder, nothing from the network --------------------------
    Case("path-https-url", set_resource("events", "path", "https://example.org/events.csv"),
         ("resource 'events'", "'path'", "is a URL", "never reads the network", RELATIVE)),
    Case("path-file-url", set_resource("events", "path", "file:///etc/passwd"),
         ("resource 'events'", "is a URL", RELATIVE)),
    Case("path-absolute", absolute_path, ("resource 'events'", "is an absolute path", RELATIVE)),
    Case("path-home", set_resource("events", "path", "~/secret.csv"), ("resource 'events'", "is an absolute path")),
    Case("path-dot-dot", set_resource("events", "path", "../outside/secret.csv"),
         ("resource 'events'", "contains '..'", RELATIVE)),
    Case("path-dot-dot-backslash", set_resource("events", "path", "..\\outside\\secret.csv"),
         ("resource 'events'", "contains '..'")),
    Case("path-dot-dot-inside-then-out", set_resource("events", "path", "./sub/../../outside/secret.csv"),
         ("resource 'events'", "contains '..'")),
    Case("path-symlink-outside", symlink_table_outside,
         ("resource 'events'", "symbolic link", "leading outside the package folder")),
    Case("path-through-symlinked-folder", path_through_symlinked_folder,
         ("resource 'events'", "'tables/secret.csv'", "symbolic link")),
    Case("path-symlink-loop", symlink_loop, ("resource 'events'", "'loop-a.csv' cannot be resolved")),
    Case("path-too-long", set_resource("events", "path", "x" * 5000 + ".csv"),
         ("resource 'events'", "cannot be resolved", "a name too long")),
    Case("path-number", set_resource("events", "path", 42), ("resource 'events'", "'path' is a JSON number", RELATIVE)),
    Case("path-list", set_resource("events", "path", ["events.csv", "more.csv"]),
         ("resource 'events'", "'path' is a list", RELATIVE)),
    Case("path-null", set_resource("events", "path", None), ("resource 'events'", "'path' is null", RELATIVE)),
    Case("path-empty", set_resource("events", "path", ""), ("resource 'events'", "'path' is empty")),
    Case("path-missing-file", set_resource("events", "path", "evnts.csv"), ("evnts.csv: file not found", "'events'")),
    Case("path-is-a-folder", table_is_a_folder, ("events.csv: is a folder", "resource 'events'")),
    Case("path-not-csv", path_not_csv, ("resource 'events'", "'events.xlsx' is not a .csv file")),
    Case("unused-resource-with-url", edit_descriptor(extra_resource("https://example.org/x.csv")),
         ("resource 'extra'", "is a URL")),
    Case("embeddings-symlink-outside", embeddings_symlink_outside, ("embeddings.csv", "symbolic link")),
    Case("inline-data", edit_descriptor(lambda d: (resource(d, "frames").pop("path"),
                                                   resource(d, "frames").__setitem__("data", [["x"]]))),
         ("resource 'frames'", "inline 'data' is not supported", "'path'")),
    # --- schema and dialect given as files or of the wrong type ----------------------------------------------
    Case("schema-url", set_resource("events", "schema", "https://example.org/schema.json"),
         ("resource 'events'", "'schema'", "is a URL")),
    Case("schema-dot-dot", set_resource("events", "schema", "../outside/secret.json"),
         ("resource 'events'", "'schema'", "contains '..'")),
    Case("schema-symlink-outside", schema_symlink_outside, ("resource 'events'", "'schema'", "symbolic link")),
    Case("schema-number", set_resource("events", "schema", 7),
         ("resource 'events'", "'schema' is a JSON number", "expected an object")),
    Case("schema-list", set_resource("events", "schema", []), ("resource 'events'", "'schema' is a JSON array")),
    Case("schema-file-not-an-object", schema_file_not_an_object,
         ("events.schema.json (schema of resource 'events')", "a JSON array, expected an object")),
    Case("too-many-resources", edit_descriptor(  # padded to exactly 1,001, whatever the bundled package holds
        lambda d: d["resources"].extend({"name": f"r{i}", "path": "frames.csv"} for i in range(1001 - len(d["resources"])))),
         ("datapackage.json", "1,001 resources, more than the 1,000")),
    Case("schema-missing", edit_descriptor(lambda d: resource(d, "events").pop("schema")),
         ("resource 'events'", "'schema' is missing", "bundled datapackage.json")),
    Case("schema-in-a-local-file", schema_in_a_local_file, None, events_loaded),
    Case("dialect-url", set_resource("events", "dialect", "http://example.org/dialect.json"),
         ("resource 'events'", "'dialect'", "is a URL")),
    Case("dialect-semicolon", set_resource("events", "dialect", {"delimiter": ";"}),
         ("resource 'events'", "dialect delimiter ';' is not supported", "reads delimiter ','")),
    Case("encoding-latin-1", set_resource("events", "encoding", "latin-1"),
         ("resource 'events'", "encoding 'latin-1' is not supported", "'utf-8'")),
    # --- the descriptor itself ----------------------------------------------------------------------------------
    Case("descriptor-json-array", lambda pkg, o: pkg.descriptor.write_text("[]"),
         ("datapackage.json", "JSON array, expected an object")),
    Case("descriptor-not-json", lambda pkg, o: pkg.descriptor.write_text("{ name: icdd,"),
         ("datapackage.json", "not valid JSON (line 1, column 3")),
    Case("descriptor-missing", lambda pkg, o: pkg.descriptor.unlink(), ("no such data package descriptor",)),
    Case("descriptor-symlink-outside", descriptor_symlink_outside,
         ("datapackage.json", "symbolic link", "Copy the real datapackage.json")),
    Case("descriptor-nested-too-deep", deep_descriptor, ("datapackage.json", "nested too deeply")),
    Case("descriptor-not-utf8", lambda pkg, o: pkg.descriptor.write_bytes(b'{"name": "caf\xe9"}'),
         ("datapackage.json", "is not UTF-8", "CSV UTF-8")),
    Case("resources-an-object", edit_descriptor(lambda d: d.__setitem__("resources", {"events": {}})),
         ("datapackage.json", "'resources' is a JSON object", "expected a list")),
    Case("resources-missing", edit_descriptor(lambda d: d.pop("resources")),
         ("datapackage.json", "'resources' is missing", "expected a list")),
    Case("resource-a-string", edit_descriptor(lambda d: d["resources"].insert(0, "events.csv")),
         ("datapackage.json, resource 1", "a JSON string, expected an object")),
    Case("resource-without-name", edit_descriptor(lambda d: resource(d, "frames").pop("name")),
         ("'name' is missing or not text",)),
    Case("resource-twice", edit_descriptor(duplicate_resource), ("resource 'frames'", "names must be unique")),
    # --- the user's schema against the bundled contract ---------------------------------------------------------
    Case("schema-type-changed", edit_descriptor(change_field("events", "countries_stated", type="string")),
         ("resource 'events', field 'countries_stated'", "type is 'string'", "bundled schema has 'integer'")),
    Case("schema-enum-widened", edit_descriptor(add_enum_value("agenda_items", "confidence", "certain")),
         ("resource 'agenda_items', field 'confidence'", "constraints", "'certain'", "bundled schema has")),
    Case("schema-required-dropped", edit_descriptor(drop_constraint("participants", "source_id", "required")),
         ("resource 'participants', field 'source_id'", "constraints")),
    Case("schema-pattern-changed", edit_descriptor(
        lambda d: field_of(d, "sources", "source_id")["constraints"].__setitem__("pattern", "(a+)+$")),
         ("resource 'sources', field 'source_id'", "constraints", "'(a+)+$'")),
    Case("schema-foreign-keys-dropped", edit_descriptor(drop_foreign_keys("documents")),
         ("resource 'documents'", "foreignKeys", "bundled schema has")),
    Case("schema-true-values", edit_descriptor(change_field("sources", "published_circa", trueValues=["yes"])),
         ("resource 'sources', field 'published_circa'", "trueValues is ['yes']")),
    Case("schema-field-missing", edit_descriptor(
        lambda d: resource(d, "people")["schema"]["fields"].pop()),
         ("resource 'people'", "schema lacks field(s) notes")),
    Case("extra-column-declared", extra_column({"name": "my_rank", "type": "integer", "description": "mine"}), None,
         lambda ds: list(ds.frames["my_rank"].unique()) == [7]),
    Case("extra-column-unknown-type", extra_column({"name": "my_shape", "type": "geojson"}),
         ("resource 'frames', field 'my_shape'", "type 'geojson' is not supported", "valid: string, integer")),
    Case("extra-column-pattern", extra_column({"name": "my_code", "constraints": {"pattern": "(a+)+$"}}),
         ("resource 'frames', field 'my_code'", "constraints of an extra column may only be required")),
    Case("schema-fields-not-a-list", edit_descriptor(
        lambda d: resource(d, "people")["schema"].__setitem__("fields", "role_id")),
         ("resource 'people'", "'fields' must be a list of objects")),
    # --- the bytes of a table --------------------------------------------------------------------------------------
    Case("windows-1252-file", with_windows_1252,
         ("events.csv, line ", ", column ", "byte 0x97", "is not UTF-8", "Windows-1252", "Latin-1", "CSV UTF-8")),
    Case("utf-16-file", raw("events", utf16), ("events.csv", "UTF-16", "expected UTF-8", "CSV UTF-8")),
    Case("byte-order-mark", raw("events", lambda b: b"\xef\xbb\xbf" + b), None, events_loaded),
    Case("byte-order-mark-and-crlf", raw("frames", lambda b: b"\xef\xbb\xbf" + b.replace(b"\n", b"\r\n")), None,
         lambda ds: len(ds.frames) > 0),
    Case("semicolon-delimited", raw("events", semicolons),
         ("events.csv, header row", "separated by ';'", "comma-separated", "CSV UTF-8")),
    Case("tab-delimited", raw("frames", tabs), ("frames.csv, header row", "separated by tabs")),
    Case("nul-bytes", raw("frames", lambda b: b[:200] + b"\x00\x00" + b[200:]),
         ("frames.csv, line", "NUL byte", "CSV UTF-8")),
    Case("empty-file", raw("frames", lambda b: b""), ("frames.csv", "the file is empty", "header row")),
    Case("header-only-events", header_only("events"),
         ("does not exist in events.csv (column event_id)",)),
    Case("duplicated-header", duplicated_header, ("frames.csv, header row", "'frame_id' appear more than once")),
    Case("header-wrong-case", raw("frames", lambda b: b.replace(b"frame_id", b"Frame_ID", 1)),
         ("frames.csv, header row", "'frame_id' missing", "Expected columns: frame_id")),
    Case("ragged-row", ragged_row, ("frames.csv, row 3", "values, but the header has", "double quotes")),
    Case("blank-row", blank_row, ("frames.csv, row 3: blank row",)),
    Case("huge-field", huge_field, ("frames.csv, row 2", "a value longer than 100,000 characters")),
    Case("unterminated-quote", unterminated_quote, ("frames.csv", "is never closed", '("")')),
    Case("misplaced-quote", raw("frames", lambda b: b.replace(b"\n", b'\n"ab"cd', 1)),
         ("frames.csv, row 2", "misplaced quote", "doubled")),
    # --- values ---------------------------------------------------------------------------------------------------
    Case("end-before-start", cell("events", "icdd-2021", "end_date", "2021-11-01"),
         ("events.csv, row", "field 'end_date': 2021-11-01 is before start_date 2021-11-16",
          "on or after the start date")),
    Case("booleans-any-case-and-digits", cells("documents", "full_text_public", {
        "jakarta-message-2019": "TRUE", "jakarta-plan-of-action-2019": "0", "bali-message-2021": "True",
    }), None, bool_values_loaded),
    Case("booleans-mixed-case", cells("documents", "full_text_public", {
        "jakarta-message-2019": "tRuE", "jakarta-plan-of-action-2019": "False",
    }), None, bool_values_loaded),
    Case("boolean-yes", cell("documents", "jakarta-message-2019", "full_text_public", "yes"),
         ("documents.csv, row 2, field 'full_text_public'", "'yes' is not valid",
          "true or false (in any case), or 1 or 0")),
    Case("required-boolean-empty", cell("documents", "jakarta-message-2019", "full_text_public", ""),
         ("documents.csv, row 2, field 'full_text_public'", "a value is required", "true or false")),
]
