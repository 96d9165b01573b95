"""The browser tests' screenshots are kept as the run's artefacts (``.ci/run`` sets the folder):
each under its test's name, where a reviewer of a CI run finds the pages as the test saw them."""

from __future__ import annotations

from browser import ARTEFACTS_ENV, keep_artefact


def test_a_screenshot_is_kept_under_its_test_when_a_folder_is_set(tmp_path, monkeypatch):
    shot = tmp_path / "zh-Hans" / "map.png"
    shot.parent.mkdir()
    shot.write_bytes(b"\x89PNG a page")
    folder = tmp_path / "artefacts"
    monkeypatch.setenv(ARTEFACTS_ENV, str(folder))
    monkeypatch.setenv("PYTEST_CURRENT_TEST", "tests/test_app_walk.py::walk[zh-Hans] (call)")
    kept = keep_artefact(shot)
    assert kept == folder / "walk-zh-Hans" / "zh-Hans" / "map.png"
    assert kept.read_bytes() == b"\x89PNG a page"


def test_nothing_is_kept_without_a_folder(tmp_path, monkeypatch):
    monkeypatch.delenv(ARTEFACTS_ENV, raising=False)
    shot = tmp_path / "map.png"
    shot.write_bytes(b"x")
    assert keep_artefact(shot) is None


def test_ci_keeps_them_in_test_output():
    from pathlib import Path

    run = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert f'export {ARTEFACTS_ENV}="$PWD/test-output/screenshots"' in run
