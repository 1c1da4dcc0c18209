"""Open a zip archive from an untrusted sender (a .docx) without trusting it.

The archive is checked and copied into memory before any other library sees it: entry count,
total uncompressed size and per-entry compression ratio are capped (a zip bomb is refused,
never unpacked; sizes are counted while reading, not taken from the headers), entries whose
path climbs out of the archive are left out, and a file that is not a zip or is truncated is
named as such.  An XML part that declares a DOCTYPE is refused (defusedxml).  Every failure is
a :class:`RedlineError` with one line naming the file.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from redline.models import RedlineError

MAX_TOTAL_BYTES = 200 * 1024 * 1024
MAX_ENTRIES = 10_000
#: Compression ratio above which an entry is a bomb, once it is bigger than RATIO_FLOOR.
MAX_RATIO = 100
RATIO_FLOOR = 1024 * 1024
_CHUNK = 1024 * 1024
_PROLOG_CHUNK = 2048
#: The bytes a DOCTYPE declaration starts with in XML of an ASCII-compatible encoding.
_DOCTYPE = b"<!DOCTYPE"
#: The encoding an XML declaration names.
_ENCODING = re.compile(rb"<\?xml[^>]*?\bencoding\s*=\s*[\"']([A-Za-z0-9._-]+)")
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")


@dataclass
class SafeArchive:
    """A checked copy of an archive's entries, in memory (name → bytes), and the entries left out."""

    entries: dict[str, bytes] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)


def _fail(path: Path, problem: str) -> RedlineError:
    return RedlineError(f"{path}: {problem}")


def climbs_out(name: str) -> bool:
    """True when an entry name is absolute or climbs out of the archive with ``..``."""
    posix = PurePosixPath(name.replace("\\", "/"))
    return posix.is_absolute() or ".." in posix.parts or ":" in (posix.parts[0] if posix.parts else "")


def _open(path: Path, raw: bytes, kind: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        if raw.startswith(_ZIP_MAGIC):
            raise _fail(path, f"not a {kind} (truncated or damaged zip archive)") from exc
        raise _fail(path, f"not a {kind} (not a zip archive)") from exc


def _check_headers(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_ENTRIES:
        raise _fail(path, f"refused: more than {MAX_ENTRIES} entries in the archive (zip bomb?)")
    if sum(info.file_size for info in infos) > MAX_TOTAL_BYTES:
        raise _fail(path, f"refused: uncompressed size exceeds {MAX_TOTAL_BYTES // 2**20} MB (zip bomb?)")
    for info in infos:
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _fail(path, f"refused: entry {info.filename} expands "
                              f"{info.file_size // max(info.compress_size, 1)} times (zip bomb?)")


def _copy_entry(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int) -> bytes:
    """Read one entry, counting real bytes against the size and ratio caps."""
    limit = min(budget, max(RATIO_FLOOR, MAX_RATIO * max(info.compress_size, 1)))
    out = bytearray()
    with archive.open(info) as stream:
        while chunk := stream.read(_CHUNK):
            out.extend(chunk)
            if len(out) > limit:
                raise _fail(path, f"refused: entry {info.filename} expands beyond its declared "
                                  "size or the size caps (zip bomb?)")
    return bytes(out)


class _Trickle(io.RawIOBase):
    """``content`` handed out at most :data:`_PROLOG_CHUNK` bytes per read, so that a parser
    pulling events stops soon after the root element's start instead of a whole 16 KiB block."""

    def __init__(self, content: bytes) -> None:
        super().__init__()
        self._stream = io.BytesIO(content)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        chunk = self._stream.read(min(len(buffer), _PROLOG_CHUNK))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def _ascii_compatible(content: bytes) -> bool:
    """Whether XML is in UTF-8 (byte-order mark or not) or US-ASCII, where a DOCTYPE can only be
    written as the bytes ``<!DOCTYPE``: it starts ``<`` with no zero byte after it (UTF-16
    without a byte-order mark starts ``<\\0``), and declares no other encoding (UTF-7 would
    spell ``<`` otherwise)."""
    head = content[3:] if content.startswith(b"\xef\xbb\xbf") else content
    if head[:1] != b"<" or head[1:2] in (b"\x00", b""):
        return False
    declared = _ENCODING.match(head)
    return declared is None or declared[1].lower() in (b"utf-8", b"utf8", b"us-ascii", b"ascii")


def _refuse_dtd(path: Path, name: str, content: bytes) -> None:
    """Refuse an XML part that declares a DOCTYPE (Word never writes one; entities in it hide
    text from any reader).  defusedxml reads only as far as the root element's start (a DOCTYPE
    can only come before it).  Content in UTF-8 or US-ASCII without the bytes ``<!DOCTYPE``
    anywhere cannot declare one and is not parsed; content in an encoding expat cannot read is
    refused too."""
    if _ascii_compatible(content) and _DOCTYPE not in content:
        return
    try:
        for _event in iterparse(_Trickle(content), events=("start",), forbid_dtd=True):
            return
    except DefusedXmlException as exc:
        raise _fail(path, f"refused: part {name} declares a DOCTYPE ({type(exc).__name__}); "
                          "Word never writes one") from exc
    except ParseError:
        return  # malformed XML: the package reader names it
    except ValueError as exc:  # expat reads no multi-byte encoding but UTF-8 and UTF-16
        raise _fail(path, f"refused: part {name} is in an encoding whose DOCTYPE cannot be checked ({exc}); "
                          "Word writes UTF-8 or UTF-16") from exc


def read_archive(path: Path, kind: str = ".docx") -> SafeArchive:
    """A checked in-memory copy of the entries of the zip at ``path`` (``kind`` names it in messages)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise _fail(path, f"cannot read ({exc.strerror or exc})") from exc
    with _open(path, raw, kind) as archive:
        infos = archive.infolist()
        _check_headers(path, infos)
        result = SafeArchive()
        budget = MAX_TOTAL_BYTES
        for info in infos:
            if climbs_out(info.filename):
                result.ignored.append(info.filename)
                continue
            if info.is_dir():
                continue
            try:
                content = _copy_entry(path, archive, info, budget)
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError,
                    RuntimeError) as exc:
                raise _fail(path, f"not a {kind} (damaged zip entry {info.filename}: {exc})") from exc
            budget -= len(content)
            if info.filename.endswith((".xml", ".rels")):
                _refuse_dtd(path, info.filename, content)
            result.entries[info.filename] = content
    return result
