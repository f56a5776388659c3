"""Responsible bodies: ``主要责任单位：区商务局、各街道`` -> two bodies with role ``lead``.

Labels and their roles come from data/roles.yaml; canonical names from data/body_aliases.yaml
and any alias file the user adds.  Names are never split inside brackets (各县（市、区）人民政府)
nor on 和 (区文化和旅游局)."""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Mapping, Union

import regex
import yaml

from .. import rules
from ..errors import ReadError
from ..markers import label_kind, label_pattern
from ..models import Body

AliasSource = Union[str, os.PathLike, Mapping[str, list], None]
_OPEN, _CLOSE = "（([【〔《", "）)]】〕》"
_TRIM = " 　。；;，,、：:\t"


@lru_cache(maxsize=None)
def _role_suffixes() -> tuple[tuple[str, str], ...]:
    return tuple(sorted((rules.load("roles").get("role_suffixes") or {}).items(), key=lambda kv: -len(kv[0])))


@lru_cache(maxsize=None)
def _separators() -> frozenset[str]:
    return frozenset(rules.load("roles")["separators"])


def _alias_table(data: Mapping[str, list]) -> dict[str, str]:
    table: dict[str, str] = {}
    for canonical, aliases in (data or {}).items():
        table[str(canonical)] = str(canonical)
        for a in aliases or []:
            table[str(a)] = str(canonical)
    return table


@lru_cache(maxsize=None)
def _default_aliases() -> dict[str, str]:
    return _alias_table(rules.load("body_aliases"))


@lru_cache(maxsize=32)
def _file_aliases(path: str) -> dict[str, str]:
    try:
        with open(path, encoding="utf-8") as f:
            data = yaml.safe_load(f) or {}
    except (OSError, yaml.YAMLError) as e:
        raise ReadError(f"cannot read alias file: {e}", path) from None
    if not isinstance(data, dict):
        raise ReadError("alias file must map canonical names to lists of aliases", path)
    return _alias_table(data)


def alias_table(aliases: AliasSource = None) -> dict[str, str]:
    """The default aliases with the user's (a YAML path or a mapping) laid over them."""
    table = dict(_default_aliases())
    if aliases is None:
        return table
    if isinstance(aliases, Mapping):
        table.update(_alias_table(aliases))
    else:
        table.update(_file_aliases(os.fspath(aliases)))
    return table


def split_names(text: str) -> list[tuple[str, int, int]]:
    """Split a list of names on separators and runs of spaces, never inside brackets."""
    seps = _separators()
    out: list[tuple[str, int, int]] = []
    depth = 0
    start = 0
    for i, c in enumerate(text + "\0"):
        if c in _OPEN:
            depth += 1
        elif c in _CLOSE:
            depth = max(0, depth - 1)
        if c == "\0" or (depth == 0 and (c in seps or c.isspace())):
            piece = text[start:i]
            lead = len(piece) - len(piece.lstrip(_TRIM))
            name = piece.strip(_TRIM)
            if name:
                out.append((name, start + lead, start + lead + len(name)))
            start = i + 1
    return out


@lru_cache(maxsize=None)
def _body_words():
    r = rules.load("roles")
    return (frozenset(r.get("admin_words") or []), tuple(r.get("etc_words") or ["等"]),
            tuple(r.get("catch_all_heads") or []))


def _shared_heads(names: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """各乡、镇人民政府 and 各县、市、区政府 are one body each: bare administrative words before a
    、 share the last name's head noun.  (split_names has cut them at the 、.)"""
    admin = _body_words()[0]
    out: list[tuple[str, int, int]] = []
    run: list[tuple[str, int, int]] = []
    for name, a, b in names:
        bare = name[1:] if name.startswith("各") else name
        if bare in admin:
            run.append((name, a, b))
            continue
        if run and any(name.startswith(w) for w in admin) and len(name) > 2:
            out.append(("、".join(n for n, _, _ in run) + "、" + name, run[0][1], b))
        else:
            out.extend(run)
            out.append((name, a, b))
        run = []
    out.extend(run)
    return out


def _catch_alls(names: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """A trailing 等 (等部门, 等单位) is dropped: 区国资委等 → 区国资委; 区科技局等区级有关部门 names
    two bodies, 区科技局 and the catch-all 区级有关部门."""
    etc = sorted(_body_words()[1], key=len, reverse=True)
    out: list[tuple[str, int, int]] = []
    for name, a, b in names:
        cut = next(((name.find(w), w) for w in etc if 0 < name.find(w)), None)
        if cut is None:
            out.append((name, a, b))
            continue
        k, w = cut
        rest = name[k + len(w):]
        generic = rest in ("", "部门", "单位", "部門", "單位")
        if not generic and not any(x in rest for x in _body_words()[2]):
            out.append((name, a, b))  # 等 inside a name, not ending a list
            continue
        out.append((name[:k], a, a + k))
        if not generic:
            out.append((rest, a + k + len(w), b))
    return out


def _strip_wrapping(s: str) -> tuple[str, int]:
    """（牵头单位：…） -> 牵头单位：…, with the shift."""
    shift = 0
    s2 = s.rstrip()
    while s2.startswith("（") and s2.endswith("）"):
        s2 = s2[1:-1]
        shift += 1
    return s2, shift


def parse_responsible(text: str, default_role: str = "lead", aliases: AliasSource = None,
                      offset: int = 0) -> list[Body]:
    """Bodies named in ``text``, each with its role; text without a label gets ``default_role``."""
    if not text:
        return []
    table = alias_table(aliases)
    body, shift = _strip_wrapping(text)
    base = offset + shift
    found = list(label_pattern().finditer(body))
    segments: list[tuple[str, int, int]] = []  # (kind, start, end) of each label's value
    if not found:
        segments.append((default_role, 0, len(body)))
    else:
        head = body[: found[0].start()].strip(_TRIM + "（")
        if head:
            segments.append((default_role, 0, found[0].start()))
        for k, m in enumerate(found):
            end = found[k + 1].start() if k + 1 < len(found) else len(body)
            segments.append((label_kind(m.group("label")), m.end(), end))
    out: list[Body] = []
    for kind, s, e in segments:
        if kind not in ("lead", "support"):
            continue
        value = body[s:e]
        # a closing bracket of an inline group belongs to the group, not the last name
        for o, c in (("（", "）"), ("[", "]"), ("【", "】")):
            while value.rstrip(_TRIM).endswith(c) and value.count(c) > value.count(o):
                value = value.rstrip(_TRIM)[:-1]
        pending: list[Body] = []  # names since the last role word: 市财政局、各县政府（配合） covers both
        marked = False  # a role word came before
        for name, a, b in _catch_alls(_shared_heads(split_names(value))):
            role = None
            for suffix, suffix_role in _role_suffixes():
                for form in (f"（{suffix}）", f"({suffix})", suffix):
                    if name.endswith(form) and len(name) > len(form) + 1:
                        name, b, role = name[: -len(form)].rstrip(), b - len(form), suffix_role
                        break
                if role:
                    break
            found_body = Body(name=name, role=role or kind, canonical=table.get(name, name),
                              span=(base + s + a, base + s + a + len(name)))
            out.append(found_body)
            pending.append(found_body)
            if role:
                # after an earlier role word the group runs back to it (市财政局、各县政府（配合）);
                # with none before, the word is this name's alone (区卫生健康委、区发展改革局（配合）)
                for p in (pending if marked else [found_body]):
                    p.role = role
                pending = []
                marked = True
    return out


@lru_cache(maxsize=None)
def _first_listed_rule() -> regex.Pattern:
    r = rules.load("roles")
    where = "|".join(map(regex.escape, r.get("first_listed") or []))
    what = "|".join(map(regex.escape, r.get("first_listed_is") or []))
    return regex.compile(rf"(?:{where})的?(?:单位|部门)?(?:为|是|作为)(?:{what})")


def first_listed_leads(text: str) -> bool:
    """The notice says the first unit listed leads (排在第一位的为牵头单位)."""
    return bool(_first_listed_rule().search(text))


def apply_first_listed(bodies: list[Body]) -> list[Body]:
    """A notice's own rule wins over the labels: the first body leads, the rest support (where
    the labels named no support of their own)."""
    if len(bodies) > 1 and all(b.role == "lead" for b in bodies):
        for b in bodies[1:]:
            b.role = "support"
    return bodies


@lru_cache(maxsize=None)
def _in_text_lead() -> regex.Pattern:
    words = "|".join(map(regex.escape, sorted(rules.load("roles").get("in_text_lead") or [], key=len, reverse=True)))
    return regex.compile(rf"由(?P<name>[^，。；、,;（）()由]{{2,24}}?)(?:{words})")


def bodies_in_text(text: str, offset: int = 0) -> list[Body]:
    """A body named in a task's own words (由县住建局牵头实施): its lead, when no label names one."""
    from ..tables import body_like

    out = []
    for m in _in_text_lead().finditer(text):
        name = m.group("name")
        if body_like(name):
            out.append(Body(name=name, role="lead", canonical=alias_table().get(name, name),
                            span=(offset + m.start("name"), offset + m.end("name"))))
    return out
