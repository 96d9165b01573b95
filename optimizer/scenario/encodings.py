"""The text of a scenario file, in the encodings that Excel and Notepad save in China.

Chinese Excel saves "CSV UTF-8" as UTF-8 with a byte-order mark and plain "CSV" in the system's
code page, GBK (code page 936); Notepad on older Chinese Windows saves "ANSI", the same GBK. A file
is read as UTF-8 (with or without its mark) when its bytes are UTF-8, else as GB18030, the
national standard that contains GBK and GB2312 (with or without its own mark). Bytes that are
neither are one problem naming the file, the encodings tried and the line of the first byte that
is not UTF-8: never a problem per row.

A file in another encoding whose bytes happen to be GB18030 (Big5, a Latin-1 name with an accent
before a letter) would read as wrong characters; save such a file as UTF-8.
"""

from __future__ import annotations

from pathlib import Path

from ..problems import Problem
from ..schema.limits import TEXT_ENCODINGS
from ..words.said import said

#: The byte-order mark GB18030 writes at the start of a file (Python's codec keeps it as U+FEFF).
_MARK = "\ufeff"


def decoded(data: bytes) -> str | None:
    """The text of ``data`` in the first encoding of :data:`TEXT_ENCODINGS` that reads it, with
    any byte-order mark dropped; None when none does.

    >>> decoded("金源食品".encode("gbk")), decoded("金源食品".encode("utf-8-sig"))
    ('金源食品', '金源食品')
    >>> decoded("金源食品".encode("utf-16")) is None  # Excel's "Unicode text"
    True
    """
    for encoding in TEXT_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text.removeprefix(_MARK)
    return None


def read_text(file: Path, name: str | None = None) -> str | Problem:
    """The text of ``file``, or the one problem saying it is in no encoding read.

    ``name`` is how the problem names the file (its file name by default).
    """
    data = file.read_bytes()
    text = decoded(data)
    if text is not None:
        return text
    return not_text(name or file.name, data)


def not_text(name: str, data: bytes) -> Problem:
    """The problem of bytes in no encoding read: the encodings tried and where UTF-8 stops.

    >>> str(not_text("sites.csv", b"id\\nS1\\n\\xff\\xfe"))  # doctest: +NORMALIZE_WHITESPACE
    "sites.csv line 3: found bytes that are neither UTF-8 nor GB18030 (UTF-8 stops at byte 7:
    invalid start byte), expected text in UTF-8 (Excel's 'CSV UTF-8', with or without its mark)
    or in GB18030/GBK (Chinese Excel's 'CSV'): save the file as 'CSV UTF-8'"
    """
    try:
        data.decode("utf-8")
        line, reason = None, said("read.no_reason")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        reason = said("read.utf8_stops", byte=error.start + 1, reason=error.reason)
    return Problem(
        name,
        None,
        said("read.encodings"),
        line=line,
        found=said("read.not_text", reason=reason),
    )
