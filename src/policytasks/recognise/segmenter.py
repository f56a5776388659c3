"""Words with part-of-speech tags, as ``jieba.posseg.POSTokenizer.cut(text, HMM=True)`` gives them
with our user dictionary, but read from a compact table (``lexicon``) instead of jieba's
in-memory dictionaries: no second of start-up, no 126 MB.  The algorithm is jieba's (MIT
licence): a DAG of dictionary words, the most probable route through it, and jieba's tag HMM
for runs of characters the dictionary does not know.  ``tests/test_segmenter.py`` checks the
output against jieba itself."""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from math import log

_lock = threading.Lock()
_lex = None

# jieba.posseg's patterns, unchanged.
_HAN_INTERNAL = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._]+)")
_SKIP_INTERNAL = re.compile("(\r\n|\\s)")
_HAN_DETAIL = re.compile("([\u4E00-\u9FD5]+)")
_SKIP_DETAIL = re.compile("([\\.0-9]+|[a-zA-Z0-9]+)")
_ENG = re.compile("[a-zA-Z0-9]+")
_NUM = re.compile("[\\.0-9]+")
MIN_FLOAT = -3.14e100
MIN_INF = float("-inf")


def _lexicon():
    global _lex
    if _lex is None:
        with _lock:
            if _lex is None:
                from .lexicon import Lexicon

                _lex = Lexicon()
    return _lex


@lru_cache(maxsize=4096)
def pos_tag(text: str) -> tuple[tuple[str, str], ...]:
    """Words with their part-of-speech flags (jieba's ICTCLAS-style tags)."""
    lex = _lexicon()
    out: list[tuple[str, str]] = []
    for blk in _HAN_INTERNAL.split(text):
        if not blk:
            continue
        if _HAN_INTERNAL.match(blk):
            _cut_dag(lex, blk, out)
            continue
        for x in _SKIP_INTERNAL.split(blk):
            if _SKIP_INTERNAL.match(x):
                out.append((x, "x"))
            else:
                for xx in x:
                    out.append((xx, "m" if _NUM.match(xx) else "eng" if _ENG.match(x) else "x"))
    return tuple(out)


def _freq(lex, w: str) -> int:
    e = lex.word(w)
    return e[0] if e else 0


def _tag(lex, w: str) -> str:
    e = lex.word(w)
    return (e[1] if e else None) or "x"


def _cut_dag(lex, s: str, out: list) -> None:
    n = len(s)
    dag = {}
    for k in range(n):  # jieba's Tokenizer.get_DAG
        ends = []
        i = k
        e = lex.word(s[k])
        while i < n and e is not None:
            if e[0]:
                ends.append(i)
            i += 1
            e = lex.word(s[k:i + 1]) if i < n else None
        dag[k] = ends or [k]
    route = {n: (0.0, 0)}  # jieba's Tokenizer.calc
    logtotal = log(lex.total)
    for idx in range(n - 1, -1, -1):
        route[idx] = max((log(_freq(lex, s[idx:x + 1]) or 1) - logtotal + route[x + 1][0], x) for x in dag[idx])
    x, buf = 0, ""
    while x < n:  # POSTokenizer.__cut_DAG
        y = route[x][1] + 1
        word = s[x:y]
        if y - x == 1:
            buf += word
        else:
            if buf:
                _flush(lex, buf, out)
                buf = ""
            out.append((word, _tag(lex, word)))
        x = y
    if buf:
        _flush(lex, buf, out)


def _flush(lex, buf: str, out: list) -> None:
    if len(buf) == 1:
        out.append((buf, _tag(lex, buf)))
    elif not _freq(lex, buf):
        out.extend(_detail(buf))
    else:
        out.extend((c, _tag(lex, c)) for c in buf)


@lru_cache(maxsize=4096)
def _detail(buf: str) -> tuple[tuple[str, str], ...]:
    # a run of characters no word covers (涝点, 托育点) recurs inside many phrases: tag it once
    out: list = []
    _cut_detail(_lexicon(), buf, out)
    return tuple(out)


def _cut_detail(lex, s: str, out: list) -> None:
    for blk in _HAN_DETAIL.split(s):
        if not blk:
            continue
        if _HAN_DETAIL.match(blk):
            _cut_hmm(lex, blk, out)
            continue
        for x in _SKIP_DETAIL.split(blk):
            if x:
                out.append((x, "m" if _NUM.match(x) else "eng" if _ENG.match(x) else "x"))


def _cut_hmm(lex, s: str, out: list) -> None:
    start_p, trans_p = lex.model
    states, emit = {}, {}
    for c in set(s):
        st, probs = lex.chars(c)
        if st is not None:
            states[c] = st
        for y, p in probs.items():
            emit.setdefault(y, {})[c] = p
    _, pos = _viterbi(s, states, start_p, trans_p, emit)
    begin = nexti = 0
    for i, c in enumerate(s):
        b = pos[i][0]
        if b == "B":
            begin = i
        elif b == "E":
            out.append((s[begin:i + 1], pos[i][1]))
            nexti = i + 1
        elif b == "S":
            out.append((c, pos[i][1]))
            nexti = i + 1
    if nexti < len(s):
        out.append((s[nexti:], pos[nexti][1]))


def _viterbi(obs, states, start_p, trans_p, emit_p):
    """jieba.posseg.viterbi.viterbi, with the same answers (ties and all), but each step walks
    the transitions that exist from the states alive instead of every pair of states: most pairs
    have none.  ``emit_p`` holds only these characters."""
    empty: dict = {}
    V = [{}]
    mem_path = [{}]
    all_states = trans_p.keys()
    for y in states.get(obs[0], all_states):
        V[0][y] = start_p[y] + emit_p.get(y, empty).get(obs[0], MIN_FLOAT)
        mem_path[0][y] = ""
    for t in range(1, len(obs)):
        prev = V[t - 1]
        prev_states = [x for x in mem_path[t - 1].keys() if len(trans_p[x]) > 0]
        prev_expect = set().union(*(trans_p[x].keys() for x in prev_states))
        obs_states = set(states.get(obs[t], all_states)) & prev_expect
        if not obs_states:
            obs_states = prev_expect if prev_expect else all_states
        c = obs[t]
        e = {y: emit_p.get(y, empty).get(c, MIN_FLOAT) for y in obs_states}
        best: dict = {}
        for y0 in prev_states:  # jieba: max((V[t-1][y0] + trans_p[y0].get(y, MIN_INF) + e, y0) for y0 ...)
            v0 = prev[y0]
            for y, tp in trans_p[y0].items():
                ey = e.get(y)
                if ey is None:
                    continue
                cand = (v0 + tp + ey, y0)
                b = best.get(y)
                if b is None or cand > b:
                    best[y] = cand
        cur, path = {}, {}
        top = None
        for y in obs_states:
            b = best.get(y)
            if b is None or b[0] == MIN_INF:
                # no finite way in: every candidate is -inf, and jieba's max takes the largest y0
                if top is None:
                    top = max(prev_states)
                b = (MIN_INF, top)
            cur[y], path[y] = b
        V.append(cur)
        mem_path.append(path)
    prob, state = max((V[-1][y], y) for y in mem_path[-1].keys())
    route = [None] * len(obs)
    i = len(obs) - 1
    while i >= 0:
        route[i] = state
        state = mem_path[i][state]
        i -= 1
    return prob, route
