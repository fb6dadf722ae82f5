"""Test fixture: a company with a chart, consultants, a manager and reachable debtors."""

from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


def company_user(env, login, groups, company, **values):
    """A user of ``company`` alone, with these groups (XML ids, comma-separated)."""
    return new_test_user(
        env,
        login=login,
        groups=groups,
        company_id=company.id,
        company_ids=[Command.set(company.ids)],
        **values,
    )


class DebtCollectionCommon(AccountTestInvoicingCommon):
    """Company with a chart, consultants, a manager and debtors with verified contact data."""

    # the engine's tests test the ladder, not a country's law (test_regime tests the presets)
    collection_open_regimes = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if cls.collection_open_regimes:
            cls._collection_open_regimes()
        cls.company = cls.company_data["company"]
        cls.company.write(
            {
                "collection_hour_from": 0.0,
                "collection_hour_to": 24.0,
                "collection_contact_sunday": True,
                "collection_contact_cap": 10,
            }
        )
        cls.env.user.tz = "UTC"
        # the accountant of the test base also manages collection (cron runs as root)
        cls.env.user.groups_id += cls.env.ref("debt_collection.debt_collection_group_manager")
        # and sends payment orders: OCA's account_payment_order gives the right to create bank
        # accounts to its "Accounting / Payments" group only
        cls.env.user.groups_id += cls.env.ref("account_payment_order.group_account_payment")
        cls.company.partner_id.tz = "UTC"
        cls.consultant = cls._collection_user("dc_consultant", "user")
        cls.consultant2 = cls._collection_user("dc_consultant2", "user")
        cls.manager = cls._collection_user("dc_manager", "manager")
        cls.debtor = cls._debtor("Lucía Fernández García", "lucia@example.com")
        cls.debtor2 = cls._debtor("Marco Rossi", "marco@example.it")
        cls.strategy = cls.env.ref("debt_collection.debt_collection_strategy_standard")
        cls.Case = cls.env["debt.collection.case"]

    @classmethod
    def _collection_open_regimes(cls):
        """The shipped regimes let every hour of every day through, with no caps."""
        cls.env["debt.collection.regime"].sudo().search([]).write(
            {
                "window_ids": [Command.clear()]
                + [
                    Command.create({"weekday": str(day), "hour_from": 0.0, "hour_to": 24.0})
                    for day in range(7)
                ],
                "contact_on_holidays": True,
                "cap_ids": [Command.clear()],
                "cooling_off_days": 0,
                "min_days_between": 0,
                "require_consent": False,
            }
        )

    @classmethod
    def _collection_user(cls, login, level, company=None):
        """A collection user (``level``: user or manager) of ``company`` (the test's) alone."""
        return company_user(
            cls.env,
            login,
            f"debt_collection.debt_collection_group_{level}",
            company or cls.company,
        )

    @classmethod
    def _debtor(cls, name, email, **values):
        return cls.env["res.partner"].create(
            {
                "name": name,
                "email": email,
                "street": "Calle Mayor 1",
                "zip": "28013",
                "city": "Madrid",
                "country_id": cls.env.ref("base.es").id,
                "tz": "UTC",
                "collection_email_valid": True,
                "collection_address_complete": True,
                "collection_phone_valid": True,
                "collection_phone_type": "mobile",
                **values,
            }
        )

    @classmethod
    def _mixed_debtors(cls, count, label, named=(3, 6)):
        """``count`` debtors with one invoice each, due over five dates (very old to not yet
        due on 12 January 2026): every fourth (from the second) with no address, every fourth
        (from the third) with a bad e-mail, those of ``named`` with the second consultant
        (out of the share-out). For runs compared with one another."""
        dues = [
            date(2025, 2, 10),  # very old
            date(2025, 11, 20),
            date(2026, 1, 5),
            date(2026, 1, 10),  # young
            date(2026, 1, 20),  # not yet due at the start
        ]
        debtors = cls.env["res.partner"]
        for i in range(count):
            values = {}
            if i % 4 == 1:
                values = {"street": False, "collection_address_complete": False}
            if i % 4 == 2:
                values = {"collection_email_valid": False}
            if i in named:
                values["collection_user_id"] = cls.consultant2.id
            debtor = cls._debtor(
                f"{label} Debtor {i}", f"{label.lower()}{i}@example.com", **values
            )
            cls._create_invoice(debtor, 100.0 + 7 * i, dues[i % 5], dues[i % 5])
            debtors |= debtor
        return debtors

    @classmethod
    def _create_invoice(cls, partner, amount, due_date, invoice_date=None, post=True):
        invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": invoice_date or due_date,
                "invoice_date_due": due_date,
                "invoice_line_ids": [
                    Command.create({"name": "Services", "quantity": 1, "price_unit": amount})
                ],
            }
        )
        # a fixed due date, whatever the payment terms say
        invoice.invoice_payment_term_id = False
        invoice.invoice_date_due = due_date
        if post:
            invoice.action_post()
        return invoice

    @classmethod
    def _new_case(cls, partner, invoices=None, **values):
        """A case of ``partner`` on the standard ladder, opened by hand (not by the run), with
        ``invoices`` in it."""
        case = cls.Case.create(
            {
                "partner_id": partner.id,
                "company_id": cls.company.id,
                "strategy_id": cls.strategy.id,
                **values,
            }
        )
        if invoices:
            invoices.collection_case_id = case
        return case

    @classmethod
    def _overdue_debtors(cls, count):
        """``count`` debtors ("Debtor 0", ...), the i-th with an invoice of 100.00 + i of
        10 December due on 10 January."""
        debtors = cls.env["res.partner"]
        for i in range(count):
            debtor = cls._debtor(f"Debtor {i}", f"debtor{i}@example.com")
            cls._create_invoice(debtor, 100.0 + i, date(2026, 1, 10), date(2025, 12, 10))
            debtors |= debtor
        return debtors

    @classmethod
    def _pay(cls, invoice, amount=None, pay_date=None, journal=None):
        """Register Payment on ``invoice``: its residual unless ``amount``, into ``journal``
        (else the default one)."""
        values = {
            "amount": amount if amount is not None else invoice.amount_residual,
            "payment_date": pay_date or date.today(),
        }
        if journal:
            values["journal_id"] = journal.id
        register = (
            cls.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create(values)
        )
        return register._create_payments()

    @classmethod
    def _load_languages(cls, *codes):
        """Activate these languages with the addon's shipped translations (es.po, it.po), as a
        database with these languages has them."""
        for code in codes:
            cls.env["res.lang"]._activate_lang(code)
        cls.env["ir.module.module"]._load_module_terms(["debt_collection"], list(codes))

    @classmethod
    def _cron_run(cls):
        """The nightly run, as the cron runs it (the superuser's user)."""
        return cls.env["debt.collection.run"].with_user(cls.env.ref("base.user_root"))._cron_run()

    @classmethod
    def _case_after_first_run(cls):
        """The first debtor's invoice of 250.00 due on 10 December, and their case opened by
        the run of 12 January (its first step: the e-mail reminder)."""
        cls._create_invoice(cls.debtor, 250.0, date(2026, 1, 10), date(2025, 12, 10))
        with freeze_time("2026-01-12 10:00:00"):
            cls._cron_run()
        return cls.Case.search([("partner_id", "=", cls.debtor.id)])

    def _run(self):
        """The nightly run, then the letters cron it triggers."""
        self._cron_run()
        self.env["debt.collection.run"].with_user(
            self.env.ref("base.user_root")
        )._cron_render_letters()
        self.env.flush_all()

    def _outcome_form(self, case, channel, result, user=None, **values):
        """The outcome form of ``case`` filled in by ``user`` (the consultant), not confirmed."""
        return (
            self.env["debt.collection.outcome.wizard"]
            .with_user(user or self.consultant)
            .create({"case_id": case.id, "channel": channel, "result": result, **values})
        )

    def _case(self, partner):
        return self.Case.search([("partner_id", "=", partner.id), ("is_closed", "=", False)])
