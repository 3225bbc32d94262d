extensions = ["myst_parser", "playbook_tools.sphinx"]
root_doc = "index"
exclude_patterns = ["_build", "playbook", "templates"]
playbook_company = "Test Company"
playbook_pdf = False
# Sphinx's test application builds with "basic" whatever the default: the command line too.
html_theme = "basic"
