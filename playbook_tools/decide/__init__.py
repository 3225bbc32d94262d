"""The follow-up session: filled forms in, a proposed outcome out, and the record of what the
room decided.

``rule`` is the decision rule, ``forms`` reads the filled forms, ``session`` gathers them for one
candidate, ``report`` shows the proposal, and ``record`` writes the decision. This file stays
empty so that importing one does not import the rest.
"""
