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
playbook_reply_days = 2
playbook_base_url = ""
# English at the site's root, German in de/ (locale/de/ holds the catalogs).
playbook_languages = ["en", "de"]

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
html_css_files = ["handbook.css"]  # site-only additions to furo (print margins)
html_theme = "furo"
html_title = "Interview Playbook"
html_favicon = "docs/_static/favicon.svg"
html_theme_options = {"navigation_with_keys": True}
html_sidebars = {"**": ["sidebar/brand.html", "sidebar/search.html", "sidebar/languages.html",
                        "sidebar/scroll-start.html", "sidebar/navigation.html",
                        "sidebar/scroll-end.html", "sidebar/variant-selector.html"]}
language = "en"
# The catalogs live in locale/<language>/ (playbook_locale_dir, relative to docs/); the
# extension sets Sphinx's locale_dirs from it.
gettext_compact = False  # one catalog per page, so a translator works page by page
gettext_uuid = False
gettext_location = False  # catalogs do not change when a line moves
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist", "substitution", "attrs_inline"]
# The playbook_* figures (company, pairing_minutes, reply_days, ...) are offered to every page
# as MyST substitutions by the extension: write {{ pairing_minutes }}, never the number.
myst_heading_anchors = 3

copybutton_exclude = ".linenos, .gp"
