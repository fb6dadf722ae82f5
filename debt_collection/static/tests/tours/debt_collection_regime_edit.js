/** @odoo-module **/
/* A Collection Manager opens Configuration > Compliance Regimes, opens Spain, moves the end of
   Monday's contact window to 20:00 and saves (built by test_regime.py). */

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("debt_collection_regime_edit", {
    steps: () => [
        {
            content: "The regimes list opens",
            trigger: ".o_list_view .o_data_row td[name=name]:contains(Spain)",
            run: "click",
        },
        {
            content: "Spain's form opens with its contact windows",
            trigger: ".o_form_view .o_field_widget[name=tz]",
        },
        {
            content: "Monday's window",
            trigger: ".o_field_widget[name=window_ids] .o_data_row:first td[name=hour_to]",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=window_ids] .o_data_row .o_field_widget[name=hour_to] input",
            run: "edit 20:00",
        },
        {
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_view .o_form_saved",
        },
    ],
});
