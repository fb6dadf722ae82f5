from . import test_portal_debt_page
from . import test_portal_security
from . import test_portal_tour
from . import test_portal_letter
