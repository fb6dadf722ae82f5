/** @odoo-module **/
/* The loop in the browser (built by test_agency_roundtrip_tour.py): the creditor places a case
   with its agency from the case; the agency imports the placement file with no mapping; the
   creditor imports the agency's statement and it is booked. The files come from attachments
   the test leaves (named tour_*.csv), fetched as a person would pick them from disk. */

import { registry } from "@web/core/registry";
import { rpc } from "@web/core/network/rpc";

async function uploadAttachment(name, selector) {
    const [attachment] = await rpc("/web/dataset/call_kw/ir.attachment/search_read", {
        model: "ir.attachment",
        method: "search_read",
        args: [[["name", "=", name]], ["id"]],
        kwargs: {},
    });
    const content = await (await fetch(`/web/content/${attachment.id}?download=true`)).blob();
    const transfer = new DataTransfer();
    transfer.items.add(new File([content], name, { type: "text/csv" }));
    const input = document.querySelector(selector);
    input.files = transfer.files;
    input.dispatchEvent(new Event("change", { bubbles: true }));
}

registry.category("web_tour.tours").add("debt_collection_agency_place", {
    steps: () => [
        {
            content: "The case: Place with Agency",
            trigger: ".o_form_view button[name=action_place_with_agency]",
            run: "click",
        },
        {
            content: "Choose the agreement",
            trigger: ".modal .o_field_widget[name=agreement_id] input",
            run: "edit Recobros",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(Recobros Levante 2026)",
            run: "click",
        },
        {
            trigger: ".modal footer button[name=action_place]",
            run: "click",
        },
        {
            content: "The placement ZIP is ready to download",
            trigger: ".modal .o_field_widget[name=file]:contains(placement-)",
        },
        {
            trigger: ".modal footer button:contains(Close)",
            run: "click",
        },
        {
            content: "The case says who collects it now",
            trigger: ".o_form_view .alert-info:contains(Placed with):contains(Recobros Levante)",
        },
    ],
});

registry.category("web_tour.tours").add("debt_collection_agency_import_placement", {
    steps: () => [
        {
            content: "The agency's mandate: Import Portfolio",
            trigger: ".o_form_view button[name=action_import]",
            run: "click",
        },
        {
            content: "Upload the creditor's placement file as it came",
            trigger: ".modal .o_field_widget[name=file] input[type=file]:not(:visible)",
            async run() {
                await uploadAttachment(
                    "tour_placement.csv",
                    ".modal .o_field_widget[name=file] input[type=file]"
                );
            },
        },
        {
            content: "Every column is recognised: nothing to map",
            trigger: ".modal .o_field_widget[name=column_ids] .o_data_row td[name=header]:contains(Invoice Number)",
        },
        {
            trigger: ".modal footer button[name=action_check]",
            run: "click",
        },
        {
            content: "No bad row",
            trigger: ".modal .o_field_widget[name=bad_count]:contains(0)",
        },
        {
            trigger: ".modal footer button[name=action_import]",
            run: "click",
        },
        {
            content: "Three debts placed",
            trigger: ".modal .o_field_widget[name=summary]:contains(3 debts placed)",
        },
    ],
});

registry.category("web_tour.tours").add("debt_collection_agency_statement", {
    steps: () => [
        {
            content: "Upload the agency's statement",
            trigger: ".o_form_view .o_field_widget[name=file] input[type=file]:not(:visible)",
            async run() {
                await uploadAttachment(
                    "tour_statement.csv",
                    ".o_form_view .o_field_widget[name=file] input[type=file]"
                );
            },
        },
        {
            content: "The file is chosen",
            trigger: ".o_form_view .o_field_widget[name=file] .o_clear_file_button",
        },
        {
            content: "Import and Book",
            trigger: ".o_form_view button[name=action_import]",
            run: "click",
        },
        {
            content: "Booked: 900.34 due from the agency",
            trigger: ".o_form_view .o_field_widget[name=amount_awaited]:contains(900.34)",
        },
    ],
});
