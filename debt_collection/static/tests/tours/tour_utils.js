/** @odoo-module **/
/* Helpers shared by the tours of debt_collection (not a tour itself). */

/** Fail the tour step with message unless condition holds. */
export function assert(condition, message) {
    if (!condition) {
        throw new Error(message);
    }
}
