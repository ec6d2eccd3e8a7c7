"""The counsellor's dashboard over a folder of dossiers: it finds and reads the candidates' folders (with an index
kept between looks) and summarises each one with the analysis.

A layer above ``analysis`` (which takes models and never reads the disk), beside ``export`` and ``ui``.
"""
