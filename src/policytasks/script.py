"""Traditional characters: recognise on a simplified shadow of the text, report in the original.

The shadow has the same length as the text, character for character, so every span found on
it is a span of the original; strings are taken back from the original at the same place."""

from __future__ import annotations

from functools import lru_cache

import regex


@lru_cache(maxsize=1)
def _converter():
    from opencc import OpenCC  # small, pure Python; loaded only for text that may need it

    return OpenCC("t2s")


@lru_cache(maxsize=1)
def _traditional_chars() -> frozenset[str]:
    """Characters OpenCC's t2s would change: text with none of them needs no shadow."""
    from importlib import resources

    path = resources.files("opencc") / "dictionary" / "TSCharacters.txt"
    chars = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        key, _, value = line.partition("\t")
        if len(key) == 1 and value.split(" ")[0] != key:
            chars.add(key)
    return frozenset(chars)


def to_simplified(text: str) -> str:
    """Simplified shadow of ``text``, the same length (phrase conversions that change the
    length fall back to character by character)."""
    trad = _traditional_chars()
    if not any(c in trad for c in text):
        return text
    cc = _converter()
    out = []
    for line in text.split("\n"):
        conv = cc.convert(line)
        if len(conv) != len(line):
            conv = "".join(c2 if len(c2 := cc.convert(c)) == 1 else c for c in line)
        out.append(conv)
    return "\n".join(out)


class Restorer:
    """Map strings read off the shadow back to the original script."""

    def __init__(self, original: str, shadow: str):
        self.original = original
        self.shadow = shadow
        keep = [i for i, c in enumerate(shadow) if not c.isspace()]
        self._packed = "".join(shadow[i] for i in keep)
        self._where = keep
        self._chars: dict[str, str] = {}
        for a, b in zip(shadow, original):
            self._chars.setdefault(a, b)

    def span(self, a: int, b: int) -> str:
        return self.original[a:b]

    def text(self, s: str | None) -> str | None:
        if not s:
            return s
        k = self.shadow.find(s)
        if k >= 0:
            return self.original[k:k + len(s)]
        k = self._packed.find(s)
        if k >= 0 and " " not in s:
            return "".join(self.original[i] for i in self._where[k:k + len(s)])
        return "".join(self._chars.get(c, c) for c in s)


def restore_notice(notice, restorer: Restorer) -> None:
    """Put every string field of ``notice`` back into the original script, in place."""
    r = restorer
    for f in ("issuer", "doc_number", "title", "plan_title", "publication", "printed_by"):
        setattr(notice, f, r.text(getattr(notice, f)))
    notice.recipients = [r.text(x) for x in notice.recipients]
    notice.cc = [r.text(x) for x in notice.cc]
    for c in notice.categories:
        c.title = r.span(*c.span) if c.span else r.text(c.title)
    for t in notice.tasks:
        t.category = r.text(t.category)
        t.text = "\n".join(r.text(line) for line in t.text.split("\n"))
        for x in t.targets:
            x.text = r.span(*x.span)
            x.subject = r.text(x.subject)
        if t.deadline is not None and t.deadline.span:
            t.deadline.text = r.span(*t.deadline.span)
        for b in t.responsible:
            shadow_name = b.name
            if b.span:
                b.name = r.span(*b.span)
            if b.canonical == shadow_name:
                b.canonical = b.name
    # warnings quote the text they are about: quote it as printed
    notice.warnings = [regex.sub(r"“([^”]*)”", lambda m: f"“{r.text(m.group(1))}”", w) for w in notice.warnings]
    notice.text = r.original
