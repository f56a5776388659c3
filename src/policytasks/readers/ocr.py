"""OCR of scanned PDF pages: pypdfium2 renders a page, RapidOCR (ONNX) finds and reads its lines.

Optional: ``pip install 'policytasks[ocr]'`` (rapidocr-onnxruntime ships its Chinese detection
and recognition models in the wheel, so it runs offline).  The one entry point is
:func:`ocr_pages`; it returns, for each page asked, the printed lines rebuilt from the boxes'
positions as :class:`OcrText` pieces in PDF points, so the PDF reader treats them like lines it
built from a text layer (page numbers, running headers and wrapped lines alike).
"""

from __future__ import annotations

import math
import statistics
import sys
from dataclasses import dataclass
from functools import lru_cache

import regex

from ..errors import FormatError, ReadError

INSTALL_HINT = "pip install 'policytasks[ocr]'"
MODES = ("auto", "always", "never")

OCR_DPI = 144  # twice the PDF resolution; 120-180 read the fixture alike, more only costs time
SKEW_MIN_WIDTH = 3.0  # boxes this many times wider than tall measure the page's skew
MAX_SKEW_DEG = 10.0  # a box tilted more than this is a stamp or a seal, not a text line
LINE_OVERLAP = 0.5  # boxes whose vertical middles are this close (in box heights) share a line
COLUMN_GAP_EM = 2.0  # a gap this wide between boxes on one line splits it (as the text-layer reader)
SIZE_SNAP = 0.3  # box heights this close to the body's are the body size (OCR boxes vary a little)
BOX_TO_EM = 0.9  # a line box is a little taller than the type size
DOUBT_SCORE = 0.8  # a line read with less confidence than this is named in the warnings


@dataclass
class OcrText:
    """One piece of a printed line, in PDF points from the page's top left."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    seg: int = 0  # index of this piece on its printed line
    nseg: int = 1  # pieces on that printed line
    score: float = 1.0  # the recogniser's confidence, lowest of the boxes joined


def available() -> bool:
    try:
        import rapidocr_onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def missing_error(path: str | None, why: str = "scanned PDF with no text layer") -> FormatError:
    return FormatError(f"{why}: reading it needs OCR, an optional extra: {INSTALL_HINT}", path)


def doubts(found: dict[int, list[OcrText]]) -> list[str]:
    """Warnings for the lines the recogniser was unsure of: check them against the scan."""
    return [f"page {i + 1}: OCR unsure ({t.score:.2f}) of “{t.text[:60]}”"
            for i in sorted(found) for t in found[i] if t.score < DOUBT_SCORE]


def unread_warning(page_indices) -> str:
    pages = ", ".join(str(i + 1) for i in page_indices)
    return f"scanned page{'s' if len(page_indices) > 1 else ''} {pages} not read: OCR needs {INSTALL_HINT}"


@lru_cache(maxsize=1)
def _engine():
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR()


@lru_cache(maxsize=1)
def _fixes():
    from .. import rules

    data = rules.load("ocr")
    chars = str.maketrans(data.get("chars", {}))
    subs = [(regex.compile(f["pattern"]), f["replace"]) for f in data.get("fixes", [])]
    return chars, subs


def fix_text(text: str, line_start: bool = True) -> str:
    """Undo the recogniser's usual confusions (data/ocr.yaml): 丶 for 、, a stray dot after a
    number, 17： for 17．."""
    chars, subs = _fixes()
    text = text.translate(chars)
    for pat, rep in subs:
        if pat.pattern.startswith("^") and not line_start:
            continue
        text = pat.sub(rep, text)
    return text


def ocr_pages(data: bytes, page_indices, *, path: str | None = None, password: str | None = None,
              dpi: int = OCR_DPI, progress: bool = False) -> dict[int, list[OcrText]]:
    """OCR the pages at ``page_indices`` (0-based) of the PDF ``data``: {index: lines}."""
    if not available():
        raise missing_error(path)
    import pypdfium2 as pdfium

    page_indices = list(page_indices)
    try:
        pdf = pdfium.PdfDocument(data, password=password or None)
    except Exception as e:  # noqa: BLE001 - pdfium's errors all mean unreadable
        raise ReadError(f"cannot render the PDF for OCR: {e}", path) from None
    bar = _bar(len(page_indices), path) if progress else None
    raw: dict[int, list] = {}
    try:
        for i in page_indices:
            page = pdf[i]
            width, _ = page.get_size()
            image = page.render(scale=dpi / 72).to_numpy()
            page.close()
            result, _ = _engine()(image, use_cls=False)  # notices are upright; the 180° classifier drops whole lines
            scale = image.shape[1] / width  # pixels per point
            raw[i] = [(_deskew_later(box, scale), text, float(score)) for box, text, score in (result or [])]
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()
        pdf.close()
    heights = [box[0][3] - box[0][1] for boxes in raw.values() for box, _, _ in boxes]
    body = statistics.median(heights) if heights else 0.0
    return {i: _lines(boxes, body) for i, boxes in raw.items()}


def _bar(total: int, path: str | None):
    if total < 1 or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    name = (path or "PDF").rsplit("/", 1)[-1]
    return tqdm(total=total, file=sys.stderr, unit="page", desc=f"OCR {name}", leave=False, dynamic_ncols=True,
                mininterval=0)  # a page takes seconds: show each


def _deskew_later(box, scale: float):
    """A box's corners in points, plus its tilt in radians (for the page's skew)."""
    pts = [(float(x) / scale, float(y) / scale) for x, y in box]
    (x0, y0), (x1, y1) = pts[0], pts[1]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    bbox = (min(xs), min(ys), max(xs), max(ys))
    tilt = math.atan2(y1 - y0, x1 - x0) if x1 != x0 else 0.0
    return bbox, pts, tilt


def _skew(boxes) -> float:
    tilts = [t for (b, _, t), _, _ in boxes
             if (b[2] - b[0]) >= SKEW_MIN_WIDTH * (b[3] - b[1]) and abs(math.degrees(t)) <= MAX_SKEW_DEG]
    return statistics.median(tilts) if tilts else 0.0


def _lines(boxes, body: float) -> list[OcrText]:
    """Boxes -> printed lines in reading order, each cut where a wide gap parts two columns."""
    if not boxes:
        return []
    angle = _skew(boxes)
    c, s = math.cos(-angle), math.sin(-angle)
    items = []
    for (_, pts, _), text, score in boxes:
        text = text.strip()
        if not text:
            continue
        rot = [(x * c - y * s, x * s + y * c) for x, y in pts]  # undo the skew
        xs, ys = [p[0] for p in rot], [p[1] for p in rot]
        items.append([min(xs), max(xs), min(ys), max(ys), text, score])
    items.sort(key=lambda it: ((it[2] + it[3]) / 2, it[0]))
    rows: list[list] = []
    mid = tol = 0.0
    for it in items:
        m = (it[2] + it[3]) / 2
        if rows and abs(m - mid) <= tol:
            rows[-1].append(it)
            continue
        rows.append([it])
        mid, tol = m, LINE_OVERLAP * max(it[3] - it[2], 1.0)
    out: list[OcrText] = []
    for row in rows:
        row.sort(key=lambda it: it[0])
        pieces: list[list] = []
        for it in row:
            h = it[3] - it[2]
            if pieces and it[0] - pieces[-1][-1][1] < COLUMN_GAP_EM * h * BOX_TO_EM:
                pieces[-1].append(it)
            else:
                pieces.append([it])
        for k, piece in enumerate(pieces):
            text = ""
            for it in piece:
                text += (" " if text and _latin(text[-1]) and _latin(it[4][0]) else "") + it[4]
            top, bottom = min(it[2] for it in piece), max(it[3] for it in piece)
            out.append(OcrText(fix_text(text, line_start=k == 0), piece[0][0], piece[-1][1], top, bottom,
                               _size(bottom - top, body), k, len(pieces), min(it[5] for it in piece)))
    return out


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _size(height: float, body: float) -> float:
    """Type size from a box height; heights near the body's are the body size, so lines of
    body text compare equal however their boxes came out."""
    if body and abs(height - body) <= SIZE_SNAP * body:
        height = body
    return round(height * BOX_TO_EM, 1)
