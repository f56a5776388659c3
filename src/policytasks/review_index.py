"""``review`` of several notices: one page each in an output folder, and an index page linking them.

Folders are taken recursively and mirrored (``corpus/real/x.txt`` → ``OUT/real/x.html``), so names
never clash; a notice that cannot be read is a row in the index with its error, and the others
are still written.  With ``--golden FOLDER`` each notice is paired with its golden file as
``check`` pairs them."""

from __future__ import annotations

import datetime as dt
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from .errors import PolicyTasksError
from .review import _asset, _csp_hash, esc, write_atomic

INDEX_NAME = "index.html"


@dataclass
class Row:
    source: Path
    page: Path  # relative to the output folder
    tasks: int = 0
    warnings: int = 0
    match: str = ""  # "130/137" when a golden was compared
    ok: bool | None = None  # golden: all fields match
    error: str = ""


def expand(inputs) -> list[tuple[Path, Path]]:
    """(notice, page path relative to the output folder) for each input; folders recursively."""
    from .batch import SUPPORTED_SUFFIXES

    out: list[tuple[Path, Path]] = []
    taken: set[Path] = set()
    for i in inputs:
        p = Path(i)
        if p.is_dir():
            found = sorted(x for x in p.rglob("*") if x.is_file() and x.suffix.lower() in SUPPORTED_SUFFIXES)
            pairs = [(x, x.relative_to(p).with_suffix(".html")) for x in found]
        else:
            pairs = [(p, Path(p.name).with_suffix(".html"))]
        for src, rel in pairs:
            k, base = 2, rel
            while rel in taken or rel.name == INDEX_NAME:  # two a.txt from different folders: a.html, a-2.html
                rel = base.with_name(f"{base.stem}-{k}.html")
                k += 1
            taken.add(rel)
            out.append((src, rel))
    return out


def _golden_for(src: Path, inputs, golden: Path | None) -> Path | None:
    if golden is None:
        return None
    if golden.is_file():
        return golden
    for i in inputs:  # mirror the notice's place under its input folder, as check does
        base = Path(i)
        if base.is_dir():
            try:
                rel = src.relative_to(base).parent
            except ValueError:
                continue
            # golden/ mirrors corpus/: corpus/real/x.txt pairs with golden/real/x.json
            for c in (golden / rel / f"{src.stem}.json", golden / rel / f"{src.stem}.golden.json",
                      golden / base.resolve().name / rel / f"{src.stem}.json"):
                if c.exists():
                    return c
    for c in (golden / f"{src.stem}.json", golden / f"{src.stem}.golden.json"):
        if c.exists():
            return c
    return None


def run_many(args, options: dict) -> int:
    """Several notices (or a folder): a page each under ``args.output`` and an index page."""
    from .pipeline import parse
    from .review import golden_report, load_golden_file, page_breaks, render

    outdir = Path(args.output or "review")
    if outdir.suffix.lower() in (".html", ".htm"):
        raise PolicyTasksError("several notices need a folder for -o, not an .html file", str(outdir))
    golden = Path(args.golden) if getattr(args, "golden", None) else None
    if golden is not None and not golden.exists():
        raise PolicyTasksError("no such golden file or folder", str(golden))
    pairs = expand(args.notice)
    if not pairs:
        raise PolicyTasksError("no notices found", " ".join(map(str, args.notice)))
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise PolicyTasksError(f"cannot make the output folder: {e.strerror or e}", str(outdir)) from None
    rows: list[Row] = []
    for src, rel in pairs:
        row = Row(src, rel)
        rows.append(row)
        try:
            gpath = _golden_for(src, args.notice, golden)
            g = load_golden_file(gpath) if gpath is not None else None
            notice = parse(src, **options)
            (outdir / rel).parent.mkdir(parents=True, exist_ok=True)
            write_atomic(outdir / rel, render(notice, golden=g, breaks=page_breaks(notice, src, options)))
        except PolicyTasksError as e:
            row.error = str(e)
            sys.stderr.write(f"policytasks: {e}\n")
            continue
        except OSError as e:
            row.error = f"{outdir / rel}: cannot write: {e.strerror or e}"
            sys.stderr.write(f"policytasks: {row.error}\n")
            continue
        row.tasks, row.warnings = len(notice.tasks), len(notice.warnings)
        if g is not None:
            rep = golden_report(notice, g)
            row.match, row.ok = f"{rep.matched}/{rep.fields}", rep.ok
    write_atomic(outdir / INDEX_NAME, index_html(rows))
    failed = sum(1 for r in rows if r.error)
    done = len(rows) - failed
    sys.stderr.write(f"wrote {outdir / INDEX_NAME}: {done} page{'s' if done != 1 else ''}"
                     + (f", {failed} failed" if failed else "") + "\n")
    return 1 if failed else 0


def index_html(rows: list[Row]) -> str:
    """One offline page linking every review page, with its counts, golden match and errors."""
    css = _asset("review.css")
    csp = f"default-src 'none'; style-src {_csp_hash(css)}; base-uri 'none'; form-action 'none'"
    body = []
    for r in rows:
        if r.error:
            body.append(f'<tr class="failed"><td>{esc(r.source)}</td><td colspan="3" class="error">{esc(r.error)}</td></tr>')
            continue
        golden = "" if r.ok is None else f'<span class="{"ok" if r.ok else "bad"}">{esc(r.match)}</span>'
        href = quote(os.fsencode(r.page.as_posix()))  # the file's own bytes, even when not UTF-8
        body.append(f'<tr><td><a href="{esc(href)}">{esc(r.source)}</a></td><td class="n">{r.tasks}</td>'
                    f'<td class="n">{r.warnings}</td><td class="n">{golden}</td></tr>')
    failed = sum(1 for r in rows if r.error)
    return ("<!DOCTYPE html>\n"
            '<html lang="zh-CN"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{esc(csp)}">'
            f"<title>review: {len(rows)} notices</title><style>{css}</style></head>\n"
            '<body class="index"><header id="top">'
            f"<h1>Review: {len(rows)} notice{'s' if len(rows) != 1 else ''}</h1>"
            f'<p class="meta">{dt.date.today().isoformat()}' + (f" · {failed} could not be read" if failed else "")
            + '</p></header><main class="index"><table class="index-table"><thead><tr><th>notice</th><th>tasks</th>'
            '<th>warnings</th><th>golden fields</th></tr></thead><tbody>' + "".join(body)
            + "</tbody></table></main></body></html>\n")
