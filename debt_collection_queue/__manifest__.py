{
    "name": "Debt Collection on Job Queue",
    "summary": "The collection run, the letters and portfolio imports spread over the workers of "
    "many servers with OCA's queue_job",
    "version": "18.0.1.0.0",
    "category": "Accounting/Accounting",
    "website": "https://github.com/debt-collection/debt-collection",
    "author": "Debt Collection Suite contributors",
    "license": "LGPL-3",
    "development_status": "Alpha",
    # OCA's job queue (PyPI odoo-addon-queue-job): installed with it, this addon takes over
    "depends": ["debt_collection", "queue_job"],
    "data": [
        "data/queue_job_data.xml",
        "views/res_config_settings_views.xml",
        "views/debt_collection_settings_views.xml",
        "data/debt_collection_import_job_data.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "debt_collection_queue/static/tests/tours/*.js",
        ],
    },
    "auto_install": True,
    "installable": True,
}
