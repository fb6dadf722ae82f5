/** @odoo-module **/
// Odoo's signature form in a modal: a click on "Accept and sign" before the modal has finished
// opening no longer sends an empty signature.

import "@portal/signature_form/signature_form";
import { registry } from "@web/core/registry";
import { patch } from "@web/core/utils/patch";

const SignatureForm = registry.category("public_components").get("portal.signature_form");

/**
 * The form is mounted while its modal is hidden, so its drawing area has no size yet: the
 * name drawn there ("Auto") is an empty image until Bootstrap's ``shown.bs.modal`` (at the end
 * of the opening animation) sizes the area and draws the name again, yet the submit button is
 * already enabled. A click in that moment (a quick tap, a slow phone) sent an empty signature,
 * which the server refuses ("Please sign in the box."). Such a click now sizes the area and
 * waits for the name to be drawn, then signs.
 */
patch(SignatureForm.prototype, {
    async onClickSubmit() {
        if (this.signature.getSignatureImage() === "data:,") {
            this.signature.resetSignature();
            for (let waited = 0; this.signature.isSignatureEmpty && waited < 3000; waited += 50) {
                await new Promise((resolve) => setTimeout(resolve, 50));
            }
        }
        return super.onClickSubmit(...arguments);
    },
});
