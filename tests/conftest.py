"""Shared fixtures: a throw-away project (`ProjectMaker`, helpers_project.py) and an isolated
cache."""

from __future__ import annotations

import pytest

from helpers_project import ProjectMaker


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory, monkeypatch):
    """Never touch the user's real narration cache from tests."""
    monkeypatch.setenv("STUDIO_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture(autouse=True)
def _edge_voice_unseen(monkeypatch):
    """`auto` never tries the edge voice (its probe would leave the machine): tests of it
    fake edge-tts and say it is installed (tests/test_edge*.py, tests/test_auto*.py)."""
    from studio.speech import edge_engine
    monkeypatch.setattr(edge_engine, "installed", lambda: False)


@pytest.fixture
def project(tmp_path) -> ProjectMaker:
    return ProjectMaker(tmp_path / "proj")
