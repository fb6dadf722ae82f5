/** @odoo-module **/
/* A consultant opens My Queue and clicks Next Case in the list's header: the call screen of
   the first case opens; Next Case there opens the one after (built by test_workspace_queue.py). */

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("debt_collection_queue_next_case", {
    steps: () => [
        {
            content: "The queue lists the day's cases",
            trigger: ".o_list_view .o_data_row:contains(Bea Queue)",
        },
        {
            content: "Next Case, nothing selected",
            trigger: ".o_list_view .o_control_panel button[name=action_next_case]",
            run: "click",
        },
        {
            content: "The call screen of the first case in the queue",
            trigger: ".o_form_view .oe_title .o_field_widget[name=partner_id]:contains(Ana Queue)",
        },
        {
            trigger: ".o_form_view .o_form_statusbar button[name=action_next_case]",
            run: "click",
        },
        {
            content: "then the next one",
            trigger: ".o_form_view .oe_title .o_field_widget[name=partner_id]:contains(Bea Queue)",
        },
    ],
});
