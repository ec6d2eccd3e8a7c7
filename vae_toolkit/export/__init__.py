"""Exports of a dossier (livret, gap report, review report) to HTML and PDF, through nbconvert or directly."""
