"""Sphinx configuration for the Interview Playbook handbook.

A company that forks the playbook changes the `playbook_*` values below, edits the Markdown in
docs/ and the YAML in docs/playbook/, and rebuilds. The `playbook` command reads these same
values, so printouts and emails follow. Every value is listed on the "Customising" page.
"""

project = "Interview Playbook"
author = "The Interview Playbook contributors"
copyright = "2026, The Interview Playbook contributors"

# --- The playbook --------------------------------------------------------------------------
playbook_company = "Example Co"
playbook_paper = "a4"
playbook_signature = "The {company} hiring team"
playbook_email_from = "Example Co Hiring <hiring@example.com>"
playbook_timezone = "Europe/Berlin"
playbook_reply_days = 5
playbook_base_url = ""

# --- Sphinx --------------------------------------------------------------------------------
extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinx_copybutton",
    "playbook_tools.sphinx",
]
root_doc = "index"
exclude_patterns = ["_build", "playbook", "templates", "examples", "**/README.md"]
templates_path = ["docs/_templates"]
html_static_path = ["docs/_static"]
html_theme = "furo"
html_title = "Interview Playbook"
html_favicon = "docs/_static/favicon.svg"
html_theme_options = {"navigation_with_keys": True}
language = "en"

myst_enable_extensions = ["colon_fence", "deflist", "fieldlist", "substitution", "attrs_inline"]
myst_substitutions = {"company": playbook_company}
myst_heading_anchors = 3

copybutton_exclude = ".linenos, .gp"

# --- Search engines ------------------------------------------------------------------------
# Every page gets a <meta name="description"> from its first paragraph, so a search result shows
# what the page is for. A page can set its own in MyST front matter (html_meta: description).
DESCRIPTION_LENGTH = 160


def _add_meta_description(app, pagename, templatename, context, doctree):
    from html import escape

    from docutils import nodes

    metatags = context.get("metatags", "")
    if doctree is None or 'name="description"' in metatags:
        return
    for paragraph in doctree.findall(nodes.paragraph):
        if isinstance(paragraph.parent, nodes.section):  # prose, not a list, table or admonition
            text = " ".join(paragraph.astext().split())
            break
    else:
        return
    if len(text) > DESCRIPTION_LENGTH:
        text = text[: DESCRIPTION_LENGTH - 1].rsplit(" ", 1)[0]
        text = text if text.endswith((".", "?", "!")) else text.rstrip(",;:") + "…"
    context["metatags"] = f'{metatags}\n    <meta name="description" content="{escape(text)}">'


def setup(app):
    app.connect("html-page-context", _add_meta_description)
