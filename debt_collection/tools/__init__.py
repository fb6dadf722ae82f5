from .amount_words import amount_to_words
