from . import debt_collection_case
from . import debt_collection_stage
from . import debt_collection_action
from . import debt_collection_channel
