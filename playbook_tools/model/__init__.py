"""The content model: ``docs/playbook/`` loaded into typed, validated artifacts.

``artifacts`` holds the types, ``loader`` reads and checks the YAML, ``templates`` parses and
checks the email templates. Import from those modules; this file stays empty so that importing
one of them does not import the others.
"""
