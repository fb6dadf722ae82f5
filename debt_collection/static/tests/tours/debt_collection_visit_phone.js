/* A visit reported on a 375 px phone (built by test_backoffice_screens.py): the visits of
   today and the coming days as cards; the debtor met, the signed acknowledgment of debt
   uploaded, the visit saved. */

import { registry } from "@web/core/registry";
import { assert } from "@debt_collection/../tests/tours/tour_utils";

registry.category("web_tour.tours").add("debt_collection_visit_phone", {
    steps: () => [
        {
            content: "Today's visit is a card",
            trigger: ".o_debt_collection_visit_kanban .o_kanban_record:contains(Lucía Fernández García)",
        },
        {
            content: "The visit of the coming days is there too, and the page fits the phone",
            trigger: ".o_debt_collection_visit_kanban .o_kanban_record:contains(Marco Rossi)",
            run() {
                const width = window.innerWidth;
                assert(width <= 400, `Not a phone: ${width} px`);
                const wide = document.documentElement.scrollWidth;
                assert(wide <= width, `The page is ${wide} px wide on a ${width} px phone`);
                assert(!document.querySelector(".o_list_table"), "A table on a phone");
                const cards = [...document.querySelectorAll(".o_kanban_record")];
                assert(
                    !cards.some((card) => card.textContent.includes("Giulia Lontana")),
                    "A visit ten days away"
                );
            },
        },
        {
            content: "Open today's visit",
            trigger: ".o_debt_collection_visit_kanban .o_kanban_record:contains(Lucía Fernández García)",
            run: "click",
        },
        {
            content: "A visit offers what can happen at a door, not a call's outcomes",
            trigger: ".modal .o_field_widget[name=visit_result]",
            run() {
                const text = this.anchor.textContent;
                for (const outcome of ["No Answer", "Wrong Number", "Left a Message"]) {
                    assert(!text.includes(outcome), `A visit offers "${outcome}"`);
                }
                assert(text.includes("Nobody Home"), `No "Nobody Home": ${text}`);
            },
        },
        {
            content: "The consultant met the debtor",
            trigger: ".modal .o_field_widget[name=met_debtor] input",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=visit_result] input[data-value=reached]:checked",
        },
        {
            content: "Upload the signed acknowledgment of debt",
            trigger: ".modal .o_field_widget[name=acknowledgment] input[type=file]:not(:visible)",
            run() {
                const file = new File(["%PDF-1.4 signed"], "reconocimiento.pdf", {
                    type: "application/pdf",
                });
                const transfer = new DataTransfer();
                transfer.items.add(file);
                this.anchor.files = transfer.files;
                this.anchor.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "The form names the file uploaded",
            trigger: ".modal .o_field_widget[name=acknowledgment] input.o_input",
            run() {
                assert(
                    this.anchor.value === "reconocimiento.pdf",
                    `The acknowledgment reads "${this.anchor.value}"`
                );
            },
        },
        {
            content: "Nobody else was told about the debt",
            trigger: ".modal .o_field_widget[name=no_disclosure] input",
            run: "click",
        },
        {
            content: "Save the visit",
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "Back to the visits",
            trigger: "body:not(:has(.modal)) .o_debt_collection_visit_kanban",
        },
    ],
});
