"""How placed debts' invoices are booked in batches: posted, their debtors subscribed, numbered."""

from collections import defaultdict

import psycopg2

from odoo import Command, api, models
from odoo.exceptions import UserError
from odoo.tools import SQL, mute_logger

# the first key of the advisory lock that holds a journal's numbering while placements are
# numbered (the second is the journal's id)
NUMBERING_LOCK_SPACE = 0x44434A4E
# numbers read again when an invoice another transaction numbers takes one of them
NUMBERING_ATTEMPTS = 5


class DebtCollectionPlacement(models.Model):
    _inherit = "debt.collection.placement"

    @api.model
    def _number_placement_moves(self, moves):
        """Number the posted placement invoices ``moves`` (all "/", of one journal and date),
        in the order they were made, after the journal's last number.

        The journal's numbering is held (an advisory lock, to the end of the transaction) by
        placements only; the last number is read as committed now (another worker's chunk
        committed after this transaction began is not in its snapshot) and as this
        transaction sees it (its own chunks, not committed yet). An invoice Odoo numbers
        meanwhile in another transaction holds its number through the journal's unique index:
        the numbers are then read again and taken after it. The first invoice of a journal's
        period is numbered by Odoo, as Odoo does."""
        moves = moves.sorted("id")
        first = moves[:1]
        self.env.flush_all()
        self.env.cr.execute(
            SQL("SELECT pg_advisory_xact_lock(%s, %s)", NUMBERING_LOCK_SPACE, first.journal_id.id)
        )
        attempts = 0
        todo, after_last = moves, moves.browse()
        while todo:
            attempts += 1
            if attempts > NUMBERING_ATTEMPTS:
                raise UserError(
                    self.env._(
                        "The invoices of these debts could not be numbered: journal "
                        "%(journal)s is numbering other entries right now. Try again in a "
                        "moment.",
                        journal=first.journal_id.display_name,
                    )
                )
            last = self._last_move_name(todo[0])
            if not last:
                # a new period (or journal): its format and first number as Odoo gives them
                todo[0]._set_next_sequence()
                todo = todo[1:]
                continue
            numbered = [
                SQL("(%s, %s)", move.id, name)
                for move, (_seq, name) in zip(todo, self._next_move_names(last), strict=False)
            ]
            try:
                with mute_logger("odoo.sql_db"), self.env.cr.savepoint(flush=False):
                    self.env.cr.execute(
                        SQL(
                            """
                            UPDATE account_move move SET name = numbered.name
                              FROM (VALUES %s) AS numbered(id, name)
                             WHERE move.id = numbered.id
                            """,
                            SQL(", ").join(numbered),
                        )
                    )
            except psycopg2.errors.UniqueViolation:
                continue
            after_last, todo = todo, todo.browse()
        # what follows from the numbers (their prefix and number, the journal items' number)
        # is computed by the ORM, as after Odoo's own numbering; but the gap marker: numbered
        # after a number that exists, they make no gap, though this transaction's snapshot may
        # not see that number (another worker's chunk, committed since it began)
        moves.invalidate_recordset(["name"])
        moves.modified(["name"])
        self.env.flush_all()
        if after_last:
            self.env.cr.execute(
                SQL(
                    "UPDATE account_move SET made_sequence_gap = FALSE"
                    " WHERE id IN %s AND made_sequence_gap",
                    tuple(after_last.ids),
                )
            )
            after_last.invalidate_recordset(["made_sequence_gap"])

    @api.model
    def _last_move_name(self, move):
        """The last number of ``move``'s journal and period, whichever is the later: as this
        transaction sees it (its own placements, not committed yet) or as committed now, read
        with Odoo's query of ``_get_last_sequence`` in a cursor of its own (another worker's
        chunk committed after this transaction began is not in its snapshot). Odoo deduces a
        journal's format from its last entry: where this transaction sees none (a new journal
        or period), the journal's last number committed now is taken if it is of the move's
        period."""
        names = [move._get_last_sequence()]
        queries = [move._get_last_sequence_domain(), move._get_last_sequence_domain(relaxed=True)]
        with self.env.registry.cursor() as cr:
            for where, params in queries:
                # Odoo's own where clause ("WHERE ...", named placeholders) and parameters
                where = SQL(where, **params)  # pylint: disable=sql-injection
                cr.execute(
                    SQL(
                        """
                        SELECT name FROM account_move %s
                           AND sequence_prefix = (
                               SELECT sequence_prefix FROM account_move %s
                                ORDER BY id DESC LIMIT 1
                           )
                         ORDER BY sequence_number DESC
                         LIMIT 1
                        """,
                        where,
                        where,
                    )
                )
                names.append((cr.fetchone() or [None])[0])
        Move = self.env["account.move"]
        names = [
            name
            for name in names
            if name
            and Move.new(
                {
                    "journal_id": move.journal_id.id,
                    "move_type": move.move_type,
                    "date": move.date,
                    "name": name,
                }
            )._sequence_matches_date()
        ]
        if not names:
            return False
        return max(names, key=lambda name: move._get_sequence_format_param(name)[1]["seq"])

    @api.model
    def _post_placement_moves(self, moves, numbered=False):
        """Odoo's ``action_post`` of a batch, without what it does invoice by invoice that a
        batch does at once, nor what it computes again to find the same values:

        - the journal's "auto-check on post" is written into each invoice with its own
          ``write`` (a balance check query each): it is written here into the cache of the
          whole batch, and reaches the database with the posting's own update;
        - each debtor's customer rank is raised in its own savepoint and update: the raises
          are gathered (``res.partner._increase_rank``) and made with Odoo's own method, once
          per batch;
        - the change of state makes Odoo compute again the invoices' amounts, due date and
          payment reference, and (``numbered``: the invoices were given their numbers) their
          number: a placement invoice has no tax, no payment term and no payment yet, so
          posting changes none of them (``test_agency_placement_invoice``), and they are kept.
        """
        Move = self.env["account.move"]
        kept = [Move._fields["checked"]]
        kept += [field for field in Move._fields.values() if field.compute == "_compute_amount"]
        kept += [Move._fields[name] for name in ("invoice_date_due", "payment_reference")]
        if numbered:
            kept += [Move._fields[name] for name in ("name", "sequence_prefix", "sequence_number")]
        ranks = {}
        with self.env.protecting(kept, moves):
            moves.with_context(debt_collection_deferred_ranks=ranks).action_post()
        # as write would: what depends on the auto-check learns of it
        moves.modified(["checked"])
        by_count = defaultdict(list)
        for (field, partner_id), count in ranks.items():
            by_count[field, count].append(partner_id)
        Partner = self.env["res.partner"]
        for (field, count), partner_ids in by_count.items():
            Partner.browse(partner_ids)._increase_rank(field, count)

    @api.model
    def _subscribe_debtors(self, moves):
        """Each debtor follows their invoice, as posting it would make them, in one insert.
        sudo: followers are written for whoever places the debts, as Odoo's posting does."""
        default, _internal, external = self.env["mail.message.subtype"].default_subtypes(
            moves._name
        )
        customers = set(
            self.env["res.partner"]
            .sudo()
            .search([("id", "in", moves.partner_id.ids), ("partner_share", "=", True)])
            .ids
        )
        self.env["mail.followers"].sudo().create(
            [
                {
                    "res_model": moves._name,
                    "res_id": move.id,
                    "partner_id": move.partner_id.id,
                    "subtype_ids": [
                        Command.set((external if move.partner_id.id in customers else default).ids)
                    ],
                }
                for move in moves
            ]
        )

    @api.model
    def _next_move_names(self, last):
        """(number, name) after the invoice number ``last``, in its format."""
        format_string, values = self.env["account.move"]._get_sequence_format_param(last)
        seq = values.pop("seq")
        while True:
            seq += 1
            yield seq, format_string.format(**values, seq=seq)
