from odoo import http
from odoo.http import request


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
