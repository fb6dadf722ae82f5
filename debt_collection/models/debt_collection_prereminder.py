"""The friendly reminder before the due date: one statement per debtor, no case, no step."""

from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import api, models
from odoo.tools import SQL, format_amount, format_date, split_every

BATCH = 2000


class DebtCollectionPrereminder(models.AbstractModel):
    """Before the due date, each debtor whose strategy asks for it gets one message listing every
    invoice falling due in the strategy's window (a statement, by e-mail or WhatsApp), through
    the contact gate. It opens no case and is no step of the ladder: it is logged on the debtor's
    chatter, and each invoice it lists is marked so that no later run lists it again. Debtors
    who always pay on time can be left out (none of their last invoices paid late).
    """

    _name = "debt.collection.prereminder"
    _description = "Pre-due Reminders"

    @api.model
    def _send_reminders(self, company, today, part=0, parts=1, on_batch=None):
        """The reminders of ``company`` for ``today``; returns the number of debtors reminded."""
        strategies = self.env["debt.collection.strategy"].search(
            [("company_id", "in", [False, company.id]), ("stage_ids", "!=", False)],
            order="sequence, id",
        )
        horizon_days = max(strategies.mapped("prereminder_days") or [0])
        if horizon_days <= 0:
            return 0
        rows = self._select_invoices(
            company, today, today + timedelta(days=horizon_days), part, parts
        )
        by_debtor = defaultdict(list)
        for row in rows:
            by_debtor[row[1]].append(row)
        sent = 0
        for debtor_ids in split_every(BATCH, sorted(by_debtor)):
            sent += self._remind_batch(company, today, strategies, debtor_ids, by_debtor)
            if on_batch:
                on_batch()
        return sent

    @api.model
    def _select_invoices(self, company, date_from, date_to, part, parts):
        """(id, debtor, due date, residual, number, currency) of the open invoices in no case
        falling due in [date_from, date_to], of the debtors that have one not reminded yet."""
        self.env["debt.collection.intake"]._flush_intake_fields()
        self.env["account.move"].flush_model(
            ["collection_prereminder_date", "name", "currency_id"]
        )
        where = SQL(self.env["debt.collection.intake"]._get_overdue_invoice_where())
        return self.env.execute_query(
            SQL(
                """
                SELECT m.id, m.commercial_partner_id, m.invoice_date_due,
                       m.amount_residual, m.name, m.currency_id,
                       m.collection_prereminder_date IS NULL
                  FROM account_move m
                 WHERE m.company_id = %(company)s AND %(where)s
                   AND m.collection_case_id IS NULL
                   AND m.invoice_date_due BETWEEN %(date_from)s AND %(date_to)s
                   AND MOD(m.commercial_partner_id, %(parts)s) = %(part)s
                   AND m.commercial_partner_id IN (
                        SELECT n.commercial_partner_id FROM account_move n
                         WHERE n.company_id = %(company)s
                           AND n.move_type = 'out_invoice' AND n.state = 'posted'
                           AND n.payment_state IN ('not_paid', 'partial')
                           AND n.collection_prereminder_date IS NULL
                           AND n.invoice_date_due BETWEEN %(date_from)s AND %(date_to)s)
                 ORDER BY m.commercial_partner_id, m.invoice_date_due, m.id
                """,
                company=company.id,
                where=where,
                date_from=date_from,
                date_to=date_to,
                parts=parts,
                part=part,
            )
        )

    @api.model
    def _late_payers(self, debtor_ids, today, history):
        """The debtors among ``debtor_ids`` who paid one of their last ``history`` invoices due
        before ``today`` late (after its due date) or have one unpaid past its due date; the
        others always paid on time (a debtor with no such invoice yet is no known payer)."""
        self.env["account.move"].flush_model(["payment_state", "invoice_date_due"])
        self.env["account.partial.reconcile"].flush_model(["debit_move_id", "max_date"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT partner, bool_or(late), count(*)
                  FROM (SELECT m.commercial_partner_id AS partner,
                               (m.payment_state IN ('not_paid', 'partial')
                                OR (SELECT max(r.max_date)
                                      FROM account_move_line l
                                      JOIN account_partial_reconcile r ON r.debit_move_id = l.id
                                     WHERE l.move_id = m.id) > m.invoice_date_due) AS late,
                               row_number() OVER (
                                   PARTITION BY m.commercial_partner_id
                                   ORDER BY m.invoice_date_due DESC, m.id DESC) AS rank
                          FROM account_move m
                         WHERE m.commercial_partner_id = ANY(%(debtors)s)
                           AND m.move_type = 'out_invoice' AND m.state = 'posted'
                           AND m.invoice_date_due < %(today)s) AS last
                 WHERE rank <= %(history)s
                 GROUP BY partner
                """,
                debtors=list(debtor_ids),
                today=today,
                history=history,
            )
        )
        punctual = {partner for partner, late, count in rows if not late and count}
        return set(debtor_ids) - punctual

    @api.model
    def _remind_batch(self, company, today, strategies, debtor_ids, by_debtor):
        Case = self.env["debt.collection.case"]
        debtors = self.env["res.partner"].browse(debtor_ids)
        known = {
            "strategies": strategies,
            "broken_promises": debtors._collection_broken_promise_counts(),
        }
        intake = self.env["debt.collection.intake"]
        plans = []  # (debtor, strategy, rows)
        for debtor in debtors:
            rows = by_debtor[debtor.id]
            amount = sum(row[3] for row in rows)
            strategy = intake._choose_strategy(company, debtor, debtor.browse(), amount, known)
            days = strategy.prereminder_days
            if days <= 0:
                continue
            rows = [row for row in rows if row[2] <= today + timedelta(days=days)]
            if rows and any(row[6] for row in rows):
                plans.append((debtor, strategy, rows))
        # who always pays on time, per strategy asking for it
        skip = set()
        for strategy in {plan[1] for plan in plans if plan[1].prereminder_skip_punctual}:
            ids = [plan[0].id for plan in plans if plan[1] == strategy]
            late = self._late_payers(ids, today, strategy.prereminder_history or 6)
            skip |= set(ids) - late
        plans = [plan for plan in plans if plan[0].id not in skip]
        if not plans:
            return 0
        # the contact gate, with the debtors' contact history read once for the batch
        gate = Case.concat(
            *(Case.new({"partner_id": plan[0].id, "company_id": company.id}) for plan in plans)
        )
        gate = gate.with_context(
            debt_collection_contact_counts=gate._collection_recent_contacts(),
            debt_collection_contact_history=gate._collection_contact_history(),
        )
        emails, whatsapps, reminded = [], [], []
        for case, (debtor, strategy, rows) in zip(gate, plans, strict=True):
            channel = strategy.prereminder_channel
            if not debtor._collection_can_reach(channel):
                continue
            if case._collection_contact_refusal(channel, None, None)[0]:
                continue
            if channel == "whatsapp":
                values = self._prepare_whatsapp_values(company, debtor, strategy, rows)
                if not values:
                    continue
                whatsapps.append(values)
            else:
                emails.append(self._prepare_email_values(company, debtor, rows))
            reminded += [row[0] for row in rows]
        if emails:
            # sudo: the run writes the debtors' reminders; the mail queue sends them
            self.env["mail.mail"].sudo().create(emails)
        if whatsapps:
            self.env["debt.collection.whatsapp.message"]._queue(whatsapps)
        self._mark_reminded(reminded, today)
        return len(emails) + len(whatsapps)

    @api.model
    def _mark_reminded(self, move_ids, today):
        if not move_ids:
            return
        self.env.execute_query(
            SQL(
                "UPDATE account_move SET collection_prereminder_date = %s WHERE id = ANY(%s)",
                today,
                move_ids,
            )
        )
        self.env["account.move"].invalidate_model(["collection_prereminder_date"])

    @api.model
    def _statement(self, env, rows):
        """The lines of the statement (escaped), the total and the first due date."""
        currencies = self.env["res.currency"].browse({row[5] for row in rows})
        by_id = {currency.id: currency for currency in currencies}
        lines = Markup("").join(
            Markup("<tr><td>%s</td><td>%s</td><td style='text-align: right'>%s</td></tr>")
            % (row[4], format_date(env, row[2]), format_amount(env, row[3], by_id[row[5]]))
            for row in rows
        )
        currency = by_id[rows[0][5]]
        total = sum(row[3] for row in rows if row[5] == currency.id)
        return lines, format_amount(env, total, currency), min(row[2] for row in rows)

    @api.model
    def _prepare_email_values(self, company, debtor, rows):
        env = self.with_context(lang=debtor.lang or company.partner_id.lang or self.env.lang).env
        lines, total, first_due = self._statement(env, rows)
        subject = env._(
            "%(company)s: invoices falling due from %(date)s",
            company=company.name,
            date=format_date(env, first_due),
        )
        body = Markup(
            "<p>%s</p><p>%s</p>"
            "<table style='border-collapse: collapse' class='o_dc_prereminder'>"
            "<tr><th>%s</th><th>%s</th><th style='text-align: right'>%s</th></tr>%s</table>"
            "<p><strong>%s</strong></p><p>%s</p>"
            '<p style="font-size: 11px; color: #777777;">%s <a href="%s">%s</a></p>'
        ) % (
            env._("Dear %(name)s,", name=debtor.name),
            env._(
                "A friendly reminder: the invoices below fall due soon. If you have already "
                "paid them, thank you and please ignore this message."
            ),
            env._("Invoice"),
            env._("Due Date"),
            env._("Amount"),
            lines,
            env._("Total: %(total)s", total=total),
            env._("Kind regards,") + " " + company.name,
            env._("To stop receiving these messages:"),
            debtor._collection_optout_url("email"),
            env._("stop e-mails"),
        )
        return {
            "subject": subject,
            "body": body,
            "body_html": body,
            "model": "res.partner",
            "res_id": debtor.id,
            # a comment, as message_post writes one: the chatter shows its body inline
            "message_type": "comment",
            "subtype_id": self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_comment"),
            "author_id": company.partner_id.id,
            "email_from": company.partner_id.email_formatted or company.email_formatted or False,
            "recipient_ids": [(4, debtor.id)],
            "auto_delete": False,
        }

    @api.model
    def _invoice_url(self, move_id):
        # sudo: the run gives the debtor the tokenised link of their own invoice
        move = self.env["account.move"].sudo().browse(move_id)
        move._portal_ensure_token()
        return move.get_base_url() + move.get_portal_url()

    @api.model
    def _prepare_whatsapp_values(self, company, debtor, strategy, rows):
        template = strategy.prereminder_whatsapp_template_ids.filtered(
            lambda t: t.state == "approved"
        )._collection_for_lang(debtor.lang or company.partner_id.lang)
        if not template:
            return False
        env = self.with_context(lang=debtor.lang or company.partner_id.lang or self.env.lang).env
        _lines, total, first_due = self._statement(env, rows)
        return {
            "partner_id": debtor.id,
            "company_id": company.id,
            "kind": "reminder",
            "template_id": template.id,
            "debtor_name": debtor.name,
            "amount_text": total,
            "date_due_text": format_date(env, first_due),
            # no case yet, so no debtor's page: the first invoice's own page
            "page_url": self._invoice_url(rows[0][0]),
            "user_id": self.env.uid,
        }
