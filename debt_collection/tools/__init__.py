"""Plain helpers (no models) of the debt_collection addon."""

from .amount_words import amount_to_words
