"""Stored files (packs, uploads, cuts, pictures) wherever the portal keeps them: on the
host's disk, or in a private bucket of an S3-compatible store (``STORAGE_BUCKET``).

pdfium and pdfplumber read a file by its path, so ``local_copy`` gives them one. Cuts
and pictures are named by what they hold, so ``content_store`` writes each once, and
whole: a reader never finds part of one.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

# Read and written in pieces of this size, never whole.
CHUNK = 1024 * 1024


@contextmanager
def local_copy(stored) -> Iterator[Path]:
    """A path to the stored file ``stored`` (a model's file, or a name in the default
    storage) for as long as the block runs: the file itself on the host's disk, else a
    temporary copy of the object, deleted after. Raises ``FileNotFoundError``."""
    name, storage = _name_and_storage(stored)
    try:
        path = storage.path(name)
    except NotImplementedError:  # an object store: no path of its own
        path = None
    if path is not None:
        yield Path(path)
        return
    with tempfile.NamedTemporaryFile(suffix=Path(name).suffix) as copy:
        with storage.open(name, "rb") as source:
            _download(source, copy)
        copy.flush()
        yield Path(copy.name)


def _name_and_storage(stored):
    if isinstance(stored, str):
        return stored, default_storage
    return stored.name, stored.storage


def _download(source, target) -> None:
    obj = getattr(source, "obj", None)  # django-storages' S3File: its boto3 object
    if obj is not None:
        obj.download_fileobj(target)  # in parts, straight to the file
    else:
        shutil.copyfileobj(source, target, CHUNK)


def content_store(name: str, content: bytes) -> None:
    """Store ``content`` under ``name`` unless something is stored there already. Two
    processes storing the same name store the same content, so either may win."""
    if default_storage.exists(name):
        return
    try:
        path = Path(default_storage.path(name))
    except NotImplementedError:
        # An object appears whole or not at all; another process's copy may have
        # landed meanwhile, and the storage then saved this one under a new name.
        saved = default_storage.save(name, ContentFile(content))
        if saved != name:
            default_storage.delete(saved)
        return
    # On disk a file is visible while it is written: write beside it, then rename.
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.part")
    partial.write_bytes(content)
    os.replace(partial, path)
