from . import test_import_jobs
