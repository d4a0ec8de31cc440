"""Build the PolicyLens desktop bundle: ``python3 packaging/build.py [--corpus-dir DIR] [--smoke-test]``.

One entry point for a release build: it runs PyInstaller on the one-folder spec, adds the Linux
desktop integration files, packs ``dist/PolicyLens-<version>-linux-<arch>.tar.gz`` and, with
``--smoke-test``, starts the built program headless to prove it works on this machine.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

PACKAGING = Path(__file__).resolve().parent
REPO = PACKAGING.parent
SPEC = PACKAGING / "pyinstaller" / "policylens.spec"
LINUX_FILES = PACKAGING / "linux"
# The icon ships inside the application package (the window uses it) and in the desktop files.
APP_ICON = REPO / "ui" / "resources" / "io.github.policylens.PolicyLens.svg"
BUNDLE_NAME = "policylens"


def project_version() -> str:
    """The release version, read from its single home: ``policylens.__version__``."""
    sys.path.insert(0, str(REPO))
    from policylens import __version__
    return __version__


def run_pyinstaller(dist: Path, work: Path, corpus_dir: Path | None) -> Path:
    """Run PyInstaller on the spec; returns the bundle folder."""
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
               "--distpath", str(dist), "--workpath", str(work), str(SPEC)]
    if corpus_dir is not None:
        command += ["--", "--corpus-dir", str(corpus_dir.resolve())]
    subprocess.run(command, check=True, cwd=REPO)
    return dist / BUNDLE_NAME


def add_desktop_integration(bundle: Path) -> None:
    """Copy the .desktop file, icon and AppStream metainfo into ``share/`` for install.sh."""
    share = bundle / "share"
    for source in [*LINUX_FILES.iterdir(), APP_ICON]:
        if source.suffix == ".desktop":
            target = share / "applications"
        elif source.suffix == ".svg":
            target = share / "icons" / "hicolor" / "scalable" / "apps"
        elif source.name.endswith(".metainfo.xml"):
            target = share / "metainfo"
        elif source.name == "install.sh":
            target = bundle
        else:
            continue
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target / source.name)


def pack(bundle: Path, version: str) -> Path:
    """The bundle as one tar.gz that unpacks to a ``policylens/`` folder."""
    archive = bundle.parent / f"PolicyLens-{version}-{sys.platform}-{platform.machine()}.tar.gz"
    with tarfile.open(archive, "w:gz", compresslevel=6) as tar:
        tar.add(bundle, arcname=bundle.name)
    return archive


def folder_size(folder: Path) -> int:
    """Bytes taken by the files under ``folder`` (symbolic links not followed)."""
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus-dir", type=Path,
                        help="folder of official texts to ship inside the bundle (never committed)")
    parser.add_argument("--dist", type=Path, default=REPO / "dist", help="output folder (default: %(default)s)")
    parser.add_argument("--work", type=Path, default=REPO / "build" / "pyinstaller",
                        help="PyInstaller's scratch folder (default: %(default)s)")
    parser.add_argument("--no-archive", action="store_true", help="leave the bundle folder unpacked only")
    parser.add_argument("--smoke-test", action="store_true",
                        help="after building, start the bundle headless (needs xvfb-run, xwininfo, import)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    version = project_version()
    started = time.monotonic()
    bundle = run_pyinstaller(args.dist, args.work, args.corpus_dir)
    add_desktop_integration(bundle)
    built = time.monotonic() - started
    print(f"built PolicyLens {version} in {built:.0f} s: {bundle} ({folder_size(bundle) / 2**20:.0f} MiB)")
    if not args.no_archive:
        archive = pack(bundle, version)
        print(f"archive: {archive} ({archive.stat().st_size / 2**20:.0f} MiB)")
    if args.smoke_test:
        from smoke_test import smoke_test
        return smoke_test(bundle, version, corpus_dir=args.corpus_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
