/* The court claim (built by test_claim_tour.py): from a case whose legal notice went unpaid,
   the Legal group prepares the claim, reads the cost-benefit and its recommendation, marks
   the claim ready to file and prints it. */

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("debt_collection_claim", {
    steps: () => [
        {
            content: "Prepare the claim from the case",
            trigger: ".o_form_view .o_form_statusbar button[name=action_prepare_claim]",
            run: "click",
        },
        {
            content: "The claim: the court of the debtor's city",
            trigger: ".o_form_view .o_field_widget[name=court_level]:contains(Juzgado de Primera Instancia)",
        },
        {
            content: "The cost-benefit before the step: costs and a recommendation",
            trigger: ".o_form_view .o_field_widget[name=cost_total]",
        },
        {
            trigger: ".o_form_view .o_claim_recommendation .o_field_widget[name=recommendation]:not(:empty)",
        },
        {
            content: "What is known of the debtor's assets",
            trigger: ".o_form_view .o_field_widget[name=assets_note] textarea",
            run: "edit Owns its warehouse in Paterna (Registro de la Propiedad).",
        },
        {
            content: "Leave the field: the recommendation is weighed again",
            trigger: ".o_form_view .o_field_widget[name=amount_total]",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_claim_recommendation:contains(File the claim)",
        },
        {
            content: "Reviewed: ready to file",
            trigger: ".o_form_view .o_form_statusbar button[name=action_ready]",
            run: "click",
        },
        {
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            trigger:
                "body:not(:has(.modal)) .o_statusbar_status button.o_arrow_button_current[data-value=ready]",
        },
        {
            content: "Print the petition",
            trigger: ".o_form_view .o_form_statusbar button[name=action_print]",
            run: "click",
        },
        {
            trigger: "body:not(:has(.o_error_dialog)) .o_form_view .o_form_statusbar button[name=action_hand_off]",
        },
    ],
});
