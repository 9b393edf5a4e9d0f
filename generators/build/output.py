"""Writing outputs so that a reader never sees a half-written file, and failures say why."""

from __future__ import annotations

import errno
import os
import re
import signal
import stat
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import PrecisError, Problem

try:
    import fcntl
except ImportError:  # Windows: builds into one folder are not guarded against each other
    fcntl = None  # type: ignore[assignment]

TEMPORARY_PREFIX = ".precis-"
_TEMPORARY = re.compile(re.escape(TEMPORARY_PREFIX) + r".+\.[a-z0-9_]{8}\.tmp")
"""How write_atomic's temporary files are named (by mkstemp), so a killed build's are found
and a user's own `.notes.txt.abcdefgh.tmp` is not."""

_FOLDER_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS}
_HINTS = {
    errno.ENOSPC: "the disk is full; free some space, then build again",
    errno.EDQUOT: "the disk quota is used up; free some space, then build again",
    errno.EROFS: "the disk is read-only; choose another folder with --out",
    errno.EACCES: "permission denied; make it writable or choose another folder with --out",
    errno.EPERM: "permission denied; make it writable or choose another folder with --out",
}


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


FILE_MODE = 0o666 & ~_umask()


class FolderNotWritable(PrecisError):
    """Nothing more can be written to the output folder (full, read-only, forbidden)."""

    def __init__(self, folder: Path, exc: OSError) -> None:
        super().__init__([_located(folder, exc, " (the documents already there are untouched)")])


def _located(path: Path, exc: OSError, note: str = "") -> Problem:
    return Problem(str(path), 1, 1, f"cannot write: {_why(exc)}{note}")


def _why(exc: OSError) -> str:
    return _HINTS.get(exc.errno or 0, exc.strerror or str(exc))


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, flush it to disk, then rename it into place.

    A crash, a full disk or Ctrl-C leaves either the old file or the new one, never a mix;
    the temporary file is removed on any failure. A read-only target is left alone and
    reported (it may be open in another program, or protected on purpose); a failure of the
    folder itself raises FolderNotWritable, since every later write would fail the same way.
    """
    try:
        if not path.stat().st_mode & stat.S_IWUSR:
            raise PermissionError(
                errno.EACCES,
                "the file is read-only (open in another program?); close it or make it "
                "writable, then build again",
                str(path),
            )
    except FileNotFoundError:
        pass
    try:
        fd, tmp = tempfile.mkstemp(
            dir=path.parent, prefix=f"{TEMPORARY_PREFIX}{path.name}.", suffix=".tmp"
        )
    except OSError as exc:
        raise FolderNotWritable(path.parent, exc) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), FILE_MODE)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        if exc.errno in _FOLDER_ERRNOS:
            raise FolderNotWritable(path.parent, exc) from None
        raise
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def leftovers(folder: Path) -> list[Path]:
    """Temporary files a killed build left behind: never a whole document, safe to delete."""
    return sorted(
        p
        for p in folder.glob(f"{TEMPORARY_PREFIX}*.tmp")
        if _TEMPORARY.fullmatch(p.name) and not p.is_symlink() and p.is_file()
    )


def write_error(path: Path, exc: OSError) -> Problem:
    """A located problem for one output that could not be written."""
    return Problem(str(path), 1, 1, f"cannot write: {exc.strerror or exc}")


def make_folder(folder: Path) -> None:
    """Create the output folder, or say plainly why it cannot be one."""
    if folder.exists() and not folder.is_dir():
        raise PrecisError.at(
            folder, 1, 1, "is a file, not a folder; move it away or choose another with --out"
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PrecisError([_located(folder, exc)]) from None


@contextmanager
def exclusive(folder: Path) -> Iterator[None]:
    """Lock the folder itself, so two builds never write into one folder at once."""
    if fcntl is None:
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PrecisError.at(
                folder,
                1,
                1,
                "another precis build is writing to this folder; wait for it to finish",
            ) from None
        yield
    finally:
        os.close(fd)  # closing releases the lock


@contextmanager
def interrupts_held() -> Iterator[None]:
    """Hold Ctrl-C until the block ends, then deliver it, so that a document is written and
    recorded in the manifest, or neither. Only the main thread can set signal handlers; elsewhere
    the block runs unguarded."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: held.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.SIG_DFL if previous is None else previous)
        if held:
            signal.raise_signal(signal.SIGINT)  # to whichever handler was there before
