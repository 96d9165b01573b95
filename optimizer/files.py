"""Writing files and folders atomically: a temporary beside the target, then a rename.

A failed write leaves whatever was at the target as it was; readers never see half a file.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_target(target: Path, folder: bool = False) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success it replaces ``target``.

    On any error the temporary file or folder is removed and ``target`` is left as it was.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    if folder:
        temporary = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.writing-"))
    else:
        handle, name = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.writing-", suffix=target.suffix
        )
        os.close(handle)
        temporary = Path(name)
    try:
        yield temporary
        _keep_mode(temporary, target, 0o755 if folder else 0o644)
        if folder:
            _replace_folder(temporary, target)
        else:
            os.replace(temporary, target)
    finally:
        if temporary.is_dir():
            shutil.rmtree(temporary, ignore_errors=True)
        else:
            temporary.unlink(missing_ok=True)


def _keep_mode(temporary: Path, target: Path, default: int) -> None:
    """Give the new file the old one's permissions (a new one the usual 644/755, not the 600/700
    of temporary files)."""
    same_kind = target.exists() and target.is_dir() == temporary.is_dir()
    mode = target.stat().st_mode & 0o777 if same_kind else default
    os.chmod(temporary, mode)


def _replace_folder(new: Path, target: Path) -> None:
    if not target.exists():
        os.replace(new, target)
        return
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    os.replace(target, old)
    try:
        os.replace(new, target)
    except OSError:
        os.replace(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def write_text(target: Path, text: str) -> Path:
    """Write UTF-8 text atomically."""
    with atomic_target(target) as temporary:
        temporary.write_text(text, encoding="utf-8")
    return Path(target)
