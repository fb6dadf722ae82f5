/* The manager's day (built by test_backoffice_screens.py): the plan a consultant could not
   grant is on the manager's first screen, approved; a lost case written off, then the
   write-off reversed. */

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("debt_collection_manager_day", {
    steps: () => [
        {
            content: "The plan waiting for approval is on the first screen",
            trigger: ".o_list_view .o_data_row:contains(Lucía Fernández García) .o_data_cell[name=name]",
            run: "click",
        },
        {
            content: "Approve it",
            trigger: ".o_form_view button[name=action_approve]",
            run: "click",
        },
        {
            content: "The plan runs",
            trigger:
                ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=running]",
        },
        {
            content: "To the cases",
            trigger:
                ".o_menu_sections [data-menu-xmlid='debt_collection.debt_collection_menu_operations']",
            run: "click",
        },
        {
            trigger: ".dropdown-item[data-menu-xmlid='debt_collection.debt_collection_case_menu']",
            run: "click",
        },
        {
            content: "Open the lost case",
            trigger: ".o_kanban_record:contains(Marco Rossi)",
            run: "click",
        },
        {
            content: "Write it off",
            trigger: ".o_form_view button[name=action_writeoff]",
            run: "click",
        },
        {
            content: "Why: collecting costs more than it brings",
            trigger: ".modal .o_field_widget[name=reason] select",
            run: 'select "cost_benefit"',
        },
        {
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "Written off: it can be reversed",
            trigger: "body:not(:has(.modal)) .o_form_view button[name=action_reverse_writeoff]",
            run: "click",
        },
        {
            content: "Confirm the reversal",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The case is open again",
            trigger: "body:not(:has(.modal)) .o_form_view button[name=action_writeoff]",
        },
    ],
});
