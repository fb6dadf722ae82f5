/** @odoo-module **/

import { registry } from "@web/core/registry";

/**
 * The debtor follows the link printed on the letter (no account, a phone-sized screen),
 * sees what is due and downloads the letter that was sent. Data: test_portal_tour.py.
 */
registry.category("web_tour.tours").add("debt_collection_portal_letter_link", {
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
            content: "It is the creditor's page, not the server's",
            trigger: "footer:contains(Suministros Levante S.L.)",
        },
        {
            content: "Nothing runs past the edge of a phone's screen",
            trigger: ".o_debt_collection_case_page table",
            run() {
                const page = document.documentElement;
                if (page.scrollWidth > window.innerWidth) {
                    throw new Error(
                        `The page is ${page.scrollWidth}px wide on a ${window.innerWidth}px screen`
                    );
                }
            },
        },
        {
            content: "Download the letter",
            trigger: "a.o_debt_collection_letter_download",
            run: "click",
        },
        {
            content: "The link gives the letter's PDF",
            trigger: "a.o_debt_collection_letter_download",
            async run() {
                const response = await fetch(this.anchor.href);
                const type = response.headers.get("Content-Type");
                const start = new TextDecoder().decode((await response.arrayBuffer()).slice(0, 4));
                if (!response.ok || type !== "application/pdf" || start !== "%PDF") {
                    throw new Error(`The letter answered ${response.status} ${type}`);
                }
            },
        },
    ],
});
