"""jieba, loaded once per process, quietly, and only when a recogniser first needs it."""

from __future__ import annotations

import logging
import threading
from functools import lru_cache

from .. import rules

_lock = threading.Lock()
_tokenizer = None


def _posseg():
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                import jieba
                import jieba.posseg

                jieba.setLogLevel(logging.WARNING)  # "Building prefix dict..." is not the user's business
                base = jieba.Tokenizer()  # our own, so the user dictionary stays out of jieba's global
                with open(rules.data_path("jieba_userdict.txt"), "rb") as f:
                    base.load_userdict(f)
                # POSTokenizer(base) would read the tag dictionary a second time (0.4 s):
                # jieba.posseg read it at import, from the same default dictionary.
                tok = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)
                tok.tokenizer = base
                tok.word_tag_tab = dict(jieba.posseg.dt.word_tag_tab)
                _tokenizer = tok
    return _tokenizer


@lru_cache(maxsize=4096)
def pos_tag(text: str) -> tuple[tuple[str, str], ...]:
    """Words with their part-of-speech flags (jieba's ICTCLAS-style tags)."""
    return tuple((w.word, w.flag) for w in _posseg().cut(text, HMM=True))


def warm() -> None:
    """Load jieba's dictionary now (about a second), e.g. before forking worker processes."""
    pos_tag("新建学校")
