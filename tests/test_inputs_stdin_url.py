"""Notices from standard input (``convert -``) and from web addresses (a server started here on
127.0.0.1; nothing reaches the internet)."""

import io
import json
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import policytasks
from policytasks.cli import main
from policytasks.readers import Limits

import makeformats as mf

REPO = Path(__file__).resolve().parents[1]
NOTICE = REPO / "corpus" / "xicheng-2024.txt"


def _records(n):
    return [t.model_dump() for t in n.tasks]


class _Handler(BaseHTTPRequestHandler):
    routes: dict = {}

    def log_message(self, *args):  # quiet
        pass

    def do_GET(self):
        route = self.routes.get(self.path)
        if route is None:
            self.send_error(404)
            return
        status, headers, body, delay = route
        if delay:
            time.sleep(delay)
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        if "Content-Length" not in headers:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass


@pytest.fixture(scope="module")
def server():
    text = NOTICE.read_text(encoding="utf-8")
    page = mf.make_html(text)
    # the same page in GBK with no meta charset: only the header says how to read it
    gbk_page = page.decode("utf-8").replace('<meta http-equiv="Content-Type" content="text/html; charset=utf-8">',
                                            "").encode("gbk", "replace")
    routes = {
        "/notice.html": (200, {"Content-Type": "text/html; charset=utf-8"}, page, 0),
        "/gbk.html": (200, {"Content-Type": "text/html; charset=GBK"}, gbk_page, 0),
        "/old": (302, {"Location": "/notice.html"}, b"", 0),
        "/notice.txt": (200, {"Content-Type": "text/plain"}, NOTICE.read_bytes(), 0),
        "/notice.docx": (200, {"Content-Type": "application/octet-stream"}, mf.make_docx(text), 0),
        "/slow.html": (200, {"Content-Type": "text/html"}, page, 3),
        "/big.html": (200, {"Content-Type": "text/html"}, b"<html><body>" + b"x" * 5000 + b"</body></html>", 0),
        "/picture.png": (200, {"Content-Type": "image/png"}, b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, 0),
    }
    _Handler.routes = routes
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    srv.daemon_threads = True
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


@pytest.fixture(scope="module")
def from_file():
    return policytasks.parse(NOTICE)


def test_stdin_gives_the_same_records_as_the_file(from_file):
    proc = subprocess.run([sys.executable, "-m", "policytasks", "convert", "-"], input=NOTICE.read_bytes(),
                          capture_output=True, timeout=120, env={**__import__("os").environ,
                                                                  "PYTHONPATH": str(REPO / "src")})
    assert proc.returncode == 0, proc.stderr.decode()
    got = json.loads(proc.stdout)
    assert got["source"]["path"] == "<stdin>"
    assert got["tasks"] == json.loads(from_file.to_json())["tasks"]


def test_empty_stdin_is_a_one_line_error(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    assert main(["convert", "-"]) == 1
    err = capsys.readouterr().err
    assert err.strip() == "policytasks: <stdin>: empty file"


def test_web_page_gives_the_same_records_as_the_file(server, from_file):
    url = f"{server}/notice.html"
    n = policytasks.parse(url)
    assert n.source.path == url and n.source.format == "html"
    assert _records(n) == _records(policytasks.parse(mf.make_html(NOTICE.read_text(encoding="utf-8"))))
    assert [t.number for t in n.tasks] == [t.number for t in from_file.tasks]


def test_redirect_is_followed_and_plain_text_and_attachments_read(server, from_file):
    assert len(policytasks.parse(f"{server}/old").tasks) == 25
    assert _records(policytasks.parse(f"{server}/notice.txt")) == _records(from_file)
    assert policytasks.parse(f"{server}/notice.docx").source.format == "docx"


def test_charset_from_the_header_decodes_a_page_without_meta(server):
    from policytasks.readers.url import fetch

    assert fetch(f"{server}/gbk.html", Limits()).startswith(b"\xef\xbb\xbf")  # handed on as UTF-8
    n = policytasks.parse(f"{server}/gbk.html")
    assert len(n.tasks) == 25 and n.tasks[0].responsible[0].name == "区住房城市建设委"


def test_url_that_times_out_is_a_one_line_limit_error(server):
    with pytest.raises(policytasks.LimitError) as e:
        policytasks.parse(f"{server}/slow.html", limits=Limits(fetch_timeout=0.5))
    assert "/slow.html" in str(e.value) and "0.5 s" in str(e.value) and "\n" not in str(e.value)


def test_url_too_large_is_a_one_line_limit_error(server):
    with pytest.raises(policytasks.LimitError, match="over the limit of 1000") as e:
        policytasks.parse(f"{server}/big.html", limits=Limits(max_bytes=1000))
    assert "\n" not in str(e.value)


def test_missing_page_and_image_are_one_line_errors(server):
    with pytest.raises(policytasks.ReadError, match="404"):
        policytasks.parse(f"{server}/gone.html")
    with pytest.raises(policytasks.FormatError, match="image/png"):
        policytasks.parse(f"{server}/picture.png")


def test_cli_converts_a_web_address(server, capsys):
    assert main(["convert", f"{server}/notice.txt"]) == 0
    assert len(json.loads(capsys.readouterr().out)["tasks"]) == 25
