"""Public and chatter routes of core: the opt-out link and a consultant's message as a contact."""

from markupsafe import Markup

from odoo import http
from odoo.http import request

from odoo.addons.mail.controllers.thread import ThreadController


class DebtCollectionOptOut(http.Controller):
    """The opt-out link of every collection e-mail and SMS (CG-3).

    GET shows what the debtor is about to stop; only the POST of that page (with its CSRF
    token) records the opt-out, so that a mail scanner following links opts no one out.
    """

    @http.route(
        "/collection/opt-out/<int:partner_id>/<string:channel>/<string:token>",
        type="http",
        auth="public",
        methods=["GET", "POST"],
        sitemap=False,
    )
    def collection_optout(self, partner_id, channel, token, **kw):
        Partner = request.env["res.partner"]
        partner_sudo = Partner._collection_optout_partner(partner_id, channel, token)
        if not partner_sudo:
            return request.not_found()
        values = {
            "partner": partner_sudo,
            "channel_label": Partner._collection_optout_channel_label(channel),
            "action_url": request.httprequest.path,
            "done": False,
        }
        if request.httprequest.method == "POST":
            partner_sudo._collection_register_optout(channel)
            values["done"] = True
        return request.render("debt_collection.collection_optout_page", values)


class DebtCollectionThread(ThreadController):
    """A message a consultant sends the debtor from the case's chatter is a contact: the gate
    is asked and the e-mail ends with the debtor's opt-out link (CG-3), as in the composer."""

    def _prepare_post_data(self, post_data, thread, **kwargs):
        post_data = super()._prepare_post_data(post_data, thread, **kwargs)
        if (
            thread._name == "debt.collection.case"
            and request.env.user._is_internal()
            and post_data.get("message_type", "comment") == "comment"
            and post_data.get("subtype_xmlid") != "mail.mt_note"
            and thread.partner_id.id in post_data.get("partner_ids", [])
        ):
            thread._collection_check_manual_email()
            post_data["body"] = (
                Markup(post_data.get("body") or "") + thread._collection_optout_html()
            )
        return post_data
