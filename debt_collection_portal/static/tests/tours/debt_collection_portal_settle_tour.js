/** @odoo-module **/

import { registry } from "@web/core/registry";

/**
 * The debtor follows the letter's link, sees the debt, proposes to pay part of it in ten days
 * and sees the promise listed. Data: test_portal_tour.py.
 */
registry.category("web_tour.tours").add("debt_collection_portal_promise", {
    steps: () => [
        {
            content: "The debtor's page opens from the letter's link",
            trigger: ".o_debt_collection_case_page h2:contains(What is due)",
        },
        {
            content: "It shows the total due",
            trigger: ".o_debt_collection_amount_due:contains(1,234.00)",
        },
        {
            content: "Open the promise form",
            trigger: "details[data-name=promise] summary",
            run: "click",
        },
        {
            content: "Promise part of the debt",
            trigger: "#debt_promise_amount",
            run: "edit 200",
        },
        {
            content: "In ten days",
            trigger: "#debt_promise_date",
            run() {
                const day = new Date(Date.now() + 10 * 24 * 3600 * 1000);
                this.anchor.value = day.toISOString().slice(0, 10);
            },
        },
        {
            content: "Send it",
            trigger: ".o_debt_collection_promise_form button[type=submit]",
            run: "click",
        },
        {
            content: "The page thanks the debtor",
            trigger: ".o_debt_collection_notice:contains(your promise is recorded)",
        },
        {
            content: "The promise is listed",
            trigger: ".o_debt_collection_promises:contains(200.00)",
        },
    ],
});

/**
 * The debtor pays one of the two invoices with the demo provider and comes back to the page,
 * which confirms the payment and where only the other one is still due. Data:
 * test_portal_tour.py (desk and phone).
 */
registry.category("web_tour.tours").add("debt_collection_portal_pay", {
    steps: () => [
        {
            content: "The page lists two invoices",
            trigger: ".o_debt_collection_amount_due:contains(1,334.00)",
        },
        {
            content: "Keep only the small invoice",
            trigger: ".o_debt_collection_pay_form input[name=invoice_ids]:first",
            run: "click",
        },
        {
            content: "Pay it online",
            trigger: ".o_debt_collection_pay_button",
            run: "click",
        },
        {
            content: "The payment page asks for the small invoice only",
            trigger: ".o_debt_collection_pay_amount:contains(100.00)",
        },
        {
            content: "Choose the demo provider",
            trigger: 'input[name="o_payment_radio"][data-payment-method-code="demo"]',
            run: "click",
        },
        {
            content: "Type a card number",
            trigger: 'input[name="customer_input"]',
            run: "edit 4242424242424242",
        },
        {
            content: "Pay",
            trigger: 'button[name="o_payment_submit_button"]:visible:not(:disabled)',
            run: "click",
        },
        {
            content: "Back on the page, only the large invoice is due",
            trigger: ".o_debt_collection_amount_due:contains(1,234.00)",
            timeout: 30000,
        },
        {
            content: "and the page confirms the payment was received",
            trigger: ".o_debt_collection_payment_status[data-state=done]:contains(100.00)",
        },
    ],
});
