"""``--dedupe``: one entry per work when libraries are merged.

Two records are the same work by ``citetool check``'s rule (check.work_keys: the same DOI,
case and doi.org forms aside, or the same title, year and first author once case, accents
and punctuation are set aside). The merged entry keeps the first record's citekey and place;
each field comes from the most complete record that has it, as Zotero's and JabRef's merges
let the fuller record win.
"""
from __future__ import annotations

from .check import work_keys
from .errors import Problem
from .model import Item
from .readers import Read


def dedupe(read: Read) -> tuple[Read, dict[str, str]]:
    """The items of ``read`` with each work once, a note for each record merged (where it
    is, which entry it went into and why), and the citekeys merged away with the ones they
    went into (a document citing either finds the merged entry)."""
    groups: list[list[int]] = []
    why: dict[int, str] = {}  # a record merged into an earlier one → the rule that said so
    group_of: dict[tuple[object, ...], int] = {}
    for index, item in enumerate(read.items):
        keys = work_keys(item)
        same = next(((group_of[key], reason) for key, reason in keys if key in group_of), None)
        if same is None:
            groups.append([index])
            group = len(groups) - 1
        else:
            group, why[index] = same[0], same[1]
            groups[group].append(index)
        for key, _reason in keys:
            group_of.setdefault(key, group)
    result = Read(problems=list(read.problems), notes=list(read.notes))
    aliases: dict[str, str] = {}
    for members in groups:
        first = members[0]
        kept = str(read.items[first].get("id"))
        for index in members[1:]:
            merged = str(read.items[index].get("id"))
            aliases[merged] = kept
            result.notes.append(Problem(read.sources[index] or "<input>", read.lines[index],
                                        f"'{merged}' merged into '{kept}' ({why[index]})"))
        result.add(_merged([read.items[index] for index in members]), read.lines[first],
                   read.sources[first])
    return result, aliases


def _merged(records: list[Item]) -> Item:
    """One item of the records of one work: the first one's citekey, and each field from
    the most complete record that has it (the one with the most fields; the earlier on a
    tie)."""
    if len(records) == 1:
        return records[0]
    fullest = sorted(records, key=lambda item: -sum(
        value not in (None, "", [], {}) for value in item.values()))
    merged: Item = {"id": records[0].get("id")}
    for item in fullest:
        for key, value in item.items():
            if key != "id" and value not in (None, "", [], {}) and key not in merged:
                merged[key] = value
    return merged
