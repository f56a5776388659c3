"""The word table (recognise/lexicon.py) must tag exactly as jieba.posseg does with our user
dictionary: it replaces jieba's in-memory dictionaries for speed, not for other answers."""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from policytasks import rules
from policytasks.recognise import segmenter

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


@lru_cache(maxsize=1)
def _jieba():
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    base = jieba.Tokenizer()
    with open(rules.data_path("jieba_userdict.txt"), "rb") as f:
        base.load_userdict(f)
    return jieba.posseg.POSTokenizer(base)


def _reference(text: str):
    return tuple((w.word, w.flag) for w in _jieba().cut(text, HMM=True))


def _phrases():
    out = set()
    for p in sorted(CORPUS.rglob("*.txt")):
        for line in p.read_text(encoding="utf-8").splitlines():
            for i in range(0, len(line), 25):
                out.add(line[i:i + 30])
    return sorted(out)


def test_word_table_tags_every_corpus_phrase_as_jieba_does():
    phrases = _phrases()
    assert len(phrases) > 1000
    bad = [(s, segmenter.pos_tag(s), _reference(s)) for s in phrases if segmenter.pos_tag(s) != _reference(s)]
    assert not bad, bad[:3]


_CHARS = "".join(sorted({c for s in _phrases()[:400] for c in s})) + "ab1.9 \t#&_-Ａ涝"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_CHARS, max_size=30))
def test_word_table_tags_any_string_as_jieba_does(text):
    assert segmenter.pos_tag(text) == _reference(text)


def test_unknown_words_go_through_the_tag_model():
    # 涝点 is in no dictionary: jieba's HMM makes it one noun; without it 涝/点 would split
    assert ("涝点", "n") in segmenter.pos_tag("整治城区易涝点")


def test_user_dictionary_words_keep_their_tags():
    assert ("新建", "v") in segmenter.pos_tag("新建学校")


def test_word_table_rebuilt_in_an_empty_cache_folder(tmp_path, monkeypatch):
    from policytasks.recognise import lexicon

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    lexicon.table_path.cache_clear()
    try:
        path = Path(lexicon.table_path())
        assert path.parent == tmp_path / "policytasks" and path.stat().st_size > 1_000_000
        assert not list(path.parent.glob("*.part"))  # written atomically
        assert lexicon.Lexicon().word("新建")[1] == "v"
    finally:
        lexicon.table_path.cache_clear()
