/** @odoo-module **/
/* The agency's manager opens a draft remittance whose period has a fee the creditor bears,
   recomputes it and remits it (built by test_agency_remittance.py). */

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("debt_collection_remittance_fees", {
    steps: () => [
        {
            content: "The draft remittance, its fee retained",
            trigger: ".o_form_view .o_field_widget[name=amount_fees_untaxed]:contains(4.00)",
        },
        {
            trigger: ".o_form_view .o_form_statusbar button[name=action_compute]",
            run: "click",
        },
        {
            content: "Recomputed: the same fee, once",
            trigger: ".o_form_view .o_field_widget[name=line_count]:contains(2)",
        },
        {
            trigger: ".o_form_view .o_form_statusbar button[name=action_confirm]",
            run: "click",
        },
        {
            content: "Book this remittance and lock the period?",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Remitted",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=done]",
        },
    ],
});
