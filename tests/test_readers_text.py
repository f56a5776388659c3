import pytest

import policytasks
from policytasks import ReadError
from policytasks.readers import read

from conftest import CORPUS

SEED = (CORPUS / "xicheng-2024.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le", "utf-16-be", "big5"])
def test_encodings(encoding):
    text = SEED if encoding != "big5" else "臺北市政府文件\n一、教育\n1. 新建學校2所。\n完成時限：2024年底前"
    data = text.encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):
        data = data  # no BOM: the detector has to find it
    assert read(data).text.replace("\r\n", "\n") == text


def test_crlf_line_ends():
    assert "\r" not in read(SEED.replace("\n", "\r\n").encode()).text


def test_fixture_encodings_give_the_same_records(shared, xicheng):
    for name in ("xicheng-2024-gbk.txt", "xicheng-2024-utf16.txt"):
        n = policytasks.parse(shared / "fixtures" / name)
        assert n.model_dump(exclude={"source"}) == xicheng.model_dump(exclude={"source"})


@pytest.mark.parametrize("data,words", [
    (b"", "empty"), (b"   \n\n", "empty"), (bytes(range(256)) * 4, "not text"),
    ("hello world, no Chinese".encode(), "no Chinese"),
])
def test_bad_bytes(data, words):
    with pytest.raises(ReadError, match=words):
        read(data, name="x.txt")


def test_binary_fixture(shared):
    with pytest.raises(ReadError, match="binary.txt"):
        policytasks.parse(shared / "fixtures" / "binary.txt")
    with pytest.raises(ReadError, match="empty"):
        policytasks.parse(shared / "fixtures" / "empty.txt")
