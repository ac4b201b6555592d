"""The programmes of one folder, loaded once and re-read when a file (or variables.yaml) changes."""

import os
import threading
from pathlib import Path

from .. import templates
from .model import SLUG, ProgrammeInvalid, ProgrammeNotFound
from .validator import load_programme


class Library:
    """The programmes in one folder, each re-read when its file changes."""

    def __init__(self, directory, *, templates_dir=None):
        self.directory = Path(directory)
        self._folder = str(self.directory)
        self.templates_dir = templates_dir
        self._entries = {}  # slug -> (stamp, Programme or ProgrammeInvalid)
        self._lock = threading.Lock()

    def _stamp(self, path):
        st = os.stat(path)
        variables = templates.variables_path(self.templates_dir)
        try:
            vst = os.stat(variables)
            vstamp = (vst.st_mtime_ns, vst.st_size)
        except FileNotFoundError:
            vstamp = None
        return (st.st_mtime_ns, st.st_size, vstamp)

    def slugs(self):
        """Slugs of every programme file in the folder, sorted."""
        if not self.directory.is_dir():
            return []
        return sorted(p.stem for p in self.directory.glob("*.yaml") if SLUG.match(p.stem))

    def _load(self, slug):
        """The Programme, or the ProgrammeInvalid it raised (cached by file stamp)."""
        if not isinstance(slug, str) or not SLUG.match(slug):
            raise ProgrammeNotFound(slug)
        path = os.path.join(self._folder, slug + ".yaml")
        try:
            stamp = self._stamp(path)
        except FileNotFoundError:
            with self._lock:
                self._entries.pop(slug, None)
            raise ProgrammeNotFound(slug) from None
        hit = self._entries.get(slug)
        if hit and hit[0] == stamp:
            return hit[1]
        try:
            result = load_programme(path, templates_dir=self.templates_dir)
        except ProgrammeInvalid as exc:
            result = exc
        with self._lock:
            self._entries[slug] = (stamp, result)
        return result

    def get(self, slug):
        """The programme `slug` (ProgrammeNotFound, or ProgrammeInvalid if broken)."""
        result = self._load(slug)
        if isinstance(result, ProgrammeInvalid):
            raise result
        return result

    def valid(self):
        """Every programme in the folder that loads, by slug."""
        out = []
        for slug in self.slugs():
            try:
                result = self._load(slug)
            except ProgrammeNotFound:  # removed while we looked
                continue
            if not isinstance(result, ProgrammeInvalid):
                out.append(result)
        return out

    def problems(self):
        """Every error and warning in the folder's programme files."""
        out = []
        for slug in self.slugs():
            try:
                result = self._load(slug)
            except ProgrammeNotFound:
                continue
            out.extend(result.problems if isinstance(result, ProgrammeInvalid) else result.warnings)
        return out


_libraries = {}
_libraries_lock = threading.Lock()


def get_library(directory, *, templates_dir=None):
    """The one Library for `directory` in this process."""
    key = (os.path.abspath(directory), str(templates_dir) if templates_dir else None)
    with _libraries_lock:
        if key not in _libraries:
            _libraries[key] = Library(directory, templates_dir=templates_dir)
        return _libraries[key]
