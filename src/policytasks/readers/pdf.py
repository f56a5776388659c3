"""PDF: pdfplumber characters -> lines -> paragraphs, one a line; ruled tables -> TAB rows.

Lines are built from the characters themselves (cheaper than ``extract_text`` and they keep
their geometry).  Page numbers and running headers/footers are dropped; lines wrapped by the
typesetting are joined again, across page breaks too.  Tables found by pdfplumber's ruling
lines come out one row a line, cells joined by TAB, the header row once, a row continued
over a page break as one row.
"""

from __future__ import annotations

import io
import math
import re
import statistics
from dataclasses import dataclass, field
from functools import lru_cache

from ..errors import FormatError, LimitError, PolicyTasksError, ReadError
from . import ocr as _ocr

# Line building, in units of the font size (em).
LINE_OVERLAP = 0.5  # chars whose vertical middles are this close share a line
SPACE_GAP_EM = 0.25  # a gap this wide with no space char reads as a space (Latin words, pdfplumber's x_tolerance)
COLUMN_GAP_EM = 2.0  # a gap this wide splits a line (issuer and date set on one 印发 line)
DUP_EM = 0.3  # the same char drawn again this close is fake bold: keep one
# Paragraph joining.
WRAP_SLACK_EM = 2.0  # a wrapped line ends this close to the right edge (line-break rules, whole numbers)
MAX_INDENT_EM = 5.0  # a wrapped line starts this close to the left edge (signatures, dates start further in)
INDENT_EM = 0.5  # a line starting this much further in than the one above begins a paragraph
SIZE_TOL = 1.0  # points: lines of another size (titles) are not joined to body text
PARA_GAP = 1.5  # a vertical gap over this many line pitches breaks a paragraph
SOFT_END = "，、（《“〔【"  # a line ending in one of these goes on in the next line
SENTENCE_END = "。！？；：…"
# Page furniture.
FURNITURE_BAND = 0.08  # running headers/footers lie within this share of the page height from an edge
REPEAT_SHARE = 0.6  # ... and repeat on at least this share of the pages
PAGE_NUMBER = re.compile(
    r"^(?:[-—–－―~～·•\s]*\d{1,4}[-—–－―~～·•\s]*"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/／]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*[/／]\s*\d{1,4}|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$"
)
PAGE_NUMBER_LINES = 2  # page numbers are among the first / last this many lines of a page
# Tables and text layer.
MIN_RULES = 2  # look for tables only on pages with this many horizontal and vertical rules
CID_SHARE = 0.5  # over this share of glyphs without Unicode ("(cid:12)"): no usable text layer
BULLETS = "●•◆◇★☆■□▲△▪►✓√"
ASCII_MARKER = re.compile(r"^\(\s*(?:\d{1,3}|[一二三四五六七八九十]{1,3})\s*\)")  # (1) (一): half-width 　（1）
INDENTED_SHARE = 0.7  # paragraphs open indented when this share of item / label lines are
_NO_OCR = {"never": " (OCR turned off with --ocr never)"}


@dataclass
class _Block:
    """A line of text (one segment of a printed line) or a table row."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    page: int
    seg: int = 0  # index of this segment on its printed line
    nseg: int = 1  # segments on that printed line
    cells: list[str] | None = None  # a table row
    table: int = -1  # which table (document-wide counter) a row belongs to
    cont: tuple[int, int] | None = None  # (page, offset in text) of a row's part from the next page


@dataclass
class _Doc:
    blocks: list[_Block] = field(default_factory=list)
    heights: list[float] = field(default_factory=list)
    chars: int = 0
    cid: int = 0
    rotated: int = 0
    tables: int = 0
    images: int = 0  # image objects on all pages: no text and no images is a blank PDF, not a scan


ENGINES = ("pdfium", "pdfplumber")  # pdfium: fast characters; pdfplumber: the original path


def read_pdf(data: bytes, path: str | None = None, password: str | None = None, limits=None,
             ocr: str = "auto", progress: bool = False, engine: str = "pdfium"):
    from . import Limits, RawDocument

    limits = limits or Limits()
    if engine not in ENGINES:
        raise ValueError(f"unknown PDF engine {engine!r}: use one of {', '.join(ENGINES)}")
    doc = _Doc()
    scanned: list[int] = []  # pages to OCR: images and no text (auto), or every page (always)
    npages = _read_pages(data, path, password, limits, doc, engine, ocr, scanned)
    warnings = []
    if scanned and doc.chars and not _ocr.available():  # a text PDF with a few scanned pages: name them
        warnings.append(_ocr.unread_warning(scanned))
        scanned = []
    if scanned:
        found = _ocr.ocr_pages(data, scanned, path=path, password=password, progress=progress)
        warnings.extend(_ocr.doubts(found))
        for i, lines in found.items():
            doc.blocks.extend(_Block(t.text, t.x0, t.x1, t.top, t.bottom, t.size, i + 1, seg=t.seg, nseg=t.nseg)
                              for t in lines)
            doc.chars += sum(len(t.text) for t in lines)
        doc.blocks.sort(key=lambda b: b.page)  # stable: each page's lines keep their order
    if doc.chars == 0:
        _no_text_layer(doc, path, ocr)
    if doc.cid > CID_SHARE * doc.chars:
        raise FormatError("PDF text has no Unicode mapping (fonts without ToUnicode): it needs OCR first", path)
    text, starts = _assemble(_drop_furniture(doc.blocks, doc.heights), npages)
    if not text.strip():
        raise FormatError("scanned PDF with no text layer: it needs OCR first", path)
    return RawDocument(text=text, format="pdf", sha256="", path=path, pages=npages, page_starts=starts,
                       warnings=warnings)


def _no_text_layer(doc: _Doc, path: str | None, ocr: str) -> None:
    """A PDF with no usable text layer, even after OCR."""
    if doc.rotated:
        raise FormatError("PDF text is all rotated or set vertically: not supported", path)
    if not doc.images:
        raise FormatError("PDF has no text and no images: its pages are blank", path)
    raise FormatError(f"scanned PDF with no text layer{_NO_OCR.get(ocr, '')}: it needs OCR first", path)


def _read_pages(data: bytes, path, password, limits, doc: _Doc, engine: str, ocr: str, scanned: list) -> int:
    """Every page into ``doc``, the pages to OCR into ``scanned``; the page count.  Both engines
    go through pdfium first for the page count and the per-page bounds, so neither walks a
    bombed page."""
    from . import pdf_inflate
    from . import pdfium_pages as pp

    try:
        pdf_inflate.check(data)
    except pdf_inflate.Inflated as e:
        what, n, limit = e.args
        raise LimitError(f"{what} of the PDF unpacks to over {limit} bytes (the limit)", path) from None
    try:
        pdoc = pp.open_pdf(data, password)
    except Exception as e:  # noqa: BLE001 - pdfium reports every failure as one error kind
        raise _pdfium_open_error(e, data, password, path) from None
    try:
        npages = len(pdoc)
        if npages > limits.max_pages:
            raise LimitError(f"PDF has {npages} pages, over the limit of {limits.max_pages}", path)
        if engine == "pdfium":
            plumber = None  # opened only for a page pdfium cannot give whole
            try:
                for i in range(npages):
                    page = pp.read_page(pdoc, i)
                    doc.heights.append(float(page.height))
                    doc.images += page.images
                    before = len(doc.blocks)
                    if ocr != "always":
                        if page.incomplete:
                            plumber = plumber or _open_plumber(data, password, path)
                            _read_plumber_page(plumber.pages[i], doc, path, password)
                        else:
                            _read_page(page.number, page.width, page.height, page.chars,
                                       lambda page=page: _find_tables(page.edges, lambda: pp.find_tables(page)),
                                       doc)
                    if ocr == "always" or (ocr == "auto" and len(doc.blocks) == before and page.images):
                        scanned.append(i)
            finally:
                if plumber is not None:
                    plumber.close()
            return npages
        for i in range(npages):
            pp.check_page(pdoc, i)
    except pp.PageLimit as e:
        pno, what, n, limit = e.args
        raise LimitError(f"PDF page {pno or i + 1} has {n} {what}, over the limit of {limit}", path) from None
    finally:
        pdoc.close()
    with _open_plumber(data, password, path) as pdf:
        for page in pdf.pages:
            doc.heights.append(float(page.height))
            before = len(doc.blocks)
            images = len(page.images)
            doc.images += images
            if ocr != "always":
                _read_plumber_page(page, doc, path, password)
            if ocr == "always" or (ocr == "auto" and len(doc.blocks) == before and images):
                scanned.append(page.page_number - 1)
    return npages


def _pdfium_open_error(e: Exception, data: bytes, password: str | None, path) -> PolicyTasksError:
    # pdfium says only "password required or incorrect" / "file format error": ask pdfminer,
    # whose messages say what is wrong.
    try:
        import pdfplumber

        pdfplumber.open(io.BytesIO(data), password=password or "").close()
    except Exception as e2:  # noqa: BLE001
        return _open_error(e2, password, path)
    return ReadError(f"damaged or truncated PDF: {_short(e)}", path)


def _open_plumber(data: bytes, password, path):
    try:
        import pdfplumber
    except ImportError as e:  # pragma: no cover - a dependency
        raise FormatError(f"PDF support needs pdfplumber: {e}", path) from None
    try:
        return pdfplumber.open(io.BytesIO(data), password=password or "")
    except Exception as e:  # noqa: BLE001 - pdfminer raises many kinds; all mean unreadable
        raise _open_error(e, password, path) from None


def _read_plumber_page(page, doc: _Doc, path, password) -> None:
    try:
        _read_page(page.page_number, float(page.width), float(page.height), page.chars,
                   lambda: _find_tables(page.edges, page.find_tables), doc)
        page.close()  # drop the page's cached objects: big files stay small in memory
    except PolicyTasksError:
        raise
    except Exception as e:  # noqa: BLE001
        raise _open_error(e, password, path) from None


def _open_error(e: Exception, password: str | None, path: str | None) -> PolicyTasksError:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    inner = e.args[0] if e.args and isinstance(e.args[0], BaseException) else e
    if isinstance(inner, PDFPasswordIncorrect):
        if password:
            return ReadError("encrypted PDF: the password is wrong; give the right one with --password", path)
        return ReadError("encrypted PDF: give its password with --password to open it", path)
    if isinstance(inner, PDFEncryptionError):
        return ReadError(f"encrypted PDF that cannot be opened: {_short(inner)}", path)
    return ReadError(f"damaged or truncated PDF: {_short(inner)}", path)


def _short(e: BaseException) -> str:
    msg = " ".join(str(e).split()) or type(e).__name__
    return msg if len(msg) <= 80 else msg[:77] + "..."


# ---------------------------------------------------------------- one page

def _read_page(pno: int, w: float, h: float, page_chars, find_tables, doc: _Doc) -> None:
    chars = []
    for c in page_chars:
        t = c["text"]
        if not t:
            continue
        if not c.get("upright", True):  # rotated text: stamps, watermarks
            doc.rotated += 1
            continue
        if c["x1"] < 0 or c["x0"] > w or c["bottom"] < 0 or c["top"] > h:
            continue
        if not t.isspace():
            doc.chars += 1
            if c.get("cid") or t.startswith("(cid:"):
                doc.cid += 1
                continue
        chars.append(c)
    if not chars:
        return
    rows: list[_Block] = []
    tables = find_tables()
    if tables:
        chars, rows = _table_rows(tables, chars, pno, doc)
    lines = [b for ln in _lines(chars) for b in _segments(ln, pno)]
    blocks = sorted(lines + rows, key=lambda b: (b.top, b.x0))
    doc.blocks.extend(blocks)


def _find_tables(edges, finder):
    """Tables on a page with ``edges`` (pdfplumber edge dicts); ``finder()`` runs pdfplumber's
    table finder on them."""
    h = v = 0
    for e in edges:
        if e["orientation"] == "h":
            h += 1
        elif e["orientation"] == "v":
            v += 1
    if h < MIN_RULES or v < MIN_RULES:
        return []
    # A ruled box around one paragraph is a frame, not a table.
    return [t for t in finder() if max((len(r.cells) for r in t.rows), default=0) > 1]


def _table_rows(tables, chars, pno: int, doc: _Doc):
    cells = []  # (x0, top, x1, bottom, table index, row, col)
    for ti, t in enumerate(tables):
        for ri, r in enumerate(t.rows):
            for ci, bbox in enumerate(r.cells):
                if bbox is not None:
                    cells.append((*bbox, ti, ri, ci))
    boxes = [t.bbox for t in tables]
    free, inside, sizes = [], {}, {}
    for c in chars:
        cx, cy = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
        if not any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes):
            free.append(c)
            continue
        for x0, top, x1, bottom, ti, ri, ci in cells:
            if x0 <= cx <= x1 and top <= cy <= bottom:
                inside.setdefault((ti, ri, ci), []).append(c)
                sizes[ti, ri] = max(sizes.get((ti, ri), 0.0), c["size"])
                break
    out = []
    for ti, t in enumerate(tables):
        doc.tables += 1
        for ri, r in enumerate(t.rows):
            texts = [None if bbox is None else _cell_text(inside.get((ti, ri, ci), ()))
                     for ci, bbox in enumerate(r.cells)]
            if texts and texts[0] is not None and all(x is None for x in texts[1:]):
                row = [texts[0]]  # spans the whole row: a category
            else:
                row = ["" if x is None else x for x in texts]
            if not any(row):
                continue
            x0, top, x1, bottom = r.bbox
            out.append(_Block("\t".join(row), x0, x1, top, bottom, sizes.get((ti, ri), 0.0), pno,
                              cells=row, table=doc.tables))
    return free, out


def _cell_text(chars) -> str:
    parts = []
    for ln in _lines(list(chars)):
        s = " ".join(seg for seg in _split(ln)[0])
        if s:
            parts.append(s)
    return join_lines(parts)


# ---------------------------------------------------------------- lines

def _lines(chars: list) -> list[list]:
    """Group chars into printed lines (top to bottom), each sorted left to right."""
    chars = sorted(chars, key=lambda c: ((c["top"] + c["bottom"]) / 2, c["x0"]))
    lines, cur, mid, tol = [], [], None, 0.0
    for c in chars:
        m = (c["top"] + c["bottom"]) / 2
        if cur and abs(m - mid) <= tol:
            cur.append(c)
            continue
        if cur:
            lines.append(cur)
        cur, mid, tol = [c], m, LINE_OVERLAP * max(c["bottom"] - c["top"], 1.0)
    if cur:
        lines.append(cur)
    for ln in lines:
        ln.sort(key=lambda c: c["x0"])
    return lines


def _split(line: list) -> tuple[list[str], list[list]]:
    """A printed line's text, cut where a wide gap separates two parts (and their chars)."""
    texts, groups = [], []
    buf, group, prev = [], [], None
    for c in line:
        t, size = c["text"], c["size"] or 1.0
        if prev is not None:
            if t == prev["text"] and abs(c["x0"] - prev["x0"]) < DUP_EM * size:
                continue  # drawn twice for bold
            gap = c["x0"] - prev["x1"]
            if gap >= COLUMN_GAP_EM * size:
                texts.append("".join(buf).strip())
                groups.append(group)
                buf, group = [], []
            elif gap > SPACE_GAP_EM * size and not t.isspace() and not prev["text"].isspace():
                buf.append(" ")
        buf.append(t)
        group.append(c)
        prev = c
    texts.append("".join(buf).strip())
    groups.append(group)
    keep = [(t, g) for t, g in zip(texts, groups) if t]
    return [t for t, _ in keep], [g for _, g in keep]


def _segments(line: list, pno: int) -> list[_Block]:
    texts, groups = _split(line)
    out = []
    for i, (t, g) in enumerate(zip(texts, groups)):
        ink = [c for c in g if not c["text"].isspace()] or g
        size = statistics.median_high(round(c["size"], 1) for c in ink)
        out.append(_Block(t, ink[0]["x0"], ink[-1]["x1"], min(c["top"] for c in ink),
                          max(c["bottom"] for c in ink), size, pno, seg=i, nseg=len(texts)))
    return out


# ---------------------------------------------------------------- page furniture

def _drop_furniture(blocks: list[_Block], heights: list[float]) -> list[_Block]:
    by_page: dict[int, list[_Block]] = {}
    for b in blocks:
        by_page.setdefault(b.page, []).append(b)
    drop = set()
    for page_blocks in by_page.values():
        text_lines = [b for b in page_blocks if b.cells is None]
        edge = text_lines[:PAGE_NUMBER_LINES] + text_lines[-PAGE_NUMBER_LINES:]
        for b in edge:
            if b.nseg == 1 and PAGE_NUMBER.match(b.text):
                drop.add(id(b))
    # Running headers / footers: the same words (digits aside) in the same margin on most pages.
    candidates: list[tuple[_Block, tuple]] = []
    seen: dict[tuple, set] = {}
    for b in blocks:
        if b.cells is not None or id(b) in drop:
            continue
        h = heights[b.page - 1]
        edge = "top" if b.top < FURNITURE_BAND * h else "bottom" if b.bottom > (1 - FURNITURE_BAND) * h else None
        if edge:
            key = (re.sub(r"\d+", "#", "".join(b.text.split())), edge)
            candidates.append((b, key))
            seen.setdefault(key, set()).add(b.page)
    need = max(2, math.ceil(REPEAT_SHARE * len(heights)))
    drop.update(id(b) for b, key in candidates if len(seen[key]) >= need)
    return [b for b in blocks if id(b) not in drop]


# ---------------------------------------------------------------- paragraphs

@dataclass
class _Frame:
    """The text block's geometry, measured on the body text."""

    left: float
    right: float
    pitch_em: float  # line pitch in em
    indents: bool = False  # paragraphs open with a first-line indent


def _frame(blocks: list[_Block]) -> _Frame:
    text = [b for b in blocks if b.cells is None]
    if not text:
        return _Frame(0.0, 0.0, 1.5)
    sizes: dict[float, int] = {}
    for b in text:
        sizes[b.size] = sizes.get(b.size, 0) + len(b.text)
    body = max(sizes, key=sizes.get)
    lines = [b for b in text if abs(b.size - body) <= SIZE_TOL]
    left = min(b.x0 for b in lines)
    right = max(b.x1 for b in lines)
    steps = [b.top - a.top for a, b in zip(lines, lines[1:])
             if a.page == b.page and b.seg == 0 and b.top - a.top > 0.5 * body]
    pitch = statistics.median(steps) / body if steps else 1.5
    openers = [b for b in lines if b.seg == 0 and _starts_paragraph(b.text)]
    indented = sum(1 for b in openers if b.x0 > left + INDENT_EM * b.size)
    return _Frame(left, right, pitch, len(openers) >= 3 and indented >= INDENTED_SHARE * len(openers))


@lru_cache(maxsize=1)
def _title_endings() -> tuple[str, ...]:
    from .. import rules

    return tuple("的" + k for k in rules.load("header")["title_kinds"])


def _ends_title(text: str) -> bool:
    return text.rstrip().endswith(_title_endings())


@lru_cache(maxsize=8192)  # asked of each line twice (frame, joining): a pure function of its text
def _starts_paragraph(text: str) -> bool:
    from ..markers import CLOSING, is_label_line, match_marker

    return bool(text[0] in BULLETS or ASCII_MARKER.match(text) or match_marker(text)
                or is_label_line(text) or CLOSING.match(text))


def _continues(a: _Block | None, b: _Block, f: _Frame, a_opens: bool) -> bool:
    """Does text line ``b`` go on the paragraph whose last line is ``a``?  ``a_opens``: ``a``
    is the first line of its paragraph."""
    if a is None or a.cells is not None or b.cells is not None:
        return False
    if b.seg > 0 or a.nseg > 1 or abs(a.size - b.size) > SIZE_TOL:
        return False
    if a.page == b.page and b.top - a.top > PARA_GAP * f.pitch_em * max(a.size, b.size):
        return False
    em = a.size or 1.0
    wrapped = a.x1 >= f.right - WRAP_SLACK_EM * em and a.x0 <= f.left + MAX_INDENT_EM * em
    flush_left = b.x0 <= f.left + INDENT_EM * em
    # Where paragraphs open indented, a line flush left under a full line goes on it, even
    # one that looks like a label: （牵头单位：… wrapped from the line above.
    if _starts_paragraph(b.text) and not (f.indents and wrapped and flush_left):
        return False
    if a_opens and a.x0 > f.left + INDENT_EM * em:
        under = b.x0 < a.x0 - INDENT_EM * em  # an indented first line: the next goes further left
    else:
        under = b.x0 <= a.x0 + INDENT_EM * em
    if _ends_title(a.text):
        return False  # …关于印发…的通知 / 各县（市、区）人民政府：: the title ends at the margin
    if wrapped:
        return a.text[-1] not in SENTENCE_END or under
    return a.text[-1] in SOFT_END and b.x0 <= a.x0 + INDENT_EM * em


def _joiner(a: str, b: str) -> str:
    return " " if a[-1:].isascii() and a[-1:].isalpha() and b[:1].isascii() and b[:1].isalpha() else ""


def join_lines(parts) -> str:
    """Wrapped lines as one: no separator, except a space between two Latin words.
    (The Word and HTML readers use it for table cells too.)"""
    out = ""
    for p in parts:
        out += (_joiner(out, p) if out else "") + p
    return out


def _merge_table_rows(blocks: list[_Block]) -> list[_Block]:
    """Drop header rows repeated on later pages; merge a row continued over a page break."""
    out: list[_Block] = []
    header: list[str] | None = None
    tables_seen: set[int] = set()
    last: _Block | None = None  # last block kept
    for b in blocks:
        if b.cells is None:
            out.append(b)
            last = b
            continue
        key = ["".join(c.split()) for c in b.cells]
        first = b.table not in tables_seen
        tables_seen.add(b.table)
        if header is None and len(b.cells) > 1:
            header = key
        elif first and key == header:
            continue  # the header again, on a new page
        if (last is not None and last.cells is not None and last.page < b.page and len(b.cells) > 1
                and len(b.cells) == len(last.cells) and b.cells[0] == "" and last.table != b.table):
            merged = [join_lines([x, y]) for x, y in zip(last.cells, b.cells)]
            k = next(i for i, y in enumerate(b.cells) if y)
            if last.cont is None:  # where the next page's words begin inside the row
                last.cont = (b.page, sum(len(c) + 1 for c in merged[:k]) + len(merged[k]) - len(b.cells[k]))
            last.cells, last.text = merged, "\t".join(merged)
            continue
        out.append(b)
        last = b
    return out


def _assemble(blocks: list[_Block], npages: int) -> tuple[str, list[int]]:
    blocks = _merge_table_rows(blocks)
    f = _frame(blocks)
    parts: list[str] = []
    pos = 0
    starts: dict[int, int] = {}
    prev: _Block | None = None
    opens = True
    for b in blocks:
        if prev is not None and _continues(prev, b, f, opens):
            sep = _joiner(parts[-1], b.text)
            opens = False
        else:
            sep = "\n" if parts else ""
            opens = True
        pos += len(sep)
        starts.setdefault(b.page, pos)
        if b.cont is not None:
            starts.setdefault(b.cont[0], pos + b.cont[1])
        parts.append(sep + b.text if sep else b.text)
        pos += len(b.text)
        prev = b
    text = "".join(parts)
    page_starts, nxt = [0] * npages, len(text)
    for p in range(npages, 0, -1):  # a page with no text starts where the next text does
        nxt = starts.get(p, nxt)
        page_starts[p - 1] = nxt
    if page_starts:
        page_starts[0] = 0
    return text, page_starts
