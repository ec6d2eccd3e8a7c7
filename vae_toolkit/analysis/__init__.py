"""Analysis of a dossier against its référentiel: progress, coverage, gaps (pure functions)."""
