"""A kit's PDFs: rendered in worker processes, the checklists kept across kits, the forms never
kept anywhere but in the kit (candidate data stays in the folder the user names)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import run_playbook
from tests.test_kit import CHECKLISTS, EXAMPLE


def kit_pdfs(kit: Path) -> dict[str, bytes]:
    return {str(p.relative_to(kit)): p.read_bytes() for p in sorted(kit.rglob("*.pdf"))}


def test_checklists_are_kept_and_forms_are_not(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    kept = tmp_path / "kept"
    monkeypatch.setenv("PLAYBOOK_PDF_CACHE", str(kept))
    code, _, err = run_playbook("kit", str(EXAMPLE), "-o", str(tmp_path / "first"))
    assert (code, err) == (0, "")
    # One file per checklist (both interviewers print the same), and no form.
    assert len(list(kept.iterdir())) == len(CHECKLISTS)
    for path in kept.iterdir():
        data = path.read_bytes()
        assert b"Amara" not in data and b"Okafor" not in data
        assert "/AcroForm" not in PdfReader(path).trailer["/Root"]
    first = kit_pdfs(tmp_path / "first")

    # The next kit takes the checklists from there: the same bytes, nothing new kept.
    code, _, err = run_playbook("kit", str(EXAMPLE), "-o", str(tmp_path / "second"))
    assert (code, err) == (0, "")
    assert len(list(kept.iterdir())) == len(CHECKLISTS)
    second = kit_pdfs(tmp_path / "second")
    assert second.keys() == first.keys()
    for name in first:
        if not name.endswith("scorecard.pdf"):
            assert second[name] == first[name], name


def test_a_kit_without_kept_pdfs_renders_the_same_printouts(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Kept or freshly rendered, a checklist in the kit reads the same."""
    monkeypatch.setenv("PLAYBOOK_PDF_CACHE", str(tmp_path / "kept"))
    run_playbook("kit", str(EXAMPLE), "-o", str(tmp_path / "warm-up"))
    code, _, _ = run_playbook("kit", str(EXAMPLE), "-o", str(tmp_path / "warm"))
    assert code == 0
    monkeypatch.setenv("PLAYBOOK_PDF_CACHE", "off")
    code, _, _ = run_playbook("kit", str(EXAMPLE), "-o", str(tmp_path / "cold"))
    assert code == 0
    warm, cold = kit_pdfs(tmp_path / "warm"), kit_pdfs(tmp_path / "cold")
    assert warm.keys() == cold.keys()
    for name in warm:
        texts = [[page.extract_text() for page in PdfReader(folder / name).pages]
                 for folder in (tmp_path / "warm", tmp_path / "cold")]
        assert texts[0] == texts[1], name
