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


def shared_missing_message(ci: bool) -> str | None:
    """Why the tests that need ../shared cannot run, or None. Under CI (env CI set) a missing
    ../shared is a failure: a skipped test there would test nothing."""
    if SHARED.is_dir():
        return None
    return ("../shared is not beside the repository" + (": CI must provide it (the fixtures of the shared"
                                                        " folder); see the README" if ci else ""))


def need_shared(path: Path | None = None) -> Path:
    """``path`` (default ../shared) when it is there; else skip the test, or under CI fail it."""
    import os

    ci = bool(os.environ.get("CI"))
    why = shared_missing_message(ci)
    if why is None and path is not None and not path.exists():
        why = f"{path} is missing from ../shared"
    if why and ci:
        pytest.fail(why, pytrace=False)
    if why:
        pytest.skip(why)
    return path or SHARED


@pytest.fixture(scope="session")
def shared() -> Path:
    return need_shared()


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
