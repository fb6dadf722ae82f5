from . import test_queue_letters
from . import test_queue_run
from . import test_queue_run_commits
from . import test_queue_settings
from . import test_import_jobs
from . import test_queue_tour
