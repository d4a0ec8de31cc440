"""Fetching the official texts from their publishers, verified before anything is ingested.

Publishers regenerate some files (bill PDFs, web pages), so a checksum the catalogue does not
know is not an error by itself: the file must then pass the instrument's structure check, and
the user is told it differs from the catalogued copy.  A file that is truncated, unreachable or
fails the structure check is refused and nothing of it is stored.

A download is bounded: a file larger than PolicyLens reads for its format (``reader.MAX_BYTES``)
is refused as soon as the server announces it, or as soon as that many bytes have come; each file
has ``DEADLINE_S`` in all, however slowly the server sends; redirects are followed only to http
and https addresses.  Nothing of a refused download stays on disk.  A copy whose checksum the
catalogue knows is never replaced by one it does not know unless the user asks
(``accept_unknown``), and then the verified file is kept as an alternative source.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from policylens import __version__, catalogue
from policylens.catalogue import Source
from policylens.importer import PIPELINE_VERSION, ImportReport, Job, run_jobs
from policylens.ingest.reader import MAX_BYTES, file_format
from policylens.tasks import CancelFn, ProgressFn, check, never_cancel, no_progress
from policylens.workspace import Workspace

CHUNK = 1 << 16
TIMEOUT_S = 30          # the longest wait for any one answer from the server
DEADLINE_S = 600        # the longest a whole file may take
_TEMP_PREFIX = ".download-"


class DownloadError(Exception):
    """A download that failed, with the reason in words for the user."""


def source_url(source: Source, base_url: str | None) -> str:
    """The publisher's URL, or the file's name under ``base_url`` (a mirror or a local server)."""
    return f"{base_url.rstrip('/')}/{source.filename}" if base_url else source.url


class _WebRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to another http or https address (never ftp: or file:)."""

    def http_error_302(self, req, fp, code, msg, headers):
        target = headers.get("location") or headers.get("uri") or ""
        scheme = urllib.parse.urlsplit(urllib.parse.urljoin(req.full_url, target)).scheme.lower()
        if scheme not in ("http", "https"):
            raise DownloadError(f"{req.full_url}: the server redirected to a {scheme}: address "
                                f"({target[:80]}); PolicyLens follows redirects only to http and https")
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


_opener = urllib.request.build_opener(_WebRedirects)


def fetch(url: str, dest_dir: Path, filename: str, *, progress: ProgressFn = no_progress,
          cancel: CancelFn = never_cancel, label: str = "") -> tuple[Path, str]:
    """Download ``url`` into ``dest_dir`` and return the file and its sha256; raise DownloadError.

    The file is named after its checksum ("<sha256[:12]>-<filename>"), so a new version never
    overwrites the copy an existing document was read from.  It may be as large as the largest
    file PolicyLens reads in the format ``filename`` names."""
    limit = MAX_BYTES[file_format(Path(filename)) or "pdf"]
    request = urllib.request.Request(url, headers={"User-Agent": f"PolicyLens/{__version__}"})
    started = time.monotonic()
    tmp_name = None
    try:
        with _opener.open(request, timeout=TIMEOUT_S) as response:
            expected = int(response.headers.get("Content-Length") or 0)
            if expected > limit:
                raise DownloadError(f"{url}: the server offers {_size(expected)}; PolicyLens reads files of "
                                    f"this kind up to {_size(limit)}, so it was not downloaded")
            digest = hashlib.sha256()
            fd, tmp_name = tempfile.mkstemp(dir=dest_dir, prefix=_TEMP_PREFIX)
            received = 0
            with os.fdopen(fd, "wb") as out:
                while True:
                    check(cancel)
                    if time.monotonic() - started > DEADLINE_S:
                        raise DownloadError(f"{url}: the download took longer than {DEADLINE_S // 60} minutes "
                                            f"({_size(received)} received) and was stopped; try again later")
                    block = response.read1(CHUNK)   # what has arrived: a slow server cannot stall the checks
                    if not block:
                        break
                    received += len(block)
                    if received > limit:
                        raise DownloadError(f"{url}: the file is larger than {_size(limit)}, the most "
                                            "PolicyLens reads of this kind; the download was stopped")
                    out.write(block)
                    digest.update(block)
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
    except (TimeoutError, ConnectionError, OSError, http.client.HTTPException) as exc:
        raise DownloadError(f"{url}: the download failed ({exc})") from exc
    finally:
        if tmp_name and os.path.exists(tmp_name):
            os.unlink(tmp_name)
    return dest, sha256


def remove_stale_downloads(dest_dir: Path) -> None:
    """Delete temporary files a killed download left behind (older than any download can last)."""
    for stale in Path(dest_dir).glob(_TEMP_PREFIX + "*"):
        try:
            if time.time() - stale.stat().st_mtime > DEADLINE_S + TIMEOUT_S:
                stale.unlink()
        except FileNotFoundError:
            pass


def _size(count: int) -> str:
    return f"{count / 2**20:,.0f} MB" if count >= 2**20 else f"{count:,} bytes"


def download_corpus(ws: Workspace, dest_dir: Path, *, base_url: str | None = None,
                    instruments: list[str] | None = None, accept_unknown: bool = False,
                    progress: ProgressFn = no_progress, cancel: CancelFn = never_cancel) -> ImportReport:
    """Fetch the preferred official file of each instrument into ``dest_dir`` and ingest it.

    A file with a checksum the catalogue does not know does not replace a verified copy in the
    workspace unless ``accept_unknown``; then the verified file is recorded as an alternative."""
    dest_dir = Path(dest_dir)
    dest_dir.mkdir(parents=True, exist_ok=True)
    remove_stale_downloads(dest_dir)
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
        job = Job(path, sha, inst, src)
        if stored and stored.checksum_matched and catalogue.by_sha256(sha) is None:
            if not accept_unknown:
                report.failed.append((src.filename, (
                    f"the file served differs from every catalogued copy of {inst.short_name} (sha256 "
                    f"{sha[:12]}…) and the workspace holds a verified copy, which was kept; to import this "
                    "file instead, download again with --accept-unknown (both files are then kept)")))
                path.unlink(missing_ok=True)
                continue
            job.alternatives = [*stored.alternatives, {"path": stored.source_path, "sha256": stored.sha256,
                                                       "format": stored.source_format}]
        jobs.append(job)

    def rest(fraction: float, message: str) -> None:
        progress(0.4 + 0.6 * fraction, message)

    run_jobs(ws, jobs, report, progress=rest, cancel=cancel)
    kept = {d.source_path for d in ws.documents()}
    for job in jobs:
        if str(job.path) not in kept:
            job.path.unlink(missing_ok=True)
    return report


