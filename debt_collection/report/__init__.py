from . import debt_collection_letter
from . import debt_collection_agency_kpi
from . import debt_collection_remittance_statement
