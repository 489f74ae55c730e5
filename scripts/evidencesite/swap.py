"""Putting a newly built folder in place of the old one, safely.

- **Atomic.** On Linux the new folder and the old one trade places in one system call
  (``renameat2`` with ``RENAME_EXCHANGE``): at every instant the site folder is
  either the whole old site or the whole new one, even if the process is killed.
  Where that call does not exist (macOS, Windows, old kernels), the old folder is
  renamed away and the new one renamed in, and a folder left without a site by a
  kill in between is put back by the next build (:func:`recover`).
- **One build at a time.** A build holds a lock on the folder that holds the site
  folder; a second build waits for it, saying so, rather than tangling the two
  renames. The lock is the operating system's (``flock`` on the folder itself: no lock
  file to leave behind), so a killed build never leaves it held.
- **Nothing left behind.** Staging folders (``.evidencesite-*``) of builds that were
  killed are removed by the next build, which holds the lock, so none is in use.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

STAGING_PREFIX = ".evidencesite-"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _renameat2() -> object | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        return libc.renameat2
    except (OSError, AttributeError):
        return None


def exchange(new: Path, current: Path) -> bool:
    """Swap two existing folders in one step; False when the system cannot."""
    call = _renameat2()
    if call is None:
        return False
    result = call(  # type: ignore[operator]
        _AT_FDCWD, os.fsencode(new), _AT_FDCWD, os.fsencode(current), _RENAME_EXCHANGE
    )
    if result == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False  # this kernel or file system cannot exchange
    raise OSError(error, os.strerror(error), str(current))


def put_in_place(new: Path, site: Path, old: Path) -> None:
    """Make ``new`` the site folder; the previous site ends up at ``old`` (or nowhere,
    when there was none)."""
    if not site.exists():
        new.rename(site)
    elif exchange(new, site):
        new.rename(old)  # 'new' now holds the previous site
    else:
        site.rename(old)
        try:
            new.rename(site)
        except OSError:
            old.rename(site)  # put the previous site back before reporting
            raise


@contextlib.contextmanager
def build_lock(site: Path, waiting: str) -> Iterator[None]:
    """Hold the site folder's lock; print ``waiting`` if another build holds it."""
    site.parent.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # Windows: no flock; builds there must not overlap
        yield
        return
    handle = os.open(site.parent, os.O_RDONLY)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(waiting, file=sys.stderr, flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # releases the lock


def staging_prefix(site: Path) -> str:
    """Staging folders of builds of this site folder: '.evidencesite-site-<random>'.
    Another site folder beside it ('site-preview') has its own."""
    return f"{STAGING_PREFIX}{site.name}-"


def recover(site: Path) -> None:
    """With the lock held: put back a site a killed build of this site folder left out
    of place, and remove the staging folders of its builds that were killed. Folders
    of other site folders, or not named by this module, are never touched."""
    prefix = staging_prefix(site)
    for folder in sorted(site.parent.glob(f"{prefix}*")):
        if folder.name[len(prefix) :].count("-"):  # 'site-preview-x' is not 'site-x'
            continue
        if not folder.is_dir():
            continue
        previous = folder / "old-site"
        if not site.exists() and previous.is_dir():
            previous.rename(site)  # killed between the two renames of the fallback
        shutil.rmtree(folder, ignore_errors=True)
