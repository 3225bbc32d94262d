extensions = ["myst_parser", "playbook_tools.sphinx"]
root_doc = "index"
exclude_patterns = ["_build", "playbook", "templates"]
playbook_company = "Test Company"
playbook_pdf = False
