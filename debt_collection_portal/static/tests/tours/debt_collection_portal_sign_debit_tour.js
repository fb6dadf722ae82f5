/** @odoo-module **/

import { registry } from "@web/core/registry";

/**
 * The debtor chooses to pay each instalment of the proposed plan by direct debit, gives the
 * IBAN, reads the SEPA mandate in the signature dialog, signs, and sees when each instalment
 * is debited; on desk and on a phone. Data: test_portal_plan_debit.py.
 */
registry.category("web_tour.tours").add("debt_collection_portal_sign_debit", {
    steps: () => [
        {
            content: "Choose direct debit",
            trigger: ".o_debt_collection_plan_payment_form input[value=debit]",
            run: "click",
        },
        {
            content: "Give the IBAN",
            trigger: ".o_debt_collection_plan_payment_form .o_debt_collection_plan_iban",
            run: "edit ES91 2100 0418 4502 0005 1332",
        },
        {
            content: "Save the choice",
            trigger: ".o_debt_collection_plan_payment_save",
            run: "click",
        },
        {
            content: "The page says direct debit is chosen",
            trigger: ".o_debt_collection_plan_debit_chosen:contains(ES91 **** 1332)",
        },
        {
            content: "Open the signature dialog",
            trigger: ".o_debt_collection_plan .o_debt_collection_plan_sign_open",
            run: "click",
        },
        {
            content: "The mandate text is there, with the refund right",
            trigger: ".modal.show .o_debt_collection_plan_mandate .o_debt_collection_sepa_mandate_text",
            run() {
                const width = this.anchor.getBoundingClientRect().width;
                if (width > window.innerWidth) {
                    throw new Error(`Mandate text ${width}px on a ${window.innerWidth}px screen`);
                }
            },
        },
        {
            content: "Accept and sign",
            trigger: ".modal.show .o_portal_sign_submit:enabled",
            run: "click",
        },
        {
            content: "The page says the plan is signed",
            trigger: ".o_debt_collection_notice:contains(the plan is signed)",
        },
        {
            content: "and shows the mandate",
            trigger: ".o_debt_collection_plan_debit:contains(ES91 **** 1332)",
        },
        {
            content: "and when each instalment is debited",
            trigger: ".o_debt_collection_plan .o_debt_collection_debit_date",
        },
    ],
});
