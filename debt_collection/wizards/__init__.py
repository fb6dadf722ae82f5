from . import debt_collection_outcome_wizard
from . import debt_collection_dispute_wizard
from . import debt_collection_plan_wizard
from . import debt_collection_writeoff_wizard
from . import debt_collection_creditor_statement
