/* The debtor's WhatsApp thread (built by test_whatsapp_tours.py): the reminder sent by the
   ladder and the debtor's reply on the case, then the call screen, where the consultant answers
   in free text inside the 24-hour window. */

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("debt_collection_whatsapp_thread", {
    steps: () => [
        {
            content: "The case has a WhatsApp tab",
            trigger: ".o_notebook .nav-link:contains(WhatsApp)",
            run: "click",
        },
        {
            content: "The debtor's reply is in the thread",
            trigger: ".o_dc_whatsapp_thread .o_dc_whatsapp_in:contains(Pago el viernes)",
        },
        {
            content: "The reminder the ladder sent is there too, read",
            trigger: ".o_field_widget[name=collection_whatsapp_ids] td:contains(Read)",
        },
        {
            content: "Open the call screen",
            trigger: "button:contains(Call Screen)",
            run: "click",
        },
        {
            content: "The call screen's WhatsApp tab",
            trigger: ".o_form_view:has(button[name=action_next_case]) .o_notebook .nav-link:contains(WhatsApp)",
            run: "click",
        },
        {
            content: "The thread is on the call screen",
            trigger: ".o_form_view:has(button[name=action_next_case]) .o_dc_whatsapp_thread:contains(Pago el viernes)",
        },
        {
            content: "Write to the debtor",
            trigger: ".o_form_view:has(button[name=action_next_case]) button:contains(Write on WhatsApp)",
            run: "click",
        },
        {
            content: "The window is open: free text",
            trigger: ".modal .alert-info:contains(24 hours)",
        },
        {
            content: "Type the answer",
            trigger: ".modal div[name=body] textarea",
            run: "edit Gracias, Lucía: lo dejamos anotado.",
        },
        {
            content: "Send it",
            trigger: ".modal .modal-footer button:contains(Send)",
            run: "click",
        },
        {
            content: "The composer closes",
            trigger: "body:not(:has(.modal))",
        },
    ],
});
