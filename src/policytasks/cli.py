"""Command line: ``python -m policytasks convert|check|schema``.

Imports stay inside the commands so that ``--help`` starts fast."""

from __future__ import annotations

import argparse
import json
import sys

from . import __version__
from .errors import PolicyTasksError
from .messages import PROG, err as _err


class UsageError(Exception):
    """The command line cannot be carried out: one line on stderr, exit 2."""


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of 1 or more, not {value!r}")
    return n


def _add_read_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--password", help="password of an encrypted PDF")
    p.add_argument("--aliases", metavar="FILE", help="YAML file of body aliases (canonical: [alias, ...])")
    p.add_argument("--max-bytes", type=_positive, metavar="N", help="largest input file accepted (default 50 MB)")
    p.add_argument("--max-pages", type=_positive, metavar="N", help="most PDF pages accepted (default 500)")
    p.add_argument("--max-chars", type=_positive, metavar="N",
                   help="most characters of text a notice may hold once read (default 1 000 000)")
    p.add_argument("--ocr", choices=["auto", "always", "never"], default="auto",
                   help="OCR scanned PDF pages: auto (pages without text, the default), always, never; "
                        "needs pip install 'policytasks[ocr]'")
    p.add_argument("--pdf-engine", choices=["pdfium", "pdfplumber"], default="pdfium",
                   help="how PDF text is read: pdfium (fast, the default) or pdfplumber (the original path)")


def _options(args) -> dict:
    from .readers import Limits, MAX_BYTES, MAX_CHARS, MAX_PAGES

    limits = Limits(max_bytes=args.max_bytes or MAX_BYTES, max_pages=args.max_pages or MAX_PAGES,
                    max_chars=args.max_chars or MAX_CHARS)
    if args.aliases is not None:
        # read once, here: a bad file is one usage error, not one failure per notice
        from .recognise.bodies import alias_table

        try:
            alias_table(args.aliases)
        except PolicyTasksError as e:
            raise UsageError(f"--aliases {e}") from None
    opts = {"password": args.password, "aliases": args.aliases, "limits": limits, "ocr": args.ocr,
            "progress": not getattr(args, "quiet", False)}
    if args.pdf_engine != "pdfium":
        opts["pdf_engine"] = args.pdf_engine
    return opts


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog=PROG,
        description="Turn Chinese government task-list notices (民生实事) into structured task records.",
    )
    ap.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = ap.add_subparsers(dest="command", metavar="COMMAND")

    c = sub.add_parser("convert", help="convert notices to JSON, JSONL, CSV, iCalendar, Excel or SQLite",
                       description="Convert notices (files or folders). One input and no -o: JSON on stdout. "
                                   "The format follows -o's suffix (.json .jsonl .csv .ics .xlsx .sqlite .db; "
                                   "no suffix: a folder of JSON files) unless --format says it.")
    c.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="notice files, folders, web addresses (http, https), or - for standard input")
    c.add_argument("-o", "--output", metavar="OUT",
                   help="output folder (json) or file (.json for one notice, .jsonl .csv .ics .xlsx .sqlite)")
    c.add_argument("-f", "--format", choices=["json", "jsonl", "csv", "ics", "xlsx", "sqlite"], default=None,
                   help="output format (default: from -o's suffix, else json)")
    c.add_argument("--per", choices=["task", "target"], default=None,
                   help="csv: one row a task (default) or one row a target")
    c.add_argument("--strict", action="store_true",
                   help="exit 1 when a notice has no task or any warning (the feeds are written all the same)")
    c.add_argument("--jobs", type=int, default=None, metavar="N",
                   help="parallel processes (default: the number of CPUs)")
    c.add_argument("--dask", metavar="ADDRESS",
                   help="convert on a Dask cluster: its scheduler's address, or 'local' for a LocalCluster here")
    c.add_argument("--quiet", action="store_true", help="no progress bar, no summary unless something failed")
    _add_read_options(c)

    k = sub.add_parser("check", help="compare notices with hand-written golden files",
                       description="Compare NOTICE with GOLDEN field by field, or every notice in a folder "
                                   "with the golden of the same name. Exit 1 on any difference.")
    k.add_argument("notice", metavar="NOTICE", help="a notice file, or a folder of notices")
    k.add_argument("golden", metavar="GOLDEN", help="a golden JSON file, or a folder of them")
    _add_read_options(k)

    r = sub.add_parser("review", help="write an HTML page showing what was extracted, on the notice itself",
                       description="Write one self-contained offline HTML page: the notice text with every "
                                   "extracted value marked, and a card per task to correct, check and "
                                   "save as a golden file.")
    r.add_argument("notice", nargs="+", metavar="NOTICE",
                   help="notice files (any supported format) or folders; several give a page each and an index")
    r.add_argument("-o", "--output", metavar="OUT",
                   help="the HTML file to write (default review.html); for several notices a folder (default review/)")
    r.add_argument("--golden", metavar="FILE",
                   help="open this golden file for editing, differences shown; for several notices a folder")
    _add_read_options(r)

    t = sub.add_parser("track", help="follow a plan's tasks through its progress reports (or next year's plan)",
                       description="Link each report's tasks to the plan's by content and write one row per "
                                   "plan task: targets, deadline, each report's status, percent and progress "
                                   "text in date order, and the latest status.")
    t.add_argument("plan", metavar="PLAN", help="the plan notice")
    t.add_argument("reports", nargs="+", metavar="REPORT", help="progress reports (or next year's plan)")
    t.add_argument("-o", "--output", metavar="OUT", help="the file to write (default: stdout; needed for xlsx)")
    t.add_argument("--format", choices=["json", "csv", "xlsx"], default="json")
    _add_read_options(t)

    s = sub.add_parser("schema", help="print the JSON Schema of a Notice (or of a JSONL line)",
                       description="Print the JSON Schema of the Notice record (docs/contract.md).")
    s.add_argument("--jsonl", action="store_true", help="the schema of one line of --format jsonl instead")
    return ap


def cmd_schema(args) -> int:
    from .schema import jsonl_schema, notice_schema

    schema = jsonl_schema() if getattr(args, "jsonl", False) else notice_schema()
    sys.stdout.write(json.dumps(schema, ensure_ascii=False, indent=2) + "\n")
    return 0


def cmd_check(args) -> int:
    from pathlib import Path

    from .check import compare, load_golden, pair_folder
    from .export import feed_notice
    from .messages import shown
    from .pipeline import parse

    notice, golden = Path(args.notice), Path(args.golden)
    opts = _options(args)
    if notice.is_dir():
        pairs = pair_folder(notice, golden)
        if not pairs:
            _err(f"{shown(notice)}: no notices found")
            return 2
    else:
        pairs = [(notice, golden)]
    total = matched = subj = subj_ok = 0
    failed = False
    for path, gpath in pairs:
        if gpath is None or not Path(gpath).exists():
            print(f"{shown(path)}\tno golden file")
            failed = True
            continue
        try:
            want = load_golden(gpath)
        except (OSError, ValueError) as e:
            print(f"{shown(gpath)}\tcannot read golden: {e}")
            failed = True
            continue
        try:
            got = json.loads(feed_notice(parse(path, **opts)).to_json())
        except PolicyTasksError as e:
            print(f"{shown(path)}\terror: {e.reason}")
            failed = True
            continue
        try:
            rep = compare(got, want, path.stem)
        except (AttributeError, KeyError, TypeError, ValueError) as e:
            print(f"{shown(gpath)}\tnot a golden file: {type(e).__name__}: {e}")
            failed = True
            continue
        if len(pairs) == 1:
            for d in rep.differences:
                print(d)
        else:
            for d in rep.differences:
                print(f"  {path.stem}\t{d}")
            print(f"{path.stem}\t{rep.matched}/{rep.fields} fields\t"
                  f"{rep.subjects_matched}/{rep.subjects} subjects\t{'ok' if rep.ok else 'DIFFERS'}")
        total += rep.fields
        matched += rep.matched
        subj += rep.subjects
        subj_ok += rep.subjects_matched
        failed |= not rep.ok
    share = matched / total if total else 0.0
    print(f"subjects matching: {subj_ok}/{subj}")
    print(f"fields matching: {matched}/{total} ({share:.1%})")
    return 1 if failed else 0


def cmd_review(args) -> int:
    from .review import run_review

    return run_review(args, _options(args))


def cmd_convert(args) -> int:
    from .convert import run_convert

    return run_convert(args, _options(args))


def cmd_track(args) -> int:
    from .track import run_track

    return run_track(args, _options(args))


def main(argv=None) -> int:
    ap = build_parser()
    try:
        args = ap.parse_args(argv)
    except SystemExit as e:  # argparse exits 2 on usage errors, 0 for --help
        return int(e.code or 0)
    if args.command is None:
        ap.print_help()
        return 2
    if sys.stdout is None:  # started with stdout closed (`>&-`): writing to it is an error, not a crash
        from .messages import ClosedStream

        sys.stdout = ClosedStream()
    from .batch import terminate_as_interrupt

    try:
        with terminate_as_interrupt():
            code = {"convert": cmd_convert, "check": cmd_check, "review": cmd_review,
                    "schema": cmd_schema, "track": cmd_track}[args.command](args)
            sys.stdout.flush()  # a full disk shows here, not in the interpreter's exit
        return code
    except UsageError as e:
        _err(str(e))
        return 2
    except PolicyTasksError as e:
        _err(str(e))
        return 1
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except MemoryError:  # outside any one file's parse (each of those is a LimitError naming it)
        _err("ran out of memory: lower --max-bytes or --max-chars, or fewer --jobs")
        return 1
    except BrokenPipeError:
        _silence_stdout()
        return 0
    except OSError as e:  # stdout on a full disk (`> /dev/full`), closed, or a bad -o
        _silence_stdout()
        from .messages import os_error

        _err(os_error(e))
        return 1


def _silence_stdout() -> None:
    # what is left in stdout's buffer cannot be written: drop it, or Python's exit prints a traceback
    import os

    try:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, sys.stdout.fileno())
        os.close(fd)
    except (OSError, ValueError, AttributeError):
        pass
