"""Writing files so that nothing is ever half-written or lost.

Every write goes to a temp file beside its target (same filesystem, so the rename is atomic),
is fsynced, renamed over the target, and the folder is fsynced so the rename itself survives
a power cut. A second writer waits on an advisory lock that the OS releases if the holder dies.

Reading refuses, at once, anything that is not a regular file (a named pipe would block
forever, a device would read forever), and writing refuses a file its owner made read-only:
the rename would otherwise replace it without asking. See docs/storage.md.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from iepcheck.errors import UserError, WriteError
from iepcheck.language.messages import N_, _

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
#: Flags of the POSIX open that a platform may lack (Windows has neither): 0 where absent.
NONBLOCK = getattr(os, "O_NONBLOCK", 0)
CLOEXEC = getattr(os, "O_CLOEXEC", 0)

#: mkstemp's random part: eight of [a-z0-9_].
_RANDOM = r"[a-z0-9_]{8}"


class NotRegularFile(OSError):
    """A path that names a named pipe, a device or a socket: never opened for reading."""

    def __init__(self, path: Path, what: str) -> None:
        super().__init__(errno.EINVAL, _("it is {kind}, not a regular file").format(kind=what),
                         str(path))
        self.what = what


def resolve(path: Path) -> Path:
    """Follow a symlinked data file to its target, so we replace the file, not the link.

    A link that loops back on itself is the user's to fix: one line, not a traceback.
    """
    if not path.is_symlink():
        return path
    try:
        return path.resolve()
    except (RuntimeError, OSError) as error:  # RuntimeError: Python < 3.13 on a loop
        if isinstance(error, OSError) and error.errno != errno.ELOOP:
            raise
        raise UserError(link_loop(path)) from None


def link_loop(path: Path) -> str:
    return _("{path} is a symbolic link that loops back on itself (ELOOP); point it at the "
             "real file with 'ln -sfn TARGET LINK' (nothing was changed)").format(path=path)


def reason(error: OSError) -> str:
    """Why a file could not be opened, in words a user can act on."""
    if error.errno == errno.ELOOP:
        return _("it is a symbolic link that loops back on itself (ELOOP); point it at the "
                 "real file")
    return error.strerror or str(error)


def file_kind(mode: int) -> str | None:
    """What a non-regular file is, in plain words; None for a regular file or a folder."""
    if stat.S_ISFIFO(mode):
        return _("a named pipe (FIFO)")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _("a device")
    if stat.S_ISSOCK(mode):
        return _("a socket")
    return None


def open_regular(path: Path) -> BinaryIO:
    """Open `path` for reading only if it is a regular file.

    Checked with stat before opening, then again on the open descriptor (the name may have
    been swapped in between); the open is non-blocking, so even a pipe that appears in that
    gap is refused instead of waiting for a writer. A folder raises IsADirectoryError.
    """
    kind = file_kind(os.stat(path).st_mode)
    if kind is not None:
        raise NotRegularFile(path, kind)
    fd = os.open(path, os.O_RDONLY | NONBLOCK | CLOEXEC)
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if not stat.S_ISREG(mode):
            raise NotRegularFile(path, file_kind(mode) or _("not a regular file"))
        if NONBLOCK:
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: Path) -> bytes:
    """The bytes of a regular file (see open_regular)."""
    with open_regular(path) as handle:
        return handle.read()


def read_file(path: Path, what: str, *, missing: str, option: str,
              error: type[UserError] = UserError, limit: int | None = None) -> bytes:
    """The bytes of a regular file, or one sentence saying why not and what to do.

    The one place a file the user named is read: the plan, a saved email. A pipe or a device
    is refused, never waited on or read for ever; `limit` bounds how much is read.
    """
    with _user_file(path, what, missing=missing, option=option, error=error) as handle:
        raw = handle.read(limit + 1) if limit is not None else handle.read()
    if limit is not None and len(raw) > limit:
        raise error(_("{path} is larger than {size} MiB, more than {a_file} should be; check "
                      "that it is the right file").format(path=path, size=limit // (1 << 20),
                                                          a_file=_a_file(what)))
    return raw


def read_lines(path: Path, what: str, *, missing: str, option: str,
               error: type[UserError] = UserError) -> Generator[bytes, None, None]:
    """The lines of a regular file (each with its line end), read as they are wanted: a
    mailbox of any size in flat memory. Refused as `read_file` refuses, in the same words."""
    with _user_file(path, what, missing=missing, option=option, error=error) as handle:
        yield from handle


@contextlib.contextmanager
def _user_file(path: Path, what: str, *, missing: str, option: str,
               error: type[UserError]) -> Iterator[BinaryIO]:
    """A file the user named, open for reading; any failure, opening or reading, is one
    sentence saying why and what to do."""
    try:
        with open_regular(path) as handle:
            yield handle
    except FileNotFoundError:
        raise error(_("no {what} at {path}; {missing}").format(
            what=_noun(what), path=path, missing=missing)) from None
    except IsADirectoryError:
        raise error(_("{path} is a folder, not {a_file}; pass {option} PATH").format(
            path=path, a_file=_a_file(what), option=option)) from None
    except NotRegularFile as refused:
        raise error(_("{path} is {kind}, not {a_file} (not a regular file); pass {option} "
                      "naming one").format(path=path, kind=refused.what, a_file=_a_file(what),
                                           option=option)) from None
    except OSError as failed:
        raise error(_("cannot read the {what} {path}: {reason}").format(
            what=_noun(what), path=path, reason=reason(failed))) from None


#: The files a user names, as the sentences about them say them (`read_file`'s `what`).
_NOUNS = {"plan": N_("plan"), "email": N_("email"), "service log": N_("service log")}
_A_FILE = {"plan": N_("a plan file"), "email": N_("an email file"),
           "service log": N_("a service log file")}


def _noun(what: str) -> str:
    return _(_NOUNS[what]) if what in _NOUNS else what


def _a_file(what: str) -> str:
    if what in _A_FILE:
        return _(_A_FILE[what])
    return f"{'an' if what[:1] in 'aeiou' else 'a'} {what} file"


def atomic_write(path: Path, payload: bytes | Callable[[BinaryIO], None], *,
                 exclusive: bool = False, temp_prefix: str | None = None) -> None:
    """Replace `path` with `payload` atomically, keeping its mode (0600 for a new file).

    `payload` is the bytes, or a function that writes them to the open temp file (a large
    attachment is copied a block at a time). `temp_prefix` names the temp file when the
    default `.NAME.` would not say whose it is (the evidence folder's copies).

    With `exclusive`, refuse if the file already exists (used by `init`). A folder that is
    missing, read-only or full is the user's to fix: WriteError, and the old file stands.
    So is a file its owner made read-only.
    """
    try:
        _atomic_write(path, payload, exclusive=exclusive, temp_prefix=temp_prefix)
    except FileExistsError:
        if exclusive:
            raise
        raise cannot_write(path, _("a file appeared in the way")) from None
    except NotRegularFile as error:
        raise WriteError(_("{path} is {kind}, not a regular file, and iepcheck replaces only "
                           "files; give a new file name (nothing was written)").format(
                               path=path, kind=error.what)) from None
    except OSError as error:
        raise cannot_write(path, reason(error)) from None


def cannot_write(path: Path, why: str) -> WriteError:
    return WriteError(_("cannot write {path}: {why}; check that its folder exists and that "
                        "you may write there (nothing was changed)").format(path=path, why=why))


def check_writable(path: Path) -> None:
    """Refuse to replace a file whose owner took away its write permission.

    The atomic rename needs write permission on the folder only, so without this check a
    read-only log or plan would be replaced as if it were not; a user who protected a file
    means it. The owner's bit is checked, not os.access, so the rule holds for root too.
    """
    try:
        mode = resolve(path).stat().st_mode
    except FileNotFoundError:
        return
    except OSError as error:
        raise cannot_write(path, reason(error)) from None
    if not mode & stat.S_IWUSR:
        raise WriteError(_("{path} is read-only (its write permission was removed); iepcheck "
                           "does not replace a file you protected: run 'chmod u+w {path}' "
                           "first if you mean it to be written (nothing was changed)").format(
                               path=path))


def _atomic_write(path: Path, payload: bytes | Callable[[BinaryIO], None], *, exclusive: bool,
                  temp_prefix: str | None) -> None:
    target = resolve(path)
    folder = target.parent
    before = _identity(target)
    mode = None if before is None else stat.S_IMODE(before.st_mode)
    if exclusive and mode is not None:
        raise FileExistsError(str(target))
    if mode is not None:
        check_writable(target)
    prefix = temp_prefix if temp_prefix is not None else f".{target.name}."
    import tempfile  # here: a command that only reads never loads it

    fd, temp = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=folder)
    try:
        hold(fd)  # "being written": a stale-temp sweep passes it by
        _private(fd, temp, mode if mode is not None else PRIVATE_FILE)
        with os.fdopen(fd, "wb") as handle:
            if isinstance(payload, bytes):
                handle.write(payload)
            else:
                payload(handle)
            handle.flush()
            os.fsync(handle.fileno())
        if not _same_identity(before, _identity(target)):
            raise WriteError(_("{path} changed while iepcheck was writing it (is another "
                               "program, a sync tool or an editor, writing it?); nothing was "
                               "written: run the command again").format(path=path))
        if exclusive:
            os.link(temp, target)  # fails if someone created it meanwhile
            os.unlink(temp)
        else:
            os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    fsync_dir(folder)


def _identity(path: Path) -> os.stat_result | None:
    """The file a write will replace, or None for a new name. Only a regular file is ever
    replaced: a device, a pipe or a socket (or a link to one) is refused, even for root,
    whose rename would otherwise swap the node for a child's report."""
    try:
        found = path.stat()
    except FileNotFoundError:
        return None
    kind = file_kind(found.st_mode)
    if kind is not None:
        raise NotRegularFile(path, kind)
    return found


def refuse_special(output: Path, option: str = "--output") -> None:
    """An output that is, or links to, a device, a pipe or a socket: refused before any
    work is done (atomic_write refuses it again when it writes)."""
    try:
        _identity(output)
    except NotRegularFile as error:
        raise UserError(_("{option}: {output} is {kind}, not a regular file, and iepcheck "
                          "replaces only files; give a new file name (nothing was "
                          "written)").format(option=option, output=output,
                                             kind=error.what)) from None
    except OSError:
        return  # a loop or a folder we may not read: the write says so in its own words


def _same_identity(before: os.stat_result | None, after: os.stat_result | None) -> bool:
    """Nobody wrote the target while the temp file was written and synced."""
    if before is None or after is None:
        return before is after
    return ((before.st_ino, before.st_dev, before.st_size, before.st_mtime_ns)
            == (after.st_ino, after.st_dev, after.st_size, after.st_mtime_ns))


def _private(fd: int, name: str, mode: int) -> None:
    """The file's mode, set on the open file where the platform can (no window in which
    another user could open it by name), by name where it cannot (Windows: read-only or not;
    the folder's access list keeps it private there)."""
    if hasattr(os, "fchmod"):
        os.fchmod(fd, mode)
    else:
        os.chmod(name, mode)


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable; where a folder cannot be opened (Windows), the
    rename is already durable when it returns."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def lock_path(target: Path) -> Path:
    """`.NAME.lock` beside the file it guards."""
    return target.parent / f".{target.name}.lock"


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock for writing `path`, and clear the temp files a killed writer left.

    The lock lives on a sidecar file (`.NAME.lock`), not the data file, because the data file
    is replaced by rename on every write and a lock on the old inode would protect nothing.
    Every writer of `path` holds this lock, so a temp file of its naming found now is stale.
    """
    import filelock  # the platform's own lock: flock on Unix, LockFileEx on Windows

    target = resolve(path)
    lock = filelock.FileLock(str(lock_path(target)), mode=PRIVATE_FILE)
    try:
        if not target.parent.is_dir():  # filelock would make the folder: never guess a place
            raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), str(target.parent))
        lock.acquire()
    except OSError as error:
        raise cannot_write(path, reason(error)) from None
    try:
        remove_stale_temps(target.parent, temp_pattern(target.name))
        yield
    finally:
        lock.release()  # so does the process dying


def temp_pattern(name: str) -> re.Pattern[str]:
    """The temp files atomic_write makes for `name` and for its dated backups:
    `.NAME.<random>.tmp` and `.NAME.YYYY-MM-DD.bak.<random>.tmp`."""
    return re.compile(rf"\.{re.escape(name)}(\.\d{{4}}-\d{{2}}-\d{{2}}\.bak)?\.{_RANDOM}\.tmp")


def remove_stale_temps(folder: Path, pattern: re.Pattern[str]) -> list[str]:
    """Delete the regular files in `folder` whose whole name matches `pattern`; return their
    names. Only ever called under the lock that every writer of those files holds."""
    removed: list[str] = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed  # no folder yet, or not ours to list: nothing to clear
    for name in names:
        if not pattern.fullmatch(name):
            continue
        with contextlib.suppress(OSError):
            if stat.S_ISREG(os.lstat(folder / name).st_mode) and abandoned(folder / name):
                os.unlink(folder / name)
                removed.append(name)
    return removed


def clear_abandoned_temps(output: Path) -> list[str]:
    """The temp files a killed write of `output` left (a bundle's is a whole copy of it):
    an output takes no lock, so only those no live writer holds are removed."""
    target = resolve(output)
    return remove_stale_temps(target.parent, temp_pattern(target.name))


def abandoned(path: Path) -> bool:
    """No live writer holds it: every writer locks its temp file or scratch folder while it
    works, and the lock goes with the process (kill -9 included)."""
    fd = os.open(path, os.O_RDONLY | NONBLOCK | CLOEXEC)
    try:
        return not held(fd)
    finally:
        os.close(fd)


def hold(fd: int) -> None:
    """Mark an open temp file or scratch folder as in use for as long as this process lives
    (flock: released by the kernel on any exit, kill -9 included). Where there is no flock
    (Windows), an open file cannot be removed anyway, so the sweep's unlink fails on it."""
    try:
        import fcntl
    except ImportError:
        return
    fcntl.flock(fd, fcntl.LOCK_EX)


def held(fd: int) -> bool:
    """Another live process holds it (`hold`); False where there is no flock."""
    try:
        import fcntl
    except ImportError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    return False


def make_private_dir(folder: Path) -> None:
    folder.mkdir(mode=PRIVATE_DIR, parents=False, exist_ok=True)


def make_private_dirs(folder: Path) -> None:
    """`folder` and any missing parents, each new one 0700 whatever the umask."""
    if folder.is_dir():
        return
    if not folder.parent.is_dir():
        make_private_dirs(folder.parent)
    folder.mkdir(mode=PRIVATE_DIR, exist_ok=True)
    os.chmod(folder, PRIVATE_DIR)


@dataclass(frozen=True)
class Guard:
    """A path that holds the record, and what to call it when refusing to write over it.

    `inside`: a folder whose every file is guarded. `pattern`: `path.name` is an fnmatch
    pattern for the names beside it that are guarded (existing or not yet written).
    """

    path: Path
    what: str
    inside: bool = False
    pattern: bool = False


def refuse_protected(output: Path, guards: Iterable[Guard], option: str = "--output") -> None:
    """Refuse an output file that is, or would land on, part of the record.

    Compared by real path (through symlinks, `./` and `..`) and, where both exist, by inode
    (a hard link under another name), so no spelling of the plan, the log, a backup, a lock
    or a file in the evidence folder can be written over by a report.
    """
    real = Path(os.path.realpath(output))
    for guard in guards:
        if _covers(guard, output, real):
            where = "" if str(guard.path) == str(output) else f" ({guard.path})"
            raise UserError(_("{option}: {output} is {what}{where}; iepcheck never writes a "
                              "report or draft over its own record: choose another file name "
                              "(nothing was written)").format(option=option, output=output,
                                                              what=_(guard.what), where=where))


def _covers(guard: Guard, output: Path, real: Path) -> bool:
    import fnmatch

    if guard.pattern:
        folder = Path(os.path.realpath(guard.path.parent))
        if real.parent == folder and fnmatch.fnmatchcase(real.name, guard.path.name):
            return True
        return any(_same(output, p) for p in folder.glob(guard.path.name))
    target = Path(os.path.realpath(guard.path))
    if guard.inside:  # a folder's spelling may differ in case only: compare existing ones too
        return real.is_relative_to(target) or any(_same(p, target) for p in real.parents)
    return real == target or _same(output, guard.path)


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False  # one of them does not exist (yet): the real paths decided
