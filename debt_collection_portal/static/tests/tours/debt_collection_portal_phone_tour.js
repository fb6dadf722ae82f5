/** @odoo-module **/

import { registry } from "@web/core/registry";

/**
 * Nothing on the page is wider than the screen: on a 375 px phone the header with a long
 * company name and a logged-in debtor's name used to be 414 px wide. Used for the debtor's
 * page and for the page of a link no longer valid. Data: test_portal_tour.py.
 */
function checkWidth() {
    const page = document.documentElement;
    const wide = [...document.querySelectorAll("body *")]
        .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
        .filter((el) => el.getClientRects().length && getComputedStyle(el).visibility !== "hidden")
        .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join(".")}`);
    if (page.scrollWidth > window.innerWidth) {
        throw new Error(
            `The page is ${page.scrollWidth}px wide on a ${window.innerWidth}px screen: ${wide
                .slice(0, 8)
                .join(", ")}`
        );
    }
}

registry.category("web_tour.tours").add("debt_collection_portal_fits_a_phone", {
    steps: () => [
        {
            content: "The page is loaded (the debtor's page, or the link no longer valid)",
            trigger: ".o_debt_collection_case_page, .o_debt_collection_link_invalid",
        },
        {
            content: "The header is not wider than the screen",
            trigger: "header .navbar",
            run() {
                const header = this.anchor.getBoundingClientRect();
                if (header.width > window.innerWidth || this.anchor.scrollWidth > window.innerWidth) {
                    throw new Error(
                        `The header is ${this.anchor.scrollWidth}px wide on a ${window.innerWidth}px screen`
                    );
                }
            },
        },
        {
            content: "Nothing runs past the edge of the screen",
            trigger: "footer",
            run: checkWidth,
        },
    ],
});
