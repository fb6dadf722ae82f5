/* Credit-bureau reporting (built by test_bureau_tour.py): the Legal group opens a case whose
   payment demand named ASNEF-Equifax and whose deadline passed, checks each condition on the
   Credit Bureaus tab, reports the debtor and sees the record waiting for the next file. */

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("debt_collection_bureau", {
    steps: () => [
        {
            content: "The case's credit bureaus",
            trigger: ".o_notebook .nav-link:contains(Credit Bureaus)",
            run: "click",
        },
        {
            content: "Every condition of the regime holds for ASNEF-Equifax",
            trigger: ".o_bureau_check tr.table-success:contains(ASNEF-Equifax)",
        },
        {
            trigger: ".o_bureau_check tr.o_bureau_condition_days .fa-check",
        },
        {
            content: "Report the debtor",
            trigger: ".o_form_view .o_form_statusbar button[name=action_bureau_report]",
            run: "click",
        },
        {
            content: "The record waits for the bureau's next file",
            trigger:
                ".o_field_widget[name=collection_bureau_report_ids] .o_data_row:contains(ASNEF-Equifax):contains(Pending)",
        },
    ],
});
