"""Rolling backups of the workspace file, and putting one back when the file is damaged.

Backups are taken with SQLite's online backup API, so they are consistent even while the
workspace is open, and land in a folder beside the workspace (``<name>.backups/``) under their
UTC time.  A backup is first written under a temporary name and renamed when complete, so a crash
mid-backup never leaves a half backup that looks whole.  Restoring never deletes the damaged file:
it is moved aside for whoever wants to look at it.
"""

from __future__ import annotations

import os
import re
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

KEEP = 5
EVERY = timedelta(minutes=30)
_NAME = re.compile(r"(\d{8}T\d{6}\.\d{6}Z)\.sqlite")
_STAMP = "%Y%m%dT%H%M%S.%fZ"


class BackupError(Exception):
    """A backup that cannot be taken or restored, with a message for the user."""


def folder(path: Path | str) -> Path:
    path = Path(path)
    return path.with_name(path.name + ".backups")


def backups(path: Path | str) -> list[Path]:
    """The workspace's backups, newest first."""
    where = folder(path)
    if not where.is_dir():
        return []
    return sorted((p for p in where.iterdir() if _NAME.fullmatch(p.name)), key=lambda p: p.name, reverse=True)


def taken_at(backup: Path) -> datetime:
    return datetime.strptime(_NAME.fullmatch(backup.name).group(1), _STAMP).replace(tzinfo=timezone.utc)


def latest(path: Path | str) -> Path | None:
    """The newest backup that passes SQLite's integrity check, if any."""
    return next((b for b in backups(path) if is_sound(b)), None)


def is_sound(path: Path | str) -> bool:
    """True when ``path`` is an SQLite file that passes ``PRAGMA integrity_check``."""
    return not problems(path)


def problems(path: Path | str, *, quick: bool = False) -> list[str]:
    """What SQLite's integrity check reports for ``path`` ([] when the file is sound)."""
    try:
        db = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
        try:
            rows = db.execute("PRAGMA quick_check" if quick else "PRAGMA integrity_check").fetchall()
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    found = [r[0] for r in rows]
    return [] if found == ["ok"] else found


def take(path: Path | str, db: sqlite3.Connection | None = None) -> Path:
    """Back up the workspace now (from the open connection ``db`` when given); the backup's path."""
    path = Path(path)
    where = folder(path)
    try:
        where.mkdir(exist_ok=True)
    except OSError as exc:
        raise BackupError(f"{path}: could not make the backup folder {where} ({exc.strerror})") from exc
    stamp = datetime.now(timezone.utc)
    target = where / f"{stamp.strftime(_STAMP)}.sqlite"
    while target.exists():
        stamp += timedelta(microseconds=1)
        target = where / f"{stamp.strftime(_STAMP)}.sqlite"
    partial = target.with_name(target.name + ".partial")
    source = db or sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy)
            copy.execute("PRAGMA journal_mode=DELETE")
        finally:
            copy.close()
        _fsync(partial)
        os.replace(partial, target)
    except (sqlite3.DatabaseError, OSError) as exc:   # a full disk shows as either
        partial.unlink(missing_ok=True)
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise BackupError(f"{path}: could not back up the workspace into {where} ({reason})") from exc
    finally:
        if db is None:
            source.close()
    return target


def rotate(path: Path | str, keep: int = KEEP, db: sqlite3.Connection | None = None) -> Path:
    """Take a backup and delete all but the ``keep`` newest (and any left half-written by a crash)."""
    taken = take(path, db)
    for old in backups(path)[keep:]:
        old.unlink(missing_ok=True)
    for stale in folder(path).glob("*.partial"):
        if stale != taken:
            stale.unlink(missing_ok=True)
    return taken


def due(path: Path | str, every: timedelta | None = None) -> bool:
    """True when the newest backup is older than ``every`` (default ``EVERY``), or there is none."""
    newest = backups(path)
    return not newest or datetime.now(timezone.utc) - taken_at(newest[0]) >= (EVERY if every is None else every)


def restore(path: Path | str, from_backup: Path | str | None = None) -> tuple[Path, Path | None]:
    """Replace the workspace with a backup (the newest sound one by default).

    Returns (backup used, where the replaced file was moved — None when there was none).  The
    workspace must not be open."""
    path = Path(path)
    source = Path(from_backup) if from_backup else latest(path)
    if source is None:
        raise BackupError(f"{path}: there is no sound backup to restore (looked in {folder(path)})")
    if not source.is_file():
        raise BackupError(f"{source}: the backup does not exist")
    found = problems(source)
    if found:
        raise BackupError(f"{source}: the backup is damaged too ({found[0]})")
    aside = None
    if path.exists():
        aside = path.with_name(f"{path.name}.damaged-{datetime.now(timezone.utc).strftime(_STAMP)}")
        os.replace(path, aside)
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            if aside is not None and suffix == "-wal":
                os.replace(side, aside.with_name(aside.name + suffix))
            else:
                side.unlink()
    partial = path.with_name(path.name + ".restoring")
    original = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        copy = sqlite3.connect(partial)
        try:
            original.backup(copy)
        finally:
            copy.close()
    finally:
        original.close()
    _fsync(partial)
    os.replace(partial, path)
    return source, aside


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
