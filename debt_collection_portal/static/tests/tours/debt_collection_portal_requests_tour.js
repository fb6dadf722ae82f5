/** @odoo-module **/

import { registry } from "@web/core/registry";

const fitsTheScreen = {
    content: "Nothing runs past the edge of the screen",
    trigger: "footer",
    run() {
        const page = document.documentElement;
        if (page.scrollWidth > window.innerWidth) {
            throw new Error(`The page is ${page.scrollWidth}px wide on a ${window.innerWidth}px screen`);
        }
    },
};

/**
 * The debtor follows the letter's link and asks for an instalment plan, saying why.
 * Data: test_portal_tour.py (desk and phone).
 */
registry.category("web_tour.tours").add("debt_collection_portal_plan_request", {
    steps: () => [
        {
            content: "The debtor's page opens from the letter's link",
            trigger: ".o_debt_collection_case_page .o_debt_collection_amount_due:contains(1,234.00)",
        },
        {
            content: "Open the plan form",
            trigger: "details[data-name=plan] summary",
            run: "click",
        },
        {
            content: "Six instalments",
            trigger: "#debt_plan_instalments",
            run: "edit 6",
        },
        {
            content: "Say why",
            trigger: "#debt_plan_reason",
            run: "edit I lost a client and pay my suppliers monthly",
        },
        {
            content: "Ask for the plan",
            trigger: ".o_debt_collection_plan_form button[type=submit]",
            run: "click",
        },
        {
            content: "The page says the consultant will propose a plan",
            trigger: ".o_debt_collection_notice:contains(will propose a plan to you)",
        },
        fitsTheScreen,
    ],
});

/**
 * The debtor disputes an invoice with a reason and a document; the invoice is then shown as
 * disputed and no longer asked for. Data: test_portal_tour.py (desk and phone).
 */
registry.category("web_tour.tours").add("debt_collection_portal_dispute", {
    steps: () => [
        {
            content: "The page lists two invoices",
            trigger: ".o_debt_collection_amount_due:contains(1,334.00)",
        },
        {
            content: "Open the dispute form",
            trigger: "details[data-name=dispute] summary",
            run: "click",
        },
        {
            content: "Choose the small invoice (the one made last)",
            trigger: "#debt_dispute_invoice",
            run() {
                const ids = [...this.anchor.options].map((option) => Number(option.value));
                this.anchor.value = String(Math.max(...ids));
                this.anchor.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "Say what is wrong with it",
            trigger: "#debt_dispute_reason",
            run: "edit The goods were returned on delivery",
        },
        {
            content: "Attach the delivery note",
            trigger: "#debt_dispute_attachment",
            run() {
                const file = new File(["%PDF-1.4 delivery note, goods returned"], "albaran.pdf", {
                    type: "application/pdf",
                });
                const transfer = new DataTransfer();
                transfer.items.add(file);
                this.anchor.files = transfer.files;
                this.anchor.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "Send the dispute",
            trigger: ".o_debt_collection_dispute_form button[type=submit]",
            run: "click",
        },
        {
            content: "The page says the dispute was received",
            trigger: ".o_debt_collection_notice:contains(Your dispute was received)",
        },
        {
            content: "The invoice is shown as disputed",
            trigger: ".o_debt_collection_pay_form tr:contains(Disputed):contains(goods were returned)",
        },
        {
            content: "and only the other one is still asked for",
            trigger: ".o_debt_collection_amount_due:contains(1,234.00)",
        },
        fitsTheScreen,
    ],
});
