"""Read a PDF in a child process, within a memory limit and a time limit (issue 10).

A small PDF can inflate to gigabytes inside pdfium, and pdfium aborts its whole process
when an allocation fails. So the parser runs in a process of its own: the child caps its
address space (``IMPORT_MEMORY_LIMIT_MB``) and its CPU time, the parent kills it after
``IMPORT_TIME_LIMIT_SECONDS``, and a child that dies becomes a ``ReadingStoppedError``
that staff can read. Progress and the parsed pack come back through a pipe.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import signal
import time
from collections.abc import Callable
from multiprocessing.connection import Connection

from django.conf import settings

from packs import reading

# A fresh interpreter that has imported the parser forks each child: quick to start, and
# its address space is the parser's alone, not the web or task worker's.
_context = multiprocessing.get_context("forkserver")
_context.set_forkserver_preload(["publishing.isolation"])

# How an allocation failure ends a process: Python raises MemoryError, pdfium aborts.
_OUT_OF_MEMORY = {signal.SIGABRT}
_OUT_OF_TIME = {signal.SIGKILL, signal.SIGXCPU}


class ReadingStoppedError(reading.PackError):
    """The child reading the PDF ran out of memory or time, or died."""


def parse_pdf(
    source,
    *,
    filename: str | None = None,
    committee: str | None = None,
    council: str | None = None,
    max_bytes: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    known: tuple[str, ...] = (),
) -> reading.ParsedPack:
    """``reading.parse_pdf`` in a child process, with the limits from settings; ``known``
    is the committees the portal knows (names and aliases), weighed as bodies.

    Raises the child's ``PackError`` as it was, or ``ReadingStoppedError``.
    """
    memory_mb = settings.IMPORT_MEMORY_LIMIT_MB
    seconds = settings.IMPORT_TIME_LIMIT_SECONDS
    name = filename or (
        os.path.basename(source) if isinstance(source, str | os.PathLike) else "upload.pdf"
    )
    receive, send = _context.Pipe(duplex=False)
    child = _context.Process(
        target=_read,
        args=(send, str(source) if isinstance(source, os.PathLike) else source),
        kwargs={
            "filename": name,
            "committee": committee,
            "council": council,
            "known": known,
            "max_bytes": max_bytes,
            "memory_mb": memory_mb,
            "seconds": seconds,
        },
        daemon=True,
    )
    child.start()
    send.close()
    deadline = time.monotonic() + seconds
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not receive.poll(left):
                child.kill()
                child.join()
                raise ReadingStoppedError(stopped_message(name, None, memory_mb, seconds))
            try:
                kind, payload = receive.recv()
            except EOFError:
                child.join()
                raise ReadingStoppedError(
                    stopped_message(name, child.exitcode, memory_mb, seconds)
                ) from None
            if kind == "progress":
                if progress:
                    progress(*payload)
            elif kind == "pack":
                return payload
            else:
                raise payload
    finally:
        receive.close()
        if child.is_alive():
            child.kill()
        child.join()
        child.close()


def reader_start() -> None:
    """Start the interpreter that forks each reader, if it is not running yet: a worker
    does this as it starts, so that its first import does not wait for it (a quarter of a
    second, importing the parser)."""
    child = _context.Process(target=_started, daemon=True)
    child.start()
    child.join()
    child.close()


def _started() -> None:
    """The child ``reader_start`` forks: the interpreter it comes from is ready."""


def stopped_message(name: str, exitcode: int | None, memory_mb: int, seconds: int) -> str:
    """What staff are told when the child reading ``name`` ended without an answer:
    ``exitcode`` is the child's (minus the signal that ended it), None when it was too slow."""
    if exitcode is None or -exitcode in _OUT_OF_TIME:
        why = f"reading it takes longer than the import allows ({_duration(seconds)})"
    elif exitcode is not None and -exitcode in _OUT_OF_MEMORY:
        why = f"it needs more memory than the import allows ({memory_mb:,} MB)"
    elif exitcode is not None and exitcode < 0:
        why = f"the PDF reader crashed on it ({signal.Signals(-exitcode).name})"
    else:
        why = f"the PDF reader stopped without an answer (exit status {exitcode})"
    return (
        f"{name} could not be read: {why}; it may be damaged or built to exhaust the "
        "server. Nothing was imported."
    )


def _duration(seconds: int) -> str:
    if seconds % 60 == 0:
        minutes = seconds // 60
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    return f"{seconds} second{'s' if seconds != 1 else ''}"


def _read(send: Connection, source, *, memory_mb: int, seconds: int, **options) -> None:
    """The child: limit itself, parse, and send back progress and the pack (or the error)."""
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    # A backstop should the parent die: the kernel stops a child that outlives its time.
    resource.setrlimit(resource.RLIMIT_CPU, (seconds + 1, seconds + 2))
    try:
        answer = ("pack", reading.parse_pdf(source, progress=_progress(send), **options))
    except MemoryError:
        answer = ("error", ReadingStoppedError(_memory_message(options, memory_mb, seconds)))
    except Exception as error:
        answer = ("error", error)
    try:
        send.send(answer)
    except MemoryError:
        send.send(("error", ReadingStoppedError(_memory_message(options, memory_mb, seconds))))
    except Exception as error:  # an error that cannot be pickled: its words are enough
        send.send(("error", reading.PackError(str(error) or repr(error))))
    send.close()


def _progress(send: Connection) -> Callable[[int, int], None]:
    return lambda done, total: send.send(("progress", (done, total)))


def _memory_message(options: dict, memory_mb: int, seconds: int) -> str:
    return stopped_message(options["filename"], -signal.SIGABRT, memory_mb, seconds)
