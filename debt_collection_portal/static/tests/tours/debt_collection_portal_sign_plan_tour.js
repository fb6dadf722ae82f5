/** @odoo-module **/

import { registry } from "@web/core/registry";

/**
 * The debtor opens the page from the case's link, reads the plan the consultant proposed and
 * accepts it with Odoo's signature form (in a modal, as the sale portal's), on desk and on a
 * phone. Data: test_portal_plan.py.
 */
registry.category("web_tour.tours").add("debt_collection_portal_sign_plan", {
    steps: () => [
        {
            content: "The proposed plan is on the page",
            trigger: ".o_debt_collection_plan .o_debt_collection_plan_sign_open",
            run: "click",
        },
        {
            content: "The signature form opens, the debtor's name typed in",
            trigger: ".modal.show .o_web_sign_name_and_signature input",
            run() {
                if (!this.anchor.value.includes("Fernández")) {
                    throw new Error(`The name proposed is "${this.anchor.value}"`);
                }
            },
        },
        {
            content: "The drawing area fits the screen",
            trigger: ".modal.show .o_web_sign_signature",
            run() {
                const width = this.anchor.getBoundingClientRect().width;
                if (width < 100 || width > window.innerWidth) {
                    throw new Error(`Signature area ${width}px on a ${window.innerWidth}px screen`);
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
            content: "and offers the signed agreement",
            trigger: ".o_debt_collection_plan .o_debt_collection_plan_agreement:contains(signed agreement)",
        },
    ],
});
