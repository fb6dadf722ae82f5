/* The legal notice (built by test_legal_tour.py): the Legal group sends the reviewed notice
   by registered letter, records the post office's tracking number, then the delivery with
   the scanned return receipt, and sees the receipt among the notice's evidence. */

import { registry } from "@web/core/registry";

function upload(input, name) {
    const transfer = new DataTransfer();
    transfer.items.add(new File(["%PDF-1.4 scan"], name, { type: "application/pdf" }));
    input.files = transfer.files;
    input.dispatchEvent(new Event("change", { bubbles: true }));
}

registry.category("web_tour.tours").add("debt_collection_legal_notice", {
    steps: () => [
        {
            content: "Send the notice",
            trigger: ".o_form_view .o_form_statusbar button[name=action_send]",
            run: "click",
        },
        {
            content: "Confirm: once sent it cannot be changed",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Posted by registered letter: the tracking number",
            trigger: ".modal .o_field_widget[name=tracking_ref] input",
            run: "edit RR123456789ES",
        },
        {
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The notice is sent",
            trigger:
                "body:not(:has(.modal)) .o_statusbar_status button.o_arrow_button_current[data-value=sent]",
        },
        {
            content: "The return receipt came back: record the delivery",
            trigger: ".o_form_view .o_form_statusbar button[name=action_register_outcome]",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=outcome] select",
            run: 'select "delivered"',
        },
        {
            content: "The scanned return receipt",
            trigger: ".modal .o_field_widget[name=receipt_file] input[type=file]:not(:visible)",
            run() {
                upload(this.anchor, "acuse-recibo.pdf");
            },
        },
        {
            trigger: ".modal .o_field_widget[name=receipt_file] .o_clear_file_button",
        },
        {
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "Delivered: the deadline runs",
            trigger:
                "body:not(:has(.modal)) .o_statusbar_status button.o_arrow_button_current[data-value=delivered]",
        },
        {
            trigger: ".o_form_view .o_field_widget[name=date_deadline]:not(:empty)",
        },
        {
            content: "The receipt among the evidence",
            trigger: ".o_notebook .nav-link[name=evidence]",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=evidence_ids] .o_data_row:contains(acuse-recibo.pdf)",
        },
    ],
});
