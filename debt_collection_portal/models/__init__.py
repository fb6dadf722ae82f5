from . import debt_collection_case
