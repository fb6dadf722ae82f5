"""Matching the rows of a portfolio with known debtors (tax id, e-mail, phone), or making them."""

import re

from odoo import models
from odoo.exceptions import UserError
from odoo.tools import SQL

# the first key of the advisory lock under which imports make a company's debtors (the second
# is the company's id); "DCID"
DEBTOR_LOCK_SPACE = 0x44434944
# the first key of the advisory lock by which a chunk job says that it makes debtors for its
# import (the second is the import's id); "DCIB"
IMPORT_MAKING_SPACE = 0x44434942


class DebtorMakingBusy(UserError):
    """Another import is making this company's debtors, or made some since this transaction's
    snapshot: the rows wait (a chunk job is retried later; a user tries again)."""


class DebtCollectionImport(models.TransientModel):
    _inherit = "debt.collection.import"

    # ------------------------------------------------------------------
    # Matching debtors
    # ------------------------------------------------------------------

    def _resolve_debtors(self, records, context, stats):
        """Partner ids of the rows: matched by tax id, then e-mail, then normalised phone
        (among the agency's debtors and the shared partners), else created."""
        known = context["known"]
        self._load_known_debtors(records, known)
        result = [self._match_debtor(record, known) for record in records]
        vals_list, slots, slot_of_row, slot_vat = [], {}, {}, {}
        for position, record in enumerate(records):
            if result[position] is None:
                # same e-mail or phone as a debtor with another tax id: never that debtor
                if self.tax_id_conflict == "report":
                    stats.setdefault("conflicts", []).append(record["row"])
                    continue
                result[position] = False
            if result[position]:
                continue
            keys = _debtor_keys(record)
            # a debtor with neither tax id, e-mail nor phone is one row's alone; rows of the
            # file with two tax ids are two debtors, whatever they share
            slot = next(
                (
                    slots[key]
                    for key in keys
                    if key in slots
                    and not _tax_ids_conflict(record.get("vat"), slot_vat.get(slots[key]))
                ),
                None,
            )
            if slot is None:
                slot = len(vals_list)
                vals_list.append(self._prepare_debtor_values(record))
            slot_vat[slot] = slot_vat.get(slot) or record.get("vat")
            for key in keys:
                slots.setdefault(key, slot)
            slot_of_row[position] = slot
        if vals_list:
            self._lock_debtor_making(context.get("batch"))
            Partner = self.env["res.partner"]
            # Odoo's invoicing counts the invoice reports once per new partner otherwise
            display_report = Partner.default_get(["display_invoice_template_pdf_report_id"])
            partners = Partner.with_context(
                tracking_disable=True,
                mail_create_nolog=True,
                **{f"default_{key}": value for key, value in display_report.items()},
            ).create(vals_list)
            stats["created"] += len(partners)
            for key, slot in slots.items():
                known[key[0]].setdefault(key[1], partners[slot].id)
            for slot, vat in slot_vat.items():
                known["partner_vat"][partners[slot].id] = vat or ""
            for position, slot in slot_of_row.items():
                result[position] = partners[slot].id
        return result

    def _lock_debtor_making(self, batch=None):
        """Hold the company's debtor making until the transaction ends, or refuse
        (``DebtorMakingBusy``) when another import makes them.

        An import in one transaction holds the company's making alone; the chunk jobs of
        imports (``debt_collection_import_job`` in the context) share it, since the chunks of
        one import share no new debtor (``_create_shared_debtors`` made those first), and each
        says which import it makes debtors for: a chunk of another import of the company,
        making its own at the same moment, is refused. Two chunks of two imports that arrive
        together may both be refused; their jobs are retried at different moments.

        The locks are tried, never waited for, and the transaction is refused when an import
        of the company made debtors since its snapshot was taken (``batch``'s own excepted): it
        would look for them there and make them again. One lock per transaction for the
        company, whatever the file's size (one per debtor key exhausted PostgreSQL's lock
        table on large files)."""
        company = self.mandate_id.company_id
        shared = self.env.context.get("debt_collection_import_job")
        function = "pg_try_advisory_xact_lock_shared" if shared else "pg_try_advisory_xact_lock"
        self.env.cr.execute(SQL("SELECT %s(%s, %s)", SQL(function), DEBTOR_LOCK_SPACE, company.id))
        busy = not self.env.cr.fetchone()[0]
        if not busy and shared and batch:
            busy = self._other_import_making_debtors(company, batch)
        if not busy:
            busy = self._debtors_made_since_snapshot(company, batch)
        if busy:
            raise DebtorMakingBusy(
                self.env._(
                    "Another import is making debtors for this company right now: try again "
                    "in a moment."
                )
            )

    def _other_import_making_debtors(self, company, batch):
        """Say (a lock shared by the import's chunks) that ``batch`` makes debtors, and whether
        a chunk of another import of ``company`` says so too, now (``pg_locks`` is not a
        snapshot: a chunk still making its debtors is seen)."""
        self.env.cr.execute(
            SQL("SELECT pg_advisory_xact_lock_shared(%s, %s)", IMPORT_MAKING_SPACE, batch.id)
        )
        self.env["debt.collection.import.batch"].flush_model(["company_id"])
        self.env.cr.execute(
            SQL(
                """
                SELECT 1 FROM pg_locks lock
                  JOIN debt_collection_import_batch batch ON lock.objid = batch.id::oid
                 WHERE lock.locktype = 'advisory' AND lock.classid = %(space)s::oid
                   AND lock.objsubid = 2 AND lock.granted AND lock.pid <> pg_backend_pid()
                   AND batch.company_id = %(company)s AND batch.id <> %(batch)s
                 LIMIT 1
                """,
                space=IMPORT_MAKING_SPACE,
                company=company.id,
                batch=batch.id,
            )
        )
        return bool(self.env.cr.fetchone())

    def _debtors_made_since_snapshot(self, company, batch=None):
        """Whether chunks of other imports of ``company`` were placed (their debtors made)
        after this transaction's snapshot was taken: counted here and as committed now, in a
        cursor of its own."""
        Chunk = self.env["debt.collection.import.chunk"]
        Chunk.flush_model(["state", "batch_id"])
        query = SQL(
            """
            SELECT count(*) FROM debt_collection_import_chunk chunk
              JOIN debt_collection_import_batch batch ON batch.id = chunk.batch_id
             WHERE batch.company_id = %s AND batch.id <> %s AND chunk.state = 'done'
            """,
            company.id,
            batch.id if batch else 0,
        )
        self.env.cr.execute(query)
        seen = self.env.cr.fetchone()[0]
        with self.env.registry.cursor() as cr:
            cr.execute(query)
            return cr.fetchone()[0] > seen

    def _match_debtor(self, record, known):
        """The existing debtor of the row, False when there is none, None when the row's
        e-mail or phone is a debtor's whose tax id is another (issue 23: never a match)."""
        if record.get("vat"):
            partner_id = known["vat"].get(record["vat"])
            if partner_id:
                return partner_id
        conflict = False
        for kind, key in _debtor_keys(record):
            partner_id = known[kind].get(key) if kind != "vat" else False
            if not partner_id:
                continue
            if _tax_ids_conflict(record.get("vat"), known["partner_vat"].get(partner_id)):
                conflict = True
                continue
            return partner_id
        return None if conflict else False

    def _load_known_debtors(self, records, known):
        """Existing partners for the chunk's tax ids, e-mails and phones, in a few queries."""
        company = self.mandate_id.company_id
        excluded = self.env["res.company"].sudo().search([]).partner_id.ids + [
            self.mandate_id.creditor_id.id
        ]
        vat_of, emails, phones = {}, set(), set()
        for record in records:
            if record.get("vat") and record["vat"] not in known["vat"]:
                vat_of[record["vat"]] = record["vat"]
                vat_of[f"{record.get('vat_country', '')}{record['vat']}"] = record["vat"]
            if record.get("email") and record["email"] not in known["email"]:
                emails.add(record["email"])
            for field in ("mobile", "phone"):
                if record.get(field) and record[field] not in known["phone"]:
                    phones.add(record[field])
        self.env["res.partner"].flush_model(
            ["vat", "email_normalized", "collection_phone_e164", "active", "company_id"]
        )
        queries = (
            ("vat", "vat", set(vat_of)),
            ("email", "email_normalized", emails),
            ("phone", "collection_phone_e164", phones),
        )
        for kind, column, values in queries:
            if not values:
                continue
            self.env.cr.execute(
                SQL(
                    """
                    SELECT %(column)s, min(id) FROM res_partner
                     WHERE %(column)s = ANY(%(values)s) AND active
                       AND (company_id IS NULL OR company_id = %(company)s)
                       AND NOT (id = ANY(%(excluded)s))
                     GROUP BY %(column)s
                    """,
                    column=SQL.identifier(column),
                    values=list(values),
                    company=company.id,
                    excluded=excluded,
                )
            )
            for value, partner_id in self.env.cr.fetchall():
                known[kind].setdefault(
                    vat_of.get(value, value) if kind == "vat" else value, partner_id
                )
        matched = {pid for kind in ("email", "phone") for pid in known[kind].values()}
        matched -= set(known["partner_vat"])
        if matched:
            for partner in self.env["res.partner"].browse(matched).with_context(active_test=False):
                known["partner_vat"][partner.id] = partner.vat or ""

    def _prepare_debtor_values(self, record):
        country = self.env["res.country"].browse(record["country_id"])
        lang = {"ES": "es_ES", "IT": "it_IT", "MX": "es_MX", "CO": "es_CO", "AR": "es_AR"}.get(
            country.code
        )
        langs = {code for code, _name in self.env["res.lang"].get_installed()}
        values = {
            "name": record["name"],
            "vat": record.get("vat") or False,
            "is_company": record.get("is_company", False),
            "country_id": record["country_id"],
            "street": record["street"],
            "street2": record["street2"],
            "zip": record["zip"],
            "city": record["city"],
            "phone": record["phone"],
            "mobile": record["mobile"],
            "email": record["email"],
            "company_id": self.mandate_id.company_id.id,
            "customer_rank": 1,
        }
        if lang and lang not in langs:
            lang = lang[:2] + "_ES" if lang[:2] == "es" else None
        if lang in langs:
            values["lang"] = lang
        return values


def _tax_ids_conflict(vat, other):
    """Two tax ids that are both given and differ (a country prefix aside)."""
    if not vat or not other:
        return False
    vat, other = (re.sub(r"[^0-9A-Z]", "", str(v).upper()) for v in (vat, other))
    return vat != other and vat[2:] != other and other[2:] != vat


def _debtor_keys(record):
    keys = []
    if record.get("vat"):
        keys.append(("vat", record["vat"]))
    if record.get("email"):
        keys.append(("email", record["email"]))
    for field in ("mobile", "phone"):
        if record.get(field):
            keys.append(("phone", record[field]))
    return keys
