"""The candidate kit: one candidate file in, the interview day's folder out.

``candidate`` reads and checks the file, ``schedule`` lays out the day, ``wording`` and
``emails`` say what the kit tells people, and ``writer`` writes the folder. Import from those
modules; this file stays empty so that importing one does not import the rest.
"""
