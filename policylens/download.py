"""Fetching the official texts from their publishers, verified before anything is ingested.

Publishers regenerate some files (bill PDFs, web pages), so a checksum the catalogue does not
know is not an error by itself: the file must then pass the instrument's structure check, and
the user is told it differs from the catalogued copy.  A file that is truncated, unreachable or
fails the structure check is refused and nothing of it is stored.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

from policylens import __version__, catalogue
from policylens.catalogue import Source
from policylens.importer import PIPELINE_VERSION, ImportReport, Job, run_jobs
from policylens.tasks import CancelFn, ProgressFn, check, never_cancel, no_progress
from policylens.workspace import Workspace

CHUNK = 1 << 16
TIMEOUT_S = 30


class DownloadError(Exception):
    """A download that failed, with the reason in words for the user."""


def source_url(source: Source, base_url: str | None) -> str:
    """The publisher's URL, or the file's name under ``base_url`` (a mirror or a local server)."""
    return f"{base_url.rstrip('/')}/{source.filename}" if base_url else source.url


def fetch(url: str, dest_dir: Path, filename: str, *, progress: ProgressFn = no_progress,
          cancel: CancelFn = never_cancel, label: str = "") -> tuple[Path, str]:
    """Download ``url`` into ``dest_dir`` and return the file and its sha256; raise DownloadError.

    The file is named after its checksum ("<sha256[:12]>-<filename>"), so a new version never
    overwrites the copy an existing document was read from."""
    request = urllib.request.Request(url, headers={"User-Agent": f"PolicyLens/{__version__}"})
    digest = hashlib.sha256()
    fd, tmp_name = tempfile.mkstemp(dir=dest_dir, prefix=".download-")
    try:
        with os.fdopen(fd, "wb") as out, urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
            expected = int(response.headers.get("Content-Length") or 0)
            received = 0
            while True:
                check(cancel)
                block = response.read(CHUNK)
                if not block:
                    break
                out.write(block)
                digest.update(block)
                received += len(block)
                if expected:
                    progress(received / expected, f"downloading {label or filename}")
            if expected and received != expected:
                raise DownloadError(f"{url}: the download was cut short ({received} of {expected} bytes)")
            if received == 0:
                raise DownloadError(f"{url}: the server sent an empty file")
        sha256 = digest.hexdigest()
        dest = dest_dir / f"{sha256[:12]}-{filename}"
        os.replace(tmp_name, dest)
    except urllib.error.HTTPError as exc:
        raise DownloadError(f"{url}: the server answered {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        raise DownloadError(f"{url}: could not reach the server ({exc.reason})") from exc
    except (TimeoutError, ConnectionError, OSError) as exc:
        if isinstance(exc, DownloadError):
            raise
        raise DownloadError(f"{url}: the download failed ({exc})") from exc
    finally:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)
    return dest, sha256


def download_corpus(ws: Workspace, dest_dir: Path, *, base_url: str | None = None,
                    instruments: list[str] | None = None, progress: ProgressFn = no_progress,
                    cancel: CancelFn = never_cancel) -> ImportReport:
    """Fetch the preferred official file of each instrument into ``dest_dir`` and ingest it."""
    dest_dir = Path(dest_dir)
    dest_dir.mkdir(parents=True, exist_ok=True)
    report = ImportReport()
    wanted = [i for i in catalogue.downloadable() if not instruments or i.id in instruments]
    jobs: list[Job] = []
    for n, inst in enumerate(wanted):
        check(cancel)
        src = inst.preferred_source
        url = source_url(src, base_url)
        share = (n / len(wanted)) * 0.4

        def step(fraction: float, message: str, share=share) -> None:
            progress(share + 0.4 * fraction / len(wanted), message)

        try:
            path, sha = fetch(url, dest_dir, src.filename, progress=step, cancel=cancel,
                              label=inst.short_name)
        except DownloadError as exc:
            report.failed.append((src.filename, str(exc)))
            continue
        stored = ws.document(inst.id)
        if stored and stored.sha256 == sha and ws.pipeline_version(inst.id) == PIPELINE_VERSION:
            report.unchanged.append(inst.id)
            if str(path) != stored.source_path:
                path.unlink(missing_ok=True)
            continue
        jobs.append(Job(path, sha, inst, src))

    def rest(fraction: float, message: str) -> None:
        progress(0.4 + 0.6 * fraction, message)

    run_jobs(ws, jobs, report, progress=rest, cancel=cancel)
    kept = {d.source_path for d in ws.documents()}
    for job in jobs:
        if str(job.path) not in kept:
            job.path.unlink(missing_ok=True)
    return report


