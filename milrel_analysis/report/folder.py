"""The output folder of ``milrel report``: a lock, a manifest that matches the disk, safe swaps.

:class:`OutputFolder` is used by one run at a time (a lock held with ``flock``, which the
system releases when the process dies, so a stale lock is simply taken over). Each
notebook's new outputs are built in a temporary folder and swapped in whole; the manifest is
rewritten atomically after each notebook, with a ``pending`` record while a swap is under
way, so that a run killed at any point leaves a manifest that says what is on disk, and the
next run finishes or undoes the swap (:meth:`OutputFolder.recover`). Files the manifest does
not list are never deleted: replacing a folder that holds one is refused, naming it.
"""

from __future__ import annotations

import ctypes
import errno
import hashlib
import json
import os
import shutil
import sys
import uuid
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ..errors import ArgumentValueError, ReportError
from .writers import write_atomic

__all__ = ["LOCK_NAME", "OutputFolder", "UnlistedFilesError", "folder_digest", "sha256_file"]

LOCK_NAME = ".milrel-report.lock"
TMP_PREFIX = ".milrel-tmp-"
FAILED = "_failed"

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: an exclusive create instead of flock
    fcntl = None  # type: ignore[assignment]


class UnlistedFilesError(ArgumentValueError):
    """A folder the run would replace holds files the manifest does not list."""


def sha256_file(path: Path) -> str:
    """The sha256 of a file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def folder_digest(folder: Path, relative_to: Path) -> dict[str, str]:
    """``{path relative to relative_to: sha256}`` for every file under `folder`."""
    return {p.relative_to(relative_to).as_posix(): sha256_file(p)
            for p in sorted(folder.rglob("*")) if p.is_file()}


class OutputFolder:
    """One report output folder, locked for the duration of a run (a context manager)."""

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = Path(path).resolve()
        self.manifest_path = self.path / "manifest.json"
        self._lock_fd: int | None = None
        self.tmp: Path | None = None
        self.stale_lock: str | None = None

    # ------------------------------------------------------------------ lock

    def __enter__(self) -> OutputFolder:
        self.path.mkdir(parents=True, exist_ok=True)
        self._lock()
        try:
            self.recover()
            self.tmp = self.path / f"{TMP_PREFIX}{os.getpid()}-{uuid.uuid4().hex[:8]}"
            self.tmp.mkdir()
        except BaseException:
            self._unlock()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        if self.tmp is not None:
            shutil.rmtree(self.tmp, ignore_errors=True)
        self._unlock()

    def _lock(self) -> None:
        path = self.path / LOCK_NAME
        for _ in range(10):
            if fcntl is None:  # pragma: no cover
                try:
                    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
                except FileExistsError:
                    raise self._locked(path) from None
            else:
                fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    os.close(fd)
                    raise self._locked(path) from None
                try:  # the file may have been removed by the run that just finished
                    same = os.stat(path).st_ino == os.fstat(fd).st_ino
                except FileNotFoundError:
                    same = False
                if not same:
                    os.close(fd)
                    continue
            previous = os.read(fd, 200).decode("utf-8", "replace").strip()
            if previous:
                self.stale_lock = previous  # its process died without removing it
            os.lseek(fd, 0, os.SEEK_SET)
            os.ftruncate(fd, 0)
            os.write(fd, f"pid {os.getpid()}\n".encode())
            self._lock_fd = fd
            return
        raise ReportError(f"could not lock {self.path}")  # pragma: no cover

    def _locked(self, path: Path) -> ArgumentValueError:
        try:
            holder = path.read_text(encoding="utf-8").strip() or "another process"
        except OSError:
            holder = "another process"
        return ArgumentValueError(
            f"--out {str(self.path)!r} is in use by another milrel report ({holder}); wait for "
            "it to finish or choose another folder")

    def _unlock(self) -> None:
        if self._lock_fd is None:
            return
        # Remove the file while still holding it: a run waiting on this file sees that it
        # is gone and locks a new one.
        (self.path / LOCK_NAME).unlink(missing_ok=True)
        os.close(self._lock_fd)
        self._lock_fd = None

    # ------------------------------------------------------------------ manifest

    def read_manifest(self) -> dict[str, Any]:
        """The manifest on disk (``{}`` when there is none).

        Raises
        ------
        ValueError
            When ``manifest.json`` exists but cannot be read: without it no file could be told
            from the analyst's own.
        """
        try:
            data = json.loads(self.manifest_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as err:
            raise ArgumentValueError(
                f"{self.manifest_path} cannot be read ({err}); move it away to start afresh "
                "(files it listed are then treated as your own)") from None
        return data if isinstance(data, dict) else {}

    def write_manifest(self, manifest: Mapping[str, Any]) -> None:
        """Replace ``manifest.json`` atomically (dropping empty sections)."""
        data = {k: v for k, v in manifest.items() if v not in ({}, None)}
        text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        write_atomic(self.manifest_path, text.encode("utf-8"))

    # ------------------------------------------------------------------ checks

    def unlisted(self, manifest: Mapping[str, Any], names: Iterable[str]) -> list[str]:
        """Files under ``<name>/`` and ``_failed/<name>/`` that the manifest does not list."""
        found = []
        for name in names:
            listed = set(manifest.get("notebooks", {}).get(name, {}).get("outputs", {}))
            listed |= set(manifest.get("pending", {}).get(name, {}).get("entry", {}).get(
                "outputs", {}))
            listed |= set(manifest.get("failed_outputs", {}).get(name, {}))
            folders = [self.path / name]
            if name not in manifest.get("failed", {}) or name in manifest.get("failed_outputs", {}):
                folders.append(self.path / FAILED / name)  # else written by an older version
            for folder in folders:
                if folder.is_dir():
                    found += [rel for p in sorted(folder.rglob("*"))
                              if (p.is_file() or p.is_symlink())
                              and (rel := p.relative_to(self.path).as_posix()) not in listed]
                elif folder.exists():
                    found.append(folder.relative_to(self.path).as_posix())
        return found

    def refuse_unlisted(self, manifest: Mapping[str, Any], names: Iterable[str]) -> None:
        """Raise :class:`UnlistedFilesError` naming the files a run would have to delete."""
        found = self.unlisted(manifest, names)
        if found:
            shown = ", ".join(found[:8]) + (f" and {len(found) - 8} more" if len(found) > 8 else "")
            raise UnlistedFilesError(
                f"{self.path} holds files that milrel report did not write and would have to "
                f"delete: {shown}; move them elsewhere (nothing was changed)")

    # ------------------------------------------------------------------ swaps

    def new_folder(self, name: str) -> Path:
        """An empty temporary folder for a notebook's new outputs."""
        assert self.tmp is not None, "use OutputFolder as a context manager"
        folder = self.tmp / name
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        return folder

    def install(self, manifest: dict[str, Any], name: str, new: Path,
                entry: dict[str, Any]) -> None:
        """Swap `new` in as ``<name>/``, recording `entry`; the folder is never missing.

        Where the system can exchange two folders in one step (Linux ``renameat2``), it does;
        elsewhere the old folder is renamed aside just before the new one takes its place,
        and :meth:`recover` puts it back if the run dies in between.
        """
        final = self.path / name
        self.refuse_unlisted(manifest, [name])
        manifest.setdefault("pending", {})[name] = {
            "tmp": new.relative_to(self.path).as_posix(), "entry": entry}
        self.write_manifest(manifest)
        if not final.exists():
            os.rename(new, final)
        elif exchange(new, final):
            shutil.rmtree(new)  # now the old outputs
        else:
            aside = new.with_name(f"{name}.old")
            os.rename(final, aside)
            os.rename(new, final)
            shutil.rmtree(aside)
        manifest.setdefault("notebooks", {})[name] = entry
        manifest["pending"].pop(name)
        self._drop_failed(manifest, name)
        self.write_manifest(manifest)

    def keep_failed(self, manifest: dict[str, Any], name: str, new: Path, message: str) -> None:
        """Keep a failed run's outputs under ``_failed/<name>/`` with ``ERROR.txt``."""
        try:
            write_atomic(new / "ERROR.txt", f"{message}\n".encode())
        except OSError:
            pass  # a full disk: the manifest still says what failed
        self.refuse_unlisted(manifest, [name])
        if manifest.get("failed_outputs", {}).pop(name, None) is not None:
            self.write_manifest(manifest)  # before the old failed outputs go
        self._drop_failed(manifest, name, keep_record=True)
        target = self.path / FAILED / name
        target.parent.mkdir(exist_ok=True)
        os.rename(new, target)
        manifest.setdefault("failed", {})[name] = message
        manifest.setdefault("failed_outputs", {})[name] = folder_digest(target, self.path)
        self.write_manifest(manifest)

    def _drop_failed(self, manifest: dict[str, Any], name: str, *, keep_record: bool = False
                     ) -> None:
        folder = self.path / FAILED / name
        if folder.exists():
            shutil.rmtree(folder)  # every file in it is listed (checked before)
        manifest.get("failed_outputs", {}).pop(name, None)
        if not keep_record:
            manifest.get("failed", {}).pop(name, None)
        if (self.path / FAILED).is_dir() and not any((self.path / FAILED).iterdir()):
            (self.path / FAILED).rmdir()

    # ------------------------------------------------------------------ recovery

    def recover(self) -> list[str]:
        """Finish or undo what a killed run left half done; return what was done.

        A pending swap whose new outputs are in place is recorded; one whose old outputs
        are still (or again) in place is dropped; a notebook folder renamed aside is put
        back. Temporary folders of dead runs are removed (this run holds the lock).
        """
        notes: list[str] = []
        try:
            manifest = self.read_manifest()
        except ArgumentValueError:
            return notes  # reported when the run reads it
        changed = False
        for name, pending in list(manifest.get("pending", {}).items()):
            final = self.path / name
            new = self.path / pending.get("tmp", "")
            aside = new.with_name(f"{name}.old")
            if not final.exists() and aside.is_dir():
                os.rename(aside, final)  # the old outputs go back where they were
                notes.append(f"restored {name}/ from an interrupted run")
            entry = pending.get("entry", {})
            if final.is_dir() and folder_digest(final, self.path) == entry.get("outputs"):
                manifest.setdefault("notebooks", {})[name] = entry
                notes.append(f"recorded {name}/ written by an interrupted run")
            manifest["pending"].pop(name)
            changed = True
        for legacy in self.path.glob(".*.old"):  # left by earlier versions' swaps
            final = self.path / legacy.name[1:-4]
            if legacy.is_dir() and not final.exists():
                os.rename(legacy, final)
                notes.append(f"restored {final.name}/ from an interrupted run")
        for name in list(manifest.get("failed_outputs", {})):
            if not (self.path / FAILED / name).is_dir():
                manifest["failed_outputs"].pop(name)
                changed = True
        if changed:
            self.write_manifest(manifest)
        for leftover in self.path.glob(f"{TMP_PREFIX}*"):
            shutil.rmtree(leftover, ignore_errors=True)
        return notes


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2(RENAME_EXCHANGE)``); False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EPERM):
        return False  # this file system cannot: fall back to two renames
    raise OSError(code, os.strerror(code), str(b))
