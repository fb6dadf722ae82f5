"""What the runs decided, to compare two ways of running (one worker, or several): used by the
benchmark (bench/run.py) and the engine's reliability tests, not by the addon itself."""

from collections import defaultdict

from odoo.tools import SQL


def collection_decisions(env, company):
    """Every decision of the engine for a company, keyed by debtor and creditor, with no
    ids, names or times that depend on who made it: {(debtor, creditor): (...)}.

    The benchmark and the tests compare a run by one worker with a run split in parts.
    """
    env.flush_all()
    cr = env.cr
    cr.execute(
        SQL(
            """
            SELECT c.id, c.partner_id, COALESCE(c.creditor_id, 0), c.state, c.stage_id,
                   c.next_stage_id, c.next_action_date, c.user_id, c.strategy_id,
                   c.hold_reason IS NOT NULL
              FROM debt_collection_case c
             WHERE c.company_id = %s
            """,
            company.id,
        )
    )
    cases = {row[0]: row[1:] for row in cr.fetchall()}
    cr.execute(
        SQL(
            """
            SELECT a.case_id, a.stage_id, a.channel, a.result, a.letter_tone, a.date_deadline,
                   a.attachment_id IS NOT NULL
              FROM debt_collection_action a
              JOIN debt_collection_case c ON c.id = a.case_id
             WHERE c.company_id = %s
             ORDER BY a.case_id, a.date, a.stage_id, a.channel, a.result
            """,
            company.id,
        )
    )
    actions = defaultdict(list)
    for case_id, *values in cr.fetchall():
        actions[case_id].append(tuple(values))
    cr.execute(
        SQL(
            """
            SELECT a.res_id, a.activity_type_id, a.user_id, count(*)
              FROM mail_activity a
              JOIN debt_collection_case c ON c.id = a.res_id
             WHERE a.res_model = 'debt.collection.case' AND c.company_id = %s
             GROUP BY a.res_id, a.activity_type_id, a.user_id
             ORDER BY 1, 2, 3
            """,
            company.id,
        )
    )
    activities = defaultdict(list)
    for case_id, *values in cr.fetchall():
        activities[case_id].append(tuple(values))
    return {
        (values[0], values[1]): (
            values[2:],
            tuple(actions.get(case_id, ())),
            tuple(activities.get(case_id, ())),
        )
        for case_id, values in cases.items()
    }


def decision_differences(expected, found, limit=20):
    """Human-readable differences between two ``collection_decisions``; [] if identical."""
    differences = []
    for key in sorted(set(expected) | set(found)):
        if expected.get(key) != found.get(key):
            differences.append(f"debtor {key[0]}: {expected.get(key)} != {found.get(key)}")
            if len(differences) >= limit:
                break
    return differences
