from . import res_company
from . import debt_collection_settings_mixin
from . import debt_collection_run
from . import debt_collection_import_batch
from . import debt_collection_import_chunk
