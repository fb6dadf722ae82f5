#!/usr/bin/env python3
"""Make a realistic collection portfolio in an Odoo database where debt_collection is installed.

    python setup/generate_portfolio.py -d DB --invoices 20000 [--seed 42] [--addons-path P]
    python setup/generate_portfolio.py -d DB --demo          # the demo companies, users, debtors

Debtors get Spanish, Italian and Latin-American names, addresses, e-mails and phones in the
formats people really type (some invalid, some missing); invoices fall in every aging bucket
(not yet due, 1-30, 31-90, 91-180, 181-365 and over a year overdue) and some are partly or
fully paid. The same seed gives the same portfolio. Everything is written with batched ORM
calls (no tracking, no chatter), so thousands of invoices are made per minute.

Run it with the suite's Python (``~/.local/share/debt-collection/venv/bin/python``).
"""

import argparse
import os
import random
import re
import sys
import time
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import psycopg2
from freezegun import freeze_time

from odoo import Command

# the demo's parts live beside this script, which the tests also load by its path
sys.path.insert(0, str(Path(__file__).resolve().parent))
import demo_agency
import demo_backoffice
import demo_bureau
import demo_claim
import demo_compliance
import demo_debit
import demo_jobs
import demo_legal
import demo_portal
import demo_roundtrip
import demo_whatsapp
import demo_workspace

BATCH = 500
QUIET = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
    "no_reset_password": True,
}


def _words(text, sep="|"):
    """Word lists kept readable: underscores join words that belong together."""
    return [word.replace("_", " ") for word in text.split(sep)]


# (label, min days overdue, max days overdue, weight); negative = not yet due
AGING_BUCKETS = [
    ("not_due", -45, -1, 15),
    ("1_30", 1, 30, 20),
    ("31_90", 31, 90, 20),
    ("91_180", 91, 180, 15),
    ("181_365", 181, 365, 15),
    ("over_365", 366, 900, 15),
]

PEOPLE = {
    "es": (
        _words(
            "Lucía María Carmen Javier Antonio Manuel José Ana Laura Pablo Sergio Elena Marta "
            "Francisco David Alejandro Rocío Pilar Raúl Cristina Álvaro Nuria Íñigo Begoña",
            " ",
        ),
        _words(
            "García Fernández González Rodríguez López Martínez Sánchez Pérez Gómez Martín "
            "Jiménez Ruiz Hernández Díaz Moreno Muñoz Álvarez Romero Navarro Torres Domínguez "
            "Gil Vázquez Serrano Ramos Blanco Castro Ortega Rubio Sanz Iglesias Núñez",
            " ",
        ),
    ),
    "it": (
        _words(
            "Giulia Marco Francesca Alessandro Luca Chiara Matteo Sara Andrea Federica Giuseppe "
            "Paola Davide Valentina Stefano Elisa Lorenzo Silvia Roberto Anna Giovanni Niccolò",
            " ",
        ),
        _words(
            "Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo "
            "Conti Mancini Costa Giordano Rizzo Lombardi Moretti Barbieri Fontana De_Luca "
            "Santoro Mariani Rinaldi Caruso Ferrara Galli Martini Leone",
            " ",
        ),
    ),
}
COMPANY_WORDS = {
    "es": (
        _words(
            "Construcciones Transportes Distribuciones Talleres Comercial Hostelería "
            "Suministros Reformas Instalaciones Panadería Ferretería Clínica",
            " ",
        ),
        _words(
            "del_Turia Levante Mediterráneo Hermanos Sierra_Norte Ibérica Castellana del_Sur "
            "Costa_Blanca Martínez_Ruiz Albufera",
            " ",
        ),
        ["S.L.", "S.A.", "S.L.U.", "S.Coop."],
    ),
    "it": (
        _words(
            "Costruzioni Trasporti Distribuzione Officina Commerciale Ristorazione Forniture "
            "Impianti Panificio Ferramenta Studio_Tecnico Edilizia",
            " ",
        ),
        _words(
            "Lombarda Padana del_Garda Fratelli_Bianchi Brianza Adriatica Nord_Ovest Ticino "
            "Alpina Colombo_Rossi Navigli",
            " ",
        ),
        ["S.r.l.", "S.p.A.", "S.n.c.", "S.a.s."],
    ),
}
PLACES = {
    "es": [
        ("Valencia", "46001"),
        ("Valencia", "46021"),
        ("Madrid", "28013"),
        ("Madrid", "28045"),
        ("Barcelona", "08002"),
        ("Sevilla", "41001"),
        ("Alicante", "03001"),
        ("Murcia", "30001"),
        ("Zaragoza", "50001"),
        ("Castellón de la Plana", "12001"),
        ("Gandia", "46701"),
        ("Elche", "03201"),
    ],
    "it": [
        ("Milano", "20121"),
        ("Milano", "20146"),
        ("Roma", "00184"),
        ("Torino", "10121"),
        ("Bergamo", "24121"),
        ("Brescia", "25121"),
        ("Monza", "20900"),
        ("Como", "22100"),
        ("Bologna", "40121"),
        ("Napoli", "80133"),
        ("Varese", "21100"),
    ],
    "mx": [("Ciudad de México", "06600"), ("Guadalajara", "44100"), ("Monterrey", "64000")],
    "co": [("Bogotá", "110111"), ("Medellín", "050001")],
    "ar": [("Buenos Aires", "C1002"), ("Córdoba", "X5000")],
}
STREETS = {
    "es": _words(
        "Calle Mayor|Avenida del Puerto|Calle de Colón|Gran Vía|Calle San Vicente Mártir|"
        "Avenida de Blasco Ibáñez|Calle de la Paz|Plaza de la Reina|Calle Ruzafa"
    ),
    "it": _words(
        "Via Roma|Corso Buenos Aires|Via Dante|Viale Monza|Via Garibaldi|Corso Vercelli|"
        "Via Torino|Piazza della Repubblica|Via Mazzini"
    ),
    "mx": _words("Avenida Insurgentes Sur|Calle Madero|Paseo de la Reforma"),
    "co": _words("Carrera 7|Calle 72|Avenida El Dorado"),
    "ar": _words("Avenida Corrientes|Calle Florida|Avenida de Mayo"),
}
TIMEZONES = {
    "es": "Europe/Madrid",
    "it": "Europe/Rome",
    "mx": "America/Mexico_City",
    "co": "America/Bogota",
    "ar": "America/Argentina/Buenos_Aires",
}
LANGS = {"es": "es_ES", "it": "it_IT", "mx": "es_MX", "co": "es_CO", "ar": "es_AR"}
SERVICES = {
    "es": ["Suministro de material", "Mantenimiento mensual", "Transporte de mercancía"],
    "it": ["Fornitura materiale", "Manutenzione mensile", "Trasporto merci"],
}


def _digits(rng, count):
    return "".join(str(rng.randint(0, 9)) for _ in range(count))


def fake_phone(rng, country):
    """A phone as people type it: spaces, dashes, 00 prefixes, mobiles and landlines."""
    roll = rng.random()
    if roll < 0.07:
        return rng.choice(["123", "abc", "600 00", "0000000", "+34 1", "tel. ufficio"])
    if roll < 0.15:
        return False
    if country == "es":
        mobile = "6" + _digits(rng, 8)
        fixed = rng.choice(["91", "96", "93", "95"]) + _digits(rng, 7)
        number = mobile if rng.random() < 0.6 else fixed
        return rng.choice(
            [
                f"+34 {number[:3]} {number[3:6]} {number[6:]}",
                number,
                f"0034 {number}",
                f"{number[:2]} {number[2:5]} {number[5:7]} {number[7:]}",
                f"{number[:3]}-{number[3:6]}-{number[6:]}",
            ]
        )
    if country == "it":
        if rng.random() < 0.6:
            number = "3" + rng.choice(["47", "33", "20", "88"]) + _digits(rng, 7)
            return rng.choice(
                [
                    f"+39 {number[:3]} {number[3:6]} {number[6:]}",
                    f"{number[:3]}-{number[3:]}",
                    number,
                    f"0039 {number}",
                ]
            )
        prefix = rng.choice(["02", "06", "035", "011", "030"])
        rest = _digits(rng, 10 - len(prefix))
        return rng.choice(
            [f"{prefix} {rest[:4]} {rest[4:]}", f"0039 {prefix} {rest}", f"+39 {prefix}{rest}"]
        )
    if country == "mx":
        return f"55 {_digits(rng, 4)} {_digits(rng, 4)}"
    if country == "co":
        return f"+57 3{_digits(rng, 2)} {_digits(rng, 3)} {_digits(rng, 4)}"
    return f"+54 9 11 {_digits(rng, 4)}-{_digits(rng, 4)}"


def _ascii(text):
    table = str.maketrans("áéíóúàèìòùñçüÁÉÍÓÚÀÈÌÒÙÑÇÜ", "aeiouaeiouncuAEIOUAEIOUNCU")
    return text.translate(table)


def fake_debtor(rng, country, index):
    """Values of one debtor: a person or a company, complete or with gaps."""
    family = "it" if country == "it" else "es"
    is_company = rng.random() < 0.35
    if is_company:
        kinds, names, forms = COMPANY_WORDS[family]
        name = f"{rng.choice(kinds)} {rng.choice(names)} {rng.choice(forms)}"
        handle = _ascii(name.split()[0]).lower()
    else:
        firsts, lasts = PEOPLE[family]
        first = rng.choice(firsts)
        last = rng.choice(lasts) if family == "it" else f"{rng.choice(lasts)} {rng.choice(lasts)}"
        name = f"{first} {last}"
        handle = _ascii(f"{first}.{last.split()[0]}").lower()
    domain = rng.choice(
        {"es": ["gmail.com", "hotmail.es", "telefonica.net", "yahoo.es"]}.get(
            family, ["gmail.com", "libero.it", "virgilio.it", "tiscali.it"]
        )
    )
    email_roll = rng.random()
    if email_roll < 0.06:
        email = f"{handle}@@{domain}"  # mistyped
    elif email_roll < 0.10:
        email = f"{handle}{index}.{domain}"  # no @
    elif email_roll < 0.18:
        email = False
    else:
        email = f"{handle}{index}@{domain}"
    city, zip_code = rng.choice(PLACES[country])
    incomplete = rng.random() < 0.08
    street = f"{rng.choice(STREETS[country])} {rng.randint(1, 180)}"
    if family == "es" and rng.random() < 0.5:
        street += f", {rng.randint(1, 8)}º {rng.choice('ABCD')}"
    return {
        "name": name,
        "is_company": is_company,
        "email": email,
        "phone": fake_phone(rng, country),
        "mobile": fake_phone(rng, country) if rng.random() < 0.3 else False,
        "street": street,
        "city": city,
        "zip": False if incomplete else zip_code,
        "country_code": country,
        "tz": TIMEZONES[country],
        "lang": LANGS[country],
    }


def fake_invoice(rng, partner_id, today, family):
    """Values of one customer invoice somewhere on the aging ladder."""
    weights = [b[3] for b in AGING_BUCKETS]
    _label, low, high, _w = rng.choices(AGING_BUCKETS, weights=weights)[0]
    due = today - timedelta(days=rng.randint(low, high))
    # most debts are small, a few are large
    amount = round(min(50 + rng.paretovariate(1.4) * 120, 20000), 2)
    lines = [(rng.choice(SERVICES[family]), amount)]
    if rng.random() < 0.25:
        lines.append((rng.choice(SERVICES[family]), round(amount * rng.uniform(0.1, 0.5), 2)))
    return {
        "move_type": "out_invoice",
        "partner_id": partner_id,
        "invoice_date": due - timedelta(days=30),
        "invoice_date_due": due,
        "invoice_payment_term_id": False,
        "invoice_line_ids": [
            (0, 0, {"name": name, "quantity": 1, "price_unit": price, "tax_ids": [(6, 0, [])]})
            for name, price in lines
        ],
    }


class Generator:
    def __init__(self, env, seed, company, log=print):
        self.env = env(context=dict(env.context, **QUIET, allowed_company_ids=company.ids))
        self.rng = random.Random(seed)
        self.company = company
        self.log = log
        self.today = date.today()

    # -- set-up -----------------------------------------------------------------------------

    def ensure_chart(self, local=False):
        """The generic chart, or with ``local`` the country's (its l10n module installed)."""
        if not self.env["account.account"].search_count(
            [("company_ids", "in", self.company.ids)], limit=1
        ):
            Template = self.env["account.chart.template"]
            code = (local and Template._guess_chart_template(self.company.country_id)) or (
                "generic_coa"
            )
            self.log(f"Loading the chart of accounts {code} for {self.company.name}")
            Template.try_loading(code, company=self.company, install_demo=False)

    def active_langs(self):
        return set(self.env["res.lang"].search([]).mapped("code"))

    # -- debtors and invoices ---------------------------------------------------------------

    def make_debtors(self, count, countries):
        countries_by_code = {
            c.code.lower(): c.id
            for c in self.env["res.country"].search(
                [("code", "in", [c.upper() for c in {c for c, _w in countries}])]
            )
        }
        langs = self.active_langs()
        codes, weights = zip(*countries, strict=True)
        vals_list = []
        for index in range(count):
            values = fake_debtor(self.rng, self.rng.choices(codes, weights=weights)[0], index)
            values["country_id"] = countries_by_code[values.pop("country_code")]
            if values["lang"] not in langs:
                values["lang"] = "es_ES" if values["lang"].startswith("es") else False
                if values["lang"] not in langs:
                    values.pop("lang")
            values["customer_rank"] = 1
            vals_list.append(values)
        ids = []
        Partner = self.env["res.partner"]
        for start in range(0, len(vals_list), BATCH):
            ids += Partner.create(vals_list[start : start + BATCH]).ids
            # a million invoices have some 280,000 debtors: keep their ids, not their records
            self.env.flush_all()
            self.env.invalidate_all()
        return Partner.browse(ids)

    def debtor_names_and_families(self, partners):
        """{id: (name, "it" or "es")} of these debtors, in one query (not their records)."""
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT p.id, p.name, c.code FROM res_partner p"
            " LEFT JOIN res_country c ON c.id = p.country_id WHERE p.id = ANY(%s)",
            [partners.ids],
        )
        return {
            pid: (name, "it" if code == "IT" else "es")
            for pid, name, code in self.env.cr.fetchall()
        }

    def make_invoices(self, partners, count):
        family_by_partner = {
            pid: family
            for pid, (_name, family) in self.debtor_names_and_families(partners).items()
        }
        vals_list = [
            fake_invoice(
                self.rng,
                pid := self.rng.choice(partners.ids),
                self.today,
                family_by_partner[pid],
            )
            for _ in range(count)
        ]
        # post in date order, so that sequences follow the calendar
        vals_list.sort(key=lambda v: v["invoice_date"])
        Move = self.env["account.move"]
        invoices = Move
        for start in range(0, len(vals_list), BATCH):
            batch = Move.create(vals_list[start : start + BATCH])
            batch.action_post()
            invoices |= batch
            self.env.flush_all()
            self.env.invalidate_all()
            self.log(f"  {len(invoices)}/{count} invoices")
        return invoices

    def clone_invoices(self, partners, templates, count):
        """Make ``count`` more invoices by copying the posted, unpaid ``templates`` in SQL.

        For portfolios of 100,000 invoices, where Odoo's invoice create and post (~25 ms each)
        is not what is measured. Each copy gets a random debtor, its own aging bucket, dates and
        number in the journal's sequence; every column, line and many2many row is the template's,
        so the copies are the same accounting entries the ORM made.
        """
        if count <= 0 or not templates:
            return templates.browse()
        self.env.flush_all()
        cr = self.env.cr
        known = self.debtor_names_and_families(partners)
        family_of = {pid: family for pid, (_name, family) in known.items()}
        name_of = {pid: name for pid, (name, _family) in known.items()}
        del known
        by_family = defaultdict(list)
        for move in templates:
            by_family[family_of.get(move.partner_id.id, "es")].append(move.id)
        prefix_of = {move.id: move.sequence_prefix for move in templates}
        cr.execute(
            "SELECT sequence_prefix, max(sequence_number) FROM account_move"
            " WHERE journal_id IN %s GROUP BY sequence_prefix",
            [tuple(set(templates.journal_id.ids))],
        )
        last_number = dict(cr.fetchall())
        weights = [b[3] for b in AGING_BUCKETS]
        partner_ids = partners.ids
        cr.execute(
            """
            CREATE TEMP TABLE clone_plan (
                new_id int, template_id int, partner_id int, partner_name varchar, name varchar,
                prefix varchar, number int, invoice_date date, due date
            ) ON COMMIT DROP
            """
        )

        def insert(plan):
            cr.execute(
                """
                INSERT INTO clone_plan
                SELECT nextval('account_move_id_seq'), *
                  FROM unnest(%s::int[], %s::int[], %s::varchar[], %s::varchar[],
                              %s::varchar[], %s::int[], %s::date[], %s::date[])
                """,
                [list(c) for c in zip(*plan, strict=True)],
            )

        # planned and written 20,000 at a time: a million planned copies need no memory
        plan = []
        for _index in range(count):
            partner_id = self.rng.choice(partner_ids)
            template_id = self.rng.choice(by_family[family_of[partner_id]] or templates.ids)
            _label, low, high, _w = self.rng.choices(AGING_BUCKETS, weights=weights)[0]
            due = self.today - timedelta(days=self.rng.randint(low, high))
            invoice_date = due - timedelta(days=30)
            prefix = re.sub(r"\d{4}", str(invoice_date.year), prefix_of[template_id], count=1)
            number = last_number[prefix] = last_number.get(prefix, 0) + 1
            name = f"{prefix}{number:05d}"
            plan.append(
                (
                    template_id,
                    partner_id,
                    name_of[partner_id],
                    name,
                    prefix,
                    number,
                    invoice_date,
                    due,
                )
            )
            if len(plan) == 20000:
                insert(plan)
                plan = []
        if plan:
            insert(plan)
        now = "(now() at time zone 'UTC')"
        # a million rows copied into tables that keep their dozens of indexes (trigram indexes
        # on names and references among them) and check their foreign keys row by row take
        # most of the time: the indexes are dropped during the copy and built again after, and
        # the foreign keys are not checked (the rows are copies of valid rows)
        dropped = self._drop_indexes(("account_move", "account_move_line"))
        self._skip_foreign_keys()
        self._sql_copy(
            "account_move",
            "clone_plan p JOIN account_move t ON t.id = p.template_id",
            {
                "id": "p.new_id",
                "name": "p.name",
                "sequence_prefix": "p.prefix",
                "sequence_number": "p.number",
                "date": "p.invoice_date",
                "invoice_date": "p.invoice_date",
                "invoice_date_due": "p.due",
                "partner_id": "p.partner_id",
                "commercial_partner_id": "p.partner_id",
                "partner_shipping_id": "p.partner_id",
                "invoice_partner_display_name": "p.partner_name",
                "payment_reference": "p.name",
                "access_token": "NULL",
                "message_main_attachment_id": "NULL",
                "inalterable_hash": "NULL",
                "secure_sequence_number": "NULL",
                "create_date": now,
                "write_date": now,
            },
        )
        cr.execute(
            """
            CREATE TEMP TABLE clone_line ON COMMIT DROP AS
            SELECT nextval('account_move_line_id_seq') AS line_id, l.id AS template_line_id,
                   p.new_id AS move_id, p.partner_id, p.name, p.invoice_date, p.due,
                   t.name AS template_name
              FROM clone_plan p
              JOIN account_move t ON t.id = p.template_id
              JOIN account_move_line l ON l.move_id = p.template_id
            """
        )
        self._sql_copy(
            "account_move_line",
            "clone_line c JOIN account_move_line t ON t.id = c.template_line_id",
            {
                "id": "c.line_id",
                "move_id": "c.move_id",
                "partner_id": "c.partner_id",
                "move_name": "c.name",
                "name": "CASE WHEN t.name = c.template_name THEN c.name ELSE t.name END",
                "date": "c.invoice_date",
                "invoice_date": "c.invoice_date",
                "date_maturity": "CASE WHEN t.date_maturity IS NULL THEN NULL ELSE c.due END",
                "matching_number": "NULL",
                "full_reconcile_id": "NULL",
                "reconciled": "false",
                "create_date": now,
                "write_date": now,
            },
        )
        Line = self.env["account.move.line"]
        for field in Line._fields.values():
            if field.type == "many2many" and field.store:
                cr.execute(
                    f"""
                    INSERT INTO {field.relation} ({field.column1}, {field.column2})
                    SELECT c.line_id, r.{field.column2}
                      FROM clone_line c JOIN {field.relation} r
                        ON r.{field.column1} = c.template_line_id
                    """
                )
        cr.execute("RESET session_replication_role")
        self.log(f"  {count} invoices copied; building {len(dropped)} indexes again")
        for definition in dropped:
            cr.execute(definition)
        cr.execute("SELECT new_id FROM clone_plan")
        copies = templates.browse([row[0] for row in cr.fetchall()])
        cr.execute("DROP TABLE clone_line; DROP TABLE clone_plan")
        cr.execute("ANALYZE account_move; ANALYZE account_move_line")
        self.env.invalidate_all()
        return copies

    def _drop_indexes(self, tables):
        """Drop the indexes of ``tables`` that no constraint owns (the primary keys and unique
        constraints stay); returns their definitions, to build them again."""
        cr = self.env.cr
        cr.execute(
            """
            SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
              FROM pg_index i
             WHERE i.indrelid = ANY(%s::regclass[])
               AND NOT i.indisprimary
               AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
            """,
            [list(tables)],
        )
        indexes = cr.fetchall()
        for name, _definition in indexes:
            cr.execute(f"DROP INDEX {name}")
        return [definition for _name, definition in indexes]

    def _skip_foreign_keys(self):
        """Foreign keys are not checked for the rest of the copy where the database role may
        say so (a superuser role, as the installer makes); checked row by row otherwise."""
        try:
            with self.env.cr.savepoint():
                self.env.cr.execute("SET LOCAL session_replication_role = replica")
        except psycopg2.Error:
            self.log("  (foreign keys checked row by row: the role is not a superuser)")

    def _sql_copy(self, table, source, overrides):
        """INSERT INTO table SELECT every column of the template row ``t``, some overridden."""
        self.env.cr.execute(
            "SELECT column_name FROM information_schema.columns"
            " WHERE table_name = %s AND table_schema = current_schema() ORDER BY ordinal_position",
            [table],
        )
        columns = [row[0] for row in self.env.cr.fetchall()]
        values = [overrides.get(column, f"t.{column}") for column in columns]
        self.env.cr.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(values)} FROM {source}"
        )

    def make_payments(self, invoices, paid_share=0.15, partial_share=0.15):
        """Pay some invoices in full and some in part, as a bank would: one bank entry per
        week of receipts, its lines reconciled with the invoices (batched reconciliation)."""
        ids = list(invoices.ids)
        self.rng.shuffle(ids)
        n_paid, n_partial = int(len(ids) * paid_share), int(len(ids) * partial_share)
        by_date = {}
        for position, invoice in enumerate(invoices.browse(ids[: n_paid + n_partial])):
            share = 1.0 if position < n_paid else self.rng.uniform(0.2, 0.7)
            paid_on = min(
                self.today, invoice.invoice_date_due + timedelta(self.rng.randint(-5, 40))
            )
            paid_on -= timedelta(days=paid_on.weekday())  # receipts booked weekly
            amount = invoice.currency_id.round(invoice.amount_residual * share)
            by_date.setdefault(paid_on, []).append((invoice, amount))
        journal = self.env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", self.company.id)], limit=1
        )
        for paid_on, receipts in sorted(by_date.items()):
            book_receipts(self.env, journal, paid_on, receipts)
        return n_paid, n_partial


def book_receipts(env, journal, paid_on, receipts):
    """Book ``receipts`` (a list of (invoice, amount)) as a bank would, received on
    ``paid_on``: one bank entry per BATCH receipts, each line reconciled with its invoice
    (Odoo's batched reconciliation). The benchmark pays its invoices this way too."""
    Move, Line = env["account.move"], env["account.move.line"]
    for start in range(0, len(receipts), BATCH):
        chunk = receipts[start : start + BATCH]
        invoice_lines = {
            inv.id: inv.line_ids.filtered(
                lambda line: line.account_id.account_type == "asset_receivable"
            )
            for inv, _amount in chunk
        }
        entry = Move.create(
            {
                "move_type": "entry",
                "journal_id": journal.id,
                "date": paid_on,
                "ref": f"Bank receipts {paid_on}",
                "line_ids": [
                    Command.create(
                        {
                            "name": f"Transfer {inv.name}",
                            "account_id": invoice_lines[inv.id][:1].account_id.id,
                            "partner_id": inv.commercial_partner_id.id,
                            "credit": amount,
                        }
                    )
                    for inv, amount in chunk
                ]
                + [
                    Command.create(
                        {
                            "name": f"Bank receipts {paid_on}",
                            "account_id": journal.default_account_id.id,
                            "debit": sum(amount for _inv, amount in chunk),
                        }
                    )
                ],
            }
        )
        entry.action_post()
        by_name = {line.name: line for line in entry.line_ids}
        Line._reconcile_plan(
            [by_name[f"Transfer {inv.name}"] | invoice_lines[inv.id] for inv, _a in chunk]
        )
        env.flush_all()


# -- demo -----------------------------------------------------------------------------------

DEMO_COMPANIES = [
    {
        "key": "es",
        "name": "Suministros Levante S.L.",
        "country": "es",
        "lang": "es_ES",
        "street": "Avenida del Puerto 112",
        "city": "Valencia",
        "zip": "46023",
        "vat": "ESB46123451",
        "phone": "+34 963 123 456",
        "email": "cobros@suministroslevante.example",
        "iban": "ES91 2100 0418 4502 0005 1332",
        "tz": "Europe/Madrid",
        "consultants": [("lucia", "Lucía Navarro"), ("javier", "Javier Ortega")],
        "debtors": [("es", 24), ("mx", 3), ("co", 2), ("ar", 1)],
    },
    {
        "key": "it",
        "name": "Forniture Lombarde S.r.l.",
        "country": "it",
        "lang": "it_IT",
        "street": "Viale Monza 45",
        "city": "Milano",
        "zip": "20125",
        "vat": "IT12345670157",
        "phone": "+39 02 1234 5678",
        "email": "recupero@fornIturelombarde.example".lower(),
        "iban": "IT60 X054 2811 1010 0000 0123 456",
        "tz": "Europe/Rome",
        "consultants": [("giulia", "Giulia Conti"), ("marco", "Marco Galli")],
        "debtors": [("it", 30)],
    },
]
DEMO_CREDITORS = ["Energía Solar del Turia S.A. (creditor client)", "Assicurazioni Navigli S.p.A."]


def _demo_user(env, login, name, groups, companies, lang):
    Users = env["res.users"].with_context(**QUIET)
    user = Users.search([("login", "=", login)])
    if not user:
        user = Users.create(
            {
                "login": login,
                "password": login,
                "name": name,
                "email": f"{login}@collection.example",
                "company_id": companies[0].id,
                "company_ids": [(6, 0, companies.ids)],
                "lang": lang,
                "tz": "Europe/Madrid" if lang.startswith("es") else "Europe/Rome",
            }
        )
    user.groups_id = [(4, env.ref(g).id) for g in groups]
    return user


def _demo_negotiation_settings(env, company):
    """Bad-debt and settlement accounts and the journal, so write-offs work in the demo."""
    from odoo.addons.debt_collection.tools.chart_accounts import BAD_DEBT, chart_account

    # the chart's bad-debt account (PGC 650, Italy's 4905 perdite su crediti), never the first
    # expense account (600000 purchases of goods); a settlement's discount is a loss on the
    # same receivables
    bad_debt = chart_account(env, company, BAD_DEBT) or env["account.account"].with_company(
        company
    ).search([("account_type", "=", "expense"), ("company_ids", "in", company.ids)], limit=1)
    discount = bad_debt
    journal = env["account.journal"].search(
        [("type", "=", "general"), ("company_id", "=", company.id)], limit=1
    )
    company.write(
        {
            "collection_writeoff_account_id": bad_debt.id,
            "collection_discount_account_id": (discount or bad_debt).id,
            "collection_journal_id": journal.id,
        }
    )


def generate_demo(env, seed=2026, log=print):
    """Two companies with consultants, ~30 debtors and ~100 invoices each (idempotent)."""
    for lang in ("es_ES", "it_IT"):
        env["res.lang"]._activate_lang(lang)
    Company = env["res.company"].with_context(**QUIET)
    user_group = "debt_collection.debt_collection_group_user"
    manager_group = "debt_collection.debt_collection_group_manager"
    companies = Company
    for spec in DEMO_COMPANIES:
        company = Company.search([("name", "=", spec["name"])])
        fresh = not company
        if fresh:
            log(f"Creating {spec['name']}")
            company = Company.create(
                {
                    "name": spec["name"],
                    "country_id": env.ref(f"base.{spec['country']}").id,
                    "currency_id": env.ref("base.EUR").id,
                    "street": spec["street"],
                    "city": spec["city"],
                    "zip": spec["zip"],
                    "vat": spec["vat"],
                    "phone": spec["phone"],
                    "email": spec["email"],
                }
            )
            company.partner_id.write({"lang": spec["lang"], "tz": spec["tz"]})
        companies |= company
        env.user.company_ids = [(4, company.id)]
        generator = Generator(env, f"{seed}-{spec['key']}", company, log)
        generator.ensure_chart(local=True)
        bank = env["res.partner.bank"].search(
            [("partner_id", "=", company.partner_id.id)], limit=1
        ) or env["res.partner.bank"].create(
            {"acc_number": spec["iban"], "partner_id": company.partner_id.id}
        )
        journal = env["account.journal"].search(
            [("type", "=", "bank"), ("company_id", "=", company.id)], limit=1
        )
        if journal and not journal.bank_account_id:
            journal.bank_account_id = bank
        _demo_negotiation_settings(env, company)
        for login, name in spec["consultants"]:
            _demo_user(env, login, name, [user_group], company, spec["lang"])
        if fresh:
            total = sum(n for _c, n in spec["debtors"])
            debtors = generator.make_debtors(total, spec["debtors"])
            invoices = generator.make_invoices(debtors, total * 10 // 3)
            generator.make_payments(invoices, 0.12, 0.15)
    _demo_user(env, "manager", "Carmen Ibáñez", [manager_group], companies, "es_ES")
    env.user.groups_id = [(4, env.ref(manager_group).id)]
    for name in DEMO_CREDITORS:
        if not env["res.partner"].search_count([("name", "=", name)]):
            env["res.partner"].create({"name": name, "is_company": True})
    demo_portal.make_demo_portal(env, companies, log)
    demo_legal.generate_legal_demo(env, companies, log=log)
    demo_claim.generate_claim_demo(env, companies, log=log)
    demo_bureau.generate_bureau_demo(env, companies, log=log)
    companies |= demo_agency.generate_agency_demo(env, log=log)
    _admin_in_every_company(env, companies)
    return companies


def _admin_in_every_company(env, companies):
    """The README's administrator is Collection Manager of every demo company: admin lands on
    the first one's cases, with the company switcher to reach the others."""
    admin = env.ref("base.user_admin")
    admin.write(
        {
            "company_ids": [(4, company.id) for company in companies],
            "groups_id": [
                (4, env.ref("base.group_multi_company").id),
                (4, env.ref("debt_collection.debt_collection_group_manager").id),
            ],
        }
    )
    admin.company_id = companies[0]


def generate(env, invoices, seed=42, demo=False, orm_invoices=None, log=print):
    """Make ``invoices`` invoices (about one debtor per 3.5) in the current company.

    With ``orm_invoices``, only that many are made (and some paid) through the ORM; the rest
    are SQL copies of the unpaid ones (see ``Generator.clone_invoices``).
    """
    if demo:
        return generate_demo(env, log=log)
    company = env.company
    generator = Generator(env, seed, company, log)
    generator.ensure_chart()
    debtors = generator.make_debtors(
        max(invoices * 2 // 7, 1), [("es", 55), ("it", 35), ("mx", 5), ("co", 3), ("ar", 2)]
    )
    made = min(invoices, orm_invoices or invoices)
    moves = generator.make_invoices(debtors, made)
    copies = generator.clone_invoices(debtors, moves, invoices - made)
    if copies:
        log(f"  {len(copies)} more invoices copied from those in SQL")
    generator.make_payments(moves)
    return moves | copies


def _collection_moments(days):
    """When the engine runs: now, or twice a day over the last ``days`` days, then now."""
    if days <= 0:
        return [datetime.now(UTC).replace(tzinfo=None)]
    today = datetime.now(UTC).replace(tzinfo=None, hour=0, minute=0, second=0, microsecond=0)
    moments = []
    for back in range(days, 0, -1):
        day = today - timedelta(days=back)
        moments += [day.replace(hour=9), day.replace(hour=16)]
    return moments + [datetime.now(UTC).replace(tzinfo=None)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--invoices", type=int, default=2000)
    parser.add_argument("--seed", default="42")
    parser.add_argument("--demo", action="store_true", help="the demo companies and users")
    parser.add_argument(
        "--orm-invoices",
        type=int,
        help="make only this many invoices (and their payments) through the ORM and the rest as"
        " SQL copies of them: 100,000 invoices in minutes (the benchmark uses it)",
    )
    parser.add_argument(
        "--run-collection",
        action="store_true",
        help="then run the daily collection engine once (what the nightly cron does)",
    )
    parser.add_argument(
        "--history-days",
        type=int,
        default=0,
        help="with --run-collection: run the engine as its cron would have, twice a day (09:00 "
        "and 16:00 UTC, inside office hours from Madrid to Mexico City) over these last days, "
        "so that cases show a history of steps",
    )
    parser.add_argument("--addons-path", help="Odoo addons path (default: the suite's)")
    parser.add_argument("-c", "--config", help="an Odoo configuration file")
    args = parser.parse_args()

    import odoo
    import odoo.service.server

    home = Path(
        os.environ.get("DEBT_COLLECTION_HOME")
        or Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local/share")
        / "debt-collection"
    )
    repo = Path(__file__).resolve().parent.parent
    odoo_args = [
        f"--database={args.database}",
        f"--data-dir={home / 'filestore'}",
        "--log-level=warn",
        *([] if args.run_collection else ["--no-http"]),
        f"--addons-path={args.addons_path or f'{repo},{home}/odoo/odoo/addons'}",
    ]
    if args.config:
        odoo_args.insert(0, f"--config={args.config}")
    odoo.tools.config.parse_config(odoo_args)
    registry = odoo.modules.registry.Registry(args.database)
    start = time.perf_counter()
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        if "debt.collection.case" not in env:
            sys.exit(f"debt_collection is not installed in {args.database}: install it first.")
        made = generate(
            env, args.invoices, args.seed, demo=args.demo, orm_invoices=args.orm_invoices
        )
        cr.commit()
        if args.run_collection:
            # letters are rendered by wkhtmltopdf, which loads the report styles over HTTP
            odoo.service.server.ThreadedServer(odoo.http.root).http_spawn()
            run_start = time.perf_counter()
            Run = env["debt.collection.run"].with_context(debt_collection_commit=True)
            for moment in _collection_moments(args.history_days):
                with freeze_time(moment):
                    Run._cron_run()
                    cr.commit()
                    # the run of a company that spreads it over jobs, done as a worker would
                    demo_jobs.perform_jobs(env)
                    Run._cron_render_letters()
                    cr.commit()
                    demo_jobs.perform_jobs(env)
            if args.demo:
                demo_backoffice.complete_demo(env)
                demo_workspace.setup_workspace_demo(env)
                demo_portal.make_demo_creditor(env)
                demo_compliance.setup_compliance_demo(env)
                demo_debit.setup_debit_demo(env)
                demo_whatsapp.setup_whatsapp_demo(env)
                # the in-house company's hard cases go to the agency once the run opened them
                demo_roundtrip.generate_roundtrip_demo(env)
                cr.commit()
            cases = env["debt.collection.case"].search_count([])
            print(f"Collection run: {cases} cases in {time.perf_counter() - run_start:.1f} s")
    seconds = time.perf_counter() - start
    if not args.demo:
        rate = len(made) / seconds * 60
        print(f"{len(made)} invoices in {seconds:.0f} s ({rate:.0f} invoices per minute)")
    else:
        print(f"Demo data ready in {seconds:.0f} s")


if __name__ == "__main__":
    main()
