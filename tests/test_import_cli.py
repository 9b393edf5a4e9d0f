"""`precis import` as a person runs it: what it writes and prints, that it never overwrites,
standard input, fetching from 127.0.0.1 with a time and size limit, and one line for each
mistake, with no traceback and nothing written."""

from __future__ import annotations

import http.server
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from generators.cli import app
from generators.importer import fetch

from .conftest import ROOT
from .release_files import docx_file, html_page

DURHAM = ROOT / "tests" / "releases" / "hmicfrs-durham-child-protection.txt"
runner = CliRunner()


class _Server(http.server.BaseHTTPRequestHandler):
    """/release: the Durham page; /big: more than the size limit (with or without saying so);
    /file: a redirect to a file: address; /moved: a redirect to /release; else 404."""

    def do_GET(self) -> None:
        if self.path == "/release":
            self._send(html_page(DURHAM))
        elif self.path in ("/big", "/big-unsaid"):
            self._send(b"<p>" + b"x" * 4096 + b"</p>", length=self.path == "/big")
        elif self.path in ("/file", "/moved"):
            self.send_response(302)
            where = "file:///etc/passwd" if self.path == "/file" else "/release"
            self.send_header("Location", where)
            self.end_headers()
        else:
            self._send(b"not here", status=404)

    def _send(self, body: bytes, status: int = 200, length: bool = True) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Server)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def silent() -> Iterator[str]:
    """A server that accepts a connection and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/release"
    listener.close()


def _import(*args: str, stdin: bytes | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, ["import", *args], input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_writes_the_draft_and_says_what_is_left(tmp_path: Path) -> None:
    code, out, err = _import(str(DURHAM), "--content", str(tmp_path), "--slug", "durham")
    assert code == 0, err
    target = tmp_path / "durham.yaml"
    assert out.splitlines()[0] == f"wrote {target}"
    assert "found: title, subject, review.title, review.publisher" in out
    assert "to write: review.published: the date the report was published" in out
    assert f"wrote {tmp_path / 'summary.schema.json'}" in err
    assert "Andy Cooke" in target.read_text("utf-8")


def test_the_slug_comes_from_the_headline(tmp_path: Path) -> None:
    code, _, _ = _import(str(DURHAM), "--content", str(tmp_path))
    assert code == 0
    slug = "durham-constabulary-has-improved-child-protection-but-more"
    assert (tmp_path / f"{slug}.yaml").is_file()


def test_never_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "durham.yaml"
    target.write_text("mine\n")
    code, out, err = _import(str(DURHAM), "--content", str(tmp_path), "--slug", "durham")
    assert code == 1
    assert err.splitlines() == [
        f"{target}: already exists; Precis never overwrites it (give another name with --slug, "
        "or move the file away)"
    ]
    assert target.read_text() == "mine\n"
    assert out == ""


def test_reads_standard_input(tmp_path: Path) -> None:
    code, _, err = _import(
        "-", "--content", str(tmp_path), "--slug", "from-stdin", stdin=DURHAM.read_bytes()
    )
    assert code == 0, err
    assert "HMICPressOffice@hmicfrs.gov.uk" in (tmp_path / "from-stdin.yaml").read_text("utf-8")


def test_fetches_a_page_and_follows_a_redirect_to_it(tmp_path: Path, server: str) -> None:
    for name, path in (("fetched", "/release"), ("moved", "/moved")):
        code, _, err = _import(f"{server}{path}", "--content", str(tmp_path), "--slug", name)
        assert code == 0, err
        text = (tmp_path / f"{name}.yaml").read_text("utf-8")
        assert "title: Durham Constabulary has improved child protection" in text
        assert "Cookie" not in text and "Skip to main content" not in text


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/missing", "the server answered 404 Not Found; check the address in a browser"),
        (
            "/file",
            "redirects to `file:///etc/passwd`, which is not an http or https address; "
            "Precis follows redirects only to web pages",
        ),
        ("/big", "is over 2 KB, far larger than a press release; check the address"),
        (
            "/big-unsaid",
            "is over 2 KB, far larger than a press release; check the address",
        ),
    ],
)
def test_a_fetch_that_fails_is_one_line(
    tmp_path: Path, server: str, monkeypatch: pytest.MonkeyPatch, path: str, message: str
) -> None:
    monkeypatch.setattr(fetch, "MAX_BYTES", 2048)
    code, _, err = _import(f"{server}{path}", "--content", str(tmp_path))
    assert code == 1
    assert err.splitlines() == [f"{server}{path}: {message}"]
    assert list(tmp_path.iterdir()) == []


def test_a_server_that_never_answers_times_out(
    tmp_path: Path, silent: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fetch, "TIMEOUT", 0.5)
    code, _, err = _import(silent, "--content", str(tmp_path))
    assert code == 1
    assert err.splitlines() == [
        f"{silent}: sent nothing for 0.5 seconds; check the address, or try again later"
    ]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.txt", None, "no such file; check the path"),
        (
            "release.odt",
            b"x",
            "`.odt` is not a kind of file Precis imports; give a .txt, .html, .docx or .pdf "
            "file, `-` for standard input, or an https:// address",
        ),
        ("broken.pdf", b"%PDF-1.4 not really", "is not a PDF Precis can read"),
        ("broken.docx", b"PK not a zip", "is not a Word file Precis can read"),
        ("empty.txt", b"\n\n", "has no text in it; check it is the release"),
    ],
)
def test_a_file_that_cannot_be_read_is_one_line(
    tmp_path: Path, name: str, content: bytes | None, message: str
) -> None:
    source = tmp_path / name
    if content is not None:
        source.write_bytes(content)
    out_dir = tmp_path / "content"
    code, _, err = _import(str(source), "--content", str(out_dir))
    assert code == 1
    [line] = err.splitlines()
    assert line.startswith(f"{source}: {message}")
    assert not out_dir.exists()


def test_other_schemes_are_refused(tmp_path: Path) -> None:
    for address in ("file:///etc/passwd", "ftp://127.0.0.1/release.txt"):
        code, _, err = _import(address, "--content", str(tmp_path))
        assert code == 1
        assert err.splitlines() == [
            f"{address}: is not an http:// or https:// address; only web pages are fetched"
        ]


def test_a_word_file(tmp_path: Path) -> None:
    source = docx_file(DURHAM, tmp_path / "durham.docx")
    code, out, err = _import(str(source), "--content", str(tmp_path / "c"), "--slug", "d")
    assert code == 0, err
    assert "1 quote" in out


def test_the_installed_command_prints_no_traceback(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generators", "import", str(tmp_path / "nope.pdf")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 1
    assert result.stderr == f"{tmp_path / 'nope.pdf'}: no such file; check the path\n"
    assert result.stdout == ""
