/* The friendly reminder before the due date (built by test_whatsapp_tours.py): one statement
   in the debtor's chatter, listing the invoices falling due soon. */

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("debt_collection_prereminder_chatter", {
    steps: () => [
        {
            content: "The statement is in the debtor's chatter",
            trigger: ".o-mail-Chatter .o-mail-Message:contains(invoices falling due)",
        },
        {
            content: "It lists the invoices falling due and their total",
            trigger: ".o-mail-Message-body:contains(A friendly reminder):contains(350.50)",
        },
    ],
});
