from . import debt_collection_case
from . import debt_collection_plan
from . import res_partner
from . import payment_transaction
from . import debt_collection_plan_debit
