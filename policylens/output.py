"""Writing a file the user named: all or nothing, and only ever into a regular file.

Every export, briefing and annotation file goes through ``replacing``.  The content is written to a
temporary file beside the target and renamed over it when complete, so a reader never sees half a
file and a failure leaves any earlier file as it was.  A name that leads to a device, a folder or a
pipe is refused: renaming over ``/dev/null`` would replace the device itself.  A symbolic link is
followed and the file it points to is replaced, so the link stays a link.  The new file gets the
permissions any new file would get (``0666`` less the umask), or those of the file it replaces.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


class OutputError(OSError):
    """An output path PolicyLens will not write to, with the reason for the user (an OSError, so
    that it is reported wherever a file that cannot be written is)."""


def real_target(path: Path | str) -> Path:
    """The file ``path`` names once symbolic links are followed; OutputError when it is not a
    regular file or a name that does not exist yet, FileNotFoundError when its folder is missing."""
    path = Path(path)
    real = Path(os.path.realpath(path))
    try:
        mode = real.stat().st_mode
    except FileNotFoundError:
        if not real.parent.is_dir():
            raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(path)) from None
        return real
    if not stat.S_ISREG(mode):
        kind = ("a folder" if stat.S_ISDIR(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
                else "a pipe" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "not a file")
        raise OutputError(f"{path} is {kind}, not a regular file; PolicyLens writes only to regular files")
    return real


@contextmanager
def replacing(path: Path | str, *, suffix: str = ".tmp") -> Iterator[Path]:
    """A temporary path to write to; when the block ends without an exception it replaces the
    file ``path`` names (following symbolic links), otherwise it is removed."""
    target = real_target(path)
    try:
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=suffix, dir=target.parent)
    except OSError as exc:   # name the file the user gave, not the temporary one
        raise type(exc)(exc.errno, exc.strerror, str(path)) from None
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        _settle(temporary, target)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


@contextmanager
def open_output(path: Path | str, mode: str = "w", **kwargs) -> Iterator[IO]:
    """``open`` for writing ``path`` through ``replacing``: the file appears only when complete."""
    with replacing(path) as temporary:
        with open(temporary, mode, **kwargs) as out:
            yield out
            out.flush()
            os.fsync(out.fileno())


def _settle(temporary: Path, target: Path) -> None:
    """Give the finished file the permissions of the one it replaces, or a new file's."""
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    os.chmod(temporary, mode)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
