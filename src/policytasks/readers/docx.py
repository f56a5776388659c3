"""Word .docx: the body's paragraphs and tables in document order, one paragraph a line.

Tables come out one row a line, cells joined by TAB; a cell spanning the whole row is a
one-cell line.  Automatic list numbers (``1.``, ``一、``) are written out, since Word does
not store them in the text.  Deleted revisions, field codes and fallback copies of text
boxes are skipped.
"""

from __future__ import annotations

import io
import re
import zipfile

from ..errors import LimitError, ReadError
from .pdf import join_lines  # light: pdfplumber is imported only when a PDF is read

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# Subtrees that hold no visible text, or text shown elsewhere (deleted, moved away, field
# codes, the VML copy of a text box).
SKIP = {W + t for t in ("pPr", "rPr", "del", "moveFrom", "instrText", "delText", "delInstrText",
                        "footnoteReference", "endnoteReference", "commentReference")} | {MC + "Fallback"}
TAB_BREAK = re.compile(r"\t{2,}")  # TABs that push text to the far side: two parts, two lines
CJK_PUNCT_END = "、．）)】〕"  # a list label ending in these takes no space after it

# Bounds on what a small file may unpack into (a zip bomb: 400 KB -> gigabytes of XML).  A long
# real notice's parts come to under 5 MB; lxml holds about ten times its XML in memory.
MAX_UNPACKED_BYTES = 64 * 1024 * 1024  # all parts together, as the zip declares them
MAX_XML_PART_BYTES = 32 * 1024 * 1024  # any one XML part (document.xml, numbering.xml, …)
MAX_GRID_SPAN = 64  # columns one table cell may span (Word allows 63 columns)
MAX_TABLE_CELLS = 200_000  # cells of all the tables, spans counted


def read_docx(data: bytes, path: str | None = None, limits=None):
    from . import RawDocument

    _check_unpacked(data, path)
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
        body = document.element.body
    except Exception as e:  # noqa: BLE001 - zip, XML and package errors all mean damaged
        raise ReadError(f"damaged Word file: {_short(e)}", path) from None
    try:
        numbering = _Numbering(document)
        numbering.path = path
        lines: list[str] = []
        for el in body.iterchildren():
            _block(el, lines, numbering)
    except LimitError:
        raise
    except Exception as e:  # noqa: BLE001
        raise ReadError(f"damaged Word file: {_short(e)}", path) from None
    text = "\n".join(lines)
    if not text.strip():
        raise ReadError("no text in the Word file", path)
    return RawDocument(text=text, format="docx", sha256="", path=path)


def _check_unpacked(data: bytes, path: str | None) -> None:
    """Refuse a zip whose parts unpack to more than the limits, before anything is unpacked.
    The sizes the zip declares bound what zipfile will inflate (it stops there)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as e:
        raise ReadError(f"damaged Word file: {_short(e)}", path) from None
    total = 0
    for info in infos:
        total += info.file_size
        if info.filename.lower().endswith((".xml", ".rels")) and info.file_size > MAX_XML_PART_BYTES:
            raise LimitError(f"Word part {info.filename} unpacks to {info.file_size} bytes, over the limit "
                             f"of {MAX_XML_PART_BYTES} (a decompression bomb?)", path)
    if total > MAX_UNPACKED_BYTES:
        raise LimitError(f"Word file unpacks to {total} bytes, over the limit of {MAX_UNPACKED_BYTES} "
                         f"(a decompression bomb?)", path)


def _short(e: BaseException) -> str:
    msg = " ".join(str(e).split()) or type(e).__name__
    return msg if len(msg) <= 80 else msg[:77] + "..."


def _block(el, out: list[str], num: "_Numbering") -> None:
    tag = el.tag
    if tag == W + "p":
        out.extend(_paragraph(el, num))
    elif tag == W + "tbl":
        out.extend(_table(el, num))
    elif tag in (W + "sdt", W + "sdtContent", W + "customXml"):
        for child in el.iterchildren():
            _block(child, out, num)


def _paragraph(p, num: "_Numbering") -> list[str]:
    buf: list[str] = [num.label(p)]
    boxes: list[str] = []  # text-box paragraphs: lines of their own, before this one
    _walk(p, buf, boxes, num)
    text = TAB_BREAK.sub("\n", "".join(buf)).replace("\t", " ")
    return boxes + [s.strip() for s in text.split("\n") if s.strip()]


def _walk(el, buf: list[str], boxes: list[str], num: "_Numbering") -> None:
    for child in el.iterchildren():
        tag = child.tag
        if tag in SKIP or not isinstance(tag, str):
            continue
        if tag == W + "t":
            buf.append(_t_text(child))
        elif tag == W + "tab" or tag == W + "ptab":
            buf.append("\t")
        elif tag == W + "br":
            if child.get(W + "type") != "page":
                buf.append("\n")
        elif tag == W + "cr":
            buf.append("\n")
        elif tag == W + "noBreakHyphen":
            buf.append("-")
        elif tag == W + "txbxContent":
            for block in child.iterchildren():
                _block(block, boxes, num)
        else:
            _walk(child, buf, boxes, num)


def _t_text(t) -> str:
    """The text of a w:t.  An entity reference (&dept;) splits it into text, an entity node and
    the node's tail: lxml's ``.text`` is only the part before.  The reference is kept as written
    (Word would not define it), and nothing after it is lost."""
    parts = [t.text or ""]
    for node in t:
        if not isinstance(node.tag, str) and node.tag.__name__ == "Entity":
            parts.append(node.text or "")
        parts.append(node.tail or "")
    return "".join(parts)


def _table(tbl, num: "_Numbering") -> list[str]:
    ncols = len(tbl.findall(f"{W}tblGrid/{W}gridCol"))
    out = []
    for tr in tbl.iterchildren(W + "tr"):
        cells: list[str] = []
        spans = 0
        tcs = list(tr.iterchildren(W + "tc"))
        for tc in tcs:
            pr = tc.find(W + "tcPr")
            span = 1
            merged_above = False
            if pr is not None:
                gs = pr.find(W + "gridSpan")
                if gs is not None and (gs.get(W + "val") or "1").isdigit():
                    span = max(1, int(gs.get(W + "val")[:12]))
                    if span > MAX_GRID_SPAN:
                        raise LimitError(f"a table cell spans {span} columns, over the limit of "
                                         f"{MAX_GRID_SPAN}", num.path)
                vm = pr.find(W + "vMerge")
                merged_above = vm is not None and vm.get(W + "val") != "restart"
            lines: list[str] = []
            for block in tc.iterchildren():
                _block(block, lines, num)
            text = "" if merged_above else join_lines(s.replace("\t", "") for s in lines)
            cells.append(text)
            cells.extend([""] * (span - 1))  # a cell spanning columns keeps the others' places
            spans += span
            num.cells += span
            if num.cells > MAX_TABLE_CELLS:
                raise LimitError(f"tables of more than {MAX_TABLE_CELLS} cells, over the limit", num.path)
        if len(tcs) == 1 and (spans >= ncols or ncols <= 1):
            cells = cells[:1]  # spans the whole row: a category line
        if any(cells):
            out.append("\t".join(cells))
    return out


class _Numbering:
    """Automatic list labels: per list, a counter for each level."""

    path: str | None = None  # for errors: the tables' limits are checked while walking
    cells = 0  # table cells so far, spans counted

    def __init__(self, document):
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.counts: dict[str, dict[int, int]] = {}
        self.styles: dict[str, tuple] = {}  # styleId -> (basedOn, numPr or None)
        try:
            root = document.part.numbering_part.element
        except Exception:  # noqa: BLE001 - no numbering part: no lists
            return
        try:
            for st in document.styles.element.iterchildren(W + "style"):
                based = st.find(W + "basedOn")
                self.styles[st.get(W + "styleId")] = (
                    based.get(W + "val") if based is not None else None, st.find(f"{W}pPr/{W}numPr"))
        except Exception:  # noqa: BLE001 - no styles part: numbers set on paragraphs only
            pass
        abstract = {}
        for a in root.iterchildren(W + "abstractNum"):
            lv = {}
            for lvl in a.iterchildren(W + "lvl"):
                fmt = lvl.find(W + "numFmt")
                txt = lvl.find(W + "lvlText")
                start = lvl.find(W + "start")
                lv[int(lvl.get(W + "ilvl") or 0)] = (
                    fmt.get(W + "val") if fmt is not None else "decimal",
                    txt.get(W + "val") if txt is not None else "",
                    int(start.get(W + "val")) if start is not None and (start.get(W + "val") or "").isdigit() else 1,
                )
            abstract[a.get(W + "abstractNumId")] = lv
        for n in root.iterchildren(W + "num"):
            ref = n.find(W + "abstractNumId")
            if ref is not None and ref.get(W + "val") in abstract:
                self.levels[n.get(W + "numId")] = abstract[ref.get(W + "val")]

    def label(self, p) -> str:
        if not self.levels:
            return ""
        pr = p.find(f"{W}pPr/{W}numPr")
        if pr is None:  # numbered through its paragraph style ("List Number")
            style = p.find(f"{W}pPr/{W}pStyle")
            pr = self._style_numbering(style.get(W + "val") if style is not None else None)
            if pr is None:
                return ""
        nid = pr.find(W + "numId")
        ilvl = pr.find(W + "ilvl")
        num_id = nid.get(W + "val") if nid is not None else None
        level = int(ilvl.get(W + "val") or 0) if ilvl is not None else 0
        levels = self.levels.get(num_id)
        if not levels or level not in levels:
            return ""
        counts = self.counts.setdefault(num_id, {})
        counts[level] = counts.get(level, levels[level][2] - 1) + 1
        for deeper in [k for k in counts if k > level]:
            del counts[deeper]
        fmt, text, _ = levels[level]
        if fmt in ("bullet", "none") or not text:
            return ""

        def sub(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            lf = levels.get(k, ("decimal", "", 1))
            return _format(counts.get(k, lf[2]), lf[0])

        label = re.sub(r"%(\d)", sub, text).strip()
        return label + ("" if label.endswith(tuple(CJK_PUNCT_END)) else " ")


    def _style_numbering(self, style_id):
        for _ in range(20):  # basedOn chains are short; a loop in them must not hang us
            if style_id not in self.styles:
                return None
            based, pr = self.styles[style_id]
            if pr is not None:
                return pr
            style_id = based
        return None


_CN = "〇一二三四五六七八九"


def _format(n: int, fmt: str) -> str:
    if fmt.startswith(("chineseCounting", "ideographTraditional", "taiwaneseCounting")) or fmt == "japaneseCounting":
        if 0 < n < 100:
            tens, ones = divmod(n, 10)
            return ("" if tens < 2 else _CN[tens]) + ("十" if tens else "") + (_CN[ones] if ones or not tens else "")
        return str(n)
    if fmt in ("ideographDigital", "taiwaneseDigital"):
        return "".join(_CN[int(d)] for d in str(n))
    if fmt.startswith("decimalEnclosedCircle") and 0 < n <= 20:
        return chr(ord("①") + n - 1)
    if fmt in ("upperLetter", "lowerLetter") and 0 < n <= 26:
        c = chr(ord("A") + n - 1)
        return c if fmt == "upperLetter" else c.lower()
    if fmt in ("upperRoman", "lowerRoman") and 0 < n < 40:
        r = "".join(s * c for s, c in zip(("X", "IX", "V", "IV", "I"), _roman(n)))
        return r if fmt == "upperRoman" else r.lower()
    return str(n)


def _roman(n: int) -> tuple[int, ...]:
    out = []
    for v in (10, 9, 5, 4, 1):
        out.append(n // v)
        n %= v
    return tuple(out)
