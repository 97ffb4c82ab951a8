"""Two report folders hold the same reports: the same names, statuses, parameters and inputs in manifest.json,
the same report.html text, and an index.html naming every report. Exit 1 with the differences otherwise."""

import json
import sys
from pathlib import Path


def results(out: Path) -> dict:
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return {name: ({k: r.get(k) for k in ("status", "parameters", "inputs", "notebook")},
                   (out / name / "report.html").read_text(encoding="utf-8"))
            for name, r in manifest["reports"].items()}


def main(first: str, second: str) -> int:
    a, b = results(Path(first)), results(Path(second))
    problems = [f"{name}: only in {second if name in b else first}" for name in sorted(set(a) ^ set(b))]
    problems += [f"{name}: {'manifest entries' if a[name][0] != b[name][0] else 'report.html'} differ"
                 for name in sorted(set(a) & set(b)) if a[name] != b[name]]
    index = (Path(first) / "index.html").read_text(encoding="utf-8")
    problems += [f"{name}: not in {first}/index.html" for name in a if f"{name}/report.html" not in index]
    problems += [f"{name}: failed" for name, (entry, _) in a.items() if entry["status"] != "ok"]
    if not a:
        problems.append(f"{first}: no reports")
    for problem in problems:
        print(problem, file=sys.stderr)
    if not problems:
        print(f"the same {len(a)} reports in {first} and {second}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
