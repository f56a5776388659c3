"""HTML: find the notice on a web page and give its blocks one a line, tables as TAB rows.

The page is decoded (BOM, declared charset, then detection), parsed with lxml, stripped of
site chrome (the words are in ``data/html_boilerplate.yaml``), and the element holding the
most Chinese text that is not link text is taken as the notice.
"""

from __future__ import annotations

import codecs
import re
from functools import lru_cache

from ..errors import LimitError, ReadError
from .pdf import join_lines  # light: pdfplumber is imported only when a PDF is read

LINK_WEIGHT = 2.0  # link text counts against an element: menus and lists of links are chrome
MAX_CHROME_SHARE = 0.3  # an element holding more of the page's Chinese text is never chrome
LAYOUT_CELL_CJK = 500  # a table cell with more Chinese than this is page layout, not data
MAX_REPLACEMENT_SHARE = 0.01  # a declared charset that garbles more than this is wrong
# Bounds on a hostile page (BeautifulSoup holds about 1 KB a tag; its walks recurse per level).
# A government notice page has a few thousand tags, nested a few dozen deep.
MAX_TAGS = 200_000
MAX_DEPTH = 200
MAX_TABLE_CELLS = 200_000  # cells of all the data tables, spans counted
BLOCK_TAGS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd table tr section article header footer main "
    "blockquote pre center address figure figcaption hr fieldset caption thead tbody tfoot td th".split()
)
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WS = re.compile(r"[ \t\n\r\f]+")
_WORD = re.compile(r"\w")
_CJK_BREAK = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])[ \t\r\f]*\n[ \t\n\r\f]*(?=[\u3000-\u9fff\uff00-\uffef])")
_SINGLE_BYTE = {"iso-8859-1", "latin-1", "latin1", "windows-1252", "cp1252", "ascii", "us-ascii"}
_WIDER = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
          "cp936": "gb18030", "big5": "big5hkscs"}


def read_html(data: bytes, path: str | None = None, limits=None):
    from . import RawDocument

    tags = data.count(b"<") - data.count(b"</")  # opening tags (and stray < signs)
    if tags > MAX_TAGS:
        raise LimitError(f"web page of {tags} tags, over the limit of {MAX_TAGS}", path)
    text = _decode(data, path)
    try:
        lines = _extract(text)
    except RecursionError:
        raise LimitError(f"web page nested too deeply (over {MAX_DEPTH} elements inside each other)",
                         path) from None
    except LimitError as e:
        raise LimitError(e.reason, path) from None
    except Exception as e:  # noqa: BLE001 - parser trouble on hostile markup
        msg = " ".join(str(e).split())[:80] or type(e).__name__
        raise ReadError(f"cannot parse the web page: {msg}", path) from None
    if not any(_CJK.search(s) for s in lines):
        raise ReadError("no Chinese text found in the web page", path)
    return RawDocument(text="\n".join(lines), format="html", sha256="", path=path)


# ---------------------------------------------------------------- decoding

def _decode(data: bytes, path: str | None) -> str:
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(enc, errors="replace")
    from bs4.dammit import EncodingDetector

    declared = (EncodingDetector.find_declared_encoding(data, is_html=True) or "").lower()
    declared = _WIDER.get(declared, declared)
    tries = [] if not declared or declared in _SINGLE_BYTE else [declared]
    tries += [e for e in ("utf-8", "gb18030") if e not in tries]
    for enc in tries:
        try:
            return data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            if enc == declared and enc != "gb18030":
                try:  # a page in its declared charset with a few bad bytes
                    s = data.decode(enc, errors="replace")
                except LookupError:
                    continue
                if s.count("\ufffd") <= MAX_REPLACEMENT_SHARE * len(s):
                    return s
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ReadError("web page in an unknown encoding", path)
    return str(best)


# ---------------------------------------------------------------- chrome

@lru_cache(maxsize=1)
def _rules():
    from .. import rules

    r = rules.load("html_boilerplate")
    return {
        "drop_tags": frozenset(r["drop_tags"]),
        "chrome_tags": frozenset(r["chrome_tags"]),
        "keep_inside": frozenset(r["keep_inside"]),
        "words": frozenset(w.lower() for w in r["chrome_words"]),
        "names": frozenset(w.lower() for w in r["chrome_names"]),
        "parts": tuple(w.lower() for w in r["chrome_parts"]),
        "drop_lines": re.compile("|".join(f"(?:{p})" for p in r["drop_lines"]), re.I),
        "strip": re.compile("|".join(f"(?:{p})" for p in r["strip_phrases"])),
        "only": re.compile(
            r"^(?:[\s【】\[\]|｜/·•:：]|" + "|".join(map(re.escape, sorted(r["chrome_only_words"], key=len, reverse=True))) + r")*$"
        ),
    }


def _is_chrome_name(el, r) -> bool:
    names = el.get("class") or []
    if isinstance(names, str):
        names = names.split()
    if el.get("id"):
        names = [*names, el.get("id")]
    for name in names:
        n = name.lower()
        if n in r["names"] or any(p in n for p in r["parts"]):
            return True
        if r["words"].intersection(re.split(r"[-_\s]+", n)):
            return True
    return False


def _cjk(s: str) -> int:
    return len(_CJK.findall(s))


def _strip_chrome(soup) -> None:
    r = _rules()
    from bs4 import Comment, Doctype, ProcessingInstruction

    for node in soup.find_all(string=lambda s: isinstance(s, (Comment, Doctype, ProcessingInstruction))):
        node.extract()
    for el in soup.find_all(list(r["drop_tags"])):
        if not el.decomposed:
            el.decompose()
    body = soup.body or soup
    total = _cjk(body.get_text())
    doomed = []
    for el in body.find_all(True):
        if el.name in r["chrome_tags"] and el.find_parent(list(r["keep_inside"])) is None:
            doomed.append(el)
        elif _is_chrome_name(el, r):
            doomed.append(el)
    for el in doomed:
        if not el.decomposed and _cjk(el.get_text()) <= MAX_CHROME_SHARE * total:
            el.decompose()


# ---------------------------------------------------------------- content

def _best(soup):
    """The element with the most Chinese text, link text counting against it."""
    from bs4 import NavigableString, Tag

    root = soup.body or soup
    elements = [root, *root.find_all(True)]
    score: dict[int, tuple[int, int]] = {}
    for el in reversed(elements):  # children before parents
        text = link = 0
        for child in el.children:
            if isinstance(child, Tag):
                t, k = score.get(id(child), (0, 0))
                text += t
                link += k
            elif isinstance(child, NavigableString):
                text += _cjk(child)
        if el.name == "a":
            link = text
        score[id(el)] = (text, link)
    best, best_score = root, None
    for el in elements:
        t, k = score[id(el)]
        s = t - LINK_WEIGHT * k
        if best_score is None or s > best_score:
            best, best_score = el, s
    return best


class _Lines:
    """Collects lines; each line remembers whether all its words were link text."""

    def __init__(self, cells: list[int] | None = None):
        self.cells = cells if cells is not None else [0]  # table cells so far, shared by sub-collectors
        self.lines: list[tuple[str, bool]] = []
        self.buf: list[str] = []
        self.all_link = True
        self.saw_word = False

    def add(self, s: str, link: bool) -> None:
        if s:
            self.buf.append(s)
            if _WORD.search(s):  # separators such as | between links do not count
                self.all_link = self.all_link and link
                self.saw_word = True

    def flush(self) -> None:
        # Collapse spaces from the source first; runs of &nbsp; were typed on purpose.
        s = re.sub(" {2,}", " ", "".join(self.buf)).replace("\xa0", " ").strip(" \u3000")
        if s:
            # a line of no words (a "—" table cell) is not a line of links
            self.lines.append((s, self.all_link and self.saw_word))
        self.buf, self.all_link, self.saw_word = [], True, False


def _emit(el, out: _Lines, link: bool = False) -> None:
    from bs4 import NavigableString, Tag

    for child in el.children:
        if isinstance(child, NavigableString):
            if type(child) is NavigableString or child.__class__.__name__ == "CData":
                out.add(_WS.sub(" ", _CJK_BREAK.sub("", str(child))), link)
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name
        if name == "br":
            out.flush()
        elif name == "table" and _is_data_table(child):
            out.flush()
            for row in _table_rows(child, out.cells):
                out.lines.append((row, False))
        elif name == "pre":
            out.flush()
            for ln in child.get_text().split("\n"):
                out.add(ln, link)
                out.flush()
        elif name in BLOCK_TAGS:
            out.flush()
            _emit(child, out, link)
            out.flush()
        else:
            _emit(child, out, link or name == "a")


def _rows(table):
    for section in table.find_all(["thead", "tbody", "tfoot", "tr"], recursive=False):
        if section.name == "tr":
            yield section
        else:
            yield from section.find_all("tr", recursive=False)


def _is_data_table(table) -> bool:
    if table.find("table") is not None:
        return False
    widths = []
    for tr in _rows(table):
        cells = tr.find_all(["td", "th"], recursive=False)
        widths.append(len(cells))
        if any(_cjk(c.get_text()) > LAYOUT_CELL_CJK for c in cells):
            return False
    return max(widths, default=0) > 1


def _span(cell, attr: str) -> int:
    v = str(cell.get(attr) or "1").strip()
    return max(1, min(int(v), 100)) if v.isdigit() else 1


def _table_rows(table, budget: list[int]) -> list[str]:
    grid: list[tuple[list[str], bool]] = []
    pending: dict[tuple[int, int], str] = {}  # (row, col) covered by a rowspan above
    for ri, tr in enumerate(_rows(table)):
        tds = tr.find_all(["td", "th"], recursive=False)
        cells: list[str] = []
        col = 0
        covered = False
        for cell in tds:
            while (ri, col) in pending:
                cells.append(pending.pop((ri, col)))
                col += 1
                covered = True
            sub = _Lines(budget)
            _emit(cell, sub)
            sub.flush()
            text = join_lines([s.replace("\t", "") for s, _ in sub.lines])
            cs, rs = _span(cell, "colspan"), _span(cell, "rowspan")
            budget[0] += cs * rs
            if budget[0] > MAX_TABLE_CELLS:
                raise LimitError(f"tables of more than {MAX_TABLE_CELLS} cells, spans counted, over the limit")
            for k in range(cs):
                cells.append(text if k == 0 else "")  # a cell spanning columns keeps the others' places
                for below in range(1, rs):
                    pending[(ri + below, col + k)] = ""
            col += cs
        while (ri, col) in pending:
            cells.append(pending.pop((ri, col)))
            col += 1
            covered = True
        grid.append((cells, len(tds) == 1 and not covered))
    ncols = max((len(c) for c, _ in grid), default=0)
    out = []
    for cells, single in grid:
        if not any(cells):
            continue
        out.append(cells[0] if single and ncols > 1 else "\t".join(cells))  # one cell across: a category
    return out


def _check_depth(soup) -> None:
    depth: dict[int, int] = {}
    for el in soup.find_all(True):  # parents before children
        d = depth[id(el)] = depth.get(id(el.parent), 0) + 1
        if d > MAX_DEPTH:
            raise LimitError(f"web page nested too deeply (over {MAX_DEPTH} elements inside each other)")


def _extract(text: str) -> list[str]:
    import warnings

    from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning

    with warnings.catch_warnings():
        # XHTML pages start with <?xml …?>; they are web pages all the same
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        soup = BeautifulSoup(text, "lxml")
    _check_depth(soup)
    _strip_chrome(soup)
    out = _Lines()
    _emit(_best(soup), out)
    out.flush()
    r = _rules()
    lines = []
    for s, all_link in out.lines:
        if all_link or r["drop_lines"].search(s):
            continue
        s = r["strip"].sub("", s).strip(" \u3000")
        # a line of site controls is dropped; a line of bare punctuation ("/", "—") may be an
        # empty table cell and stays
        if s and not (r["only"].match(s) and _WORD.search(s)):
            lines.append(s)
    return lines
