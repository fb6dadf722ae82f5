"""Plain helpers (no models) of the debt_collection addon."""

from .amount_words import amount_to_words
from .log_filter import install as install_log_filter, mask_tokens

install_log_filter()
