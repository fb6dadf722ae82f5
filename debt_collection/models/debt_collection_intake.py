"""Intake: which overdue invoices open which case, for whom, on which ladder, with whom."""

from collections import defaultdict
from datetime import timedelta
from operator import itemgetter

from odoo import api, models
from odoo.tools import SQL, split_every

from ..tools.bulk import bulk_create, bulk_writable
from .debt_collection_case import CLOSED_STATES

# debtors taken at once by the intake (memory and transaction size follow it)
INTAKE_BATCH = 2000
PREFETCH_BATCH = 1000


class DebtCollectionIntake(models.AbstractModel):
    """Intake: which overdue invoices open which case, for whom, on which ladder, with whom.

    A case is one per debtor, creditor and company. The creditor of an invoice is its
    ``collection_creditor_id`` (empty for a company collecting its own invoices; an agency's
    placed debts carry their creditor). Every choice is a hook that returns values.
    """

    _name = "debt.collection.intake"
    _description = "Collection Intake"

    @api.model
    def _open_cases(self, company, today, part=0, parts=1, on_batch=None):
        """Open or extend the cases of this worker's debtors; returns how many were opened.

        The debtors are taken a batch at a time (``INTAKE_BATCH``), and ``on_batch`` is called
        after each one (the run commits there and empties the cache): what a run holds in
        memory is a batch, never the portfolio.
        """
        keys = self._select_overdue_keys(company, today, part, parts)
        if not keys:
            return 0
        existing = self._open_case_ids(company, keys)
        new_keys = [key for key in keys if key not in existing]
        assignments = self._assign_consultants(company, today, new_keys) if new_keys else {}
        opened = 0
        for batch in split_every(INTAKE_BATCH, keys):
            opened += self._open_cases_batch(company, today, batch, existing, assignments)
            if on_batch:
                on_batch()
            else:
                self.env.invalidate_all()
        return opened

    @api.model
    def _open_cases_batch(self, company, today, keys, existing, assignments):
        """Open or extend the cases of these (debtor, creditor) keys; returns how many opened."""
        Case = self.env["debt.collection.case"]
        by_key = defaultdict(list)
        for move_id, partner_id, creditor_id, due, residual in self._select_overdue_invoices(
            company, today, partner_ids=list({key[0] for key in keys})
        ):
            by_key[(partner_id, creditor_id or False)].append((move_id, due, residual))
        case_ids = {key: existing[key] for key in by_key if key in existing}
        new_keys = [key for key in keys if key in by_key and key not in existing]
        known = self._prepare_intake_context(company, new_keys) if new_keys else {}
        vals_list = [
            self._prepare_case_values(
                company, key, by_key[key], assignments.get(key), today, known
            )
            for key in new_keys
        ]
        if vals_list:
            # no "case created" note, no creator follower and no "you have been assigned"
            # e-mail per case (that e-mail was half of a cold run): the consultant follows the
            # case silently, subscribed in one insert per consultant
            created = self._create_cases(company, vals_list)
            created._collection_subscribe_consultants()
            for key, case in zip(new_keys, created, strict=True):
                case_ids[key] = case.id
        pairs = [
            (case_ids[key], move_id)
            for key, moves in by_key.items()
            for move_id, _due, _residual in moves
        ]
        self._link_invoices(pairs)
        cases = Case.browse({case_id for case_id, _move in pairs})
        cases.invalidate_recordset(["invoice_ids"])
        cases.modified(["invoice_ids"])
        cases.flush_recordset()
        return len(vals_list)

    @api.model
    def _create_cases(self, company, vals_list):
        """The new cases of a batch in one INSERT (``bulk.py``: defaults, stored computed
        fields, rights and company checks restored), numbered from the company's sequence in
        one query; through ``create`` if a hook gave values that only the ORM can write."""
        Case = self.env["debt.collection.case"].with_context(tracking_disable=True)
        if not bulk_writable(Case, {fname for vals in vals_list for fname in vals} | {"name"}):
            return Case.create(vals_list)
        for vals, name in zip(
            vals_list, Case._next_case_names(company, len(vals_list)), strict=True
        ):
            vals["name"] = name
        return bulk_create(Case, vals_list)

    @api.model
    def _open_case_ids(self, company, keys):
        """{(debtor, creditor or False): open case id} for these keys, in batches."""
        Case = self.env["debt.collection.case"]
        Case.flush_model(["partner_id", "creditor_id", "company_id", "state"])
        found = {}
        wanted = set(keys)
        for partner_ids in split_every(10000, sorted({key[0] for key in keys})):
            rows = self.env.execute_query(
                SQL(
                    """
                    SELECT partner_id, creditor_id, id FROM debt_collection_case
                     WHERE company_id = %s AND partner_id = ANY(%s) AND state NOT IN %s
                    """,
                    company.id,
                    list(partner_ids),
                    tuple(CLOSED_STATES),
                )
            )
            for partner_id, creditor_id, case_id in rows:
                key = (partner_id, creditor_id or False)
                if key in wanted:
                    found[key] = case_id
        return found

    @api.model
    def _get_overdue_invoice_where(self):
        """The SQL condition (an ``SQL``, on account_move aliased m) of an invoice collection
        takes on."""
        return SQL(
            """
               m.move_type = 'out_invoice'
           AND m.state = 'posted'
           AND m.payment_state IN ('not_paid', 'partial')
           AND m.collection_disputed IS NOT TRUE
           AND m.commercial_partner_id IS NOT NULL
            """
        )

    @api.model
    def _flush_intake_fields(self):
        self.env["account.move"].flush_model(
            [
                "collection_case_id",
                "collection_creditor_id",
                "collection_disputed",
                "commercial_partner_id",
                "payment_state",
                "state",
                "invoice_date_due",
                "amount_residual_signed",
            ]
        )

    @api.model
    def _select_overdue_keys(self, company, today, part=0, parts=1):
        """The (debtor, creditor or False) of overdue invoices in no case yet, sorted.

        Read through the partial index of such invoices (``account.move._auto_init``): once
        the portfolio is in cases it holds only the new debts, so a daily run reads only them.
        """
        limit_date = today - timedelta(days=max(company.collection_min_overdue_days, 0))
        self._flush_intake_fields()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT DISTINCT m.commercial_partner_id, m.collection_creditor_id
                  FROM account_move m
                 WHERE m.company_id = %s
                   AND %s
                   AND m.invoice_date_due < %s
                   AND m.collection_case_id IS NULL
                   AND mod(m.commercial_partner_id, %s) = %s
                 ORDER BY 1, 2
                """,
                company.id,
                self._get_overdue_invoice_where(),
                limit_date,
                parts,
                part,
            )
        )
        return [(partner, creditor or False) for partner, creditor in rows]

    @api.model
    def _select_overdue_invoices(self, company, today, partner_ids):
        """Overdue invoices of these debtors in no case yet: (id, debtor, creditor, due date,
        residual)."""
        limit_date = today - timedelta(days=max(company.collection_min_overdue_days, 0))
        self._flush_intake_fields()
        return self.env.execute_query(
            SQL(
                """
                SELECT m.id, m.commercial_partner_id, m.collection_creditor_id,
                       m.invoice_date_due, m.amount_residual_signed
                  FROM account_move m
                 WHERE m.company_id = %s
                   AND %s
                   AND m.invoice_date_due < %s
                   AND m.collection_case_id IS NULL
                   AND m.commercial_partner_id = ANY(%s)
                 ORDER BY m.id
                """,
                company.id,
                self._get_overdue_invoice_where(),
                limit_date,
                partner_ids,
            )
        )

    @api.model
    def _link_invoices(self, pairs):
        """Link (case id, invoice id) pairs in one statement per batch: account.move.write
        would re-check posted moves for nothing.

        In the invoices' order: each statement then walks ``account_move`` and its indexes in
        order, not debtor by debtor."""
        for batch in split_every(5000, sorted(pairs, key=itemgetter(1))):
            self.env.cr.execute(
                SQL(
                    """
                    UPDATE account_move m SET collection_case_id = v.case_id
                      FROM (SELECT unnest(%s::int[]) AS case_id,
                                   unnest(%s::int[]) AS move_id) v
                     WHERE m.id = v.move_id
                    """,
                    [p[0] for p in batch],
                    [p[1] for p in batch],
                )
            )
        self.env["account.move"].invalidate_model(["collection_case_id"])

    @api.model
    def _prepare_intake_context(self, company, keys):
        """What every new case of the batch is decided from, read once."""
        debtors = self.env["res.partner"].browse({key[0] for key in keys})
        return {
            # read together, not one query per new case
            "prefetch": tuple(debtors.ids) + tuple({key[1] for key in keys if key[1]}),
            "strategies": self.env["debt.collection.strategy"].search(
                [("company_id", "in", [False, company.id]), ("stage_ids", "!=", False)],
                order="sequence, id",
            ),
            "broken_promises": debtors._collection_broken_promise_counts(),
        }

    @api.model
    def _prepare_case_values(self, company, key, moves, user_id, today, known):
        """Values of the new case of ``key`` = (debtor id, creditor id or False)."""
        partner_id, creditor_id = key
        prefetch = known.get("prefetch", ())
        debtor = self.env["res.partner"].browse(partner_id).with_prefetch(prefetch)
        creditor = self.env["res.partner"].browse(creditor_id).with_prefetch(prefetch)
        amount = sum(move[2] for move in moves)
        strategy = self._choose_strategy(company, debtor, creditor, amount, known)
        oldest_due = min(move[1] for move in moves)
        stage, date = strategy._entry_stage(oldest_due, today) if strategy else (False, False)
        return {
            "partner_id": partner_id,
            "company_id": company.id,
            "creditor_id": creditor_id,
            "strategy_id": strategy.id,
            "next_stage_id": stage and stage.id,
            "next_action_date": date,
            "user_id": user_id,
            "date_open": today,
        }

    @api.model
    def _choose_strategy(self, company, debtor, creditor, amount, known):
        """First strategy (by sequence) whose rules accept the case, else the first one."""
        strategies = known["strategies"]
        broken = known["broken_promises"].get(debtor.id, 0)
        return next(
            (s for s in strategies if s._matches(amount, debtor.is_company, broken, creditor)),
            strategies[:1],
        )

    @api.model
    def _choose_consultant(self, company, debtor, creditor):
        """The consultant named for the debtor, else for the creditor; False: balance."""
        return debtor.collection_user_id.id or creditor.collection_user_id.id or False

    @api.model
    def _get_consultants(self, company):
        """Who takes new cases: the company's Collection Users (managers only if none)."""
        group = self.env.ref("debt_collection.debt_collection_group_user")
        managers = self.env.ref("debt_collection.debt_collection_group_manager").users
        staff = group.users.filtered(lambda u: not u.share and company in u.company_ids)
        return (staff - managers) or staff

    @api.model
    def _named_consultants(self, company, keys):
        """{(debtor, creditor): user id} of the keys whose case has a named consultant."""
        named = {}
        Partner = self.env["res.partner"]
        for batch in split_every(PREFETCH_BATCH, keys):
            # the debtors of a batch read together, and forgotten after it
            prefetch = tuple({key[0] for key in batch} | {key[1] for key in batch if key[1]})
            for key in batch:
                user_id = self._choose_consultant(
                    company,
                    Partner.browse(key[0]).with_prefetch(prefetch),
                    Partner.browse(key[1]).with_prefetch(prefetch),
                )
                if user_id:
                    named[key] = user_id
            Partner.invalidate_model()
        return named

    @api.model
    def _assign_consultants(self, company, today, keys):
        """{(debtor, creditor): user id} for new cases, the same whichever worker asks.

        Cases without a named consultant are shared out to the least loaded consultant, one
        by one in the order of the debtors. So that several workers (each opening the cases
        of its part of the debtors) decide exactly what one worker would, the share-out runs
        over every debtor opening a case today, with the loads as they were this morning.
        """
        assigned = self._named_consultants(company, keys)
        if len(assigned) == len(keys):
            return assigned
        consultants = self._get_consultants(company).sorted("id")
        if not consultants:
            return assigned
        load = self._consultant_loads(company, today, consultants.ids)
        self.env["debt.collection.case"].flush_model(["partner_id", "creditor_id"])
        wanted = set(keys)
        # the keys of today first (the same list for every worker), then any other (a debtor
        # whose earlier case closed today); other workers' debtors with a named consultant
        # take no turn, as they take none when one worker opens every case
        today_keys = self._keys_opening_today(company, today)
        named_elsewhere = self._named_consultants(
            company, [key for key in today_keys if key not in wanted]
        )
        for key in today_keys + sorted(wanted, key=str):
            if key in assigned or key in named_elsewhere:
                continue
            user_id = self._take_least_loaded(load, load)
            if key in wanted:
                assigned[key] = user_id
        return assigned

    @api.model
    def _take_least_loaded(self, load, user_ids):
        """The consultant of ``user_ids`` with the fewest cases in ``load`` (the lowest id on a
        tie), counted with one case more."""
        user_id = min(user_ids, key=lambda uid: (load[uid], uid))
        load[user_id] += 1
        return user_id

    @api.model
    def _consultant_loads(self, company, today, user_ids):
        """{user id: cases open this morning}: the same for every worker of the run."""
        load = dict.fromkeys(user_ids, 0)
        if not user_ids:
            return load
        # every case of the company counts, whoever runs the intake (a consultant sees only
        # their own cases): the loads must not depend on the reader
        cases_sudo = self.env["debt.collection.case"].sudo()
        groups = cases_sudo._read_group(
            [
                ("company_id", "=", company.id),
                ("user_id", "in", list(user_ids)),
                ("date_open", "<", today),
                "|",
                ("date_closed", "=", False),
                ("date_closed", ">=", today),
            ],
            ["user_id"],
            ["__count"],
        )
        load.update({user.id: count for user, count in groups})
        return load

    @api.model
    def _keys_opening_today(self, company, today):
        """Every (debtor, creditor) whose case opens today, in every worker's part, sorted:
        those with overdue invoices in no case, and those whose case opened today already.
        Debtors with a case opened before today are extended, not opened, and left out."""
        limit_date = today - timedelta(days=max(company.collection_min_overdue_days, 0))
        rows = self.env.execute_query(
            SQL(
                """
                SELECT DISTINCT k.partner_id, COALESCE(k.creditor_id, 0) FROM (
                    SELECT m.commercial_partner_id AS partner_id,
                           m.collection_creditor_id AS creditor_id
                      FROM account_move m
                     WHERE m.company_id = %(company)s AND %(overdue)s
                       AND m.invoice_date_due < %(limit)s AND m.collection_case_id IS NULL
                     UNION
                    SELECT c.partner_id, c.creditor_id FROM debt_collection_case c
                     WHERE c.company_id = %(company)s AND c.date_open = %(today)s
                ) k
                 WHERE NOT EXISTS (
                    SELECT 1 FROM debt_collection_case o
                     WHERE o.company_id = %(company)s AND o.partner_id = k.partner_id
                       AND COALESCE(o.creditor_id, 0) = COALESCE(k.creditor_id, 0)
                       AND o.date_open < %(today)s
                       AND (o.date_closed IS NULL OR o.date_closed >= %(today)s)
                 )
                 ORDER BY 1, 2
                """,
                company=company.id,
                overdue=self._get_overdue_invoice_where(),
                limit=limit_date,
                today=today,
            )
        )
        return [(partner, creditor or False) for partner, creditor in rows]
