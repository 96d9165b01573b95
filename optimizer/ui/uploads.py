"""Uploaded files, handled safely: size limits, zip archives that cannot escape, JSON-only plans.

Nothing here imports Streamlit: the pages pass the uploaded bytes in and show the
:class:`UploadError` message (which names the file and what was expected) with ``st.error``;
the message is kept as its words' id and facts, so that ``str(error)`` says it in the language
shown (English, byte for byte, otherwise: :mod:`optimizer.words.said`).

* A scenario arrives as an ``.xlsx`` workbook or as a ``.zip`` of a scenario folder. Either is
  unpacked into a fresh temporary folder, read with :func:`optimizer.load_scenario`, and the folder
  is removed again: the scenario lives in memory only.
* A zip entry may not be an absolute path, contain ``..``, be a symbolic link or a device, and the
  archive may not hold more than :data:`MAX_ENTRIES` entries or expand to more than
  :data:`MAX_UNPACKED_BYTES` (counted while extracting, not trusted from the archive's header).
  An ``.xlsx`` workbook is a zip too, and is held to the same limits before openpyxl reads it.
* A plan arrives as JSON only (:meth:`optimizer.Plan.from_json`); nothing uploaded is ever unpickled.
"""

from __future__ import annotations

import re
import stat
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from io import BytesIO
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from ..batch.whatif import whatif_overrides
from ..export import PlanFileError, read_plan
from ..plan import Plan
from ..scenario import SETTINGS_FILE, Scenario, load_scenario
from ..words.said import Said, said, spoken

#: Largest upload accepted, in megabytes (``server.maxUploadSize`` in ``.streamlit/config.toml``
#: says the same to the browser).
MAX_UPLOAD_MB = 20

#: Largest total size of the files in an uploaded archive once unpacked.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024

#: Most entries (files and folders) in an uploaded archive.
MAX_ENTRIES = 500

_CHUNK = 1 << 16


class UploadError(ValueError):
    """An uploaded file that cannot be used; the message names the file and what was expected,
    in the current language when it is shown (``str(error)``)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return spoken(self.message)


@dataclass(frozen=True)
class Limits:
    """Limits on an uploaded file and, for archives, on what it unpacks to."""

    upload_bytes: int = MAX_UPLOAD_MB * 1024 * 1024
    unpacked_bytes: int = MAX_UNPACKED_BYTES
    entries: int = MAX_ENTRIES


def megabytes(size: int) -> str:
    """A size in words.

    >>> megabytes(25 * 1024 * 1024), megabytes(1536)
    ('25.0 MB', '0.0 MB')
    """
    return f"{size / (1024 * 1024):.1f} MB"


def check_size(name: str, data: bytes, limits: Limits = Limits()) -> None:
    """Refuse an upload above the size limit.

    >>> check_size("big.xlsx", b"x" * 11, Limits(upload_bytes=10))
    Traceback (most recent call last):
    ...
    optimizer.ui.uploads.UploadError: big.xlsx is 0.0 MB (11 bytes); uploads may be at most 10 bytes
    """
    if len(data) > limits.upload_bytes:
        limit = (
            megabytes(limits.upload_bytes)
            if limits.upload_bytes >= 1024 * 1024
            else said("upload.bytes", count=limits.upload_bytes)
        )
        raise UploadError(
            said(
                "upload.too_big",
                name=name,
                size=megabytes(len(data)),
                count=len(data),
                limit=limit,
            )
        )


# ---------------------------------------------------------------------------------------------
# Zip archives
# ---------------------------------------------------------------------------------------------


def entry_problem(info: zipfile.ZipInfo) -> Said | None:
    """Why an archive entry may not be extracted, or None when it may.

    >>> entry_problem(zipfile.ZipInfo("../etc/passwd"))
    "its path '../etc/passwd' climbs out of the folder with '..'"
    >>> entry_problem(zipfile.ZipInfo("/etc/passwd"))
    "its path '/etc/passwd' is absolute"
    >>> entry_problem(zipfile.ZipInfo("park/sites.csv")) is None
    True
    """
    name = info.filename
    windows = PureWindowsPath(name)
    path = repr(name)
    if name.startswith(("/", "\\")) or windows.drive or PurePosixPath(name).is_absolute():
        return said("upload.entry.absolute", path=path)
    parts = re.split(r"[\\/]", name)
    if ".." in parts:
        return said("upload.entry.climbs", path=path)
    if "\x00" in name:
        return said("upload.entry.nul", path=path)
    kind = stat.S_IFMT(info.external_attr >> 16)  # 0 when the archiver recorded no type
    if kind == stat.S_IFLNK:
        return said("upload.entry.link", path=path)
    if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
        return said("upload.entry.special", path=path)
    return None


#: What an archive is opened as, in words (a message id of the catalogue).
ZIP, XLSX = "upload.what.zip", "upload.what.xlsx"


def _open_zip(name: str, data: bytes, what: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise UploadError(
            said("upload.unopenable", name=name, what=said(what), error=str(error))
        ) from None


def inspect_zip(name: str, data: bytes, limits: Limits = Limits(), what: str = ZIP) -> None:
    """Check an archive's entries (paths, links, count, declared sizes) without extracting it.

    Raises
    ------
    UploadError
        Naming the archive and the first entry at fault.
    """
    with _open_zip(name, data, what) as archive:
        entries = archive.infolist()
        if len(entries) > limits.entries:
            raise UploadError(
                said("upload.too_many", name=name, count=len(entries), limit=limits.entries)
            )
        declared = 0
        for info in entries:
            problem = entry_problem(info)
            if problem:
                raise UploadError(said("upload.entry_refused", name=name, problem=problem))
            declared += info.file_size
        if declared > limits.unpacked_bytes:
            raise UploadError(
                said(
                    "upload.unpacks_to",
                    name=name,
                    size=megabytes(declared),
                    limit=megabytes(limits.unpacked_bytes),
                )
            )


def safe_extract(name: str, data: bytes, target: Path, limits: Limits = Limits()) -> Path:
    """Extract an uploaded archive into ``target``, a fresh empty folder; return ``target``.

    Every entry is checked (:func:`entry_problem`) and written only inside ``target``; sizes are
    counted while the bytes are written, so an archive whose headers understate its content
    (a zip bomb) is stopped at the limit.

    Raises
    ------
    UploadError
        The archive is damaged, too large, or holds an entry that may not be extracted.
    """
    inspect_zip(name, data, limits)
    root = target.resolve()
    written = 0
    with _open_zip(name, data, ZIP) as archive:
        for info in archive.infolist():
            destination = (root / info.filename).resolve()
            if destination != root and root not in destination.parents:
                raise UploadError(said("upload.outside", name=name, entry=repr(info.filename)))
            if info.is_dir():
                destination.mkdir(parents=True, exist_ok=True)
                continue
            destination.parent.mkdir(parents=True, exist_ok=True)
            written = _copy_entry(name, archive, info, destination, written, limits)
    return target


def _copy_entry(
    name: str,
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    destination: Path,
    written: int,
    limits: Limits,
) -> int:
    try:
        with archive.open(info) as source, destination.open("xb") as sink:
            while chunk := source.read(_CHUNK):
                written += len(chunk)
                if written > limits.unpacked_bytes:
                    limit = megabytes(limits.unpacked_bytes)
                    raise UploadError(said("upload.unpacks_more", name=name, limit=limit))
                sink.write(chunk)
    except FileExistsError:
        raise UploadError(said("upload.twice", name=name, entry=repr(info.filename))) from None
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as error:
        entry = repr(info.filename)
        raise UploadError(
            said("upload.entry_unreadable", name=name, entry=entry, error=str(error))
        ) from None
    return written


def scenario_root(folder: Path, name: str) -> Path:
    """The folder holding ``scenario.yaml`` in an extracted archive: the top, or the one folder
    inside it (how zipping a folder usually packs it)."""
    if (folder / SETTINGS_FILE).is_file():
        return folder
    found = sorted(p.parent for p in folder.glob(f"*/{SETTINGS_FILE}"))
    if len(found) == 1:
        return found[0]
    if not found:
        raise UploadError(said("upload.no_settings", name=name, file=SETTINGS_FILE))
    folders = ", ".join(p.name for p in found)
    raise UploadError(said("upload.several", name=name, folders=folders))


# ---------------------------------------------------------------------------------------------
# Scenarios and plans
# ---------------------------------------------------------------------------------------------


def scenario_from_upload(name: str, data: bytes, limits: Limits = Limits()) -> Scenario:
    """Read an uploaded ``.xlsx`` workbook or ``.zip`` scenario folder into memory.

    Cell-level problems do not raise (they are the scenario's ``load_problems``, listed by the
    checks); what prevents reading does.

    Raises
    ------
    UploadError
        Wrong kind of file, too large, or an unsafe archive.
    optimizer.ScenarioError
        The file is not a readable scenario (no settings sheet, broken YAML, ...).
    """
    check_size(name, data, limits)
    suffix = Path(name).suffix.lower()
    if suffix not in (".xlsx", ".zip"):
        raise UploadError(said("upload.scenario_kind", name=name, found=found_kind(suffix)))
    with tempfile.TemporaryDirectory(prefix="optimizer-upload-") as temporary:
        folder = Path(temporary)
        if suffix == ".xlsx":
            inspect_zip(name, data, limits, what=XLSX)
            path = folder / _safe_file_name(name)  # messages name the file as uploaded
            path.write_bytes(data)
        else:
            path = scenario_root(safe_extract(name, data, folder / "unpacked", limits), name)
        scenario = load_scenario(path)
    return replace(scenario, source=name)


def plan_from_upload(name: str, data: bytes, limits: Limits = Limits()) -> Plan:
    """Read an uploaded plan: JSON written by the app, ``optimizer solve`` or ``optimizer export``.

    Raises
    ------
    UploadError
        Not a ``.json`` file, too large, not JSON, or not a plan (the message names the file).
    """
    check_size(name, data, limits)
    if Path(name).suffix.lower() != ".json":
        raise UploadError(said("upload.plan_kind", name=name))
    with tempfile.TemporaryDirectory(prefix="optimizer-upload-") as temporary:
        path = Path(temporary) / _safe_file_name(name)
        path.write_bytes(data)
        try:
            return read_plan(path)
        except PlanFileError as error:
            raise UploadError(error.args[0]) from None  # its words kept


#: The kinds of join file the what-if takes (``optimizer whatif --join``).
JOIN_SUFFIXES = (".yaml", ".yml", ".csv", ".xlsx")


def whatif_from_uploads(
    plan: Plan,
    files: Sequence[tuple[str, bytes]],
    leaving: Sequence[str] = (),
    scaling: Sequence[str] = (),
    limits: Limits = Limits(),
) -> dict[str, Any]:
    """A what-if's overrides (:func:`~optimizer.batch.whatif.whatif_overrides`) with the rows of
    uploaded join files (``(name, bytes)``), read by the command line's reader under their
    uploaded names, so that a bad file is refused in the command line's words.

    Raises
    ------
    UploadError
        A file too large, of another kind, or an unsafe workbook.
    optimizer.ScenarioError
        Every problem of every file at once (as ``optimizer whatif --join``).
    """
    with tempfile.TemporaryDirectory(prefix="optimizer-upload-") as temporary:
        paths = []
        for number, (name, data) in enumerate(files):
            check_size(name, data, limits)
            suffix = Path(name).suffix.lower()
            if suffix not in JOIN_SUFFIXES:
                suffixes = ", ".join(JOIN_SUFFIXES)
                found = found_kind(suffix)
                raise UploadError(
                    said("upload.join_kind", name=name, suffixes=suffixes, found=found)
                )
            if suffix == ".xlsx":
                inspect_zip(name, data, limits, what=XLSX)
            folder = Path(temporary) / str(number)  # two uploads may share a name
            folder.mkdir()
            path = folder / _safe_file_name(name)  # messages name the file as uploaded
            path.write_bytes(data)
            paths.append(path)
        return whatif_overrides(plan, leaving, scaling, paths)


def found_kind(suffix: str) -> Said:
    """The kind of file found, by its suffix.

    >>> found_kind(".txt"), found_kind("")
    ('a .txt', 'a file without suffix')
    """
    return said("upload.found_suffix", suffix=suffix) if suffix else said("upload.found_bare")


def _safe_file_name(name: str) -> str:
    """The last part of an uploaded name, restricted to harmless characters.

    >>> _safe_file_name("../../x y.json")
    'x_y.json'
    """
    last = re.split(r"[\\/]", name)[-1]
    return re.sub(r"[^\w.-]+", "_", last).strip("._") or "upload.json"
