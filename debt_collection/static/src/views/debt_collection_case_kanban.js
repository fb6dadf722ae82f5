import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { KanbanHeader } from "@web/views/kanban/kanban_header";
import { KanbanRenderer } from "@web/views/kanban/kanban_renderer";
import { kanbanView } from "@web/views/kanban/kanban_view";

/** A case has no stage until the engine takes its first step: its column says so. */
export class DebtCollectionCaseKanbanHeader extends KanbanHeader {
    _getEmptyGroupLabel(fieldName) {
        if (fieldName === "stage_id") {
            return _t("Not Started Yet");
        }
        return super._getEmptyGroupLabel(fieldName);
    }
}

export class DebtCollectionCaseKanbanRenderer extends KanbanRenderer {
    static components = {
        ...KanbanRenderer.components,
        KanbanHeader: DebtCollectionCaseKanbanHeader,
    };
}

export const debtCollectionCaseKanbanView = {
    ...kanbanView,
    Renderer: DebtCollectionCaseKanbanRenderer,
};

registry.category("views").add("debt_collection_case_kanban", debtCollectionCaseKanbanView);
