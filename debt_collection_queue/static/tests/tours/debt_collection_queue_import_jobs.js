/** @odoo-module **/
/* A Collection Manager (with Accounting and Contacts, not a job queue manager) spreads the
   company's work over 2 parts, then resumes an import partly placed by the job workers
   (built by debt_collection_queue/tests/test_queue_tour.py). */

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("debt_collection_queue_manager_parts", {
    steps: () => [
        {
            content: "The collection settings: the parts of the nightly run",
            trigger: ".o_form_view .o_field_widget[name=collection_run_parts] input",
            run: "edit 2",
        },
        {
            trigger: ".o_form_view button[name=action_save]",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_notification:contains(saved)",
        },
    ],
});

registry.category("web_tour.tours").add("debt_collection_queue_import_resume", {
    steps: () => [
        {
            content: "The import the job workers are placing shows how far they are",
            trigger:
                ".o_list_view .o_data_row:has(td[name=name]:contains(placing.csv)) td[name=progress]:contains(Placing 1/2 chunks)",
        },
        {
            content: "Open the import partly placed",
            trigger: ".o_list_view .o_data_row td[name=name]:contains(partly.csv)",
            run: "click",
        },
        {
            content: "Partly placed",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains(Partly Placed)",
        },
        {
            content: "Why: the rows of the chunk that failed, with the cause",
            trigger:
                ".o_form_view .alert-danger .o_field_widget[name=failure_reason]:contains(Rows 4 to 5):contains(deprecated)",
        },
        {
            trigger: ".o_form_view .o_form_statusbar button[name=action_resume]",
            run: "click",
        },
        {
            content: "The failed chunk is given to a job: placing again",
            trigger:
                ".o_form_view .alert-info .o_field_widget[name=progress]:contains(Placing 1/2 chunks)",
        },
        {
            content: "Nothing to resume any more",
            trigger: ".o_form_view .o_form_statusbar:not(:has(button[name=action_resume]))",
        },
    ],
});

registry.category("web_tour.tours").add("debt_collection_queue_import_placed", {
    steps: () => [
        {
            content: "The job placed the chunk: imported",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains(Imported)",
        },
        {
            content: "Every row placed",
            trigger: ".o_form_view .o_field_widget[name=placed_count] .o_stat_value:contains(4)",
        },
        {
            content: "No failure left",
            trigger: ".o_form_view:not(:has(.alert-danger))",
        },
    ],
});
