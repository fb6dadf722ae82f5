from . import debt_collection_letter
