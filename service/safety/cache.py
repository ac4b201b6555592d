"""The compiled vocabulary kept on disk, so a process starts in milliseconds.

Compiling `words/*.yaml` (reading the YAML, parsing every pattern, learning
the misspellings) takes a second or more; every `flask` command and every
gunicorn worker would pay it. The compiled form is pickled once and read
back by later processes, under a key that is the sha256 of:
- every words file's name and bytes (a changed phrase is a new key),
- the code that compiles them (`lexicon.py`, `patterns.py`, `normalise.py`),
- the Python version (pickles and regular expressions belong to one).

A file is only written after a full compile succeeded, so a broken words
file never has a cache entry: it always fails loudly where it is compiled.
Regular expressions are not in the file (unpickling one compiles it again):
each pattern compiles its own on first use (`patterns.Compiled.regex`).

Where: `SAFETY_CACHE_DIR` if set (empty: no cache), else `__pycache__`
beside the words. Writing is best effort, as with Python's own bytecode: on
a read-only deploy nothing is written and each process compiles, as before.
The directory must be as trusted as the code (a pickle can run code).
"""

import gc
import hashlib
import logging
import os
import pickle
import sys
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)

_HERE = Path(__file__).resolve().parent
COMPILER = ("lexicon.py", "patterns.py", "normalise.py")
PREFIX = "lexicon-"


def directory_for(words_dir):
    """Where the cache of a words directory lives, or None for no cache."""
    chosen = os.environ.get("SAFETY_CACHE_DIR")
    if chosen is not None:
        return Path(chosen) if chosen.strip() else None
    return Path(words_dir) / "__pycache__"


def key(words_dir):
    """The sha256 of the words files, the compiler's code and Python's version; None
    when a file cannot be read (the compile that follows says which)."""
    digest = hashlib.sha256(sys.version.encode())
    digest.update(str(pickle.HIGHEST_PROTOCOL).encode())
    try:
        for name in COMPILER:
            digest.update(name.encode() + b"\0" + (_HERE / name).read_bytes())
        for path in sorted(Path(words_dir).glob("*.yaml")):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    except OSError:
        return None
    return digest.hexdigest()


def _path(words_dir, digest):
    where = directory_for(words_dir)
    return None if where is None or digest is None else where / f"{PREFIX}{digest[:32]}.pickle"


def read(words_dir, digest):
    """The compiled vocabulary stored under this key, or None."""
    path = _path(words_dir, digest)
    if path is None:
        return None
    # Unpickling makes some 150,000 objects that live as long as the process; the
    # collector, left on, runs over them again and again while they are made and
    # after (the read took 75-110 ms with it, 40 ms without). It is paused while
    # they are made, and they are then frozen: moved out of every later collection,
    # as the Python docs advise for what a process keeps (bench/RESULTS.md, round 8).
    collecting, stored_key = gc.isenabled(), None
    gc.disable()
    try:
        with open(path, "rb") as f:
            stored_key, value = pickle.load(f)
    except FileNotFoundError:
        return None
    except Exception as error:  # noqa: BLE001 - a damaged cache is only a slower start
        log.warning("safety words cache %s unreadable (%s): compiling", path, error)
        return None
    finally:
        if collecting:
            if stored_key == digest:
                gc.freeze()
            gc.enable()
    return value if stored_key == digest else None


def write(words_dir, digest, value):
    """Store a compiled vocabulary under its key; True when written."""
    path = _path(words_dir, digest)
    if path is None:
        return False
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # A temporary file then a rename: a process reading never sees half a file.
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".tmp-", delete=False) as f:
            temporary = f.name
            pickle.dump((digest, value), f, protocol=pickle.HIGHEST_PROTOCOL)
        os.chmod(temporary, 0o644)  # readable by the other processes, as __pycache__ is
        os.replace(temporary, path)
        for old in path.parent.glob(f"{PREFIX}*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)  # the words or the code changed since
    except (OSError, pickle.PicklingError) as error:
        log.info("safety words cache not written to %s (%s): each start compiles", path, error)
        if temporary:
            Path(temporary).unlink(missing_ok=True)
        return False
    return True
