from . import test_portal_debt_page
from . import test_portal_security
from . import test_portal_tour
from . import test_portal_requests
from . import test_portal_payment
from . import test_portal_rpc
from . import test_portal_plan
from . import test_portal_letter
