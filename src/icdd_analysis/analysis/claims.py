"""The reference's claims tallied over a robustness grid: share overall and per scope pair, scope dependence."""

from __future__ import annotations

import pandas as pd

from .compare import STATUS_ORDER, Comparison

#: A claim *holds* in a scope when it holds in more than this share of that scope's specifications.
HOLDS_SHARE = 0.5
CLAIM_COLUMNS = ["kind", "subject", "claim", "n_specs", "share", "in_reference", "scope_dependent"]
SCOPE_COLUMNS = ["kind", "subject", "claim", "scope", "baseline_scope", "target_scope", "n_specs", "share", "in_reference"]


def scope_label(baseline_scope: str, target_scope: str) -> str:
    """How a pair of scopes is named in tables: 'sessions → focus_areas'."""
    return f"{baseline_scope} → {target_scope}"


def _statuses(ref: Comparison) -> dict[str, str]:
    return dict(zip(ref.continuity["code"], ref.continuity["status"]))


def _best_links(ref: Comparison) -> dict[str, set[str]]:
    best = ref.links[ref.links["rank"] == 1]
    found: dict[str, set[str]] = {t: set() for t in ref.target.ids}
    for t, b in zip(best["target_item"], best["baseline_item"]):
        found.setdefault(t, set()).add(b)
    return found


def tally(specs: pd.DataFrame, continuity: pd.DataFrame, links: pd.DataFrame,
          references: dict[tuple[str, str], Comparison], pairs) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The reference's claims with their share overall and per scope pair, and the scope-dependent flag."""
    reference = references[pairs[0]]
    ran_specs = specs[specs["ran"]] if len(specs) else specs
    scope_of = ({int(s): (b, t) for s, b, t in zip(ran_specs["spec_id"], ran_specs["baseline_scope"], ran_specs["target_scope"])}
                if len(specs) else {})
    ran_per_scope = {pair: sum(1 for p in scope_of.values() if p == pair) for pair in pairs}
    status_of = {pair: _statuses(references[pair]) for pair in pairs}
    links_of = {pair: _best_links(references[pair]) for pair in pairs}
    ids_of = {pair: (set(references[pair].target.ids), set(references[pair].baseline.ids)) for pair in pairs}

    ref_status = status_of[pairs[0]]
    holding_of: dict[tuple, set] = {}
    for sid, code, status in zip(continuity["spec_id"], continuity["code"], continuity["status"]):
        holding_of.setdefault(("continuity", code, status), set()).add(sid)
    for sid, t, b in zip(links["spec_id"], links["target_item"], links["baseline_item"]):
        holding_of.setdefault(("link", t, b), set()).add(sid)

    candidates = []  # (kind, subject, claim, applies(pair) -> bool, in_reference(pair) -> bool, spec_ids holding it)
    codes = sorted(set(continuity["code"]) | set(ref_status), key=reference.frame.code_ids.index)
    for code in codes:
        for status in STATUS_ORDER:
            holding = holding_of.get(("continuity", code, status), set())
            if holding or ref_status.get(code) == status:
                candidates.append(("continuity", code, status, lambda pair: True,
                                   lambda pair, c=code, s=status: status_of[pair].get(c) == s, holding))
    ref_best = links_of[pairs[0]]
    linked: dict[str, set[str]] = {}
    for t, b in zip(links["target_item"], links["baseline_item"]):
        linked.setdefault(t, set()).add(b)
    for target_item in reference.target.ids:
        for baseline_item in sorted(linked.get(target_item, set()) | ref_best[target_item]):
            candidates.append((
                "link", target_item, baseline_item,
                lambda pair, t=target_item, b=baseline_item: t in ids_of[pair][0] and b in ids_of[pair][1],
                lambda pair, t=target_item, b=baseline_item: b in links_of[pair].get(t, set()),
                holding_of.get(("link", target_item, baseline_item), set())))

    rows, by_scope = [], []
    for kind, subject, claim, applies, in_ref, holding in candidates:
        verdicts, answers, applicable_ran, count = set(), set(), 0, 0
        held_in = {}
        for sid in holding:
            pair = scope_of.get(int(sid))
            held_in[pair] = held_in.get(pair, 0) + 1
        for pair in pairs:
            n = ran_per_scope[pair]
            ok = applies(pair)
            held = held_in.get(pair, 0)
            share = held / n if ok and n else float("nan")
            answer = bool(ok and in_ref(pair))
            by_scope.append({"kind": kind, "subject": subject, "claim": claim, "scope": scope_label(*pair),
                             "baseline_scope": pair[0], "target_scope": pair[1], "n_specs": n if ok else 0,
                             "share": share, "in_reference": answer})
            if ok:
                applicable_ran += n
                count += held
                answers.add(answer)
                if n:
                    verdicts.add(share > HOLDS_SHARE)
        rows.append({"kind": kind, "subject": subject, "claim": claim, "n_specs": applicable_ran,
                     "share": count / applicable_ran if applicable_ran else float("nan"),
                     "in_reference": ((kind == "continuity" and ref_status.get(subject) == claim)
                                      or (kind == "link" and claim in ref_best.get(subject, set()))),
                     "scope_dependent": len(answers) > 1 or len(verdicts) > 1})
    return pd.DataFrame(rows, columns=CLAIM_COLUMNS), pd.DataFrame(by_scope, columns=SCOPE_COLUMNS)
