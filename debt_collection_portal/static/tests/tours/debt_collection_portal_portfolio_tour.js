/** @odoo-module **/

import { registry } from "@web/core/registry";

/**
 * The creditor's contact logs in, opens the portfolio from the portal's home, reads a case
 * and approves the plan waiting for its approval. Data: test_portal_portfolio_tour.py.
 */
registry.category("web_tour.tours").add("debt_collection_portal_portfolio_approve", {
    steps: () => [
        {
            content: "The portal's home shows the portfolio (it has open cases)",
            trigger: "a[href='/my/portfolio']:contains(Your Portfolio)",
            run: "click",
        },
        {
            content: "The portfolio lists the creditor's cases",
            trigger: ".o_debt_collection_portfolio_row a:contains(AT-0001), .o_debt_collection_portfolio_row:contains(AT-0001)",
        },
        {
            content: "A plan waits for the creditor's approval",
            trigger: ".o_debt_collection_plan_to_approve:contains(25.0 %)",
        },
        {
            content: "The creditor writes a note",
            trigger: ".o_debt_collection_plan_decide_form textarea[name=note]",
            run: "edit Fine for this customer",
        },
        {
            content: "and approves the plan",
            trigger: ".o_debt_collection_plan_decide_form button.o_debt_collection_plan_approve",
            run: "click",
        },
        {
            content: "The page says the plan runs",
            trigger: ".o_debt_collection_notice:contains(approved)",
        },
        {
            content: "and no plan waits any more",
            trigger: ".o_debt_collection_portfolio:not(:has(.o_debt_collection_plan_to_approve))",
        },
    ],
});
