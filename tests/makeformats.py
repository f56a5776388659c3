"""Make test inputs (PDF, Word, HTML) from a notice's plain text.

``make_pdf_official(text)`` typesets the notice like GB/T 9704 (A4, 28 characters a line,
``— N —`` page numbers, a red masthead rule); ``make_pdf_table(...)`` typesets it as a ruled
table over several pages; ``make_docx(text)`` and ``make_html(text)`` write the same
paragraphs (lines holding TABs become table rows).  ``TableNotice`` describes a tabular
notice; ``notice_to_table(text)`` turns a ``1. / 完成时限： / 主要责任单位：`` notice into one.
"""

from __future__ import annotations

import html as _html
import io
import re
from dataclasses import dataclass, field
from typing import Sequence, Union

MM = 72 / 25.4
PAGE_W, PAGE_H = 595.2756, 841.8898  # A4
LEFT = 28 * MM  # GB/T 9704: left margin 28 mm, text block 156 x 225 mm, top 37 mm
RIGHT = LEFT + 156 * MM
TOP = 37 * MM
BOTTOM = TOP + 225 * MM
FONT = "STSong-Light"  # reportlab's built-in CID font: no font file needed
BODY_SIZE = 16  # 三号: 28 characters a line
TITLE_SIZE = 22  # 二号
PITCH = 225 * MM / 22  # 22 lines a page
CC_SIZE = 14  # 四号, for 抄送 / 印发 and page numbers
RED = (0.86, 0.08, 0.08)

CLOSE_PUNCT = set("，。、；：？！）》」』”’〕】…%．,.;:?!)")
OPEN_PUNCT = set("（《「『“‘〔【(")
_LATIN = re.compile(r"[A-Za-z0-9.%]")
_DATE = re.compile(r"^(\d{4}|[〇零一二三四五六七八九]{4})年.{1,3}月.{1,3}日$")
_DOCNO = re.compile(r"[〔\[（(]\d{4}[〕\]）)]\s*\d+\s*号$")
_ITEM = re.compile(r"^\s*(\d{1,3})\s*[.．、]\s*(?!\d)")
_CATEGORY = re.compile(r"^[一二三四五六七八九十]+、")
_DEADLINE = re.compile(r"^(完成时限|完成时间|时限)[：:]\s*")
_UNITS = re.compile(r"^([\u4e00-\u9fff]{0,4}(单位|部门))[：:]\s*")
_CJK_SPACE = re.compile(r"(?<=[\u4e00-\u9fff《》])\s+(?=[\u4e00-\u9fff《》])")


# ---------------------------------------------------------------- table notices

Row = Union[Sequence[str], str]  # a str (or a one-cell list) is a category row spanning all columns


@dataclass
class TableNotice:
    header: list[str]
    rows: list[Row]
    preamble: list[str] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)

    def row_lines(self) -> list[str]:
        out = ["\t".join(self.header)]
        for r in self.rows:
            out.append(r if isinstance(r, str) else "\t".join(r))
        return out

    def expected_lines(self) -> list[str]:
        """The lines a reader should give for this notice: preamble, TAB rows, closing."""
        return list(self.preamble) + self.row_lines() + list(self.closing)

    def to_text(self) -> str:
        """Plain text: paragraphs separated by blank lines, the table as consecutive TAB lines."""
        parts = ["\n".join(self.row_lines())]
        return "\n\n".join(list(self.preamble) + parts + list(self.closing)) + "\n"


def notice_to_table(text: str, header: Sequence[str] = ("序号", "项目", "完成时限", "责任单位")) -> TableNotice:
    """A ``1. … / 完成时限：… / 主要责任单位：…`` notice as a table: one row per item."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    pre, rows, closing = [], [], []
    cur = None
    for ln in lines:
        if closing or ln.startswith("抄送"):
            closing.append(ln)
            continue
        m = _ITEM.match(ln)
        if m:
            cur = [m.group(1), ln[m.end():], "", ""]
            rows.append(cur)
        elif _CATEGORY.match(ln) and (rows or cur is None):
            rows.append(ln)
            cur = None
        elif cur is not None and _DEADLINE.match(ln):
            cur[2] = _DEADLINE.sub("", ln)
        elif cur is not None and _UNITS.match(ln):
            # 主要责任单位 fills the column; 牵头单位 / 配合单位 keep their labels in the cell
            label = _UNITS.match(ln).group(1)
            value = _UNITS.sub("", ln) if label in ("主要责任单位", "责任单位") else ln
            cur[3] = f"{cur[3]}；{value}" if cur[3] else value
        elif cur is not None:
            cur[1] += ln
        elif not rows:
            pre.append(ln)
        else:
            closing.append(ln)
    return TableNotice(list(header), rows, pre, closing)


def _blocks(text: str):
    """Yield ("p", line) and ("table", rows): consecutive lines with a TAB make a table; a line
    without TAB between two of them is a category row."""
    lines = text.replace("\r\n", "\n").split("\n")
    i = 0
    while i < len(lines):
        ln = lines[i].strip(" \r")
        if not ln.strip():
            i += 1
            continue
        if "\t" in ln:
            rows = []
            while i < len(lines) and lines[i].strip():
                rows.append(lines[i].strip(" \r").split("\t"))
                i += 1
            while rows and len(rows[-1]) == 1:  # trailing lines without TAB are paragraphs
                i -= 1
                rows.pop()
            yield "table", rows
            continue
        yield "p", ln.strip()
        i += 1


# ---------------------------------------------------------------- PDF typesetting

def _font():
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    try:
        pdfmetrics.getFont(FONT)
    except KeyError:
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return pdfmetrics


def _width(s: str, size: float) -> float:
    return _font().stringWidth(s, FONT, size)


def wrap(text: str, width: float, size: float, first_width: float | None = None) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` (the first: ``first_width``), keeping
    Latin words and numbers whole and obeying the basic Chinese line-break rules."""
    tokens = re.findall(r"[A-Za-z0-9.%]+|\s|.", text)
    lines, cur, w = [], [], 0.0
    limit = first_width if first_width is not None else width
    for tok in tokens:
        tw = _width(tok, size)
        if cur and w + tw > limit + 0.01:
            carry = []
            if tok in CLOSE_PUNCT:  # no closing punctuation at a line start: take one char along
                carry = [cur.pop()]
            while cur and cur[-1] in OPEN_PUNCT:  # no opening punctuation at a line end
                carry.insert(0, cur.pop())
            lines.append("".join(cur).rstrip())
            cur = carry
            w = sum(_width(t, size) for t in cur)
            limit = width
            if tok.isspace() and not cur:
                continue
        cur.append(tok)
        w += tw
    if cur:
        lines.append("".join(cur).rstrip())
    return lines


class _Pages:
    """A canvas with a text cursor, GB/T page numbers and optional running header/footer."""

    def __init__(self, *, page_numbers: str | None, header: str | None, footer: str | None,
                 info: dict | None = None):
        from reportlab.pdfgen import canvas

        _font()
        self.buf = io.BytesIO()
        self.c = canvas.Canvas(self.buf, pagesize=(PAGE_W, PAGE_H), invariant=1)
        for k, v in (info or {}).items():
            getattr(self.c, f"set{k}")(v)
        self.page = 1
        self.y = TOP  # distance from the top of the page to the top of the next line
        self.page_numbers, self.header, self.footer = page_numbers, header, footer
        self.dirty = False

    def text(self, s: str, x: float, size: float, *, justify_to: float | None = None,
             color=(0, 0, 0), scale: float = 100) -> None:
        c = self.c
        t = c.beginText(x, PAGE_H - self.y - size * 0.88)
        t.setFont(FONT, size)
        t.setFillColorRGB(*color)
        t.setHorizScale(scale)
        space = 0.0  # Tc and Tz outlive the text object: always set both
        if justify_to is not None and len(s) > 1:
            space = max(0.0, (justify_to - x - _width(s, size)) / (len(s) - 1))
        t.setCharSpace(space)
        t.textOut(s)
        c.drawText(t)
        self.dirty = True

    def room(self, height: float) -> bool:
        return self.y + height <= BOTTOM + 0.5

    def newline(self, pitch: float = PITCH) -> None:
        self.y += pitch
        if self.y + PITCH > BOTTOM + 0.5:
            self.new_page()

    def new_page(self) -> None:
        self._furniture()
        self.c.showPage()
        self.page += 1
        self.y = TOP
        self.dirty = False

    def _furniture(self) -> None:
        if self.page_numbers:
            s = self.page_numbers.format(self.page)
            w = _width(s, CC_SIZE)
            x = RIGHT - CC_SIZE - w if self.page % 2 else LEFT + CC_SIZE  # odd right, even left
            self.y, keep = BOTTOM + 7 * MM, self.y
            self.text(s, x, CC_SIZE)
            self.y = keep
        for s, y in ((self.header, TOP - 14 * MM), (self.footer, BOTTOM + 14 * MM)):
            if s:
                keep, self.y = self.y, y
                self.text(s.format(self.page), (PAGE_W - _width(s, 10.5)) / 2, 10.5)
                self.y = keep

    def paragraph(self, s: str, *, size: float = BODY_SIZE, indent: float = 2, hang: float = 0,
                  left: float = LEFT, right: float = RIGHT, pitch: float = PITCH) -> None:
        """Left-aligned paragraph, first line indented ``indent`` em, wrapped lines at ``hang`` em."""
        x1 = left + indent * size
        xn = left + hang * size
        lines = wrap(s, right - xn, size, first_width=right - x1)
        for i, ln in enumerate(lines):
            x = x1 if i == 0 else xn
            self.text(ln, x, size, justify_to=right if i < len(lines) - 1 else None)
            self.newline(pitch)

    def centered(self, s: str, size: float, pitch: float = PITCH, color=(0, 0, 0)) -> None:
        for ln in wrap(s, RIGHT - LEFT, size):
            self.text(ln, (LEFT + RIGHT - _width(ln, size)) / 2, size, color=color)
            self.newline(pitch)

    def finish(self) -> bytes:
        if self.dirty or self.page == 1:
            self._furniture()
            self.c.showPage()
        self.c.save()
        return self.buf.getvalue()


def _closing(pg: _Pages, paras: Sequence[str]) -> None:
    """抄送 / 印发 block: 14 pt, inset 1 em, rules between; issuer and date share the last line."""
    paras = list(paras)
    printed = None
    one_line = re.match(r"^(\S+)\s+(\S*日印发)$", paras[-1]) if paras else None
    if one_line:  # issuer and date typed on one line
        printed = (one_line.group(1), one_line.group(2))
        paras = paras[:-1]
    elif len(paras) >= 2 and re.search(r"日印发$", paras[-1]) and not paras[-2].startswith("抄送"):
        printed = (paras[-2], paras[-1])
        paras = paras[:-2]
    need = (len(paras) * 1.5 + 2) * PITCH
    if not pg.room(need):
        pg.new_page()
    inset = CC_SIZE
    hang = 0.0
    for s in paras:
        if s.startswith("抄送"):
            hang = 1 + len(re.split(r"[：:]", s, maxsplit=1)[0]) + 1
            pg.paragraph(s, size=CC_SIZE, indent=1, hang=hang, right=RIGHT - inset)
        else:
            pg.paragraph(s, size=CC_SIZE, indent=hang or 1, hang=hang or 1, right=RIGHT - inset)
    if printed:
        y = PAGE_H - pg.y + 4
        pg.c.setStrokeColorRGB(0, 0, 0)
        pg.c.line(LEFT, y, RIGHT, y)
        pg.text(printed[0], LEFT + inset, CC_SIZE)
        pg.text(printed[1], RIGHT - inset - _width(printed[1], CC_SIZE), CC_SIZE)
        pg.newline()
        pg.c.line(LEFT, PAGE_H - pg.y + 4, RIGHT, PAGE_H - pg.y + 4)


def make_pdf_official(text: str, *, page_numbers: str | None = "— {} —", header: str | None = None,
                      footer: str | None = None, masthead_rule: bool = True) -> bytes:
    """The notice typeset like GB/T 9704.  Each non-blank line of ``text`` is a paragraph.

    The title (the line holding 关于 or 通知 after the doc number) breaks where its
    text has a space between Chinese characters; ``（此件…）`` ends the first part and the
    attachment starts on a new page; from ``抄送`` on, the closing block is set in 14 pt.
    ``header`` / ``footer`` add a running line on every page (``{}`` = page number).
    """
    paras = [ln.strip() for ln in text.splitlines() if ln.strip()]
    pg = _Pages(page_numbers=page_numbers, header=header, footer=footer)
    i = 0
    if paras and paras[0].endswith("文件"):  # masthead: red, squeezed to the block width
        s = paras[0]
        size = 36
        scale = min(100.0, 100 * (RIGHT - LEFT - 2 * size) / _width(s, size))
        w = _width(s, size) * scale / 100
        pg.y = TOP + 10 * MM
        pg.text(s, (LEFT + RIGHT - w) / 2, size, color=RED, scale=scale)
        pg.y += size + 30
        i = 1
    if i < len(paras) and _DOCNO.search(paras[i]):
        pg.text(paras[i], (LEFT + RIGHT - _width(paras[i], BODY_SIZE)) / 2, BODY_SIZE)
        pg.y += BODY_SIZE + 10
        if masthead_rule:
            pg.c.setStrokeColorRGB(*RED)
            pg.c.setLineWidth(2)
            pg.c.line(LEFT, PAGE_H - pg.y, RIGHT, PAGE_H - pg.y)
            pg.c.setLineWidth(1)
        pg.y += 2 * PITCH
        i += 1
    if i < len(paras) and ("关于" in paras[i] or "通知" in paras[i]):
        for part in _CJK_SPACE.split(paras[i]):
            pg.centered(part, TITLE_SIZE, pitch=PITCH)
        pg.newline()
        i += 1
    part = "notice"
    while i < len(paras):
        s = paras[i]
        nxt = paras[i + 1] if i + 1 < len(paras) else ""
        if part == "notice" and s.endswith("：") and not _ITEM.match(s) and "：" not in s[:-1]:
            pg.paragraph(s, indent=0)  # 主送机关: flush left
            i += 1
            continue
        if s.startswith("抄送"):
            _closing(pg, paras[i:])
            break
        if _DATE.match(nxt) and len(s) <= 20 and not _ITEM.match(s):  # signature over the date
            pg.newline()
            date_w = _width(nxt, BODY_SIZE)
            date_x = RIGHT - 4 * BODY_SIZE - date_w
            sig_w = _width(s, BODY_SIZE)
            pg.text(s, min(RIGHT - sig_w, date_x + (date_w - sig_w) / 2), BODY_SIZE)
            pg.newline()
            pg.text(nxt, date_x, BODY_SIZE)
            pg.newline()
            i += 2
            continue
        if s.startswith("（此件") and part == "notice":
            pg.paragraph(s)
            if i + 1 < len(paras) and not paras[i + 1].startswith("抄送"):
                pg.new_page()
                part = "attachment"
                pg.centered(paras[i + 1], TITLE_SIZE)
                pg.newline()
                i += 1
            i += 1
            continue
        pg.paragraph(s)
        i += 1
    return pg.finish()


def make_pdf_table(source: Union[str, TableNotice, Sequence[Row]], *, header: Sequence[str] | None = None,
                   preamble: Sequence[str] = (), closing: Sequence[str] = (),
                   col_widths: Sequence[float] | None = None, size: float = 12,
                   page_numbers: str | None = "— {} —", split_rows: bool = True) -> bytes:
    """A notice typeset as a ruled table over several pages.

    ``source`` is a notice's text (made a table by ``notice_to_table``), a ``TableNotice``, or
    a list of rows (then ``header`` names the columns).  The header row repeats on each page;
    text wraps inside cells; a category row (a str) spans all columns; with ``split_rows`` a
    row that does not fit is continued on the next page with an empty first cell.
    """
    if isinstance(source, str):
        spec = notice_to_table(source)
    elif isinstance(source, TableNotice):
        spec = source
    else:
        if header is None:
            raise ValueError("header is needed with a list of rows")
        spec = TableNotice(list(header), list(source), list(preamble), list(closing))
    ncol = len(spec.header)
    total = RIGHT - LEFT
    if col_widths is None:
        first = 3 * size
        rest = (total - first) / max(1, ncol - 1)
        widths = [first] + [rest] * (ncol - 1) if ncol > 1 else [total]
        if ncol == 4:
            widths = [first, total * 0.50, total * 0.18]
            widths.append(total - sum(widths))
    else:
        widths = list(col_widths)
        widths[-1] = total - sum(widths[:-1])
    xs = [LEFT]
    for w in widths:
        xs.append(xs[-1] + w)
    pad, lead = 4.0, size * 1.35

    pg = _Pages(page_numbers=page_numbers, header=None, footer=None)
    body_bottom = BOTTOM + 10 * MM
    for s in spec.preamble:
        if not s.endswith(("。", "：")) and ("通知" in s or s is spec.preamble[-1]):  # titles
            for part in _CJK_SPACE.split(s):
                pg.centered(part, TITLE_SIZE, pitch=PITCH)
        else:
            pg.paragraph(s)
    c = pg.c
    c.setLineWidth(0.6)
    c.setStrokeColorRGB(0, 0, 0)

    def cell_lines(row: Row) -> list[list[str]]:
        if isinstance(row, str) or len(row) == 1:
            s = row if isinstance(row, str) else row[0]
            return [wrap(s, total - 2 * pad, size)]
        return [wrap(str(s), widths[k] - 2 * pad, size) if s else [] for k, s in enumerate(row)]

    def draw(row: Row, parts: list[list[str]], nlines: int) -> None:
        h = nlines * lead + 2 * pad
        top = PAGE_H - pg.y
        spans = len(parts) == 1
        cols = [(LEFT, RIGHT)] if spans else list(zip(xs, xs[1:]))
        for (x0, x1), lines in zip(cols, parts):
            c.rect(x0, top - h, x1 - x0, h, stroke=1, fill=0)
            keep = pg.y
            pg.y += pad
            for ln in lines:
                pg.text(ln, x0 + pad, size)
                pg.y += lead
            pg.y = keep
        pg.y += h

    def header_row() -> None:
        parts = cell_lines(spec.header)
        draw(spec.header, parts, max(len(p) for p in parts) or 1)

    header_row()
    for row in spec.rows:
        parts = cell_lines(row)
        n = max((len(p) for p in parts), default=1) or 1
        while True:
            free = int((body_bottom - pg.y - 2 * pad) // lead)
            if n <= free:
                draw(row, parts, n)
                break
            if split_rows and free >= 1 and len(parts) > 1:
                draw(row, [p[:free] for p in parts], free)
                parts = [[] if k == 0 else p[free:] for k, p in enumerate(parts)]  # 序号 stays above
                n = max(len(p) for p in parts)
            pg.new_page()
            c.setLineWidth(0.6)
            header_row()
    pg.y += PITCH / 2
    if spec.closing:
        _closing(pg, spec.closing)
    return pg.finish()


# ---------------------------------------------------------------- Word and HTML

def make_docx(text: str) -> bytes:
    """Each non-blank line a paragraph; TAB lines a table, a line without TAB inside it a
    category row merged across all columns."""
    import docx

    d = docx.Document()
    for kind, val in _blocks(text):
        if kind == "p":
            d.add_paragraph(val)
            continue
        ncol = max(len(r) for r in val)
        t = d.add_table(rows=len(val), cols=ncol)
        t.style = "Table Grid"
        for r, cells in enumerate(val):
            row = t.rows[r].cells
            if len(cells) == 1 and ncol > 1:
                merged = row[0].merge(row[-1])
                merged.text = cells[0]
            else:
                for k, s in enumerate(cells):
                    row[k].text = s
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def make_html(text: str, *, encoding: str = "utf-8", chrome: bool = True, title: str | None = None) -> bytes:
    """The notice as a government web page: each paragraph a ``<p>``, TAB lines a table, and
    with ``chrome`` the site around it (nav, breadcrumb, 字号 control, share / print links,
    related links, footer, scripts).  ``encoding`` is declared in a meta tag and used."""
    def e(s: str) -> str:  # runs of spaces survive only as &nbsp;, as web editors write them
        return re.sub(r" {2,}", lambda m: "&nbsp;" * len(m.group()), _html.escape(s))

    body = []
    for kind, val in _blocks(text):
        if kind == "p":
            body.append(f'<p style="text-indent:2em">&nbsp;&nbsp;{e(val)}</p>')
            continue
        ncol = max(len(r) for r in val)
        trs = []
        for cells in val:
            if len(cells) == 1 and ncol > 1:
                trs.append(f'<tr><td colspan="{ncol}"><p>{e(cells[0])}</p></td></tr>')
            else:
                trs.append("<tr>" + "".join(f"<td><p>{e(s)}</p></td>" for s in cells) + "</tr>")
        body.append('<table border="1" cellspacing="0">' + "".join(trs) + "</table>")
    content = "\n".join(body)
    head_title = e(title or "通知")
    if not chrome:
        page = f"<!DOCTYPE html><html><head><meta charset=\"{encoding}\"><title>{head_title}</title></head><body>{content}</body></html>"
        return page.encode(encoding, errors="xmlcharrefreplace")
    page = f"""<!DOCTYPE html>
<html lang="zh-CN"><head>
<meta http-equiv="Content-Type" content="text/html; charset={encoding}">
<title>{head_title}_政务公开_北京市西城区人民政府</title>
<style>body{{font-size:16px}} .nav a{{margin:0 8px}}</style>
<script>var _hmt = _hmt || []; document.write("统计代码");</script>
</head><body>
<div class="top-bar">无障碍浏览 | 长者模式 | <a href="/en/">English</a></div>
<div id="header" class="header"><img src="logo.png" alt="北京市西城区人民政府"><div class="search"><input type="text" value="请输入关键词"><button>搜索</button></div></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/bsfw/">办事服务</a></li><li><a href="/hdjl/">互动交流</a></li><li><a href="/zjxc/">走进西城</a></li></ul></div>
<div class="main">
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/tzgg/">通知公告</a></div>
<div class="article">
{f'<h1 class="article-title">{e(title)}</h1>' if title else ''}
<div class="article-info">发布时间：2024-03-28 来源：区政府办 【字体：<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a>】 <a href="javascript:window.print()">打印本页</a></div>
<div id="zoom" class="TRS_Editor">
{content}
</div>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a></div>
<div class="tools"><a href="javascript:window.print()">打印本页</a> <a href="javascript:window.close()">关闭窗口</a></div>
</div>
<div class="related"><h3>相关文件</h3><ul><li><a href="/a1">北京市西城区2023年为群众拟办重要实事完成情况</a></li><li><a href="/a2">关于做好2024年民生实事项目推进工作的通知</a></li></ul></div>
</div>
<div class="footer"><p><a href="/about">关于我们</a> | <a href="/map">网站地图</a> | <a href="/contact">联系我们</a></p>
<p>主办单位：北京市西城区人民政府办公室 承办单位：北京市西城区政务服务管理局</p>
<p>网站标识码：1101020001 京ICP备05060933号 京公网安备11010202000001号</p>
<p>版权所有 © 北京市西城区人民政府</p></div>
<script src="/js/share.js"></script>
</body></html>
"""
    return page.encode(encoding, errors="xmlcharrefreplace")
