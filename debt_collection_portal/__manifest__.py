{
    "name": "Debt Collection Portal",
    "summary": "The debtor's page (debts, promises, plans, disputes, online payment) and the "
    "creditor's portfolio",
    "version": "18.0.1.2.0",
    "category": "Accounting/Accounting",
    "website": "https://github.com/debt-collection/debt-collection",
    "author": "Debt Collection Suite contributors",
    "license": "LGPL-3",
    "development_status": "Alpha",
    "depends": ["debt_collection", "portal", "account_payment"],
    "data": [
        "security/ir.model.access.csv",
        "security/debt_collection_case_security.xml",
        "views/debt_collection_portal_templates.xml",
        "views/debt_collection_bureau_portal_templates.xml",
        "views/debt_collection_plan_debit_templates.xml",
        "views/debt_collection_portfolio_templates.xml",
        "views/debt_collection_case_views.xml",
        "views/debt_collection_plan_views.xml",
        "views/debt_collection_portal_agency_templates.xml",
        "report/debt_collection_plan_templates.xml",
    ],
    "assets": {
        "web.assets_frontend": [
            "debt_collection_portal/static/src/scss/debt_collection_portal.scss",
            "debt_collection_portal/static/src/js/signature_form_patch.js",
        ],
        "web.assets_tests": [
            "debt_collection_portal/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
