/** @odoo-module **/
/* The agency's manager imports a creditor's file with two bad rows: from the mandate, Import
   Portfolio, upload the file, Check, read the bad rows, tick the valid rows only, Import
   (built by test_agency_import.py; the file is static/tests/data/import_bad_rows.csv). */

import { registry } from "@web/core/registry";

const FILE_URL = "/debt_collection/static/tests/data/import_bad_rows.csv";

registry.category("web_tour.tours").add("debt_collection_import_bad_rows", {
    steps: () => [
        {
            content: "The mandate's form: Import Portfolio",
            trigger: ".o_form_view button[name=action_import]",
            run: "click",
        },
        {
            content: "Upload the creditor's file",
            trigger: ".modal .o_field_widget[name=file] input[type=file]:not(:visible)",
            async run() {
                const content = await (await fetch(FILE_URL)).blob();
                const file = new File([content], "cartera_tour.csv", { type: "text/csv" });
                const transfer = new DataTransfer();
                transfer.items.add(file);
                const input = document.querySelector(
                    ".modal .o_field_widget[name=file] input[type=file]"
                );
                input.files = transfer.files;
                input.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "The file's columns are read",
            trigger: ".modal .o_field_widget[name=column_ids] .o_data_row td[name=header]:contains(Importe)",
        },
        {
            trigger: ".modal footer button[name=action_check]",
            run: "click",
        },
        {
            content: "The check counts the bad rows",
            trigger: ".modal .o_field_widget[name=bad_count]:contains(2)",
        },
        {
            content: "The columns still show the file's header and first value after Check",
            trigger: ".modal .o_field_widget[name=column_ids] .o_data_row:has(td[name=header]:contains(Importe)) td[name=sample]:contains(100)",
        },
        {
            content: "and lists each with its reason",
            trigger: ".modal .o_field_widget[name=error_ids] .o_data_row td[name=row]:contains(4)",
        },
        {
            content: "Import only the valid rows",
            trigger: ".modal .o_field_widget[name=valid_only] input",
            run: "click",
        },
        {
            trigger: ".modal footer button[name=action_import]",
            run: "click",
        },
        {
            content: "Two debts placed, two bad rows skipped",
            trigger: ".modal .o_field_widget[name=summary]:contains(2 bad rows skipped)",
        },
    ],
});
