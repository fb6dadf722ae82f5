"""Choosing a Meta-approved WhatsApp template by the debtor's language."""

from odoo import models


class MailWhatsappTemplate(models.Model):
    _inherit = "mail.whatsapp.template"

    def _collection_for_lang(self, lang):
        """The template in ``lang`` (an Odoo code, e.g. es_CO): the same code, the bare
        language (es), then the language of another country (es_MX); or an empty recordset."""
        lang = lang or ""
        base = lang.split("_")[0]
        for match in (
            lambda t: t.language == lang,
            lambda t: t.language == base,
            lambda t: (t.language or "").split("_")[0] == base,
        ):
            found = self.filtered(match)
            if found:
                return found[:1]
        return self.browse()
