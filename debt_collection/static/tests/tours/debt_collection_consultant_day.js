/** @odoo-module **/
/* A consultant's day (built by test_consultant_day.py): her cases are her home page; she
   opens a case from the kanban, logs a call in which the debtor promised to pay, and opens
   the letter the engine attached to the case (that she can open the case's invoices is
   checked in Python: TestConsultantRights). Then her queue: the call screen of its first
   case, an outcome per call and Next Case to the following one (reached, then an instalment
   plan agreed on that case; no answer; wrong number; disputes; promise made). */

import { registry } from "@web/core/registry";
import { assert } from "@debt_collection/../tests/tours/tour_utils";

const { DateTime } = luxon;
const DEBTOR = "Rosa Tour Martínez";
// the consultant's language is Spanish: dates are day/month/year
const PROMISED = DateTime.now().plus({ days: 7 });

/** The call screen of debtor, an outcome clicked and logged, then Next Case. */
function callOutcome(debtor, button, { next = true, logged = true } = {}) {
    const steps = [
        {
            content: `The call screen of ${debtor}`,
            trigger: `.o_form_view h1 .o_field_widget[name=partner_id]:contains(${debtor})`,
        },
        {
            content: "Why the call is due today",
            trigger: ".o_form_view .o_field_widget[name=reason]:not(:empty)",
        },
        {
            content: `Outcome: ${button}`,
            trigger: `.o_form_view button[name=${button}]`,
            run: "click",
        },
    ];
    if (logged) {
        steps.push({
            content: "The outcome is logged",
            trigger: ".o_form_view .o_field_widget[name=last_outcome]",
        });
    }
    if (next) {
        steps.push({
            content: "Next case",
            trigger: ".o_form_view .o_form_statusbar button[name=action_next_case]",
            run: "click",
        });
    }
    return steps;
}

/** The promise dialog filled in: how much, and by when typed in the consultant's date format. */
function promiseDialog(amount) {
    return [
        {
            content: "The promise: how much",
            trigger: ".modal .o_field_widget[name=amount] input",
            run: `edit ${amount}`,
        },
        {
            content: "The promise: by when, typed in the consultant's date format",
            trigger: ".modal .o_field_widget[name=date_promised] input",
            async run(helpers) {
                await helpers.edit(PROMISED.toFormat("dd/MM/yyyy"));
                await helpers.press("Enter");
            },
        },
        {
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
    ];
}

/** Her queue, from the Collection menu. */
function openQueue(content) {
    return [
        {
            content,
            trigger: ".o_menu_sections [data-menu-xmlid='debt_collection.debt_collection_menu_operations']",
            run: "click",
        },
        {
            trigger: ".dropdown-item[data-menu-xmlid='debt_collection.debt_collection_queue_menu']",
            run: "click",
        },
    ];
}

function fieldValue(widget) {
    const select = widget.querySelector("select");
    const span = widget.querySelector("span[raw-value]");
    return select ? select.value : span && span.getAttribute("raw-value");
}

registry.category("web_tour.tours").add("debt_collection_consultant_day", {
    url: "/odoo",
    steps: () => [
        {
            content: "The Collection app is the consultant's home: her cases by stage",
            trigger: `.o_debt_collection_case_kanban .o_kanban_record:contains(${DEBTOR})`,
        },
        {
            content: "Stage names are shown whole, not cut",
            trigger: ".o_debt_collection_case_kanban .o_kanban_group .o_column_title",
            run() {
                const titles = document.querySelectorAll(
                    ".o_debt_collection_case_kanban .o_column_title > span:first-child"
                );
                for (const title of titles) {
                    assert(
                        title.scrollWidth <= title.clientWidth + 1,
                        `Column title cut: ${title.textContent}`
                    );
                }
            },
        },
        {
            content: "Open the case",
            trigger: `.o_debt_collection_case_kanban .o_kanban_record:contains(${DEBTOR})`,
            run: "click",
        },
        {
            content: "The case is named after its debtor too",
            trigger: `.o_last_breadcrumb_item:contains(${DEBTOR})`,
        },
        {
            content: "Log the call",
            trigger: ".o_form_view button[name=action_log_outcome]",
            run: "click",
        },
        {
            content: "The debtor promised to pay",
            trigger: ".modal .o_field_widget[name=result] select",
            run: 'select "promise"',
        },
        {
            trigger: ".modal .o_field_widget[name=note] textarea",
            run: "edit Pagará el viernes",
        },
        {
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        ...promiseDialog(100),
        {
            content: "The case waits for the promise",
            trigger: "body:not(:has(.modal)) .o_form_view .o_field_widget[name=state]",
            run() {
                // the form reloads once the dialog is closed
                return new Promise((resolve, reject) => {
                    const started = Date.now();
                    const check = () => {
                        const value = fieldValue(this.anchor);
                        if (value && value.includes("promise")) {
                            resolve();
                        } else if (Date.now() - started > 8000) {
                            reject(new Error(`Unexpected case status: ${value}`));
                        } else {
                            setTimeout(check, 100);
                        }
                    };
                    check();
                });
            },
        },
        {
            content: "Look at the promise",
            trigger: ".o_form_view button[name=action_view_promises]",
            run: "click",
        },
        {
            content: "The promise is listed",
            trigger: `.o_list_view .o_data_row:contains(${PROMISED.toFormat("dd/MM/yyyy")})`,
        },
        {
            content: "Back to the case",
            trigger: `.breadcrumb-item a:contains(${DEBTOR})`,
            run: "click",
        },
        {
            content: "The chatter notes the promise with a date in the consultant's format",
            trigger: `.o-mail-Message-body:contains(${PROMISED.toFormat("dd/MM/yyyy")})`,
            run() {
                const chatter = document.querySelector(".o-mail-Chatter").textContent;
                assert(!/\d{4}-\d{2}-\d{2}/.test(chatter), "ISO date in the chatter");
                assert(!chatter.includes("Promise Made"), "Untranslated outcome in the chatter");
            },
        },
        {
            content: "Open the letter the engine attached",
            trigger: ".o-mail-AttachmentCard:contains(pdf)",
            run: "click",
        },
        {
            content: "The letter opens in the viewer and is a PDF",
            trigger: ".o-FileViewer iframe",
            async run() {
                const viewer = new URL(this.anchor.getAttribute("src"), window.location.href);
                const file = viewer.searchParams.get("file") || viewer.href;
                const response = await fetch(file);
                assert(response.ok, `The letter answers ${response.status}`);
                const type = response.headers.get("Content-Type") || "";
                assert(type.includes("pdf"), `The letter is not a PDF: ${type}`);
            },
        },
        {
            content: "Close the viewer",
            trigger: ".o-FileViewer",
            run: "press Escape",
        },
        {
            trigger: "body:not(:has(.o-FileViewer))",
        },
        // Her queue, the most pressing first
        ...openQueue("Open her queue"),
        {
            content: "The first case of the queue: open its call screen",
            trigger: ".o_list_view .o_data_row:first-child .o_data_cell:contains(Ana Primera)",
            run: "click",
        },
        ...callOutcome("Ana Primera", "action_reached", { next: false }),
        {
            content: "Reached: she agrees a plan. Open the case",
            trigger: ".o_form_view button[name=action_open_case]",
            run: "click",
        },
        {
            trigger: ".o_form_view button[name=action_new_plan]",
            run: "click",
        },
        {
            content: "Three instalments",
            trigger: ".modal .o_field_widget[name=instalment_count] input",
            run: "edit 3",
        },
        {
            trigger: ".modal button[name=action_propose]",
            run: "click",
        },
        {
            content: "The schedule proposed: confirm the agreement",
            trigger: "body:not(:has(.modal)) .o_form_view button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The plan runs",
            trigger: ".o_form_view .o_statusbar_status button.o_arrow_button_current[data-value=running]",
        },
        ...openQueue("Back to her queue"),
        {
            content: "The case with a plan has left the queue: the next one is first",
            trigger: ".o_list_view .o_data_row:first-child .o_data_cell:contains(Bruno Segundo)",
            run: "click",
        },
        ...callOutcome("Bruno Segundo", "action_no_answer"),
        ...callOutcome("Carla Tercera", "action_wrong_number"),
        ...callOutcome("Diego Cuarto", "action_disputes"),
        ...callOutcome("Elena Quinta", "action_promise", { next: false, logged: false }),
        ...promiseDialog(50),
        {
            content: "The promise is saved",
            trigger: "body:not(:has(.modal)) .o_form_view .o_field_widget[name=last_outcome]",
        },
    ],
});
