"""The hiring-records database and the hiring-health report over it (DESIGN.md, "Records and
hiring health").

``schema`` declares the SQLite tables and their migrations, ``folder`` says where the records
live, ``store`` writes what ``decide`` recorded, ``figures`` works the report's numbers out,
``privacy`` hides what would point at fewer than five people, and ``page``, ``charts`` and
``output`` write the report's folder. ``retention`` lists and deletes what is past its period.
"""
