from . import portal
from . import portfolio
