"""Inputs (issue 20): only regular files are read; every entry not read is named with its reason; a file reached
through links is one input named after itself; text that is no supported encoding is refused."""

from __future__ import annotations

import codecs
import os
import random
import shutil
from pathlib import Path

import pytest
from batch_helpers import PDF, SHORT, ZH, cli_run, doc, sub, yamls

from pipeline.ingest import IngestError, decode

posix_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs and symbolic links")


def noise(seed: int, n: int, lo: int = 0, hi: int = 255) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randint(lo, hi) for _ in range(n))


def good(folder: Path, name: str = "good.txt") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(SHORT.format(n=8, m=5), encoding="utf-8")
    return folder / name


@posix_only
def test_fifo_and_device_are_refused_not_read(tmp_path):
    inp = tmp_path / "in"
    good(inp)
    os.mkfifo(inp / "pipe.txt")
    os.symlink("/dev/zero", inp / "zero.txt")
    os.mkfifo(tmp_path / "given.txt")
    p = sub("run", inp, tmp_path / "given.txt", "-o", tmp_path / "out", "-j", "1", timeout=120)
    assert p.returncode == 1, p.stderr
    assert f"FAILED {inp / 'pipe.txt'}: not a regular file (a FIFO)" in p.stderr
    assert f"FAILED {inp / 'zero.txt'}: not a regular file (a character device)" in p.stderr
    assert f"FAILED {tmp_path / 'given.txt'}: not a regular file (a FIFO)" in p.stderr
    assert "total: 4 files, 1 written, 3 failed" in p.stdout and "Traceback" not in p.stderr
    assert yamls(tmp_path / "out") == {"in/good.yaml"}


@posix_only
def test_folder_named_like_a_report_is_an_error(tmp_path, capsys):
    inp = tmp_path / "in"
    good(inp)
    (inp / "x.txt").mkdir()
    good(inp / "y.pdf", "inner.txt")
    assert cli_run(inp, "-o", tmp_path / "out") == 1
    got = capsys.readouterr()
    assert f"FAILED {inp / 'x.txt'}: a folder named like a report file" in got.err
    assert f"FAILED {inp / 'y.pdf'}: a folder named like a report file" in got.err
    assert yamls(tmp_path / "out") == {"good.yaml", "y.pdf/inner.yaml"}  # nothing in it is lost
    # a folder given that holds no report is an error too, not silently nothing
    (tmp_path / "empty.txt").mkdir()
    assert cli_run(inp / "good.txt", tmp_path / "empty.txt", "-o", tmp_path / "out2") == 1
    assert (f"FAILED {tmp_path / 'empty.txt'}: no report files (.txt, .pdf, .html, .htm, .docx, .doc) in this folder"
            in capsys.readouterr().err)


@posix_only
def test_every_entry_not_read_is_named(tmp_path, capsys):
    inp = tmp_path / "in"
    good(inp)
    os.symlink(tmp_path / "nowhere.txt", inp / "dangling.txt")
    os.symlink("loop.txt", inp / "loop.txt")
    os.symlink(tmp_path / "nowhere", inp / "dangling-folder")
    os.symlink(".", inp / "sub-up")
    os.mkfifo(inp / "fifo")
    assert cli_run(inp, "-o", tmp_path / "out") == 1
    got = capsys.readouterr()
    err = got.err.splitlines()
    assert f"FAILED {inp / 'dangling.txt'}: broken symbolic link (what it points to does not exist)" in err
    assert f"FAILED {inp / 'loop.txt'}: symbolic link loop" in err
    assert f"ignored {inp / 'dangling-folder'}: broken symbolic link (what it points to does not exist)" in err
    assert f"ignored {inp / 'sub-up'}: a link to a folder already read" in err
    assert f"ignored {inp / 'fifo'}: not a regular file (a FIFO)" in err
    assert len(err) == 5
    assert "total: 3 files, 1 written, 2 failed" in got.out


@posix_only
def test_unreadable_folder_is_named(tmp_path, capsys, monkeypatch):
    inp = tmp_path / "in"
    good(inp)
    good(inp / "private")
    real = os.scandir

    def scandir(path="."):
        if str(path).endswith("private"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    assert cli_run(inp, "-o", tmp_path / "out") == 1
    assert f"FAILED {inp / 'private'}: cannot read folder: Permission denied" in capsys.readouterr().err
    assert yamls(tmp_path / "out") == {"good.yaml"}


@posix_only
@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any folder")
def test_unreadable_folder_for_real(tmp_path):
    inp = tmp_path / "in"
    good(inp)
    good(inp / "private")
    (inp / "private").chmod(0)
    try:
        p = sub("run", inp, "-o", tmp_path / "out", "-j", "1")
    finally:
        (inp / "private").chmod(0o755)
    assert p.returncode == 1 and f"FAILED {inp / 'private'}: cannot read folder: Permission denied" in p.stderr


@posix_only
def test_a_link_and_its_target_are_one_input_named_after_the_target(tmp_path, capsys):
    inp = tmp_path / "in"
    real = good(inp, "real.txt")
    os.symlink("real.txt", inp / "alias.txt")      # sorts first: it used to name the output
    assert cli_run(inp, "-o", tmp_path / "out") == 0
    assert "total: 1 files, 1 written" in capsys.readouterr().out
    assert yamls(tmp_path / "out") == {"real.yaml"}
    assert doc(tmp_path / "out" / "real.yaml")["document"]["source"] == str(real)
    # a link to a file elsewhere: read as that file, named after it, in the link's own folder
    other = good(tmp_path / "elsewhere", "target.txt")
    (tmp_path / "links").mkdir()
    os.symlink(other, tmp_path / "links" / "pointer.txt")
    assert cli_run(tmp_path / "links", "-o", tmp_path / "out2") == 0
    assert yamls(tmp_path / "out2") == {"target.yaml"}
    assert doc(tmp_path / "out2" / "target.yaml")["document"]["source"] == str(other)
    capsys.readouterr()


def test_output_folder_inside_the_input_folder_is_not_input(tmp_path, capsys):
    inp = tmp_path / "in"
    good(inp)
    shutil.copyfile(PDF, inp / "scan.pdf")         # its extracted text, out/scan.txt, looks like an input
    out = inp / "out"
    for _ in range(2):
        assert cli_run(inp, "-o", out) == 0
    got = capsys.readouterr()
    assert "total: 2 files, 0 written, 0 failed, 2 skipped" in got.out
    assert f"ignored {out}: the output folder (-o) is not read as input" in got.err
    assert yamls(out) == {"good.yaml", "scan.yaml"}


@pytest.mark.parametrize("data,reason", [
    (noise(7, 4000, 0x81, 0xFE), "not plausibly GB18030"),
    (codecs.BOM_UTF32_LE + ZH.read_text(encoding="utf-8").encode("utf-32-le"), "UTF-32"),
    (ZH.read_text(encoding="utf-8").encode("utf-32-be"), "binary"),
    (codecs.BOM_UTF16_LE + noise(3, 4000), "UTF-16"),
    ("2023年工作\x1b[2J\x01\x02\x03\x04 增长8%".encode(), "control"),
])
def test_text_in_no_supported_encoding_is_refused(data, reason):
    with pytest.raises(IngestError, match=reason):
        decode(data)


@pytest.mark.parametrize("text", [
    ZH.read_text(encoding="utf-8"),
    "朱镕基、李堃、王喆同志：" + ZH.read_text(encoding="utf-8")[:300],    # a few characters outside GB2312
    "页一\f页二\v\t 增长8%\r\n",
])
def test_real_text_is_still_accepted(text):
    for enc in ("utf-8", "utf-8-sig", "utf-16", "gb18030", "gbk"):
        assert decode(text.encode(enc))[0] == text, enc


def test_refused_text_fails_alone_in_a_run(tmp_path, capsys):
    inp = tmp_path / "in"
    good(inp)
    (inp / "random.txt").write_bytes(noise(1, 2000, 0x81, 0xFE))
    (inp / "utf32.txt").write_bytes(codecs.BOM_UTF32_LE + "增长8%".encode("utf-32-le"))
    assert cli_run(inp, "-o", tmp_path / "out") == 1
    err = capsys.readouterr().err
    assert f"FAILED {inp / 'random.txt'}: undecodable text" in err and f"FAILED {inp / 'utf32.txt'}: UTF-32" in err
    assert yamls(tmp_path / "out") == {"good.yaml"}
