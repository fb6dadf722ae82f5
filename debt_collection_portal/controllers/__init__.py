from . import portal
from . import portfolio
from . import thread
