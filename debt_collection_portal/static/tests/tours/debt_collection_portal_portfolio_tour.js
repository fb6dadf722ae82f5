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

/**
 * The creditor's contact downloads each statement the portfolio offers: the remittance
 * statements (PDF, XLSX) and the monthly statements (PDF, XLSX). Each link must give a real
 * file of its kind. Data: test_portal_portfolio_tour.py.
 */
registry.category("web_tour.tours").add("debt_collection_portal_portfolio_statements", {
    steps: () => [
        {
            content: "The portal's home shows the portfolio",
            trigger: "a[href='/my/portfolio']:contains(Your Portfolio)",
            run: "click",
        },
        {
            content: "The portfolio offers a remittance statement and a monthly statement",
            trigger:
                ".o_debt_collection_portfolio:has(a.o_debt_collection_remittance_pdf):has(a.o_debt_collection_remittance_xlsx):has(a.o_debt_collection_statement_pdf):has(a.o_debt_collection_statement_xlsx)",
        },
        {
            content: "Each statement downloads as a PDF or a spreadsheet",
            trigger: "a.o_debt_collection_statement_xlsx",
            async run() {
                // a spreadsheet is a zip file; a PDF is said by its type (under test, Odoo
                // renders a report's HTML in place of the PDF)
                const types = {
                    pdf: "application/pdf",
                    xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                };
                const failed = [];
                for (const link of document.querySelectorAll("a.o_debt_collection_download")) {
                    const response = await fetch(link.href);
                    const type = response.headers.get("Content-Type") || "";
                    const body = new Uint8Array(await response.arrayBuffer());
                    const zip = String.fromCharCode(...body.slice(0, 4)) === "PK\u0003\u0004";
                    const kind = link.dataset.kind;
                    if (
                        !response.ok ||
                        !type.startsWith(types[kind]) ||
                        !body.length ||
                        (kind === "xlsx" && !zip)
                    ) {
                        failed.push(`${link.pathname}: ${response.status} ${type}`);
                    }
                }
                if (failed.length) {
                    throw new Error(`Statements that do not download: ${failed.join(", ")}`);
                }
            },
        },
    ],
});
