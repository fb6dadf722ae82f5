from . import portal
from . import portfolio
from . import thread
from . import debit
