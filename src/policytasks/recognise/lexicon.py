"""jieba's dictionary and part-of-speech model as a small on-disk table, read word by word.

jieba keeps its dictionary in Python dicts: loading them costs about a second and 126 MB a
process, for the few hundred short phrases a notice asks about.  Here the same data (jieba's
``dict.txt`` with our user dictionary applied as ``Tokenizer.load_userdict`` would, and the
tag HMM's tables) is written once into an SQLite file under the user's cache folder, and each
lookup reads one row.  The file is built on first use (a few seconds), atomically, keyed by
the sources' contents, so an upgraded jieba or an edited user dictionary builds a new one.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import re
import sqlite3
import tempfile
import threading
from functools import lru_cache
from pathlib import Path

from .. import rules

FORMAT = 1  # bump when the table layout changes
LOOKUP_CACHE = 1 << 15  # words looked up, kept in memory (a notice asks about a few thousand)
_USERDICT_LINE = re.compile(r"^(.+?)( [0-9]+)?( [a-z]+)?$")  # jieba's re_userdict


def _jieba_dir() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("jieba")  # where it is, without running its import
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("jieba is not installed")
    return Path(list(spec.submodule_search_locations)[0])


def _sources() -> tuple[Path, list[Path], Path]:
    jdir = _jieba_dir()
    model = [jdir / "posseg" / n for n in ("prob_start.p", "prob_trans.p", "prob_emit.p", "char_state_tab.p")]
    return jdir / "dict.txt", model, Path(rules.data_path("jieba_userdict.txt"))


def _key() -> str:
    dict_txt, model, user = _sources()
    h = hashlib.sha256(f"{FORMAT}".encode())
    for p in (dict_txt, *model):
        st = p.stat()
        h.update(f"{p}|{st.st_size}|{st.st_mtime_ns}".encode())
    h.update(user.read_bytes())
    return h.hexdigest()[:16]


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "policytasks"


def _build(path: str) -> None:
    """Write the table to ``path`` (a fresh file)."""
    import pickle

    dict_txt, model, user = _sources()
    freq: dict[str, int] = {}
    tags: dict[str, str] = {}
    total = 0
    with open(dict_txt, "rb") as f:  # as jieba's gen_pfdict and POSTokenizer.load_word_tag
        for line in f:
            line = line.strip().decode("utf-8")
            if not line:
                continue
            word, n, tag = line.split(" ")
            n = int(n)
            freq[word] = n
            total += n
            tags[word] = tag
            for i in range(1, len(word)):
                freq.setdefault(word[:i], 0)
    for line in user.read_text(encoding="utf-8").lstrip("\ufeff").splitlines():  # as add_word
        line = line.strip()
        if not line:
            continue
        word, n, tag = _USERDICT_LINE.match(line).groups()
        if n is None:
            raise ValueError(f"{user}: give every word a frequency: {line!r}")
        n = int(n)
        freq[word] = n
        total += n
        if tag:
            tags[word] = tag.strip()
        for i in range(1, len(word)):
            freq.setdefault(word[:i], 0)
    start, trans, emit, states = (pickle.loads(p.read_bytes()) for p in model)
    by_char: dict[str, dict] = {}
    for state, probs in emit.items():
        for c, p in probs.items():
            by_char.setdefault(c, {})[state] = p
    db = sqlite3.connect(path)
    try:
        db.executescript(
            "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
            "CREATE TABLE words (w TEXT PRIMARY KEY, f INTEGER NOT NULL, t TEXT) WITHOUT ROWID;"
            "CREATE TABLE chars (c TEXT PRIMARY KEY, s BLOB) WITHOUT ROWID;"
            "CREATE TABLE meta (k TEXT PRIMARY KEY, v BLOB) WITHOUT ROWID;")
        db.executemany("INSERT INTO words VALUES (?, ?, ?)",
                       ((w, n, tags.get(w)) for w, n in freq.items()))
        chars = set(by_char) | set(states)
        db.executemany("INSERT INTO chars VALUES (?, ?)",
                       ((c, marshal.dumps((states.get(c), by_char.get(c, {})))) for c in chars))
        db.executemany("INSERT INTO meta VALUES (?, ?)",
                       [("total", marshal.dumps(total)), ("start", marshal.dumps(start)),
                        ("trans", marshal.dumps(trans))])
        db.commit()
    finally:
        db.close()


@lru_cache(maxsize=1)
def table_path() -> str:
    """The table's file, built on first use."""
    name = f"jieba-{_key()}.sqlite3"
    for folder in (_cache_dir(), Path(tempfile.gettempdir()) / "policytasks"):
        path = folder / name
        if path.exists():
            return str(path)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=folder)
            os.close(fd)
            os.unlink(tmp)  # sqlite creates it
            try:
                _build(tmp)
                os.replace(tmp, path)  # atomic: a reader never sees half a table
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
            return str(path)
        except OSError:
            continue  # not writable: try the next place
    raise OSError("no writable cache folder for the word table")


class Lexicon:
    """Read access to the table; one SQLite connection per process and thread."""

    def __init__(self) -> None:
        self._local = threading.local()
        self._path = table_path()
        db = self._db()
        meta = dict(db.execute("SELECT k, v FROM meta"))
        self.total: int = marshal.loads(meta["total"])
        self._meta = meta

    def _db(self) -> sqlite3.Connection:
        loc = self._local
        if getattr(loc, "pid", None) != os.getpid():  # never reuse a connection across fork
            loc.db = sqlite3.connect(f"file:{self._path}?mode=ro", uri=True, check_same_thread=False)
            loc.pid = os.getpid()
        return loc.db

    def word(self, w: str) -> tuple[int, str | None] | None:
        """(frequency, tag) of ``w``; frequency 0 for a prefix of a word; None if neither."""
        return _lookup(self, w)

    def chars(self, c: str):
        """(tag states, emission log-probabilities) of the character ``c`` in the tag HMM."""
        return _chars(self, c)

    @property
    def model(self):
        """(start, trans) of the tag HMM."""
        m = self.__dict__.get("_model")
        if m is None:
            m = self.__dict__["_model"] = (marshal.loads(self._meta["start"]), marshal.loads(self._meta["trans"]))
        return m


@lru_cache(maxsize=LOOKUP_CACHE)
def _lookup(lex: Lexicon, w: str):
    row = lex._db().execute("SELECT f, t FROM words WHERE w = ?", (w,)).fetchone()
    return None if row is None else (row[0], row[1])


@lru_cache(maxsize=LOOKUP_CACHE)
def _chars(lex: Lexicon, c: str):
    row = lex._db().execute("SELECT s FROM chars WHERE c = ?", (c,)).fetchone()
    return marshal.loads(row[0]) if row else (None, {})
