from . import debt_collection_import_batch
from . import debt_collection_import_chunk
