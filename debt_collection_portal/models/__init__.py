from . import debt_collection_case
from . import debt_collection_plan
from . import payment_transaction
