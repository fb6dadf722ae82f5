import io
import logging
import re
from collections import defaultdict
from datetime import timedelta

import lxml.html
import psycopg2
import pytz
from lxml import etree

from odoo import api, fields, models
from odoo.tools import split_every
from odoo.tools.pdf import PdfFileReader, PdfFileWriter

from .debt_collection_case import HOLD_STATES
from .debt_collection_stage import OUTBOUND_ACTIONS

_logger = logging.getLogger(__name__)

ACTIVITY_TYPES = {
    "call": "debt_collection.mail_activity_type_collection_call",
    "visit": "debt_collection.mail_activity_type_collection_visit",
    "legal": "debt_collection.mail_activity_type_collection_legal",
    "end": "debt_collection.mail_activity_type_collection_review",
}
LETTER_RENDER_BATCH = 50
# pg_advisory_xact_lock key of the company-wide part of the run ("DC" in ASCII)
ENGINE_LOCK_KEY = 0x4443
LOCK_ATTEMPTS = 5


class DebtCollectionCase(models.Model):
    """The collection engine: a short pipeline of named steps, each testable alone.

    The cron runs every hour: opening cases and choosing steps is cheap when nothing changed,
    and outbound contact then happens inside each debtor's local contact hours.
    """

    _inherit = "debt.collection.case"

    next_stage_id = fields.Many2one(
        "debt.collection.stage",
        string="Next Step",
        index=True,
        copy=False,
        ondelete="restrict",
        tracking=True,
        domain="[('strategy_id', '=', strategy_id)]",
    )

    # ------------------------------------------------------------------
    # Pipeline
    # ------------------------------------------------------------------

    @api.model
    def _cron_run(self, part=0, parts=1):
        """The nightly run. With ``parts`` > 1, this worker takes the debtors whose id modulo
        ``parts`` is ``part``; run one cron per part (see README, "Several workers")."""
        if not 0 <= part < parts:
            raise ValueError(f"part {part} of {parts}")
        engine = self.with_context(debt_collection_slice=(part, parts) if parts > 1 else None)
        for company in self.env["res.company"].search([]):
            engine.with_company(company)._engine_run_company(company)
        # the letters queued by this run are rendered by their own cron, right after
        letters_cron = self.env.ref(
            "debt_collection.ir_cron_debt_collection_letters", raise_if_not_found=False
        )
        if letters_cron and self.env.context.get("debt_collection_commit"):
            letters_cron._trigger()
        return True

    @api.model
    def _cron_render_letters(self, limit=None):
        """Render the queued letters of every company in batches; returns how many were done."""
        done = 0
        for company in self.env["res.company"].search([]):
            done += self.with_company(company)._engine_render_letters(
                company, limit=limit and limit - done
            )
            if limit and done >= limit:
                break
        return done

    @api.model
    def _engine_run_company(self, company):
        today = fields.Date.context_today(self)
        # each worker opens the cases of its own debtors
        self._engine_open_cases(company, today)
        # company-wide checks, cheap and idempotent: one worker at a time (the others wait,
        # then find them done); the lock ends with the commit
        self.env.cr.execute("SELECT pg_advisory_xact_lock(%s, %s)", [ENGINE_LOCK_KEY, company.id])
        self.env["debt.collection.promise"]._cron_evaluate(company)
        self.env["debt.collection.plan"]._cron_evaluate(company)
        self._engine_close_paid(company)
        self._engine_record_late_payments(company)
        self._engine_hold(company)
        self._engine_check_unmatched_payments(company)
        self.search(
            self._get_engine_active_domain(company) + self._engine_unreachable_domain()
        )._engine_check_contact_data()
        self._engine_commit()
        # steps: every worker takes batches of due cases, skipping those another has locked
        self._engine_advance(company, today)

    @api.model
    def _engine_slice(self):
        """(parts, part): this worker handles the debtors whose id modulo parts is part."""
        part, parts = self.env.context.get("debt_collection_slice") or (0, 1)
        return parts, part

    def _engine_commit(self):
        """Commit a finished batch in real cron runs (resumable); never inside tests."""
        if not self.env.registry.in_test_mode() and self.env.context.get("debt_collection_commit"):
            self.env.cr.commit()  # pylint: disable=invalid-commit

    @api.model
    def _get_engine_active_domain(self, company):
        return [("company_id", "=", company.id), ("state", "not in", HOLD_STATES)]

    # ------------------------------------------------------------------
    # Step 1: open cases for overdue receivables
    # ------------------------------------------------------------------

    @api.model
    def _engine_select_overdue_invoices(self, company, today):
        """Overdue, unpaid, undisputed invoices in no case: (id, debtor, due, residual)."""
        limit_date = today - timedelta(days=max(company.collection_min_overdue_days, 0))
        self.env["account.move"].flush_model(
            [
                "collection_case_id",
                "collection_disputed",
                "payment_state",
                "state",
                "invoice_date_due",
                "amount_residual_signed",
            ]
        )
        self.env.cr.execute(
            """
            SELECT id, commercial_partner_id, invoice_date_due, amount_residual_signed
              FROM account_move
             WHERE company_id = %s
               AND move_type = 'out_invoice'
               AND state = 'posted'
               AND payment_state IN ('not_paid', 'partial')
               AND invoice_date_due < %s
               AND collection_case_id IS NULL
               AND collection_disputed IS NOT TRUE
               AND commercial_partner_id IS NOT NULL
               AND commercial_partner_id %% %s = %s
            """,
            [company.id, limit_date, *self._engine_slice()],
        )
        return self.env.cr.fetchall()

    @api.model
    def _engine_open_cases(self, company, today):
        rows = self._engine_select_overdue_invoices(company, today)
        if not rows:
            return self.browse()
        by_partner = defaultdict(list)
        for move_id, partner_id, due, residual in rows:
            by_partner[partner_id].append((move_id, due, residual))
        creditor = company.partner_id
        existing = self.search(
            [
                ("company_id", "=", company.id),
                ("partner_id", "in", list(by_partner)),
                ("creditor_id", "=", creditor.id),
                ("is_closed", "=", False),
            ]
        )
        case_by_partner = {case.partner_id.id: case for case in existing}
        new_partners = self.env["res.partner"].browse(
            [pid for pid in by_partner if pid not in case_by_partner]
        )
        vals_list = self._engine_prepare_new_cases(company, new_partners, by_partner, today)
        # no "case created" note, no creator follower and no "you have been assigned" e-mail per
        # case (that e-mail was half of a cold run): the consultant follows the case silently,
        # subscribed below in one insert per consultant
        quiet = self.with_context(tracking_disable=True)
        for batch in split_every(1000, vals_list):
            created = quiet.create(list(batch))
            created._engine_subscribe_consultants()
            for case in created:
                case_by_partner[case.partner_id.id] = case
        # link the invoices in one statement; account.move.write would re-check posted moves
        pairs = [
            (case_by_partner[pid].id, move_id)
            for pid, moves in by_partner.items()
            for move_id, _due, _residual in moves
        ]
        for batch in split_every(5000, pairs):
            self.env.cr.execute(
                """
                UPDATE account_move m SET collection_case_id = v.case_id
                  FROM (SELECT unnest(%s::int[]) AS case_id, unnest(%s::int[]) AS move_id) v
                 WHERE m.id = v.move_id
                """,
                [[p[0] for p in batch], [p[1] for p in batch]],
            )
        self.env["account.move"].invalidate_model(["collection_case_id"])
        cases = self.browse({case_id for case_id, _move in pairs})
        cases.invalidate_recordset(["invoice_ids"])
        cases.modified(["invoice_ids"])
        cases.flush_recordset()
        self._engine_commit()
        return cases

    def _engine_subscribe_consultants(self):
        """The consultant follows their new cases: one follower insert per consultant."""
        by_partner = defaultdict(list)
        for case in self.filtered("user_id"):
            by_partner[case.user_id.partner_id.id].append(case.id)
        for partner_id, case_ids in by_partner.items():
            self.env["mail.followers"]._insert_followers(
                self._name, case_ids, [partner_id], check_existing=False
            )

    @api.model
    def _engine_prepare_new_cases(self, company, partners, by_partner, today):
        strategies = self.env["debt.collection.strategy"].search(
            [("company_id", "in", [False, company.id]), ("stage_ids", "!=", False)],
            order="sequence, id",
        )
        broken = partners._collection_broken_promise_counts()
        pick_consultant = self._engine_consultant_picker(company)
        vals_list = []
        for partner in partners:
            moves = by_partner[partner.id]
            amount = sum(m[2] for m in moves)
            strategy = next(
                (
                    s
                    for s in strategies
                    if s._matches(
                        amount, partner.is_company, broken.get(partner.id, 0), company.partner_id
                    )
                ),
                strategies[:1],
            )
            oldest_due = min(m[1] for m in moves)
            entry_stage, entry_date = self._engine_entry_stage(strategy, oldest_due, today)
            vals_list.append(
                {
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "creditor_id": company.partner_id.id,
                    "strategy_id": strategy.id,
                    "next_stage_id": entry_stage.id,
                    "next_action_date": entry_date,
                    "user_id": pick_consultant(partner),
                    "date_open": today,
                }
            )
        return vals_list

    @api.model
    def _engine_consultant_picker(self, company):
        """Debtor's consultant, else the creditor's, else the least loaded Collection User."""
        group = self.env.ref("debt_collection.debt_collection_group_user")
        managers = self.env.ref("debt_collection.debt_collection_group_manager").users
        staff = group.users.filtered(lambda u: not u.share and company in u.company_ids)
        # cases go to the consultants; managers only when the company has no consultant
        consultants = (staff - managers) or staff
        load = dict.fromkeys(consultants.ids, 0)
        for user, count in self._read_group(
            [
                ("company_id", "=", company.id),
                ("is_closed", "=", False),
                ("user_id", "in", consultants.ids),
            ],
            ["user_id"],
            ["__count"],
        ):
            load[user.id] = count
        creditor_user = company.partner_id.collection_user_id.id

        def pick(partner):
            user_id = partner.collection_user_id.id or creditor_user
            if not user_id and load:
                user_id = min(load, key=lambda uid: (load[uid], uid))
            if user_id in load:
                load[user_id] += 1
            return user_id or False

        return pick

    @api.model
    def _engine_entry_stage(self, strategy, oldest_due, today):
        """Where a new case joins its ladder, and when that step is due.

        An old debt does not start from the friendly reminder: the case enters at the latest
        step the ladder's calendar has reached since the oldest due date, but never at the
        legal notice or the end of extrajudicial collection, which need earlier contact.
        """
        stages = strategy.stage_ids
        entry = stages[:1]
        if not entry:
            return entry, False
        entry_date = reference = self._engine_stage_date(entry, oldest_due, oldest_due)
        for stage in stages[1:]:
            if stage.action_type in ("legal", "end"):
                break
            reference = self._engine_stage_date(stage, oldest_due, reference)
            if reference > today:
                break
            entry, entry_date = stage, reference
        return entry, entry_date

    @api.model
    def _engine_stage_date(self, stage, oldest_due, last_date):
        reference = oldest_due if stage.wait_from == "due" and oldest_due else last_date
        return reference + timedelta(days=stage.wait_days)

    # ------------------------------------------------------------------
    # Step 2: close what is paid; step 3: hold what must wait
    # ------------------------------------------------------------------

    @api.model
    def _engine_close_paid(self, company):
        cases = self.search(
            [
                ("company_id", "=", company.id),
                ("is_closed", "=", False),
                ("amount_residual", "<=", 0),
                ("invoice_ids", "!=", False),
            ]
        )
        if cases:
            cases._close("paid", "paid")
            self._engine_commit()
        return cases

    @api.model
    def _engine_hold(self, company):
        """A case whose every open invoice is disputed waits; it comes back when lifted."""
        self.env["account.move"].flush_model(["collection_disputed", "payment_state"])
        self.env.cr.execute(
            """
            SELECT c.id, c.state,
                   bool_and(m.collection_disputed IS TRUE) AS all_disputed
              FROM debt_collection_case c
              JOIN account_move m ON m.collection_case_id = c.id
                                 AND m.payment_state IN ('not_paid', 'partial')
             WHERE c.company_id = %s AND c.state IN ('open', 'legal', 'disputed')
             GROUP BY c.id, c.state
            """,
            [company.id],
        )
        to_dispute, to_resume = [], []
        for case_id, state, all_disputed in self.env.cr.fetchall():
            if all_disputed and state != "disputed":
                to_dispute.append(case_id)
            elif not all_disputed and state == "disputed":
                to_resume.append(case_id)
        if to_dispute:
            self.browse(to_dispute).write({"state": "disputed"})
        if to_resume:
            self.browse(to_resume).write({"state": "open", "hold_reason": False})

    # ------------------------------------------------------------------
    # Step 4: advance the cases whose next step is due
    # ------------------------------------------------------------------

    @api.model
    def _get_engine_due_domain(self, company, today):
        return [
            ("company_id", "=", company.id),
            ("state", "in", ("open", "legal")),
            ("next_stage_id", "!=", False),
            ("next_action_date", "<=", today),
            ("amount_unmatched", "=", 0),
        ]

    @api.model
    def _engine_advance(self, company, today):
        case_ids = self.search(
            self._get_engine_due_domain(company, today),
            order="priority desc, next_action_date, id",
        ).ids
        batch_size = max(company.collection_batch_size, 1)
        done = 0
        for batch_ids in split_every(batch_size, case_ids):
            cases = self._engine_lock(list(batch_ids), today)
            cases._engine_do_steps(today)
            done += len(batch_ids)
            if self.env.context.get("debt_collection_commit"):
                self.env["ir.cron"]._notify_progress(done=done, remaining=len(case_ids) - done)
            # the next batch's lock is the first statement of a new transaction (fresh snapshot)
            self._engine_commit()

    @api.model
    def _engine_lock(self, ids, today):
        """Lock the batch; rows another worker or a user holds are left to them.

        The lock re-reads the rows: a case another worker moved on since this one listed it
        is no longer due and is left out, and the locked ones are read afresh.
        """
        self.flush_model()
        for attempt in range(LOCK_ATTEMPTS):
            try:
                with self.env.cr.savepoint(flush=False):
                    self.env.cr.execute(
                        """
                        SELECT id FROM debt_collection_case
                         WHERE id IN %s AND state IN ('open', 'legal')
                           AND next_stage_id IS NOT NULL AND next_action_date <= %s
                           FOR NO KEY UPDATE SKIP LOCKED
                        """,
                        [tuple(ids), today],
                    )
                    found = [row[0] for row in self.env.cr.fetchall()]
                break
            except psycopg2.errors.SerializationFailure:
                # another worker stepped some of these cases after this transaction began:
                # commit what is done (nothing pending) and look again with a fresh snapshot
                if attempt + 1 == LOCK_ATTEMPTS or not self.env.context.get(
                    "debt_collection_commit"
                ):
                    raise
                self._engine_commit()
        cases = self.browse(found)
        cases.invalidate_recordset()
        return cases

    def _engine_do_steps(self, today):
        """Carry out the due step of every case of the batch, set-based.

        Decisions come first (holds, skips, steps an interrupted run already did), then one
        ``create`` per kind of record for the whole batch, inside one savepoint. If the batch
        fails, its cases are done again one at a time, so a bad record only costs itself.
        """
        plan = self._engine_plan_steps(today)
        if not plan:
            return
        try:
            with self.env.cr.savepoint():
                self._engine_apply_steps(plan, today)
            return
        except psycopg2.OperationalError:
            raise  # serialization failures and lock timeouts must reach the cron
        except Exception as error:  # noqa: BLE001 - retried case by case below
            _logger.info("Collection batch of %s steps failed (%s): one by one", len(plan), error)
        for entry in plan:
            case, stage = entry[0], entry[1]
            try:
                with self.env.cr.savepoint():
                    self._engine_apply_steps([entry], today)
            except psycopg2.OperationalError:
                raise
            except Exception as error:  # noqa: BLE001 - one bad record must not stop the run
                _logger.warning("Collection step failed on case %s: %s", case.id, error)
                case._engine_log_failure(stage, error)

    def _engine_plan_steps(self, today):
        """What each case of the batch does now: a list of (case, stage, kind, step key).

        ``kind`` is "step" (carry it out), "skip" (no contact data for the channel: log and go
        on) or "done" (an earlier run did it and stopped before moving the case on). Cases whose
        outbound step must wait get their hold reason here and are left out.
        """
        Action = self.env["debt.collection.action"]
        contacts = self._engine_recent_contacts()
        now = fields.Datetime.now()
        plan = []
        for case in self:
            stage = case.next_stage_id
            channel = stage.action_type
            if channel in OUTBOUND_ACTIONS:
                hold = case._engine_outbound_block(stage, contacts, now)
                if hold:
                    case.hold_reason = hold
                    continue
                if not case.partner_id._collection_can_reach(channel):
                    plan.append((case, stage, "skip", False))
                    continue
                contacts[case.partner_id.id] += 1
            plan.append((case, stage, "step", Action._make_step_key(case, stage, channel)))
        keys = [key for _case, _stage, kind, key in plan if kind == "step"]
        if keys:
            done = set(Action.search([("step_key", "in", keys)]).mapped("step_key"))
            plan = [
                (case, stage, "done" if key in done else kind, key)
                for case, stage, kind, key in plan
            ]
        return plan

    def _engine_apply_steps(self, plan, today):
        """Write what ``_engine_plan_steps`` decided: actions, activities, e-mails, next steps."""
        Action = self.env["debt.collection.action"].with_context(debt_collection_engine=True)
        todo = [(case, stage) for case, stage, kind, _key in plan if kind == "step"]
        vals_list = [
            case._engine_prepare_action_values(stage, key)
            for case, stage, kind, key in plan
            if kind == "step"
        ] + [
            case._engine_prepare_skip_values(stage)
            for case, stage, kind, _key in plan
            if kind == "skip"
        ]
        actions = Action.create(vals_list) if vals_list else Action
        by_channel = defaultdict(list)
        for (case, stage), action in zip(todo, actions[: len(todo)], strict=True):
            by_channel[stage.action_type].append((case, stage, action))
        for channel, steps in by_channel.items():
            batch_method = getattr(self, f"_execute_steps_{channel}", None)
            if batch_method:
                batch_method(steps)
            else:
                for case, stage, action in steps:
                    case._engine_execute_step(stage, action)
        self._engine_move_on_many([(case, stage) for case, stage, _kind, _key in plan], today)

    def _engine_recent_contacts(self):
        """Outbound contacts per debtor inside the longest cap window of the companies."""
        days = max(self.company_id.mapped("collection_contact_cap_days") or [7])
        since = fields.Datetime.now() - timedelta(days=days)
        counts = defaultdict(int)
        for partner, count in self.env["debt.collection.action"]._read_group(
            [
                ("partner_id", "in", self.partner_id.ids),
                ("outbound", "=", True),
                ("date", ">=", since),
            ],
            ["partner_id"],
            ["__count"],
        ):
            counts[partner.id] = count
        return counts

    def _engine_outbound_block(self, stage, contacts, now):
        """Why an outbound step must wait (translated), or False."""
        self.ensure_one()
        partner, company = self.partner_id, self.company_id
        if partner.collection_cease_contact:
            return self.env._("The debtor asked not to be contacted.")
        if contacts[partner.id] >= company.collection_contact_cap:
            return self.env._(
                "Contact limit reached: %(count)s contacts in %(days)s days.",
                count=contacts[partner.id],
                days=company.collection_contact_cap_days,
            )
        if not self._engine_inside_contact_hours(now):
            return self.env._("Outside the debtor's contact hours.")
        return False

    def _engine_inside_contact_hours(self, now):
        self.ensure_one()
        company = self.company_id
        tz_name = self.partner_id.tz or company.partner_id.tz or "UTC"
        try:
            local = pytz.utc.localize(now).astimezone(pytz.timezone(tz_name))
        except pytz.UnknownTimeZoneError:
            local = pytz.utc.localize(now)
        if local.weekday() == 6 and not company.collection_contact_sunday:
            return False
        hour = local.hour + local.minute / 60.0
        return company.collection_hour_from <= hour < company.collection_hour_to

    def _engine_prepare_action_values(self, stage, key):
        self.ensure_one()
        channel = stage.action_type
        activity_type, user = self._engine_activity_assignment(stage)
        return {
            "case_id": self.id,
            # the case's, given here so that no UPDATE follows each batch of steps
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "stage_id": stage.id,
            "channel": channel,
            "user_id": user.id,
            "activity_type_id": activity_type.id,
            "result": "scheduled" if channel not in ("email", "sms") else "sent",
            "outbound": channel in OUTBOUND_ACTIONS,
            "contact_point": self._engine_contact_point(channel),
            "step_key": key,
        }

    def _engine_contact_point(self, channel):
        """A masked contact point for the audit log (PR-5: no full e-mail or phone in logs)."""
        partner = self.partner_id
        if channel == "email" and partner.email:
            local, _sep, domain = partner.email.partition("@")
            return f"{local[:1]}***@{domain}"
        if channel in ("sms", "call"):
            phone = partner.collection_phone_e164 or partner.mobile or partner.phone or ""
            return f"***{phone[-3:]}" if phone else False
        if channel in ("letter", "visit", "legal"):
            return ", ".join(p for p in (partner.zip, partner.city) if p) or False
        return False

    def _engine_execute_step(self, stage, action):
        """Carry out one step; raises on failure (the caller rolls the step back)."""
        self.ensure_one()
        method = getattr(self, f"_execute_step_{stage.action_type}")
        method(stage, action)

    def _engine_move_on(self, stage, today):
        self.ensure_one()
        self._engine_move_on_many([(self, stage)], today)

    @api.model
    def _engine_move_on_many(self, pairs, today):
        """Point each (case, stage done) at the following step; one write per distinct change."""
        groups = defaultdict(list)
        for case, stage in pairs:
            following = case.strategy_id.stage_ids.filtered(
                lambda s, stage=stage: (s.sequence, s.id) > (stage.sequence, stage.id)
            )[:1]
            values = (
                ("stage_id", stage.id),
                ("next_stage_id", following.id),
                (
                    "next_action_date",
                    following and self._engine_stage_date(following, case.date_due_oldest, today),
                ),
                ("date_last_action", today),
                ("hold_reason", False),
            )
            groups[values].append(case.id)
        # the step itself is in the chatter (e-mail, letter, activity) and in the steps taken:
        # no tracking message on top of it for every case of the night
        for values, case_ids in groups.items():
            self.browse(case_ids).with_context(mail_notrack=True).write(dict(values))

    def _engine_prepare_skip_values(self, stage):
        self.ensure_one()
        return {
            "case_id": self.id,
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "stage_id": stage.id,
            "channel": stage.action_type,
            "result": "skipped",
            "user_id": self.user_id.id or self.env.user.id,
            "note": self.env._("No verified contact data for this channel."),
        }

    def _engine_log_failure(self, stage, error):
        self.ensure_one()
        message = str(error) or error.__class__.__name__
        self.env["debt.collection.action"].create(
            {
                "case_id": self.id,
                "stage_id": stage.id,
                "channel": stage.action_type,
                "result": "failed",
                "user_id": self.user_id.id or self.env.user.id,
                "error": message,
            }
        )
        self.hold_reason = self.env._("Last step failed: %(error)s", error=message[:200])
        self.message_post(
            body=self.env._(
                "The step %(stage)s failed: %(error)s", stage=stage.name, error=message
            ),
            subtype_xmlid="mail.mt_note",
        )

    # ------------------------------------------------------------------
    # What each kind of step does (overridable: debt_collection_legal plugs in here)
    # ------------------------------------------------------------------

    def _execute_step_email(self, stage, action):
        template = stage.mail_template_id or self.env.ref(
            "debt_collection.mail_template_collection_reminder"
        )
        message = self._engine_post_template(template)
        action.with_context(debt_collection_engine=True).write(
            {"mail_message_id": message.id, "mail_template_id": template.id}
        )

    def _engine_post_template(self, template, attachment_ids=None):
        """Post the rendered template to the debtor; the mail queue sends it after commit."""
        self.ensure_one()
        self._portal_ensure_token()
        values = template._generate_template(
            self.ids, ("subject", "body_html", "email_from", "reply_to")
        )[self.id]
        return self.message_post(
            subject=values.get("subject"),
            body=values.get("body_html") or "",
            email_from=values.get("email_from") or None,
            partner_ids=self.partner_id.ids,
            attachment_ids=attachment_ids or [],
            subtype_xmlid="mail.mt_comment",
            message_type="comment",
            email_layout_xmlid="mail.mail_notification_light",
            force_send=False,
            mail_auto_delete=False,
        )

    def _execute_step_letter(self, stage, action):
        # queued: _engine_render_letters renders the PDFs in batches once decisions are made
        action.with_context(debt_collection_engine=True).write({"result": "scheduled"})

    @api.model
    def _execute_steps_letter(self, steps):
        """Batch form: the actions were created "scheduled", the letters cron renders them."""

    def _execute_step_sms(self, stage, action):
        template = stage.sms_template_id or self.env.ref(
            "debt_collection.sms_template_collection_reminder"
        )
        self._message_sms_with_template(
            template=template, partner_ids=self.partner_id.ids, put_in_queue=True
        )

    def _execute_step_call(self, stage, action):
        self._engine_schedule_activities([(self, stage, action)])

    def _execute_step_visit(self, stage, action):
        self._engine_schedule_activities([(self, stage, action)])

    def _execute_step_legal(self, stage, action):
        """Hook for debt_collection_legal; without it the legal notice is a manual activity."""
        self._engine_schedule_activities([(self, stage, action)])

    def _execute_step_end(self, stage, action):
        self._engine_schedule_activities([(self, stage, action)])

    # Batch forms, used by the nightly run: ``steps`` is a list of (case, stage, action).
    # A kind of step without one (e-mail, SMS, legal) is carried out case by case through
    # its _execute_step_<kind>, which is where addons plug in.

    @api.model
    def _execute_steps_call(self, steps):
        self._engine_schedule_activities(steps)

    @api.model
    def _execute_steps_visit(self, steps):
        self._engine_schedule_activities(steps)

    @api.model
    def _execute_steps_end(self, steps):
        self._engine_schedule_activities(steps)

    def _engine_activity_assignment(self, stage):
        """(activity type, user) of the step: the consultant's, or the stage's user if set.

        Steps that make no activity (e-mail, SMS, letter) still name who the step belongs to.
        """
        self.ensure_one()
        xmlid = ACTIVITY_TYPES.get(stage.action_type)
        activity_type = self.env["mail.activity.type"]
        if xmlid:
            activity_type = stage.activity_type_id or self.env.ref(xmlid)
            user = (stage.assign_to == "user" and stage.user_id) or self.user_id or self.env.user
        else:
            user = self.user_id or self.env.user
        return activity_type, user

    @api.model
    def _engine_schedule_activities(self, steps):
        """One activity per step for the consultant (or the stage's user), in one create."""
        if self.env.context.get("mail_activity_automation_skip"):
            return
        today = fields.Date.context_today(self)
        model_id = self.env["ir.model"]._get_id(self._name)
        warning = self.env._("<p><b>Warning:</b> the debtor asked not to be contacted.</p>")
        vals_list = []
        for case, stage, _action in steps:
            activity_type, user = case._engine_activity_assignment(stage)
            note = stage.note or activity_type.default_note or ""
            if case.partner_id.collection_cease_contact:
                note = warning + note
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": case.id,
                    "activity_type_id": activity_type.id,
                    "date_deadline": today + timedelta(days=stage.activity_deadline_days),
                    "user_id": user.id,
                    "summary": stage.name or activity_type.summary,
                    "note": note,
                    "automated": True,
                }
            )
        # no "you have been assigned" e-mail per step: the nightly run makes many of them
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(vals_list)

    # ------------------------------------------------------------------
    # Step 5: render queued letters in batches
    # ------------------------------------------------------------------

    @api.model
    def _engine_render_letters(self, company, limit=None):
        Action = self.env["debt.collection.action"]
        default_report = self.env.ref(
            "debt_collection.action_report_collection_letter", raise_if_not_found=False
        )
        pending = Action.search(
            [
                ("company_id", "=", company.id),
                ("channel", "=", "letter"),
                ("result", "=", "scheduled"),
                ("attachment_id", "=", False),
            ],
            order="id",
            limit=limit or None,
        )
        by_report = defaultdict(lambda: Action)
        for action in pending:
            report = action.stage_id.report_id or default_report
            if report:
                by_report[report] |= action
        done = 0
        for report, actions in by_report.items():
            for batch in split_every(LETTER_RENDER_BATCH, actions.ids, Action.browse):
                self._engine_render_letter_batch(report, batch)
                done += len(batch)
                self._engine_commit()
                if self.env.context.get("debt_collection_commit"):
                    self.env["ir.cron"]._notify_progress(done=done, remaining=len(pending) - done)
        return done

    @api.model
    def _engine_render_pdf_streams(self, report, cases):
        """{case id: stream} of the letters, or None when wkhtmltopdf failed (logged).

        Several letters go to wkhtmltopdf in one call (``_engine_render_pdf_batch``); if that
        cannot be done, the caller renders them one by one with Odoo's own report engine.
        """
        try:
            with self.env.cr.savepoint():
                if len(cases) > 1:
                    return self._engine_render_pdf_batch(report, cases)
                return self.env["ir.actions.report"]._render_qweb_pdf_prepare_streams(
                    report.report_name, {}, res_ids=cases.ids
                )
        except psycopg2.OperationalError:
            raise
        except Exception as error:  # noqa: BLE001 - the letters stay queued for the next run
            _logger.warning("Rendering %s collection letters failed: %s", len(cases), error)
            return None

    @api.model
    def _engine_render_pdf_batch(self, report, cases):
        """Many letters from one wkhtmltopdf call: {case id: stream}, or None if it can't be cut.

        Odoo gives wkhtmltopdf one HTML document per letter, which only a wkhtmltopdf built
        with patched Qt can join (Debian's cannot). Here the letters are one document, each
        starting on a new page, and the PDF is cut where the next letter's reference appears.
        """
        Report = self.env["ir.actions.report"].with_context(debug=False)
        html = Report._render_qweb_html(report.report_name, cases.ids, data={"debug": False})[0]
        bodies, html_ids, header, footer, paper_args = report.with_context(
            debug=False
        )._prepare_html(html, report_model=report.model)
        if len(bodies) != len(cases) or set(html_ids) != set(cases.ids):
            return None
        pdf = Report._run_wkhtmltopdf(
            [self._engine_join_letters(bodies)],
            report_ref=report.report_name,
            header=header,
            footer=footer,
            specific_paperformat_args=paper_args,
        )
        return self._engine_cut_letters(pdf, self.browse(html_ids))

    @api.model
    def _engine_join_letters(self, bodies):
        document = lxml.html.document_fromstring(bodies[0])
        body = document.find("body")
        for other in bodies[1:]:
            page = etree.SubElement(body, "div", style="page-break-before: always;")
            for node in lxml.html.document_fromstring(other).find("body"):
                page.append(node)
        return lxml.html.tostring(document, encoding="unicode", doctype="<!DOCTYPE html>")

    @api.model
    def _engine_cut_letters(self, pdf, cases):
        """Split the joined PDF: each letter starts on the first page naming its case."""
        reader = PdfFileReader(io.BytesIO(pdf))
        texts = [page.extract_text() or "" for page in reader.pages]
        starts, page = [], 0
        for case in cases:
            pattern = re.compile(rf"(?<![\w/]){re.escape(case.name)}(?![\w/])")
            while page < len(texts) and not pattern.search(texts[page]):
                page += 1
            if page == len(texts) or (not starts and page):
                return None  # a letter without its reference: render them one by one
            starts.append(page)
            page += 1
        streams = {}
        for case, first, end in zip(cases, starts, starts[1:] + [len(texts)], strict=True):
            writer = PdfFileWriter()
            for number in range(first, end):
                writer.add_page(reader.pages[number])
            stream = io.BytesIO()
            writer.write(stream)
            streams[case.id] = {"stream": stream, "attachment": None}
        return streams

    @api.model
    def _engine_render_letter_batch(self, report, actions):
        cases = actions.case_id
        for case in cases:
            case._portal_ensure_token()
        streams = self._engine_render_pdf_streams(report, cases)
        if streams is None or (False in streams and len(cases) > 1):
            # the batch could not be rendered or cut: one letter per call instead
            streams = {}
            for case in cases:
                streams.update(self._engine_render_pdf_streams(report, case) or {})
        actions = actions.filtered(lambda a: streams.get(a.case_id.id))
        if not actions:
            return
        attachments = self.env["ir.attachment"].create(
            [
                {
                    "name": f"{action.stage_id.name} - {action.case_id.name}.pdf",
                    "raw": streams[action.case_id.id]["stream"].getvalue(),
                    "res_model": "debt.collection.case",
                    "res_id": action.case_id.id,
                    "mimetype": "application/pdf",
                }
                for action in actions
            ]
        )
        letter_template = self.env.ref("debt_collection.mail_template_collection_letter")
        for action, attachment in zip(actions, attachments, strict=True):
            case = action.case_id
            values = {"attachment_id": attachment.id, "result": "sent"}
            if case.partner_id._collection_can_reach("email"):
                message = case._engine_post_template(letter_template, [attachment.id])
                values.update(mail_message_id=message.id, mail_template_id=letter_template.id)
            else:
                case.message_post(
                    body=self.env._("Letter %(name)s ready to be posted.", name=attachment.name),
                    attachment_ids=attachment.ids,
                    subtype_xmlid="mail.mt_note",
                )
            action.with_context(debt_collection_engine=True).write(values)
        for stream in streams.values():
            if stream and stream.get("stream"):
                stream["stream"].close()
