/** @odoo-module **/
/* A Collection Manager (not an administrator) opens Collection > Configuration > Settings,
   changes the contact limit and saves (built by test_collection_settings.py). */

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("debt_collection_manager_settings", {
    steps: () => [
        {
            content: "The collection settings open for a manager",
            trigger: ".o_form_view .o_field_widget[name=collection_contact_cap] input",
            run: "edit 4",
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
