"""`make bench`: how fast the handbook builds, rebuilds, answers and merges.

Prints a table and writes _build/bench.json. Each figure is the median of a few runs on this
machine; the targets (in brackets) come from the issue that asked for them. Timing lives here,
not in the test suite, because a shared 2-core machine makes timed tests flaky.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tests import bench_book, bench_report

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
RUNS = 3


def median_seconds(action: Callable[[], object], runs: int = RUNS,
                   prepare: Callable[[], object] | None = None) -> float:
    times = []
    for _ in range(runs):
        if prepare:
            prepare()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def copy_handbook(target: Path) -> Path:
    """conf.py, docs/ and locale/ in a scratch folder, so builds never touch the source tree."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "conf.py", target / "conf.py")
    shutil.copytree(REPO / "locale", target / "locale")
    shutil.copytree(REPO / "docs", target / "docs", ignore=shutil.ignore_patterns("_build"))
    return target


LANGUAGES = ("en", "de")  # both languages are built, as `make html` builds them


def sphinx_build(root: Path, pdf: bool, out: str = "_build", kept: Path | None = None) -> None:
    """Build both languages; PDFs are kept across builds only in ``kept`` (cold without)."""
    env = {**os.environ, "PLAYBOOK_CACHE": str(kept) if kept else "off"}
    for language in LANGUAGES:
        folder = root / out / "html" / ("" if language == LANGUAGES[0] else language)
        subprocess.run(
            [PYTHON, "-m", "sphinx", "-q", "-b", "html", "-c", str(root),
             "-D", f"playbook_pdf={int(pdf)}", "-D", f"language={language}",
             "-d", str(root / out / "doctrees" / language), str(root / "docs"), str(folder)],
            check=True, capture_output=True, text=True, env=env,
        )


def clean_build(root: Path, pdf: bool, kept: Path | None = None) -> float:
    def wipe() -> None:
        shutil.rmtree(root / "_build", ignore_errors=True)
    # Five runs: with PDFs, the build shares two cores with its workers and varies more.
    return median_seconds(lambda: sphinx_build(root, pdf, kept=kept), runs=5, prepare=wipe)


def clean_builds(root: Path, runs: int = 5) -> tuple[float, float]:
    """Clean builds with PDFs (cold) and without, in turn: the medians."""
    times: dict[bool, list[float]] = {True: [], False: []}
    for _ in range(runs):
        for pdf in (True, False):
            shutil.rmtree(root / "_build", ignore_errors=True)
            start = time.perf_counter()
            sphinx_build(root, pdf)
            times[pdf].append(time.perf_counter() - start)
    return statistics.median(times[True]), statistics.median(times[False])


def pdfs_rendered(root: Path) -> int:
    """PDFs rendered by the last build, both languages together."""
    return sum(int(json.loads((root / "_build" / "doctrees" / language / "playbook-pdf" /
                               "last-build.json").read_text())["rendered"])
               for language in LANGUAGES)


def prose_edit(root: Path, number: int) -> None:
    page = root / "docs" / "interviewing" / "preparing.md"
    page.write_text(page.read_text() + f"\nAn edit ({number}).\n")


def checklist_edit(root: Path, number: int) -> None:
    """A new summary for one checklist: exactly its PDFs (A4 and Letter, in each language)
    render again."""
    checklist = root / "docs" / "playbook" / "checklists" / "pairing-session.yaml"
    text = re.sub(r"\nsummary: (\(\d+\) )?", f"\nsummary: ({number}) ", checklist.read_text(),
                  count=1)
    checklist.write_text(text)


def rebuilds(scratch: Path, edit: Callable[[Path, int], None],
             runs: int = 5) -> tuple[float, float, int]:
    """Edit, rebuild, with PDFs and without: two copies of the handbook built once untimed,
    then edited and rebuilt in turn, so that a busy moment of the machine falls on both.
    The medians, and how many PDFs the last rebuild rendered."""
    roots = {pdf: copy_handbook(scratch / f"edits-{edit.__name__}-{pdf}") for pdf in (True, False)}
    for pdf, root in roots.items():
        sphinx_build(root, pdf)
    times: dict[bool, list[float]] = {True: [], False: []}
    for number in range(runs):
        for pdf, root in roots.items():
            edit(root, number)
            start = time.perf_counter()
            sphinx_build(root, pdf)
            times[pdf].append(time.perf_counter() - start)
    return (statistics.median(times[True]), statistics.median(times[False]),
            pdfs_rendered(roots[True]))


KIT_SCRIPT = """
import io, sys, time
start = time.perf_counter()
# Only the light pool module is imported before the command: the kit imports the rest after
# its workers start, and the figures must see that order.
import playbook_tools.render.pdf.jobs as pdfjobs
jobs = []
workers = []
submit = pdfjobs.PdfJobs.submit
start_runner = pdfjobs.PdfJobs.__init__

def counted(self, count, *args, **kwargs):
    workers.append(count)
    start_runner(self, count, *args, **kwargs)

pdfjobs.PdfJobs.__init__ = counted

def timed(self, *args):
    begun = time.perf_counter()
    future = submit(self, *args)
    future.add_done_callback(lambda _: jobs.append((begun, time.perf_counter())))
    return future

pdfjobs.PdfJobs.submit = timed
from playbook_tools.cli import main
code = main(sys.argv[1:], io.StringIO(), io.StringIO())
assert code == 0, code
total = time.perf_counter() - start
window = max(e for _, e in jobs) - min(b for b, _ in jobs) if jobs else 0.0
print(total, window, len(jobs), sum(workers))
"""


def kit_figures(scratch: Path) -> dict[str, float]:
    """`playbook kit` for three interviewers, in a new process as a coordinator runs it: cold
    (no kept PDFs) and warm (the checklists and the blank forms kept from an earlier kit)."""
    import yaml

    candidate = yaml.safe_load((REPO / "docs" / "examples" / "candidate.yaml").read_text())
    first, second = candidate["interviewers"][:2]
    third = {**second, "name": "Noor Haddad", "email": "noor.haddad@example.com",
             "areas": [second["areas"][-1]]}
    second["areas"] = second["areas"][:-1] or second["areas"]
    candidate["interviewers"] = [first, second, third]
    path = scratch / "three.yaml"
    path.write_text(yaml.safe_dump(candidate, sort_keys=False))
    kept = scratch / "kept-kit"

    def run(number: int, cache: str) -> tuple[float, float, float, float]:
        """Seconds in all, seconds from the first PDF job to the last, how many jobs, and how
        many worker processes the kit started."""
        out = scratch / f"kit{number}"
        shutil.rmtree(out, ignore_errors=True)
        result = subprocess.run(
            [PYTHON, "-c", KIT_SCRIPT, "--docs", str(REPO / "docs"), "kit", str(path),
             "-o", str(out)], check=True, capture_output=True, text=True,
            env={**os.environ, "PLAYBOOK_CACHE": cache})
        total, window, jobs, workers = (float(x) for x in result.stdout.split())
        return total, window, jobs, workers

    cold = sorted(run(n, "off") for n in range(5))[2]
    run(99, str(kept))
    warm = sorted(run(n, str(kept)) for n in range(5))[2]
    # A typo in the candidate file: the time until the one-line error.
    typo = scratch / "typo.yaml"
    typo.write_text(path.read_text().replace("email:", "email", 1))
    typo_seconds = []
    for _ in range(7):
        begun = time.perf_counter()
        subprocess.run([str(Path(PYTHON).parent / "playbook"), "--docs", str(REPO / "docs"),
                        "kit", str(typo), "-o", str(scratch / "typo-kit")],
                       capture_output=True, check=False)
        typo_seconds.append(time.perf_counter() - begun)
    return {"seconds": cold[0], "pdf_seconds": cold[1], "pdf_share": cold[1] / cold[0],
            "jobs": cold[2], "workers": cold[3], "warm_seconds": warm[0],
            "warm_pdf_seconds": warm[1], "warm_workers": warm[3],
            "typo_seconds": statistics.median(typo_seconds), "target": 1.0}


def multiply_handbook(root: Path, copies: int) -> None:
    """Turn the handbook into `copies + 1` handbooks' worth of pages and artifacts."""
    docs = root / "docs"
    pages = [p for p in docs.rglob("*.md")
             if p.relative_to(docs).parts[0] not in ("playbook", "templates", "examples")]
    artifacts = list((docs / "playbook").rglob("*.yaml"))
    ids = [a.stem for a in artifacts]
    id_pattern = re.compile(r"(\{playbook-(?:checklist|scorecard|email)\} )([a-z0-9-]+)")
    toctree = []
    for n in range(1, copies + 1):
        suffix = f"-c{n}"
        folder = f"copy{n}"
        for page in pages:
            target = docs / folder / page.relative_to(docs)
            target.parent.mkdir(parents=True, exist_ok=True)
            text = id_pattern.sub(rf"\g<1>\g<2>{suffix}", page.read_text())
            text = re.sub(r"^\((.+)\)=$", rf"(\g<1>{suffix})=", text, flags=re.M)
            text = re.sub(r"\{ref\}`([^`<]+)`", rf"{{ref}}`\g<1>{suffix}`", text)
            target.write_text(text)
        for artifact in artifacts:
            text = artifact.read_text()
            text = re.sub(r"^id: (.+)$", rf"id: \g<1>{suffix}", text, flags=re.M)
            text = re.sub(r"^page: (.+)$", rf"page: {folder}/\g<1>", text, flags=re.M)
            target = artifact.with_name(f"{artifact.stem}{suffix}.yaml")
            target.write_text(text)
        toctree.append(f"{folder}/index")
    assert len(ids) == len(artifacts)
    index = docs / "index.md"
    index.write_text(index.read_text() + "\n```{toctree}\n:hidden:\n\n" + "\n".join(toctree)
                     + "\n```\n")


def help_ratio(runs: int = 31) -> tuple[float, float]:
    """`playbook --help` and a bare Python start, in turn: the medians."""
    commands = {"ours": [str(Path(PYTHON).parent / "playbook"), "--help"],
                "bare": [PYTHON, "-c", "pass"]}
    times: dict[str, list[float]] = {"ours": [], "bare": []}
    for _ in range(runs):
        for name, command in commands.items():
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            times[name].append(time.perf_counter() - start)
    return statistics.median(times["ours"]), statistics.median(times["bare"])


def merge_figures(rows: int, scratch: Path) -> dict[str, float]:
    import jinja2

    from playbook_tools.cli import main
    from playbook_tools.config import read_conf_py
    from playbook_tools.model.loader import load_playbook

    playbook = load_playbook(REPO / "docs", read_conf_py(REPO / "conf.py"))
    template = playbook.email("invitation")
    table = scratch / "people.csv"
    with table.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, ["candidate_name", "email", *[
            n for n in template.variable_names if n != "candidate_name"]])
        writer.writeheader()
        for number in range(rows):
            writer.writerow(template.example_values() | {
                "candidate_name": f"Candidate {number}", "email": f"c{number}@example.org"})

    def merge() -> None:
        shutil.rmtree(scratch / "out", ignore_errors=True)
        code = main(["--docs", str(REPO / "docs"), "email", "invitation", "--csv", str(table),
                     "-o", str(scratch / "out")], io.StringIO(), io.StringIO())
        assert code == 0

    environment = jinja2.Environment(keep_trailing_newline=True)
    subject = environment.from_string(template.subject)
    body = environment.from_string(template.body_source)

    from email.message import EmailMessage
    from email.policy import default

    def bare_loop(as_message: bool) -> Callable[[], None]:
        def loop() -> None:
            # The same template and values, rendered and written one file a row: no checks,
            # no atomic writes. With as_message, each is made an RFC 5322 message by the
            # standard library, as a merge that writes .eml files must.
            shutil.rmtree(scratch / "bare", ignore_errors=True)
            (scratch / "bare").mkdir()
            with table.open(encoding="utf-8", newline="") as stream:
                for row in csv.DictReader(stream):
                    values = {"company": playbook.config.company,
                              "signature": playbook.config.sign_off, **row}
                    name = row["candidate_name"].lower().replace(" ", "-")
                    target = scratch / "bare" / f"{name}.eml"
                    if not as_message:
                        target.write_text(f"Subject: {subject.render(values)}\n\n"
                                          f"{body.render(values)}", encoding="utf-8")
                        continue
                    message = EmailMessage(policy=default)
                    message["From"] = playbook.config.email_from
                    message["To"] = row["email"]
                    message["Subject"] = subject.render(values)
                    message.set_content(body.render(values), cte="quoted-printable")
                    target.write_bytes(message.as_bytes())
        return loop

    ours = median_seconds(merge)
    bare_message = median_seconds(bare_loop(True))
    bare_text = median_seconds(bare_loop(False))
    return {"rows": rows, "seconds": ours, "emails_per_second": rows / ours,
            "bare_seconds": bare_message, "ratio": ours / bare_message,
            "bare_text_only_seconds": bare_text, "ratio_to_text_only": ours / bare_text}


def pdf_figures() -> dict[str, float]:
    script = (
        "import time; t=time.perf_counter()\n"
        "from pathlib import Path\n"
        "from playbook_tools.config import read_conf_py\n"
        "from playbook_tools.model.loader import load_playbook\n"
        "from playbook_tools.render.pdf.printout import render_pdf\n"
        f"pb = load_playbook(Path({str(REPO / 'docs')!r}), read_conf_py(Path({str(REPO / 'conf.py')!r})))\n"
        "items = [(a, p) for a in pb if a.printable for p in ('a4', 'letter')]\n"
        "for a, p in items: render_pdf(a, pb, p)\n"
        "cold = time.perf_counter() - t; t = time.perf_counter()\n"
        "for a, p in items: render_pdf(a, pb, p)\n"
        "print(len(items), cold, time.perf_counter() - t)\n"
    )
    output = subprocess.run([PYTHON, "-c", script], check=True, capture_output=True,
                            text=True).stdout.split()
    return {"pdfs": int(output[0]), "cold_seconds": float(output[1]),
            "warm_seconds": float(output[2])}


def fit_line(points: list[tuple[float, float]]) -> tuple[float, float, float]:
    """Least squares: slope, intercept and R² of seconds against artifacts."""
    xs, ys = [x for x, _ in points], [y for _, y in points]
    slope, intercept = statistics.linear_regression(xs, ys)
    mean = statistics.fmean(ys)
    residual = sum((y - (slope * x + intercept)) ** 2 for x, y in points)
    total = sum((y - mean) ** 2 for y in ys) or 1.0
    return slope, intercept, 1 - residual / total


def scaled_builds(scratch: Path, small: float) -> dict[str, float]:
    """The handbook at 5 and 10 times its size, with PDFs (cold) and, at 10 times, without:
    the ratio, and how build time grows with the number of artifacts."""
    points = []
    figures: dict[str, float] = {}
    for times in (1, 5, 10):
        root = copy_handbook(scratch / f"x{times}")
        if times > 1:
            multiply_handbook(root, times - 1)
        artifacts = len(list((root / "docs" / "playbook").rglob("*.yaml")))
        if times == 1:
            points.append((artifacts, small))
            continue
        # Three runs at ten times the size, where the ratio is read; one at five, for the fit.
        runs = 3 if times == 10 else 1
        seconds = median_seconds(lambda root=root: sphinx_build(root, True, "_b1"), runs=runs,
                                 prepare=lambda root=root: shutil.rmtree(root / "_b1",
                                                                         ignore_errors=True))
        points.append((artifacts, seconds))
        if times == 10:
            bare = median_seconds(lambda root=root: sphinx_build(root, False, "_b2"), runs=runs,
                                  prepare=lambda root=root: shutil.rmtree(root / "_b2",
                                                                          ignore_errors=True))
            figures |= {"pages": len(list((root / "docs").rglob("*.md"))),
                        "artifacts": artifacts, "seconds": seconds, "bare_seconds": bare,
                        "ratio": seconds / bare, "target": 1.2}
    slope, intercept, r_squared = fit_line(points)
    return figures | {"slope": slope, "intercept": intercept, "r_squared": r_squared,
                      "points": points}  # type: ignore[dict-item]


def main() -> int:
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        root = copy_handbook(scratch / "site")
        with_pdfs, bare = clean_builds(root)
        results["a_clean_build"] = {"seconds": with_pdfs, "bare_seconds": bare,
                                    "ratio": with_pdfs / bare, "target": 1.25}
        kept = scratch / "kept"
        sphinx_build(root, True, "_prime", kept=kept)
        warm = clean_build(root, True, kept=kept)
        results["a_clean_warm"] = {"seconds": warm, "bare_seconds": bare, "ratio": warm / bare}
        ours, bare_incremental, rendered = rebuilds(scratch, prose_edit)
        results["b_incremental"] = {"seconds": ours, "bare_seconds": bare_incremental,
                                    "ratio": ours / bare_incremental, "target": 1.1,
                                    "pdfs_rendered": rendered}
        ours, bare_edit, rendered = rebuilds(scratch, checklist_edit)
        results["f_checklist_edit"] = {"seconds": ours, "bare_seconds": bare_edit,
                                       "ratio": ours / bare_edit, "pdfs_rendered": rendered,
                                       "pdfs_expected": 2 * len(LANGUAGES)}
        results["c_ten_times"] = scaled_builds(scratch, with_pdfs)
        ours, bare = help_ratio()
        results["d_help"] = {"seconds": ours, "bare_seconds": bare, "ratio": ours / bare,
                             "target": 2.0}
        results["e_mail_merge"] = {**merge_figures(10_000, scratch), "target": 1.5}
        results["pdf_render_all"] = pdf_figures()
        results["g_kit"] = kit_figures(scratch)
        results["h_report"] = bench_report.report_figures(scratch)
        results["i_book"] = bench_book.book_figures(root, LANGUAGES)
    print_table(results)
    (REPO / "_build").mkdir(exist_ok=True)
    (REPO / "_build" / "bench.json").write_text(json.dumps(results, indent=2))
    print("written to _build/bench.json")
    return 0


def print_table(results: dict[str, dict[str, float]]) -> None:
    print(f"{os.cpu_count()} cores; languages built: {', '.join(LANGUAGES)}; every figure the "
          "median of its runs; cold: no PDF kept anywhere")
    print(f"{'benchmark':<16}{'ours (s)':>10}{'bare (s)':>10}{'ratio':>8}{'target':>8}  notes")
    notes = {
        "a_clean_build": lambda r: "clean build, cold",
        "a_clean_warm": lambda r: "clean build, warm: PDFs kept from an earlier build",
        "b_incremental": lambda r: f"prose edit; PDFs rendered: {r['pdfs_rendered']:.0f} [0]",
        "f_checklist_edit": lambda r: (f"checklist edit; PDFs rendered: {r['pdfs_rendered']:.0f}"
                                       f" [{r['pdfs_expected']:.0f}: A4 and Letter in "
                                       f"{len(LANGUAGES)} languages]"),
        "c_ten_times": lambda r: (f"{r['pages']:.0f} pages, {r['artifacts']:.0f} artifacts; "
                                  f"{r['slope']:.3f} s per artifact (R² {r['r_squared']:.3f} "
                                  "over 1x, 5x, 10x)"),
        "d_help": lambda r: "playbook --help ÷ python -c pass",
        "e_mail_merge": lambda r: (f"{r['emails_per_second']:.0f} emails/s over "
                                   f"{r['rows']:.0f} rows; {r['ratio_to_text_only']:.1f} times "
                                   "a loop that writes text, not email"),
    }
    for name, row in results.items():
        if "ratio" in row:
            target = f"≤{row['target']:g}" if "target" in row else "-"
            print(f"{name:<16}{row['seconds']:>10.3f}{row['bare_seconds']:>10.3f}"
                  f"{row['ratio']:>8.2f}{target:>8}  {notes[name](row)}")
    pdfs = results["pdf_render_all"]
    print(f"{'pdf_render_all':<16}  {pdfs['pdfs']:.0f} PDFs in one process: cold "
          f"{pdfs['cold_seconds']:.2f} s (imports included), again {pdfs['warm_seconds']:.2f} s")
    kit = results["g_kit"]
    print(f"{'g_kit':<16}{kit['seconds']:>10.3f}{'':>10}{'':>8}{'≤1 s':>8}  three interviewers, "
          f"cold (nothing kept: 7 PDFs rendered); PDFs busy {kit['pdf_seconds']:.2f} s "
          f"({kit['pdf_share']:.0%}) in {kit['jobs']:.0f} jobs on {kit['workers']:.0f} workers")
    print(f"{'g_kit_warm':<16}{kit['warm_seconds']:>10.3f}{'':>10}{'':>8}{'≤1 s':>8}  the same, "
          f"warm (blank forms and checklists kept from an earlier kit: 0 rendered, 3 forms "
          f"filled in); PDFs busy {kit['warm_pdf_seconds']:.2f} s "
          f"({kit['warm_pdf_seconds'] / kit['warm_seconds']:.0%}); {kit['warm_workers']:.0f} "
          "workers started")
    print(f"{'g_kit_typo':<16}{kit['typo_seconds']:>10.3f}{'':>10}{'':>8}{'≤0.3 s':>8}  a "
          "candidate file with a YAML typo, from the command to its one-line error")
    print(bench_report.describe(results["h_report"]))
    print(bench_book.describe(results["i_book"], results["a_clean_build"]["seconds"]))


if __name__ == "__main__":
    sys.exit(main())
