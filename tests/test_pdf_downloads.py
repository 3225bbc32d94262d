"""PDF downloads are cached by everything that shapes them: a prose edit renders none, an
artifact edit renders its own, and the cache can never serve a stale file (issue 9)."""

from __future__ import annotations

import dataclasses
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from playbook_tools.model.artifacts import Playbook
from playbook_tools.model.loader import load_playbook
from playbook_tools.render.pdf.store import cache_key, shared_inputs
from playbook_tools.vocabulary import STAGES
from tests.conftest import ROOTS, sphinx_build_root


def build(srcdir: Path) -> dict[str, int]:
    """The site built with its PDFs (``-W``); what the build's PDF store did."""
    built = sphinx_build_root(srcdir, srcdir / "_build")
    assert (built.statuscode, built.warnings) == (0, ""), built.warnings
    counts: dict[str, int] = json.loads(
        (srcdir / "_build" / "doctrees" / "playbook-pdf" / "last-build.json").read_text())
    return counts


def cached(srcdir: Path) -> list[str]:
    return sorted(p.name for p in (srcdir / "_build/doctrees/playbook-pdf").glob("*.pdf"))


def test_only_changed_artifacts_are_rendered_again(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    # The build's own store of PDFs alone: nothing kept across builds in the cache folder.
    monkeypatch.setenv("PLAYBOOK_CACHE", "off")
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-playbook", srcdir)
    # Two printables (a checklist and a scorecard), each in A4 and US Letter.
    assert build(srcdir) == {"rendered": 4, "cached": 0, "kept": 0, "removed": 0}
    downloads = srcdir / "_build" / "html" / "_downloads" / "playbook"
    assert sorted(p.name for p in downloads.iterdir()) == [
        "card-a4.pdf", "card-letter.pdf", "prep-a4.pdf", "prep-letter.pdf"]
    first = cached(srcdir)

    page = srcdir / "checklist.md"
    page.write_text(page.read_text() + "\nA new paragraph of prose.\n")
    assert build(srcdir) == {"rendered": 0, "cached": 4, "kept": 0, "removed": 0}
    assert cached(srcdir) == first

    # The checklist's two old entries are removed: the cache holds what the site uses.
    checklist = srcdir / "playbook" / "checklists" / "prep.yaml"
    checklist.write_text(checklist.read_text().replace("Clear your calendar.", "Clear the day."))
    assert build(srcdir) == {"rendered": 2, "cached": 2, "kept": 0, "removed": 2}
    assert b"%PDF-" in (downloads / "prep-a4.pdf").read_bytes()[:8]
    assert len(cached(srcdir)) == 4
    assert [name for name in cached(srcdir) if name.startswith("card-")] == [
        name for name in first if name.startswith("card-")]

    # A fork's own layout for checklists renders the checklists again, and only them.
    layouts = srcdir / "templates" / "print"
    layouts.mkdir()
    (layouts / "checklist.html.j2").write_text(
        '{% extends "print/base.html.j2" %}{% block content %}<ol class="playbook-checklist-items">'
        "{% for item in artifact.items %}<li>{{ item.text }}</li>{% endfor %}</ol>{% endblock %}")
    assert build(srcdir) == {"rendered": 2, "cached": 2, "kept": 0, "removed": 2}


def test_pdfs_are_kept_across_clean_builds(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """With a cache folder, a clean build takes every PDF an earlier build made, byte for byte,
    and renders only what changed; with none, it renders everything."""
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-playbook", srcdir)
    monkeypatch.setenv("PLAYBOOK_CACHE", str(tmp_path))
    assert build(srcdir)["rendered"] == 4
    downloads = srcdir / "_build" / "html" / "_downloads" / "playbook"
    first = {p.name: p.read_bytes() for p in downloads.iterdir()}
    assert len(list((tmp_path / "pdf").glob("*.pdf"))) == 4

    shutil.rmtree(srcdir / "_build")
    assert build(srcdir) == {"rendered": 0, "cached": 0, "kept": 4, "removed": 0}
    assert {p.name: p.read_bytes() for p in downloads.iterdir()} == first
    # Copies, not links: a tool that rewrites the site's PDFs in place leaves the kept ones be.
    for built in downloads.iterdir():
        assert not any(built.samefile(k) for k in (tmp_path / "pdf").iterdir())

    checklist = srcdir / "playbook" / "checklists" / "prep.yaml"
    checklist.write_text(checklist.read_text().replace("Clear your calendar.", "Clear the day."))
    shutil.rmtree(srcdir / "_build")
    assert build(srcdir) == {"rendered": 2, "cached": 0, "kept": 2, "removed": 0}
    assert (downloads / "prep-a4.pdf").read_bytes() != first["prep-a4.pdf"]

    monkeypatch.setenv("PLAYBOOK_CACHE", "off")
    shutil.rmtree(srcdir / "_build")
    assert build(srcdir)["rendered"] == 4


def test_kept_pdfs_unused_for_a_month_are_removed(tmp_path: Path) -> None:
    import os
    import time

    from playbook_tools.render.pdf.store import KEEP_DAYS, KeptPdfs

    kept = KeptPdfs(tmp_path)
    kept.put("old", b"%PDF-old\n%%EOF\n")
    kept.put("new", b"%PDF-new\n%%EOF\n")
    long_ago = time.time() - (KEEP_DAYS + 1) * 86400
    os.utime(tmp_path / "old.pdf", (long_ago, long_ago))
    assert kept.prune() == 1
    assert kept.get("old") is None and kept.get("new") == b"%PDF-new\n%%EOF\n"


# --------------------------------------------------------------------------------------------
# The key: every input that shapes a PDF changes it


@pytest.fixture(scope="module")
def root_playbook() -> Playbook:
    return load_playbook(ROOTS / "test-playbook")


def keys(playbook: Playbook, page_url: str | None = None) -> dict[tuple[str, str], str]:
    shared = shared_inputs(playbook)
    return {(a.id, paper): cache_key(a, playbook, paper, shared, page_url)
            for a in playbook if a.printable for paper in ("a4", "letter")}


def _retitled(playbook: Playbook) -> Playbook:
    card = playbook.artifacts["card"]
    return dataclasses.replace(playbook, artifacts={
        **playbook.artifacts, "card": dataclasses.replace(card, title="Another title")})


def _company(playbook: Playbook) -> Playbook:
    return dataclasses.replace(playbook, config=dataclasses.replace(playbook.config,
                                                                    company="Other Co"))


def _translated(playbook: Playbook) -> Playbook:
    return dataclasses.replace(playbook, language="de", gettext=lambda word: f"[{word}]")


def _weasyprint_999(patch: pytest.MonkeyPatch) -> None:
    import importlib.metadata

    real = importlib.metadata.version
    patch.setattr(importlib.metadata, "version",
                  lambda name: "999.0" if name == "weasyprint" else real(name))


CHANGES: dict[str, tuple[Callable[[Playbook], Playbook], Callable[[pytest.MonkeyPatch], Any]]] = {
    "the artifact's content": (_retitled, lambda patch: None),
    "a setting": (_company, lambda patch: None),
    "a label": (lambda p: p, lambda patch: patch.setitem(STAGES, "interview", "Pairing")),
    "the labels' language": (_translated, lambda patch: None),
    "the package's version": (lambda p: p, lambda patch: patch.setattr(
        "playbook_tools.__version__", "99.0")),
    "WeasyPrint's version": (lambda p: p, _weasyprint_999),
}


def _new_font(patch: pytest.MonkeyPatch, folder: Path) -> None:
    """fontconfig rewrites its cache when a font package is installed."""
    folder.mkdir(exist_ok=True)
    (folder / "0123-le64.cache-9").write_bytes(b"a new font")
    patch.setattr("playbook_tools.render.pdf.store.FONTCONFIG_CACHES", (folder,))


@pytest.mark.parametrize("change", CHANGES)
def test_every_input_changes_the_key(change: str, root_playbook: Playbook,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    before = keys(root_playbook)
    assert before == keys(root_playbook)  # stable while nothing changes
    edit, patch = CHANGES[change]
    patch(monkeypatch)
    after = keys(edit(root_playbook))
    if change == "the artifact's content":  # only that artifact's PDFs are made again
        assert [k for k in before if before[k] != after[k]] == [("card", "a4"), ("card", "letter")]
    else:
        assert all(before[k] != after[k] for k in before)


def test_the_machines_fonts_and_the_link_change_the_key(root_playbook: Playbook, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("playbook_tools.render.pdf.store.FONTCONFIG_CACHES", (tmp_path / "fc",))
    before = keys(root_playbook)
    _new_font(monkeypatch, tmp_path / "fc")
    after = keys(root_playbook)
    assert all(before[k] != after[k] for k in before)
    linked = keys(root_playbook, "https://handbook.example.org/checklist.html")
    assert all(after[k] != linked[k] for k in after)


def test_a_layout_the_kinds_layout_includes_changes_the_key(root_playbook: Playbook,
                                                              tmp_path: Path) -> None:
    shutil.copytree(ROOTS / "test-playbook", tmp_path / "root")
    (tmp_path / "root/templates/print").mkdir()
    (tmp_path / "root/templates/print/macros.html.j2").write_text("{% macro x() %}{% endmacro %}")
    forked = load_playbook(tmp_path / "root")
    plain = dataclasses.replace(forked, templates_dir=root_playbook.templates_dir)
    assert shared_inputs(forked) != shared_inputs(plain)


def test_a_kept_pdf_cut_short_is_rendered_again(tmp_path: Path) -> None:
    """A kept file that a full disk or a crash cut short is never handed out, and is removed."""
    from playbook_tools.render.pdf.store import KeptPdfs

    kept = KeptPdfs(tmp_path)
    kept.put("cut", b"%PDF-1.7\n1 0 obj")
    assert kept.get("cut") is None
    assert not (tmp_path / "cut.pdf").exists()
    assert not kept.fetch_into("cut", tmp_path / "out.pdf")


def test_print_css_that_weasyprint_cannot_apply_is_a_build_warning(tmp_path: Path) -> None:
    """A fork's print layout with a property WeasyPrint does not know: the build names the
    artifact and the property, and `-W` stops it, where the PDF would otherwise differ in
    silence."""
    srcdir = tmp_path / "site"
    shutil.copytree(ROOTS / "test-playbook", srcdir)
    layout = srcdir / "templates" / "print" / "checklist.html.j2"
    layout.parent.mkdir(parents=True)
    layout.write_text('{% extends "print/base.html.j2" %}\n{% block style %}'
                      ".playbook-print h1 { colour: red; }{% endblock %}\n"
                      "{% block content %}<p>{{ artifact.items[0].text }}</p>{% endblock %}\n")
    built = sphinx_build_root(srcdir, srcdir / "_build")
    assert built.statuscode != 0
    assert "prep (a4)" in built.warnings and "colour" in built.warnings, built.warnings
