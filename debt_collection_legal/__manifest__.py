{
    "name": "Debt Collection Legal",
    "summary": "Legal notices with delivery proof, statutory interest and judicial hand-off",
    "version": "18.0.1.0.0",
    "category": "Accounting/Accounting",
    "website": "https://github.com/debt-collection/debt-collection",
    "author": "Debt Collection Suite contributors",
    "license": "LGPL-3",
    "development_status": "Alpha",
    "depends": ["debt_collection"],
    "data": [
        "security/debt_collection_legal_groups.xml",
        "data/debt_collection_legal_data.xml",
    ],
    "installable": True,
}
