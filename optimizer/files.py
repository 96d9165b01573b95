"""Writing files and folders atomically: a temporary beside the target, then one rename.

A failed write leaves whatever was at the target as it was; readers never see half a file, and a
folder is never half old and half new:

* a file is written to ``.NAME.writing-PID-RANDOM`` beside it, then renamed over it;
* a folder is written the same way and then *exchanged* with the old one in one step
  (``renameat2(RENAME_EXCHANGE)`` on Linux): at every moment the target is the whole old folder
  or the whole new one. Where the system cannot exchange (other systems, some network file
  systems) the old folder is first renamed aside to ``.NAME.old-PID-RANDOM``; a process killed
  between the two renames leaves the target missing, and the next write to it puts the old
  folder back before it starts.

A process killed with ``kill -9`` cannot tidy up, so its temporary stays beside the target
(hidden: its name starts with a dot). The next write to the same target removes the temporaries
of writers that are no longer running; those of a running writer are left alone.

:func:`atomic_folder` can also replace only what the writer owns: entries of the old folder that
``owned`` does not claim (a README, the user's notes) are carried into the new folder (hard
links where the file system allows, else copies) before the exchange.
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import secrets
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

#: The marks in the names of temporaries: a write in progress, an old folder set aside.
WRITING, OLD = "writing", "old"


class OutputPathError(ValueError):
    """A path that cannot be written as asked: a folder where a file goes, a file where a folder
    goes (the message names the path and what was expected)."""


def _prefix(target: Path, mark: str) -> str:
    return f".{target.name}.{mark}-{os.getpid()}-"


@contextmanager
def atomic_target(target: Path, folder: bool = False) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success it replaces ``target``.

    On any error the temporary file or folder is removed and ``target`` is left as it was.

    Raises
    ------
    OutputPathError
        ``target`` is a folder and a file is to be written (or the other way round).
    """
    if folder:
        with atomic_folder(target) as temporary:
            yield temporary
        return
    target = Path(target)
    if target.is_dir():
        raise OutputPathError(f"{target} is a folder; expected the name of a file to write")
    _prepare(target)
    handle, name = tempfile.mkstemp(
        dir=target.parent, prefix=_prefix(target, WRITING), suffix=target.suffix
    )
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        _keep_mode(temporary, target, 0o644)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


@contextmanager
def atomic_folder(target: Path, owned: Callable[[str], bool] | None = None) -> Iterator[Path]:
    """Yield an empty folder beside ``target``; on success it replaces ``target`` in one step.

    Parameters
    ----------
    target
        The folder to write.
    owned
        Which entries (by name) of the existing folder the new one replaces; the others are
        carried into the new folder before it replaces the old. None: the whole folder.

    Raises
    ------
    OutputPathError
        ``target`` is a file.
    """
    target = Path(target)
    if target.exists() and not target.is_dir():
        raise OutputPathError(f"{target} is a file; expected a folder to write")
    _prepare(target)
    temporary = Path(tempfile.mkdtemp(dir=target.parent, prefix=_prefix(target, WRITING)))
    try:
        yield temporary
        if owned is not None and target.is_dir():
            _carry_over(target, temporary, owned)
        _keep_mode(temporary, target, 0o755)
        _replace_folder(temporary, target)
    finally:
        shutil.rmtree(temporary, ignore_errors=True)


def _prepare(target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(target)


def _keep_mode(temporary: Path, target: Path, default: int) -> None:
    """Give the new file the old one's permissions (a new one the usual 644/755, not the 600/700
    of temporary files)."""
    same_kind = target.exists() and target.is_dir() == temporary.is_dir()
    mode = target.stat().st_mode & 0o777 if same_kind else default
    os.chmod(temporary, mode)


def _carry_over(old: Path, new: Path, owned: Callable[[str], bool]) -> None:
    """Copy into ``new`` the entries of ``old`` that the writer does not own and did not write."""
    for entry in sorted(old.iterdir()):
        if owned(entry.name) or (new / entry.name).exists() or (new / entry.name).is_symlink():
            continue
        if entry.is_symlink():
            os.symlink(os.readlink(entry), new / entry.name)
        elif entry.is_dir():
            shutil.copytree(entry, new / entry.name, symlinks=True, copy_function=_link_or_copy)
        else:
            _link_or_copy(entry, new / entry.name)


def _link_or_copy(source: str | Path, destination: str | Path) -> None:
    try:
        os.link(source, destination)
    except OSError:  # a file system without hard links
        shutil.copy2(source, destination)


def _replace_folder(new: Path, target: Path) -> None:
    if not target.exists():
        os.rename(new, target)
        return
    if _exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)  # now the old folder
        return
    old = target.with_name(_prefix(target, OLD) + secrets.token_hex(4))
    os.rename(target, old)
    try:
        os.replace(new, target)
    except OSError:
        os.replace(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2``); False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a C library without renameat2 (glibc before 2.28)
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
    renameat2.argtypes += [ctypes.c_uint]
    done = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def leftovers(target: Path) -> list[Path]:
    """The temporaries beside ``target`` left by writers that are no longer running."""
    target = Path(target)
    pattern = re.compile(rf"\.{re.escape(target.name)}\.({WRITING}|{OLD})-(\d+)-")
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return []
    found = []
    for entry in entries:
        match = pattern.match(entry.name)
        if match and not _running(int(match.group(2))):
            found.append(Path(entry.path))
    return found


def remove_leftovers(target: Path) -> None:
    """Remove the temporaries of dead writers beside ``target``; if ``target`` is missing and
    one of them is an old folder set aside, put it back first."""
    target = Path(target)
    for path in leftovers(target):
        if f".{OLD}-" in path.name and not target.exists():
            os.rename(path, target)
        elif path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    # lazy: psutil costs about 13 ms to import; only a leftover temporary needs it
    import psutil

    return psutil.pid_exists(pid)


def write_text(target: Path, text: str) -> Path:
    """Write UTF-8 text atomically."""
    with atomic_target(target) as temporary:
        temporary.write_text(text, encoding="utf-8")
    return Path(target)
