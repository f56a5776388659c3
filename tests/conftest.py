from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = REPO / "corpus"
GOLDEN = REPO / "golden"


_TOP = []


def top_corpus() -> Path:
    """corpus/'s own notices without the real and held-out sets in its subfolders: one folder
    for the batch and feed tests to convert (ids are unique within it)."""
    if not _TOP:
        import atexit
        import shutil
        import tempfile

        folder = Path(tempfile.mkdtemp(prefix="policytasks-corpus-"))
        atexit.register(shutil.rmtree, folder, True)
        for f in CORPUS.glob("*.txt"):
            shutil.copy(f, folder / f.name)
        _TOP.append(folder)
    return _TOP[0]


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the repository")
    return SHARED


@pytest.fixture(scope="session")
def xicheng():
    import policytasks

    return policytasks.parse(CORPUS / "xicheng-2024.txt")


# CI runs every hypothesis suite with a fixed number of examples, derandomised, so a run
# is repeatable; locally the per-test settings apply.
def _hypothesis_profiles():
    import os

    from hypothesis import settings

    settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
    if os.environ.get("CI"):
        settings.load_profile("ci")


_hypothesis_profiles()


@pytest.fixture(scope="module")
def seed_text() -> str:
    """The reference notice as text."""
    return (CORPUS / "xicheng-2024.txt").read_text(encoding="utf-8")


def lines_of(text: str) -> list[str]:
    """Non-blank lines, stripped."""
    return [s.strip() for s in text.splitlines() if s.strip()]
