"""The collection run: its record, crons, commits, and the due steps in batches."""

import logging
from collections import defaultdict

import psycopg2

from odoo import api, fields, models
from odoo.tools import SQL, format_date, split_every

from ..tools.actions import window_action
from .debt_collection_stage import OUTBOUND_ACTIONS

_logger = logging.getLogger(__name__)

LOCK_ATTEMPTS = 5
# cases opened or letters queued by a run after which the planner's statistics are refreshed
ANALYZE_AFTER = 10_000
# advisory lock (with the company id) under which the workers make what they share
SHARED_LOCK = 87_410
# A firmer step never comes before the payment deadline of the letter before it; a call may
STEPS_BEFORE_LETTER_DEADLINE = ("call",)


class DebtCollectionRun(models.Model):
    """One run of the collection engine for one company (and one part of its debtors).

    The run is a short pipeline: open cases for overdue invoices (intake), the checks that
    decide holds and closings, then the due steps in batches, carried out by the channels.
    This is the only place that commits: after each stage and each batch, so that a run that
    stops resumes where it was. Several workers split the debtors (``part`` of ``parts``);
    every decision of a case depends on that case alone, so the split changes nothing.
    """

    _name = "debt.collection.run"
    _description = "Collection Run"
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name")
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    date = fields.Date(required=True, readonly=True, index=True)
    date_start = fields.Datetime(string="Started", readonly=True)
    date_end = fields.Datetime(string="Finished", readonly=True)
    part = fields.Integer(
        readonly=True,
        help="This worker took the debtors whose id modulo the number of parts is this part.",
    )
    parts = fields.Integer(readonly=True, default=1)
    state = fields.Selection(
        [("running", "Running"), ("done", "Done"), ("failed", "Stopped by an Error")],
        default="running",
        required=True,
        readonly=True,
    )
    case_opened_count = fields.Integer(string="Cases Opened", readonly=True)
    case_closed_count = fields.Integer(string="Cases Closed as Paid", readonly=True)
    case_held_count = fields.Integer(
        string="Steps Held", readonly=True, help="Due steps the contact rules made wait."
    )
    letter_count = fields.Integer(string="Letters Queued", readonly=True)
    action_ids = fields.One2many("debt.collection.action", "run_id", string="Steps Taken")
    failure_ids = fields.One2many(
        "debt.collection.action",
        "run_id",
        string="Failures",
        domain=[("result", "=", "failed")],
    )
    step_summary = fields.Text(string="Steps by Kind", compute="_compute_step_summary")
    error = fields.Text(readonly=True, help="Why the run stopped, if it did.")

    @api.depends("date", "part", "parts", "company_id")
    def _compute_name(self):
        for run in self:
            name = self.env._("Run of %(date)s", date=format_date(self.env, run.date))
            if run.parts > 1:
                name += self.env._(
                    " (part %(part)s of %(parts)s)", part=run.part + 1, parts=run.parts
                )
            run.name = name

    @api.depends("action_ids")
    def _compute_step_summary(self):
        Action = self.env["debt.collection.action"]
        channels = dict(Action._fields["channel"]._description_selection(self.env))
        results = dict(Action._fields["result"]._description_selection(self.env))
        counts = defaultdict(list)
        for run, channel, result, count in Action._read_group(
            [("run_id", "in", self.ids)], ["run_id", "channel", "result"], ["__count"]
        ):
            counts[run].append(
                f"{channels.get(channel, channel)} ({results.get(result, result)}): {count}"
            )
        for run in self:
            run.step_summary = "\n".join(sorted(counts.get(run, []))) or False

    # ------------------------------------------------------------------
    # Entry points (crons)
    # ------------------------------------------------------------------

    @api.model
    def _cron_run(self, part=0, parts=1):
        """The collection run. With ``parts`` > 1 this worker takes the debtors whose id modulo
        ``parts`` is ``part``: run one cron per part (README, "Several workers")."""
        if not 0 <= part < parts:
            raise ValueError(f"part {part} of {parts}")
        runs = self.browse()
        for company in self.env["res.company"].search([]):
            runs |= self._run_company(company, part, parts)
        letters_cron = self.env.ref(
            "debt_collection.ir_cron_debt_collection_letters", raise_if_not_found=False
        )
        if letters_cron and self._commits():
            letters_cron._trigger()
        return runs

    @api.model
    def _cron_render_letters(self, limit=None):
        """Render the queued letters of every company in batches; returns how many were done."""
        done = 0
        for company in self.env["res.company"].search([]):
            done += self._render_company_letters(company, limit=limit and limit - done)
        return done

    @api.model
    def _render_company_letters(self, company, limit=None):
        """Render the queued letters of one company in batches, a commit after each; returns
        how many were done. (debt_collection_queue enqueues the batches as jobs instead.)"""
        Letters = self.env["report.debt_collection.report_collection_letter"].with_company(company)
        batches = Letters._get_queued_letters(company, limit=limit)
        total = sum(len(actions) for _report, actions in batches)
        for count, (report, actions) in enumerate(batches, start=1):
            Letters._render_letters(report, actions)
            self._commit()
            if self._commits():
                self.env["ir.cron"]._notify_progress(done=count, remaining=len(batches) - count)
        _logger.info("Collection letters of %s: %s rendered", company.name, total)
        return total

    @api.model
    def _run_company(self, company, part=0, parts=1):
        run = (
            self.sudo()
            .create(
                {
                    "company_id": company.id,
                    "date": fields.Date.context_today(self),
                    "date_start": fields.Datetime.now(),
                    "part": part,
                    "parts": parts,
                }
            )
            .sudo(self.env.su)
        )
        self._commit()
        self._prepare_shared(company)
        # what the run writes (hold reasons, tracked changes, notes) reads in the company's
        # language; what it writes for a consultant or a debtor is in theirs
        run = run.with_company(company).with_context(lang=company.partner_id.lang or self.env.lang)
        try:
            run._execute()
        except Exception as error:
            if not self._commits():
                raise
            self.env.cr.rollback()
            run.write({"state": "failed", "error": str(error), "date_end": fields.Datetime.now()})
            self._commit()
            raise
        return run

    @api.model
    def _prepare_shared(self, company):
        """Make, once and committed, what the workers of a run share before they split: the
        company's sequence of case numbers. Two workers making it each in their own transaction
        made two sequences, and twice the same case numbers (the first run of a database).

        A session lock, then a commit, so that the snapshot this worker reads from is taken
        after the lock: it sees what another worker made and committed under it.
        """
        if not self._commits():
            company._collection_case_sequence()
            return
        self.env.cr.execute(SQL("SELECT pg_advisory_lock(%s, %s)", SHARED_LOCK, company.id))
        try:
            self._commit()
            company._collection_case_sequence()
            self._commit()
        finally:
            self.env.cr.execute(SQL("SELECT pg_advisory_unlock(%s, %s)", SHARED_LOCK, company.id))

    def _execute(self):
        """The pipeline: intake, checks, steps; a commit after each."""
        self.ensure_one()
        today = self.date
        company = self.company_id
        self.case_opened_count = self.env["debt.collection.intake"]._open_cases(
            company, today, self.part, self.parts, on_batch=self._batch_done
        )
        self._commit()
        self._run_checks(today)
        self._commit()
        self._advance(today)
        self._check_contact_data()
        self._refresh_statistics()
        self.write({"state": "done", "date_end": fields.Datetime.now()})
        self._commit()

    def _refresh_statistics(self):
        """After a run that opened or moved many cases (the first run of a portfolio), the
        planner's statistics say every invoice is in no case and every case due today: the next
        runs would read the tables whole instead of through the partial indexes. Refresh them
        at once rather than wait for autovacuum."""
        if self.case_opened_count + self.letter_count < ANALYZE_AFTER:
            return
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "ANALYZE account_move, debt_collection_case, debt_collection_action, mail_activity"
            )
        )

    # ------------------------------------------------------------------
    # Commits and the worker's part of the debtors
    # ------------------------------------------------------------------

    @api.model
    def _commits(self):
        """Whether this run commits as it goes: in real cron runs, never inside tests."""
        return bool(
            self.env.context.get("debt_collection_commit") and not self.env.registry.in_test_mode()
        )

    @api.model
    def _commit(self):
        if self._commits():
            self.env.cr.commit()  # pylint: disable=invalid-commit

    def _batch_done(self):
        """After each batch: commit (in cron runs) and forget what the batch read, so that the
        memory of a run follows the batch size, not the portfolio."""
        self._commit()
        self.env.invalidate_all()

    def _search_mine(self, model, domain, order=None, where=None):
        """Search the records of this worker's part of the debtors (``partner_id`` modulo the
        number of parts), in SQL: reading every record to filter them would grow with the
        portfolio. ``where``: an SQL condition added as written (so that it matches the
        predicate of a partial index, which the ORM's ``OR ... IS NULL`` would not)."""
        Model = self.env[model]
        query = Model._search(domain, order=order or Model._order)
        if where:
            query.add_where(where)
        if self.parts > 1:
            query.add_where(
                SQL(
                    "mod(%s, %s) = %s",
                    SQL.identifier(query.table, "partner_id"),
                    self.parts,
                    self.part,
                )
            )
        return Model.browse(query.get_result_ids())

    def _case_domain(self):
        return [("company_id", "=", self.company_id.id)]

    # ------------------------------------------------------------------
    # Steps: the cases whose next step is due, in batches
    # ------------------------------------------------------------------

    def _get_due_domain(self, today):
        Case = self.env["debt.collection.case"]
        return self._case_domain() + [
            ("state", "in", Case._get_active_states()),
            ("next_stage_id", "!=", False),
            ("next_action_date", "<=", today),
            ("amount_unmatched", "=", 0),
            "|",
            ("hold_until", "=", False),
            ("hold_until", "<=", fields.Datetime.now()),
        ]

    def _advance(self, today):
        cases = self._search_mine(
            "debt.collection.case",
            self._get_due_domain(today),
            order="priority desc, next_action_date, id",
        )
        batch_size = max(self.company_id.collection_batch_size, 1)
        done = 0
        for batch_ids in split_every(batch_size, cases.ids):
            batch = self._lock(list(batch_ids), today)
            self._do_steps(batch, today)
            done += len(batch_ids)
            self._batch_done()
            if self._commits():
                self.env["ir.cron"]._notify_progress(done=done, remaining=len(cases) - done)

    def _lock(self, ids, today):
        """Lock the batch; rows a user holds are left for the next run.

        The rows are re-read under the lock: a case a user moved on since the batch was listed
        is no longer due and is left out.
        """
        Case = self.env["debt.collection.case"]
        Case.flush_model()
        for attempt in range(LOCK_ATTEMPTS):
            try:
                with self.env.cr.savepoint(flush=False):
                    self.env.cr.execute(
                        SQL(
                            """
                            SELECT id FROM debt_collection_case
                             WHERE id IN %s AND state IN %s
                               AND next_stage_id IS NOT NULL AND next_action_date <= %s
                               AND (hold_until IS NULL OR hold_until <= %s)
                               FOR NO KEY UPDATE SKIP LOCKED
                            """,
                            tuple(ids),
                            tuple(Case._get_active_states()),
                            today,
                            fields.Datetime.now(),
                        )
                    )
                    found = [row[0] for row in self.env.cr.fetchall()]
                break
            except psycopg2.errors.SerializationFailure:
                # a user changed some of these cases after this transaction began: commit what
                # is done (nothing is pending) and look again with a fresh snapshot
                if attempt + 1 == LOCK_ATTEMPTS or not self._commits():
                    raise
                _logger.info(
                    "Collection run %s: cases changed meanwhile, reading the batch again", self.id
                )
                self._commit()
        cases = Case.browse(found)
        cases.invalidate_recordset()
        return cases

    def _do_steps(self, cases, today):
        """Carry out the due step of every case of the batch, set-based.

        Decisions come first (holds, skips, steps an interrupted run already did), then one
        ``create`` per kind of record for the whole batch, inside one savepoint. If the batch
        fails, its cases are done again one at a time, so a bad record only costs itself.
        """
        plan = self._plan_steps(cases, today)
        if not plan:
            return
        try:
            with self.env.cr.savepoint():
                self._apply_steps(plan, today)
            return
        except psycopg2.OperationalError:
            raise  # serialization failures and lock timeouts must reach the cron
        except Exception as error:  # noqa: BLE001 - retried case by case below
            _logger.info("Collection batch of %s steps failed (%s): one by one", len(plan), error)
        for entry in plan:
            try:
                with self.env.cr.savepoint():
                    self._apply_steps([entry], today)
            except psycopg2.OperationalError:
                raise
            except Exception as error:  # noqa: BLE001 - one bad record must not stop the run
                _logger.warning("Collection step failed on case %s: %s", entry["case"].id, error)
                self._log_failure(entry["case"], entry["stage"], error)

    def _step_history(self, cases):
        """{case id: (letter sent, call attempted, latest letter deadline)} in one query."""
        Action = self.env["debt.collection.action"]
        Action.flush_model(["case_id", "channel", "result", "date_deadline"])
        self.env.cr.execute(
            SQL(
                """
                SELECT case_id,
                       bool_or(channel = 'letter'
                               AND result IN ('scheduled', 'sent', 'delivered')),
                       bool_or(channel = 'call' AND result NOT IN ('skipped', 'failed')),
                       max(date_deadline) FILTER (
                           WHERE channel = 'letter'
                             AND result IN ('scheduled', 'sent', 'delivered'))
                  FROM debt_collection_action
                 WHERE case_id IN %s
                 GROUP BY case_id
                """,
                tuple(cases.ids),
            )
        )
        return {row[0]: row[1:] for row in self.env.cr.fetchall()}

    def _plan_steps(self, cases, today):
        """What each case of the batch does now: a list of dicts (case, stage, kind, key...).

        ``kind`` is "step" (carry it out), "skip" (no contact data for the channel, or a step
        before it missing: log why and go on) or "done" (an earlier run did it and stopped
        before moving the case on). Cases the contact gate makes wait get their hold reason.
        """
        if not cases:
            return []
        Action = self.env["debt.collection.action"]
        counts = cases._collection_recent_contacts()
        contacts = cases._collection_contact_history()
        refusals = []
        gate = cases.with_context(
            debt_collection_contact_counts=counts,
            debt_collection_contact_history=contacts,
            debt_collection_refusals=refusals,
        )
        history = self._step_history(cases)
        now = fields.Datetime.now()
        plan, held = [], 0
        for case in gate:
            stage = case.next_stage_id
            channel = stage.action_type
            allowed, reason = case._collection_may_contact(
                channel, when=now if channel in OUTBOUND_ACTIONS else False
            )
            if not allowed:
                # a step held again for the same reason writes nothing (the next runs of the
                # day find the same cases held)
                if case.hold_reason != reason:
                    case.hold_reason = reason
                # and the moment the debtor's hours open, if time is what holds it: the runs
                # before then leave the case alone
                until = channel in OUTBOUND_ACTIONS and case._collection_contact_opens(
                    channel, now
                )
                if case.hold_until != (until or False):
                    case.hold_until = until
                held += 1
                continue
            letter_sent, call_attempted, _deadline = history.get(case.id, (False, False, None))
            entry = {"case": case, "stage": stage, "kind": "step", "key": False, "note": False}
            if stage.requires_letter and not letter_sent:
                entry.update(kind="skip", note=self.env._("No dunning letter was sent before."))
            elif stage.requires_call and not call_attempted:
                entry.update(kind="skip", note=self.env._("No call was attempted before."))
            elif not case._collection_can_reach(channel):
                entry.update(
                    kind="skip", note=self.env._("No verified contact data for this channel.")
                )
            else:
                entry["key"] = Action._make_step_key(case, stage, channel)
                if channel in OUTBOUND_ACTIONS:
                    counts[case.partner_id.id] = counts.get(case.partner_id.id, 0) + 1
                    contacts.setdefault(case.partner_id.id, []).append((now, channel, False))
                if channel == "letter":
                    tone = "second" if letter_sent else "first"
                    entry.update(
                        tone=tone,
                        deadline=today + case._get_letter_deadline_delta(tone),
                    )
            plan.append(entry)
        cases._collection_write_refusals(refusals)
        self.case_held_count += held
        keys = [entry["key"] for entry in plan if entry["kind"] == "step"]
        if keys:
            done = set(Action.search([("step_key", "in", keys)]).mapped("step_key"))
            for entry in plan:
                if entry["key"] in done:
                    entry["kind"] = "done"
        return plan

    def _apply_steps(self, plan, today):
        """Write what ``_plan_steps`` decided: the log, the channels' work, the next steps."""
        Action = self.env["debt.collection.action"]
        Channel = self.env["debt.collection.channel"]
        vals_list = [
            self._prepare_action_values(entry) for entry in plan if entry["kind"] != "done"
        ]
        actions = (
            Action.with_context(debt_collection_bulk_log=True)._log(vals_list)
            if vals_list
            else Action
        )
        todo = [entry for entry in plan if entry["kind"] != "done"]
        by_channel = defaultdict(list)
        for entry, action in zip(todo, actions, strict=True):
            if entry["kind"] == "step":
                by_channel[entry["stage"].action_type].append(
                    (entry["case"], entry["stage"], action)
                )
        for channel, steps in by_channel.items():
            Channel._dispatch(channel, steps)
        self.letter_count += len(by_channel.get("letter", []))
        self._move_on(plan, today)

    def _prepare_action_values(self, entry):
        case, stage = entry["case"], entry["stage"]
        channel = stage.action_type
        activity_type, user = self.env["debt.collection.channel"]._activity_assignment(case, stage)
        values = {
            "case_id": case.id,
            # the case's, given here so that no UPDATE follows each batch of steps
            "partner_id": case.partner_id.id,
            "company_id": case.company_id.id,
            "run_id": self.id,
            "stage_id": stage.id,
            "channel": channel,
            "user_id": user.id,
        }
        if entry["kind"] == "skip":
            values.update(result="skipped", note=entry["note"])
            return values
        values.update(
            activity_type_id=activity_type.id,
            result="sent" if channel in ("email", "sms") else "scheduled",
            outbound=channel in OUTBOUND_ACTIONS,
            contact_point=case._collection_contact_point(channel),
            step_key=entry["key"],
            date_deadline=entry.get("deadline"),
            letter_tone=entry.get("tone"),
        )
        return values

    def _move_on(self, plan, today):
        """Point each case at its following step and its date, in one statement.

        A step taken counts as a contact (the spacing runs from it); a skipped one does not.
        """
        Case = self.env["debt.collection.case"]
        values_by_case = {}
        for entry in plan:
            case, stage = entry["case"], entry["stage"]
            strategy = case.strategy_id
            following = strategy._next_stage(stage)
            contacted = entry["kind"] != "skip"
            last_contact = today if contacted else case.date_last_action
            wait_until = None
            if following and following.action_type not in STEPS_BEFORE_LETTER_DEADLINE:
                deadline = entry.get("deadline") or (
                    stage.action_type == "letter" and case._get_letter_deadline()
                )
                if deadline:
                    wait_until = fields.Date.add(deadline, days=1)
            values = (
                ("stage_id", stage.id),
                ("next_stage_id", following.id),
                (
                    "next_action_date",
                    (
                        following
                        and strategy._next_step_date(
                            following, case.date_due_oldest, today, last_contact, wait_until
                        )
                    )
                    or False,
                ),
                ("date_last_action", last_contact or False),
                ("hold_reason", False),
                ("hold_until", False),
            )
            values_by_case[case.id] = dict(values)
        # the step itself is in the chatter and in the steps taken: no tracking message on top
        # of it for every case of the night; one UPDATE for the batch where no write()
        # override watches these fields (debt_collection_case_bulk.py), else write()
        Case._collection_bulk_write(values_by_case)

    def _log_failure(self, case, stage, error):
        message = str(error) or error.__class__.__name__
        self.env["debt.collection.action"]._log(
            {
                "case_id": case.id,
                "run_id": self.id,
                "stage_id": stage.id,
                "channel": stage.action_type,
                "result": "failed",
                "user_id": case.user_id.id or self.env.user.id,
                "error": message,
            }
        )
        case.hold_reason = self.env._("Last step failed: %(error)s", error=message[:200])
        case.message_post(
            body=self.env._(
                "The step %(stage)s failed: %(error)s", stage=stage.name, error=message
            ),
            subtype_xmlid="mail.mt_note",
        )

    # ------------------------------------------------------------------
    # Views
    # ------------------------------------------------------------------

    def action_view_failures(self):
        self.ensure_one()
        return window_action(
            self.env,
            "debt_collection.debt_collection_action_action",
            domain=[("run_id", "=", self.id), ("result", "=", "failed")],
            context={"create": False},
        )
