"""PDF pages through pdfium (pypdfium2, installed with pdfplumber): characters with boxes
as pdfminer makes them, and the ruling lines pdfplumber's table finder needs.

pdfminer's parsing is most of a PDF's time (86 of 99 ms for the reference notice); pdfium
reads the same page in C.  Its own character boxes are loose (up to 4.8 pt off), so the box
is rebuilt as pdfminer's ``LTChar`` does: from the origin, the font's descent and the font
size, and horizontally from the advance (pdfium's loose box left and right).  Characters
pdfium makes up (spaces and line ends it infers) are left out: pdfminer has none.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass

#: Bounds per page, checked before a page's contents are walked in Python: a content stream
#: a few KB long can unpack to millions of operators (a dense printed page has ~3,000 chars).
MAX_PAGE_CHARS = 200_000
MAX_PAGE_OBJECTS = 200_000
_FORM_DEPTH = 8  # nested form XObjects followed this deep


@dataclass
class Page:
    number: int  # 1-based
    width: float
    height: float
    chars: list  # dicts with text, x0, x1, top, bottom, size, upright; cid=True where no Unicode
    edges: list  # pdfplumber-style edge dicts (orientation h / v)
    #: pdfium left text out (a text object it measures as zero wide: it skips those): read
    #: this page with pdfminer instead
    incomplete: bool = False
    images: int = 0  # image objects (a scanned page has one or more and no text)


class PageLimit(Exception):
    """A page over MAX_PAGE_CHARS / MAX_PAGE_OBJECTS: (page, what, count, limit)."""


def open_pdf(data: bytes, password: str | None):
    import pypdfium2 as pdfium

    return pdfium.PdfDocument(data, password=password or None)


def count_page(doc, i: int) -> tuple[int, int]:
    """(objects, characters) on page ``i`` (0-based), without walking them in Python."""
    import pypdfium2.raw as R

    page = doc[i]
    try:
        objs = R.FPDFPage_CountObjects(page.raw)
        tp = R.FPDFText_LoadPage(page.raw)
        try:
            n = R.FPDFText_CountChars(tp)
        finally:
            R.FPDFText_ClosePage(tp)
        return objs, n
    finally:
        page.close()


def check_page(doc, i: int) -> None:
    objs, n = count_page(doc, i)
    if objs > MAX_PAGE_OBJECTS:
        raise PageLimit(i + 1, "drawing objects", objs, MAX_PAGE_OBJECTS)
    if n > MAX_PAGE_CHARS:
        raise PageLimit(i + 1, "characters", n, MAX_PAGE_CHARS)


def read_page(doc, i: int) -> Page:
    import pypdfium2.raw as R

    page = doc[i]
    try:
        left, bottom, right, top = page.get_mediabox()
        width, height = right - left, top - bottom
        if R.FPDFPage_CountObjects(page.raw) > MAX_PAGE_OBJECTS:
            raise PageLimit(i + 1, "drawing objects", R.FPDFPage_CountObjects(page.raw), MAX_PAGE_OBJECTS)
        chars = _chars(R, page, left, top)
        edges, incomplete, images = _edges(R, page, left, top)
        return Page(i + 1, width, height, chars, edges, incomplete, images)
    finally:
        page.close()


def _chars(R, page, left: float, top: float) -> list:
    tp = R.FPDFText_LoadPage(page.raw)
    try:
        n = R.FPDFText_CountChars(tp)
        if n > MAX_PAGE_CHARS:
            raise PageLimit(0, "characters", n, MAX_PAGE_CHARS)
        ox, oy = ctypes.c_double(), ctypes.c_double()
        box, m, d, fs = R.FS_RECTF(), R.FS_MATRIX(), ctypes.c_float(), ctypes.c_float()
        fonts: dict = {}  # per text object: (font, descent per point, size, x scale, upright)
        widths: dict = {}  # (font, char) -> advance per point of font size, from the font's widths
        out = []
        generated, unicode, origin = R.FPDFText_IsGenerated, R.FPDFText_GetUnicode, R.FPDFText_GetCharOrigin
        map_error, text_object = R.FPDFText_HasUnicodeMapError, _raw_address(R.FPDFText_GetTextObject)
        codes = _codes(R, tp, n)
        for i in range(n):
            u = codes[i] if codes is not None else unicode(tp, i)
            if u in _MAYBE_GENERATED and generated(tp, i) == 1:
                continue  # pdfium makes up only spaces and line ends
            key = text_object(tp, i)
            f = fonts.get(key)
            if f is None:
                obj = ctypes.cast(ctypes.c_void_p(key), R.FPDF_PAGEOBJECT)
                R.FPDFText_GetMatrix(tp, i, m)
                R.FPDFTextObj_GetFontSize(obj, fs)
                font = R.FPDFTextObj_GetFont(obj)
                R.FPDFFont_GetDescent(font, ctypes.c_float(1000.0), d)
                size = fs.value * (m.c * m.c + m.d * m.d) ** 0.5  # pdfminer: the box height
                xscale = fs.value * (m.a * m.a + m.b * m.b) ** 0.5
                f = fonts[key] = (key, font, d.value / 1000.0, size, xscale, m.a * m.d > 0 and m.b * m.c <= 0)
            fkey, font, desc, size, xscale, upright = f
            origin(tp, i, ox, oy)
            w = widths.get((fkey, u))
            if w is None:
                # the advance from the font's own widths, as pdfminer takes it (pdfium's loose box
                # is the substituted glyph's, wider for half-width digits)
                w = widths[fkey, u] = d.value / 1000.0 if R.FPDFFont_GetGlyphWidth(font, u, 1000.0, d) else -1.0
            if w < 0:
                R.FPDFText_GetLooseCharBox(tp, i, box)
                x0, x1 = box.left, box.right
            else:
                x0 = ox.value
                x1 = x0 + w * xscale
            y0 = oy.value + desc * size
            c = {"text": chr(u) if u else "", "x0": x0 - left, "x1": x1 - left,
                 "top": top - (y0 + size), "bottom": top - y0, "size": size, "upright": upright}
            if u == 0 or map_error(tp, i) == 1:
                c["cid"] = True
            prev = out[-1] if out else None
            if prev is not None and prev["text"] == " " and c["top"] == prev["top"]:
                _restore_spaces(prev, c, out)
            out.append(c)
        return out
    finally:
        R.FPDFText_ClosePage(tp)


SPACE_FIT = 0.02  # em: a gap this close to a whole number of spaces held spaces pdfium dropped


def _restore_spaces(space: dict, nxt: dict, out: list) -> None:
    """pdfium keeps one space of a run (``室         2026``); pdfminer, every one.  A gap after
    a space that is a whole number of space pitches (width plus the character spacing seen
    before the space) held that many more: put them back."""
    w = space["x1"] - space["x0"]
    before = out[-2] if len(out) > 1 else None
    cs = 0.0
    if before is not None and before["top"] == space["top"]:
        cs = space["x0"] - before["x1"]
        if not 0 <= cs < 0.5 * space["size"]:
            cs = 0.0
    gap = nxt["x0"] - space["x1"] - cs
    if w <= 0 or gap < (w + cs) * 0.5:
        return
    k = round(gap / (w + cs))
    if abs(gap - k * (w + cs)) > SPACE_FIT * space["size"]:
        return
    for j in range(k):
        c = dict(space)
        c["x0"] = space["x1"] + cs + j * (w + cs)
        c["x1"] = c["x0"] + w
        out.append(c)


_MAYBE_GENERATED = frozenset(map(ord, " \r\n\t\u3000-\x02"))


def _codes(R, tp, n: int):
    """The page's characters as code points, in one call; None if they do not line up one to a
    character index (a character outside the BMP comes as two UTF-16 units)."""
    buf = ctypes.create_string_buffer(2 * (n + 1))
    got = R.FPDFText_GetText(tp, 0, n, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)))
    units = memoryview(buf.raw).cast("H")[:max(0, got - 1)]
    if len(units) != n or any(0xD800 <= u <= 0xDFFF for u in units):
        return None
    return units.tolist()


def _raw_address(fn):
    """``fn`` returning a plain address (an int, hashable and cheap) instead of a ctypes pointer."""
    proto = ctypes.CFUNCTYPE(ctypes.c_void_p, *fn.argtypes)
    return proto(ctypes.cast(fn, ctypes.c_void_p).value)


def _edges(R, page, left: float, top: float) -> list:
    """Ruling lines as pdfplumber derives them from pdfminer's lines, rects and curves: each
    painted path's subpaths, point to point (only horizontal and vertical ones matter)."""
    out: list = []
    skipped = False
    images = 0
    b = [ctypes.c_float() for _ in range(4)]
    m = R.FS_MATRIX()
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    x, y = ctypes.c_float(), ctypes.c_float()

    def walk(get_count, get_obj, parent, depth):
        nonlocal skipped, images
        for k in range(get_count()):
            obj = get_obj(k)
            kind = R.FPDFPageObj_GetType(obj)
            R.FPDFPageObj_GetMatrix(obj, m)
            mat = _mul((m.a, m.b, m.c, m.d, m.e, m.f), parent)
            if kind == R.FPDF_PAGEOBJ_FORM and depth < _FORM_DEPTH:
                walk(lambda o=obj: R.FPDFFormObj_CountObjects(o),
                     lambda j, o=obj: R.FPDFFormObj_GetObject(o, j), mat, depth + 1)
                continue
            if kind == R.FPDF_PAGEOBJ_TEXT and not skipped:
                R.FPDFPageObj_GetBounds(obj, *b)
                skipped = abs(b[2].value - b[0].value) < 1e-4  # pdfium's text page drops these
                continue
            if kind == R.FPDF_PAGEOBJ_IMAGE:
                images += 1
                continue
            if kind != R.FPDF_PAGEOBJ_PATH:
                continue
            R.FPDFPath_GetDrawMode(obj, fill, stroke)
            if not fill.value and not stroke.value:
                continue  # a clipping or unpainted path: pdfminer makes nothing of it
            pts: list = []
            for s in range(R.FPDFPath_CountSegments(obj)):
                seg = R.FPDFPath_GetPathSegment(obj, s)
                t = R.FPDFPathSegment_GetType(seg)
                R.FPDFPathSegment_GetPoint(seg, x, y)
                p = _apply(mat, x.value, y.value)
                if t == R.FPDF_SEGMENT_MOVETO:
                    _subpath(pts, out, left, top)
                    pts = [p]
                elif t == R.FPDF_SEGMENT_BEZIERTO:
                    pts.append(("c", p))  # control points and end; pdfminer keeps the end only
                else:
                    pts.append(p)
                if R.FPDFPathSegment_GetClose(seg) and pts:
                    pts.append(pts[0])
            _subpath(pts, out, left, top)

    pg = page.raw
    walk(lambda: R.FPDFPage_CountObjects(pg), lambda k: R.FPDFPage_GetObject(pg, k), (1, 0, 0, 1, 0, 0), 0)
    return out, skipped, images


def _subpath(pts: list, out: list, left: float, top: float) -> None:
    # bezier segments come as three points: keep every third (the end point)
    clean, run = [], 0
    for p in pts:
        if isinstance(p[0], str):
            run += 1
            if run % 3 == 0:
                clean.append(p[1])
            continue
        run = 0
        clean.append(p)
    for (x0, y0), (x1, y1) in zip(clean, clean[1:]):
        if x0 == x1 and y0 == y1:
            continue
        orient = "v" if x0 == x1 else "h" if y0 == y1 else None
        if orient is None:
            continue
        a, b = min(x0, x1) - left, max(x0, x1) - left
        t, btm = top - max(y0, y1), top - min(y0, y1)
        out.append({"object_type": "curve_edge", "x0": a, "x1": b, "top": t, "bottom": btm,
                    "doctop": t, "width": b - a, "height": btm - t, "orientation": orient})


def _mul(m, n):
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _apply(m, x, y):
    a, b, c, d, e, f = m
    return (a * x + c * y + e, b * x + d * y + f)


class _Stand:
    """What pdfplumber's TableFinder reads of a page: its edges and box."""

    def __init__(self, page: Page) -> None:
        self.edges = page.edges
        self.bbox = (0, 0, page.width, page.height)


def find_tables(page: Page) -> list:
    from pdfplumber.table import TableFinder

    return TableFinder(_Stand(page)).tables
