"""The programme library: lookups, caching, and re-reading changed files."""

import os

import pytest

from service.content.programme import (
    Library,
    ProgrammeInvalid,
    ProgrammeNotFound,
    get_library,
)
from service.content.programme import library as library_module

from .conftest import programme_data


def bump_mtime(path, seconds=10):
    """Move a file's modification time on, as an edit a moment later would."""
    st = os.stat(path)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + seconds * 1_000_000_000))


def test_get_valid_and_problems(write_programme):
    good = write_programme(programme_data())
    broken = programme_data(id="broken")
    broken["closing"] = {"en": "Bye"}
    write_programme(broken, slug="broken")
    library = Library(good.parent)
    assert library.get("mini").slug == "mini"
    assert [p.slug for p in library.valid()] == ["mini"]
    problems = library.problems()
    assert [(p.path.endswith("broken.yaml"), p.location) for p in problems] == [(True, "closing")]
    with pytest.raises(ProgrammeInvalid):
        library.get("broken")


@pytest.mark.parametrize("slug", ["missing", "../programs/mini", "", None, "Mini"])
def test_unknown_or_unsafe_slug_is_not_found(write_programme, slug):
    library = Library(write_programme(programme_data()).parent)
    with pytest.raises(ProgrammeNotFound):
        library.get(slug)


def test_cached_until_the_file_changes(write_programme, monkeypatch):
    path = write_programme(programme_data())
    library = Library(path.parent)
    loads = []
    real = library_module.load_programme

    def counting(*args, **kwargs):
        loads.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(library_module, "load_programme", counting)
    first = library.get("mini")
    assert library.get("mini") is first
    assert len(loads) == 1

    data = programme_data()
    data["days"][1]["practice"]["en"] = "Day two, edited."
    write_programme(data)
    bump_mtime(path)
    second = library.get("mini")
    assert len(loads) == 2
    assert second.day(2).practice["en"] == "Day two, edited."


def test_a_file_that_breaks_then_heals(write_programme):
    path = write_programme(programme_data())
    library = Library(path.parent)
    assert library.get("mini").length == 2
    path.write_text("spec: 1\nid: [", encoding="utf-8")
    bump_mtime(path, 20)
    with pytest.raises(ProgrammeInvalid):
        library.get("mini")
    write_programme(programme_data())
    bump_mtime(path, 30)
    assert library.get("mini").length == 2


def test_deleted_file_is_not_found(write_programme):
    path = write_programme(programme_data())
    library = Library(path.parent)
    library.get("mini")
    path.unlink()
    with pytest.raises(ProgrammeNotFound):
        library.get("mini")
    assert library.valid() == []


def test_get_library_is_one_per_directory(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    assert get_library(a) is get_library(str(a))
    assert get_library(a) is not get_library(b)
