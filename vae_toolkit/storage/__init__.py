"""The dossier folder on disk: atomic writes, history, format upgrades, conflict detection."""
