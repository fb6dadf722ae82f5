"""Plain helpers (no models) of the debt_collection addon."""
