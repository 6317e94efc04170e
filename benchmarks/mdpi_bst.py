"""Our MDPI styles against MDPI's LaTeX template on real .bib files: each entry cited alone, run
through BibTeX with mdpi.bst (its .bib file as the database, so @string macros and crossrefs
resolve; a cross-referenced entry that comes before the entry is moved to the end, as BibTeX
requires), the .bbl read back as golden-tex reads it (../shared/golden-tex/bbl2text.py, direct
mode), and the same entry of the same file rendered alone by citetool. Prints per style the
entries identical, identical once the DOI link is set aside on both sides, per BibTeX type, and
the most frequent kinds of difference with an example each.

mdpi.bst is not ours to commit: pass its path (MDPI's template, Definitions/mdpi.bst).

Usage: python benchmarks/mdpi_bst.py MDPI.BST [BIB_OR_DIR ...] [--per-file 30] [--jobs 2]
       [--styles mdpi-references,mdpi] [--cache FILE.json] [--report FILE.json] [--examples 25]
       [--shared PATH]   (default .bib files: ../shared/corpus/raw)
"""
from __future__ import annotations

import argparse
import gc
import hashlib
import importlib.util
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import ModuleType

from golden_tex import without_doi

from citetool import api

HERE = Path(__file__).resolve().parent
#: An entry's head (``@article{key,``); @string, @preamble and @comment are not entries.
ENTRY_HEAD = re.compile(r"@\s*([A-Za-z]+)\s*[{(]\s*([^,\s{}()]+)\s*,")
NOT_ENTRIES = {"string", "preamble", "comment"}
#: A run of names as mdpi.bst prints them, once letters are A/a ("Aa, A.; Aa, A.A., Eds.").
NAMES = re.compile(r"(?:A[a-]*, (?:A\.-?)+(?:; |,? ))+")
CROSSREF = re.compile(r"\bcrossref\s*=\s*[{\"]\s*([^}\"\s]+)", re.I)


def _module(path: Path) -> ModuleType:
    """A stdlib-only script of ../shared, imported where it is."""
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def entries(text: str, per_file: int) -> list[tuple[str, str, str, str]]:
    """Up to ``per_file`` (key, type, raw text, BibTeX database) of a .bib file, taken in turn
    from each type so that a file of articles still gives its few books; keys that occur twice
    (BibTeX matches them case-insensitively) are left out, as neither program says which one
    it keeps. The database is the file, with the entry's cross-referenced entry moved to its
    end where it came first: BibTeX then inherits its fields as biber and citetool do, where
    it would report "a bad cross reference" and print the entry without them."""
    heads = [m for m in ENTRY_HEAD.finditer(text) if m.group(1).lower() not in NOT_ENTRIES]
    counts = Counter(m.group(2).lower() for m in heads)
    spans = {}
    for m, following in zip(heads, heads[1:] + [None]):
        spans[m.group(2).lower()] = (m.start(), following.start() if following else len(text))
    by_type: dict[str, list[tuple[str, str, str, str]]] = defaultdict(list)
    for m in heads:
        if counts[m.group(2).lower()] != 1:
            continue
        start, end = spans[m.group(2).lower()]
        raw = text[start:end]
        database = text
        parent = CROSSREF.search(raw)
        if parent and spans.get(parent.group(1).lower(), (end,))[0] < start:
            first, last = spans[parent.group(1).lower()]
            database = text[:first] + text[last:] + "\n" + text[first:last]
        by_type[m.group(1).lower()].append((m.group(2), m.group(1).lower(), raw, database))
    chosen: list[tuple[str, str, str, str]] = []
    queues = list(by_type.values())
    while len(chosen) < per_file and any(queues):
        for queue in queues:
            if queue and len(chosen) < per_file:
                chosen.append(queue.pop(0))
    return chosen


def kind_of(bst: str, ours: str, diff_kind) -> str:
    """compare.py's kind of the first difference, with every letter A or a and a run of names
    one N, so that the same rule with other names is one kind."""
    letters = diff_kind(*(re.sub(r"[^\W\d_]", lambda m: "A" if m[0].isupper() else "a", text)
                          for text in (bst, ours)))
    return NAMES.sub("N ", letters)


def bst_text(bst: Path, database: str, key: str, convert) -> str | None:
    """What mdpi.bst prints for ``key`` cited alone from ``database``, as golden-tex's text; None
    when BibTeX gives no single entry or cuts a UTF-8 character (golden-tex leaves those out)."""
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        shutil.copy(bst, work / "mdpi.bst")
        (work / "refs.bib").write_bytes(database.encode("utf-8", "surrogateescape"))
        (work / "e.aux").write_text(f"\\citation{{{key}}}\n\\bibstyle{{mdpi}}\n\\bibdata{{refs}}\n",
                                    "utf-8")
        subprocess.run(["bibtex", "-terse", "e"], cwd=work, capture_output=True, timeout=120)
        try:
            bbl = (work / "e.bbl").read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            return None
    found = convert(bbl)
    return found[0]["text"] if len(found) == 1 else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bst", type=Path, help="MDPI's mdpi.bst")
    parser.add_argument("bibs", type=Path, nargs="*", help=".bib files or folders of them")
    parser.add_argument("--shared", type=Path, default=HERE.parents[1] / "shared")
    parser.add_argument("--per-file", type=int, default=30, help="entries taken from each file")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--styles", default="mdpi-references,mdpi")
    parser.add_argument("--cache", type=Path, help="JSON file keeping mdpi.bst's texts")
    parser.add_argument("--report", type=Path, help="JSON file for every entry that differs")
    parser.add_argument("--examples", type=int, default=25, help="difference kinds shown")
    args = parser.parse_args()
    convert = _module(args.shared / "golden-tex" / "bbl2text.py").convert_bbl
    diff_kind = _module(args.shared / "corpus" / "compare.py").diff_kind
    paths = [p for given in args.bibs or [args.shared / "corpus" / "raw"]
             for p in (sorted(given.glob("*.bib")) if given.is_dir() else [given])]
    bst_hash = hashlib.sha1(args.bst.read_bytes()).hexdigest()
    cache = json.loads(args.cache.read_text("utf-8")) if args.cache and args.cache.exists() else {}

    work = []  # (path, key, type, raw, cache key)
    for path in paths:
        text = path.read_bytes().decode("utf-8", "surrogateescape")
        for key, kind, raw, database in entries(text, args.per_file):
            db_hash = hashlib.sha1(database.encode("utf-8", "surrogateescape")).hexdigest()
            work.append((path, key, kind, raw, database, f"{bst_hash[:12]} {db_hash[:12]} {key}"))
    missing = [w for w in work if w[5] not in cache]
    with ThreadPoolExecutor(args.jobs) as pool:
        texts = pool.map(lambda w: bst_text(args.bst, w[4], w[1], convert), missing)
        for w, text in zip(missing, texts):
            cache[w[5]] = text
    if args.cache:
        args.cache.write_text(json.dumps(cache, ensure_ascii=False, indent=0), "utf-8")

    taken = defaultdict(set)
    for w in work:
        taken[w[0]].add(w[1])
    items = {}  # only the entries taken: a file's others are not kept (memory)
    for path in paths:
        items[path] = {str(item.get("id")): item for item in api.load([path]).items
                       if str(item.get("id")) in taken[path]}
    compared = [w for w in work if cache[w[5]] is not None and w[1] in items[w[0]]]
    print(f"{len(paths)} files, {len(work)} entries taken, {len(compared)} compared "
          f"({len(work) - len(compared)} that BibTeX or citetool did not give alone)")
    report = {}
    for style in args.styles.split(","):
        same = Counter()
        same_doi_aside = Counter()
        total = Counter()
        kinds: Counter[str] = Counter()
        example: dict[str, str] = {}
        differing = []
        for number, (path, key, kind, raw, _database, cache_key) in enumerate(compared):
            if number % 50 == 0:
                gc.collect()  # each rendering leaves cycles the rare full collections would
                # take: 6.8 GB at the end of 3378 calls without this, 0.2 GB with it
            bst = cache[cache_key]
            ours = api.format_bibliography([items[path][key]], style, "text").strip()
            if "’" not in raw:
                ours = ours.replace("’", "'")  # TeX prints ' as ’; golden-tex maps it back
            total[kind] += 1
            same[kind] += ours == bst
            if without_doi(ours) == without_doi(bst):
                same_doi_aside[kind] += 1
                continue
            found = kind_of(without_doi(bst), without_doi(ours), diff_kind)
            kinds[found] += 1
            example.setdefault(found, f"{path.name} {key}\n      bst: {bst}\n      our: {ours}")
            differing.append({"file": path.name, "key": key, "type": kind, "bst": bst,
                              "ours": ours, "kind": found})
        report[style] = differing
        n = sum(total.values())
        print(f"\n{style}: {sum(same.values())}/{n} identical "
              f"({100 * sum(same.values()) / n:.1f} %), {sum(same_doi_aside.values())}/{n} "
              f"with the DOI set aside ({100 * sum(same_doi_aside.values()) / n:.1f} %)")
        for kind, count in total.most_common():
            print(f"  {kind:15} {count:5}  identical {same[kind]:5}  DOI aside "
                  f"{same_doi_aside[kind]:5} ({100 * same_doi_aside[kind] / count:.1f} %)")
        print("  differences with the DOI set aside, by their first kind:")
        for found, count in kinds.most_common(args.examples):
            print(f"  {count:4}  {found}\n    {example[found]}")
    if args.report:
        args.report.write_text(json.dumps(report, ensure_ascii=False, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
