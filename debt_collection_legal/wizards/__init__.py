from . import debt_collection_legal_post_wizard
from . import debt_collection_legal_outcome_wizard
from . import debt_collection_handoff_wizard
from . import debt_collection_writeoff_wizard
from . import debt_collection_handoff_wizard_claim
