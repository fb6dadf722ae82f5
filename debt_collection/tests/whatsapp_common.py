"""A WhatsApp gateway pointed at the local Cloud API stand-in, its templates, a debtor's mobile."""

from odoo import Command

from .common import DebtCollectionCommon
from .whatsapp_standin import CloudApiStandIn

DEBTOR_MOBILE = "+34 612 345 678"
DEBTOR_WA_ID = "34612345678"


class WhatsappCommon(DebtCollectionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.standin = CloudApiStandIn(token="standin-token", app_secret="standin-app-secret")
        cls.standin.start()
        cls.addClassCleanup(cls.standin.stop)
        cls.gateway = cls.env["mail.gateway"].create(
            {
                "name": "WhatsApp test",
                "gateway_type": "whatsapp",
                "token": cls.standin.token,
                "webhook_key": "dc-whatsapp-test",
                "webhook_secret": cls.standin.app_secret,
                "whatsapp_security_key": "verify-me",
                "whatsapp_from_phone": cls.standin.phone_number_id,
                "whatsapp_account_id": cls.standin.account_id,
                "collection_api_url": cls.standin.url,
                "company_id": cls.company.id,
            }
        )
        cls.gateway.integrated_webhook_state = "integrated"
        cls.template_es = cls._whatsapp_template("Recordatorio de pago", "es")
        cls.template_it = cls._whatsapp_template("Promemoria di pagamento", "it")
        cls.env["res.lang"]._activate_lang("es_ES")
        cls.debtor.write({"mobile": DEBTOR_MOBILE, "lang": "es_ES"})

    @classmethod
    def _whatsapp_template(cls, name, language):
        fields_by_index = ["debtor_name", "amount_text", "date_due_text", "page_url"]
        return cls.env["mail.whatsapp.template"].create(
            {
                "name": name,
                "language": language,
                "category": "utility",
                "state": "approved",
                "is_supported": True,
                "gateway_id": cls.gateway.id,
                "model_id": cls.env["ir.model"]._get_id("debt.collection.whatsapp.message"),
                "body": "{{1}}: {{2}} ({{3}}). {{4}}",
                "variable_ids": [
                    Command.create(
                        {"name": f"{{{{{index}}}}}", "line_type": "body", "field_name": field}
                    )
                    for index, field in enumerate(fields_by_index, start=1)
                ],
            }
        )

    def _post_webhook(self, payload):
        body, headers = self.standin.signed(payload)
        # a generous timeout: the machine the tests run on may be busy
        response = self.url_open(
            f"/gateway/whatsapp/{self.gateway.webhook_key}/update",
            data=body,
            headers=headers,
            timeout=60,
        )
        self.assertEqual(response.status_code, 200)
        self.env.invalidate_all()
        return response
