/* The case kanban (built by test_backoffice_screens.py): two strategies each have a
   "Home Visit" stage, and a case waits for its first step. */

import { registry } from "@web/core/registry";
import { assert } from "@debt_collection/../tests/tours/tour_utils";

registry.category("web_tour.tours").add("debt_collection_case_kanban", {
    steps: () => [
        {
            content: "The cases by stage",
            trigger: ".o_debt_collection_case_kanban .o_kanban_record:contains(Marco Rossi)",
        },
        {
            content: "Each column says what it holds",
            trigger: ".o_debt_collection_case_kanban .o_column_title",
            run() {
                // an open column's title, or a folded one's (its count stripped)
                const titles = [
                    ...document.querySelectorAll(".o_debt_collection_case_kanban .o_column_title"),
                ].map((title) => title.textContent.replace(/\(\d+\)\s*$/, "").trim());
                assert(!titles.includes("None"), `A column named None: ${titles}`);
                assert(titles.includes("Not Started Yet"), `No column for new cases: ${titles}`);
                assert(
                    new Set(titles).size === titles.length,
                    `Two columns with one name: ${titles}`
                );
                assert(
                    titles.includes("Home Visit (Consumers)") &&
                        titles.includes("Home Visit (Standard Collection)"),
                    `The strategies' visits are not told apart: ${titles}`
                );
            },
        },
        {
            content: "The case the engine has not taken up yet is counted in its column",
            trigger: ".o_debt_collection_case_kanban .o_column_title:contains(Not Started Yet)",
        },
    ],
});
