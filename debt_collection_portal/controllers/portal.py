"""The debtor's pages: the list of their cases and a case's page, by login or token."""

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.fields import Command
from odoo.http import request

from odoo.addons.account_payment.controllers.portal import PortalAccount
from odoo.addons.payment.controllers.post_processing import PaymentPostProcessing
from odoo.addons.portal.controllers.portal import pager as portal_pager

# The debtor's pages reached by login or by the tokenised link, and the requests sent from
# them (form POSTs with CSRF, PO-4)
DEBTOR_PAGE = {"type": "http", "methods": ["GET"], "auth": "public", "website": True}
DEBTOR_REQUEST = {"type": "http", "methods": ["POST"], "auth": "public", "website": True}

# Outcomes a POST route redirects with: the page says them from this list only, never from the
# query string (no text of the visitor's choosing is shown back)


class DebtCollectionPortal(PortalAccount):
    """The debtor's pages: the list of their cases (by login) and a case's page (by login or by
    the tokenised link printed on every letter), with the letters sent as PDFs, online payment
    and the requests a debtor sends from it (promise, dispute, plan, contact data, message).

    Every route turns its case into sudo through ``_document_check_access`` only; what a page
    shows and what a request does is decided by the model (``_portal_*``). Requests are POST
    with CSRF (PO-4) and read only the fields they name (PO-5). Pages answer
    ``Cache-Control: no-store``: they hold a debtor's financial data.
    """

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "debt_collection_case_count" in counters:
            Case = request.env["debt.collection.case"]
            values["debt_collection_case_count"] = (
                Case.search_count(self._get_debt_collection_cases_domain())
                if Case.has_access("read")
                else 0
            )
        return values

    # ------------------------------------------------------------------
    # Hooks
    # ------------------------------------------------------------------

    def _get_debt_collection_cases_domain(self):
        """The logged-in debtor's open cases (the record rule limits portal users already; this
        also keeps an internal user's /my/debts to their own debts)."""
        partner = request.env.user.partner_id.commercial_partner_id
        return [("partner_id", "=", partner.id), ("is_closed", "=", False)]

    def _debt_collection_check_access(self, case_id, access_token):
        """The case as sudo if the user may read it or the token is its own, else None."""
        try:
            case_sudo = self._document_check_access("debt.collection.case", case_id, access_token)
        except (AccessError, MissingError):
            return None
        if case_sudo.is_closed:  # its link was rotated on closing too (PO-7)
            return None
        return case_sudo

    def _debt_collection_link_invalid(self, payment_tx=None, case_sudo=None):
        """A wrong, old or foreign link: a page that says so and how to reach us (404), never a
        silent redirect to the login. It names no case and no creditor: only the company the
        visitor is already on (the server's, or a logged-in user's own). A debtor back from
        paying a case that the payment closed (its link rotates) is thanked instead (200)."""
        if case_sudo:  # known (a letter or plan not its own): the page is in its language
            self._debt_collection_set_lang(case_sudo)
        values = {
            "res_company": request.env.company,
            "is_public": request.env.user._is_public(),
            "is_portal": True,
            "payment_tx": payment_tx,
        }
        return self._debt_collection_render(
            "debt_collection_portal.portal_debt_collection_link_invalid",
            values,
            status=200 if payment_tx else 404,
        )

    def _debt_collection_monitored_payment(self, case_id):
        """The payment this browser just made on the case's invoices, if any: the transaction
        the payment flow keeps in the session (payment's own post-processing)."""
        tx_sudo = PaymentPostProcessing()._get_monitored_transaction()
        if (
            tx_sudo.state in ("pending", "authorized", "done")
            and case_id in tx_sudo.invoice_ids.collection_case_id.ids
        ):
            return tx_sudo
        return None

    def _debt_collection_page_lang(self, case_sudo):
        """The language of a case's routes: the debtor's for a visitor by the letter's link,
        the user's own when logged in; whatever language cookie the browser keeps."""
        user = request.env.user
        lang = case_sudo.partner_id.lang if user._is_public() else user.lang
        return request.env["res.lang"]._get_code(lang or "") or request.env.lang

    def _debt_collection_set_lang(self, case_sudo):
        """Serve the request in the case's language (``_debt_collection_page_lang``): its
        context, ``request.lang`` (the page's ``<html lang>``, hence the JS translations of
        the signature dialog) and the ``frontend_lang`` cookie, which replaces the one
        ``_frontend_pre_dispatch`` set from the browser's cookie or the company's default."""
        lang = self._debt_collection_page_lang(case_sudo)
        request.update_context(lang=lang)
        request.lang = request.env["res.lang"]._get_data(code=lang)
        headers = request.future_response.headers
        cookies = [
            cookie
            for cookie in headers.getlist("Set-Cookie")
            if not cookie.startswith("frontend_lang=")
        ]
        headers.remove("Set-Cookie")
        for cookie in cookies:
            headers.add("Set-Cookie", cookie)
        if request.cookies.get("frontend_lang") != lang:
            request.future_response.set_cookie("frontend_lang", lang)
        return lang

    def _debt_collection_render(self, template, values, status=200):
        """A page of the debtor's routes, its ``<html lang>`` the request's language (the
        frontend JS loads its translations in that language) and never cached."""
        values.setdefault("html_data", {"lang": request.env.lang.replace("_", "-")})
        response = request.render(template, values, status=status)
        return self._debt_collection_no_store(response)

    def _debt_collection_notice(self, code):
        notices = {
            "promise_accepted": request.env._(
                "Thank you: your promise is recorded. We will not contact you about this debt "
                "until its date."
            ),
            "promise_sent": request.env._(
                "Thank you: your proposal was sent to your consultant, who will answer shortly."
            ),
            "dispute": request.env._(
                "Your dispute was received: we will not ask for this invoice until we have "
                "looked into it."
            ),
            "plan": request.env._(
                "Your request was sent to your consultant, who will propose a plan to you."
            ),
            "contact": request.env._(
                "Thank you: your consultant will check your new contact details."
            ),
            "message": request.env._("Your message was sent."),
            "optout": request.env._("Done: we will no longer contact you this way."),
            "plan_signed": request.env._(
                "Thank you: the plan is signed. You can download the signed agreement below."
            ),
        }
        return notices.get(code, "")

    def _prepare_debt_collection_case_values(self, case_sudo, access_token, **kwargs):
        invoices = case_sudo._portal_get_invoices()
        values = {
            "page_name": "debt_collection_case",
            "case": case_sudo,
            "invoices": invoices,
            "invoice_rows": case_sudo._portal_invoice_rows(invoices),
            "disputed_invoices": case_sudo._portal_get_disputed_invoices(),
            "letters": case_sudo._portal_get_letters(),
            "payments": case_sudo._portal_get_recent_payments(),
            "promises": case_sudo._portal_get_promises(),
            "plans": case_sudo._portal_get_plans(),
            "limits_reached": case_sudo._portal_get_limits_reached(),
            "today": fields.Date.context_today(case_sudo),
            "debt_access_token": access_token or "",
            "notice": self._debt_collection_notice(kwargs.get("notice")),
            "form_error": kwargs.get("form_error"),
            "form_name": kwargs.get("form_name"),
            # the layout's logo, name and footer are the creditor's, not the server's company
            "res_company": case_sudo.company_id,
            # the page shows its chatter without Odoo's composer: messages go through the
            # case's own form, which counts them against the daily limit
            "disable_composer": True,
        }
        kwargs = {key: value for key, value in kwargs.items() if key in ("pid", "hash")}
        return self._get_page_view_values(
            case_sudo, access_token, values, "my_debt_collection_cases_history", False, **kwargs
        )

    def _debt_collection_no_store(self, response):
        response.headers["Cache-Control"] = "no-store"
        return response

    def _debt_collection_render_page(self, case_sudo, access_token, status=200, **kwargs):
        lang = self._debt_collection_set_lang(case_sudo)
        case_sudo = case_sudo.with_context(lang=lang)
        values = self._prepare_debt_collection_case_values(case_sudo, access_token, **kwargs)
        return self._debt_collection_render(
            "debt_collection_portal.portal_debt_collection_case_page", values, status=status
        )

    def _debt_collection_done(self, case_sudo, notice):
        """Post/redirect/get: back to the page, which says what happened."""
        url = case_sudo.get_portal_url(query_string=f"&notice={notice}", anchor="debt_notice")
        return request.redirect(url)

    def _debt_collection_submit(self, case_id, access_token, form_name, action):
        """Run a request of the page: refused (nothing written) without access, or shown
        again with the rule's message when the model refuses it."""
        case_sudo = self._debt_collection_check_access(case_id, access_token)
        if case_sudo is None:
            return self._debt_collection_link_invalid()
        case_sudo = case_sudo.with_context(lang=self._debt_collection_set_lang(case_sudo))
        try:
            # nothing of a refused request is kept (its daily count included)
            with request.env.cr.savepoint():
                notice = action(case_sudo)
        except (ValidationError, UserError) as error:
            return self._debt_collection_render_page(
                case_sudo,
                access_token,
                status=422,
                form_error=error.args[0],
                form_name=form_name,
            )
        return self._debt_collection_done(case_sudo, notice)

    # ------------------------------------------------------------------
    # Pages
    # ------------------------------------------------------------------

    @http.route(["/my/debts", "/my/debts/page/<int:page>"], type="http", auth="user", website=True)
    def portal_my_debt_collection_cases(self, page=1, **kw):
        Case = request.env["debt.collection.case"]
        domain = self._get_debt_collection_cases_domain()
        values = self._prepare_portal_layout_values()
        pager = portal_pager(
            url="/my/debts",
            total=Case.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        cases = Case.search(domain, limit=self._items_per_page, offset=pager["offset"])
        request.session["my_debt_collection_cases_history"] = cases.ids[:100]
        values.update({"cases": cases, "pager": pager, "page_name": "debt_collection_case"})
        response = request.render("debt_collection_portal.portal_my_debt_collection_cases", values)
        return self._debt_collection_no_store(response)

    @http.route(["/my/debts/<int:case_id>"], type="http", auth="public", website=True)
    def portal_debt_collection_case_page(self, case_id, access_token=None, **kw):
        case_sudo = self._debt_collection_check_access(case_id, access_token)
        if case_sudo is None:
            payment_tx = self._debt_collection_monitored_payment(case_id)
            return self._debt_collection_link_invalid(payment_tx)
        return self._debt_collection_render_page(
            case_sudo,
            access_token,
            notice=kw.get("notice"),
            pid=kw.get("pid"),
            hash=kw.get("hash"),
        )

    @http.route(
        ["/my/debts/<int:case_id>/letters/<int:letter_id>"],
        type="http",
        auth="public",
        website=True,
    )
    def portal_debt_collection_case_letter(self, case_id, letter_id, access_token=None, **kw):
        """The PDF of a letter as it was sent (the attachment kept on its step)."""
        case_sudo = self._debt_collection_check_access(case_id, access_token)
        if case_sudo is None:
            return self._debt_collection_link_invalid()
        self._debt_collection_set_lang(case_sudo)
        letter = case_sudo._portal_get_letters().filtered(lambda action: action.id == letter_id)
        if not letter:
            return self._debt_collection_link_invalid(case_sudo=case_sudo)
        stream = request.env["ir.binary"]._get_stream_from(
            letter.attachment_id, default_mimetype="application/pdf"
        )
        download = str(kw.get("download", "")).lower() in ("1", "true")
        response = stream.get_response(as_attachment=download)
        return self._debt_collection_no_store(response)

    # ------------------------------------------------------------------
    # Paying online (Odoo's payment form and providers; the transaction carries the invoices,
    # so the payment is reconciled with them by account_payment like any invoice payment)
    # ------------------------------------------------------------------

    @staticmethod
    def _debt_collection_parse_ids(values):
        ids = []
        for value in values:
            for part in str(value).replace("-", ",").split(","):
                if part.strip().isdigit():
                    ids.append(int(part))
        return ids

    @http.route(["/my/debts/<int:case_id>/pay"], **DEBTOR_PAGE)
    def portal_debt_collection_pay(self, case_id, access_token=None, **kw):
        """The payment form for the chosen invoices (all open ones when none is chosen)."""
        case_sudo = self._debt_collection_check_access(case_id, access_token)
        if case_sudo is None:
            return self._debt_collection_link_invalid()
        case_sudo = case_sudo.with_context(lang=self._debt_collection_set_lang(case_sudo))
        chosen = self._debt_collection_parse_ids(request.httprequest.args.getlist("invoice_ids"))
        try:
            invoices = case_sudo._portal_get_payable_invoices(chosen)
        except ValidationError as error:
            return self._debt_collection_render_page(
                case_sudo, access_token, status=422, form_error=error.args[0], form_name="pay"
            )
        if not invoices:
            return request.redirect(case_sudo.get_portal_url())
        payment = case_sudo._portal_payment_values(invoices)
        invoice_key = "-".join(str(invoice_id) for invoice_id in invoices.ids)
        values = self._get_common_page_view_values(
            invoices_data={
                "partner": case_sudo.partner_id,
                "company": case_sudo.company_id,
                "total_amount": payment["amount"],
                "currency": payment["currency"],
                "amount_residual": payment["amount"],
                "landing_route": case_sudo.get_portal_url(),
                "transaction_route": f"/my/debts/{case_sudo.id}/transaction/{invoice_key}",
            },
            access_token=access_token or "",
        )
        values.update(
            {
                "page_name": "debt_collection_case",
                "case": case_sudo,
                "invoices": invoices,
                "amount": payment["amount"],
                "currency": payment["currency"],
                "res_company": case_sudo.company_id,
                "debt_access_token": access_token or "",
            }
        )
        return self._debt_collection_render(
            "debt_collection_portal.portal_debt_collection_pay", values
        )

    @http.route(
        "/my/debts/<int:case_id>/transaction/<string:invoice_ids>", type="json", auth="public"
    )
    def portal_debt_collection_transaction(
        self, case_id, invoice_ids, access_token=None, **kwargs
    ):
        """Create the transaction of the chosen invoices; the amount is theirs, computed here
        (an amount posted by the browser is ignored)."""
        case_sudo = self._debt_collection_check_access(case_id, access_token)
        if case_sudo is None:
            raise ValidationError(request.env._("The access token is invalid."))
        self._debt_collection_set_lang(case_sudo)
        invoices = case_sudo._portal_get_payable_invoices(
            self._debt_collection_parse_ids([invoice_ids])
        )
        if not invoices:
            raise ValidationError(request.env._("Nothing is left to pay on these invoices."))
        self._validate_transaction_kwargs(kwargs)
        kwargs.pop("amount", None)
        kwargs.pop("csrf_token", None)
        payment = case_sudo._portal_payment_values(invoices)
        logged_in = not request.env.user._is_public()
        partner = request.env.user.partner_id if logged_in else case_sudo.partner_id
        tx_sudo = self._create_transaction(
            amount=payment["amount"],
            currency_id=payment["currency"].id,
            partner_id=partner.id,
            reference_prefix=None,
            custom_create_values={"invoice_ids": [Command.set(invoices.ids)]},
            **kwargs,
        )
        return tx_sudo._get_processing_values()

    # ------------------------------------------------------------------
    # Instalment plans the consultant proposed: read the agreement, sign it
    # ------------------------------------------------------------------

    def _debt_collection_plan(self, case_id, plan_id, access_token):
        case_sudo = self._debt_collection_check_access(case_id, access_token)
        if case_sudo is None:
            return None, None
        case_sudo = case_sudo.with_context(lang=self._debt_collection_set_lang(case_sudo))
        plan_sudo = case_sudo._portal_get_plans().filtered(lambda plan: plan.id == plan_id)
        return case_sudo, plan_sudo

    @http.route(["/my/debts/<int:case_id>/plans/<int:plan_id>/agreement"], **DEBTOR_PAGE)
    def portal_debt_collection_plan_agreement(self, case_id, plan_id, access_token=None, **kw):
        """The agreement's PDF: the one signed when it was, else the proposal to read."""
        case_sudo, plan_sudo = self._debt_collection_plan(case_id, plan_id, access_token)
        if not plan_sudo:
            return self._debt_collection_link_invalid(case_sudo=case_sudo)
        if plan_sudo.agreement_attachment_id:
            stream = request.env["ir.binary"]._get_stream_from(
                plan_sudo.agreement_attachment_id, default_mimetype="application/pdf"
            )
            return self._debt_collection_no_store(stream.get_response())
        lang = request.env.lang  # the debtor's, set by _debt_collection_plan
        # rendered in the environment of the plan the access check returned (no other sudo)
        pdf, _type = (
            plan_sudo.env["ir.actions.report"]
            .with_context(lang=lang)
            ._render_qweb_pdf("debt_collection.action_report_collection_plan", plan_sudo.ids)
        )
        response = request.make_response(
            pdf, headers=[("Content-Type", "application/pdf"), ("Content-Length", len(pdf))]
        )
        return self._debt_collection_no_store(response)

    @http.route(
        ["/my/debts/<int:case_id>/plans/<int:plan_id>/sign"],
        type="json",
        auth="public",
        website=True,
    )
    def portal_debt_collection_plan_sign(
        self, case_id, plan_id, access_token=None, name=None, signature=None
    ):
        """Odoo's signature form posts here (JSON); the plan is then confirmed."""
        access_token = access_token or request.httprequest.args.get("access_token")
        case_sudo, plan_sudo = self._debt_collection_plan(case_id, plan_id, access_token)
        if not plan_sudo:
            return {"error": request.env._("This plan is not waiting for your signature.")}
        try:
            with request.env.cr.savepoint():
                plan_sudo._portal_sign(name, signature)
        except (ValidationError, UserError) as error:
            return {"error": error.args[0]}
        return {
            "force_refresh": True,
            "redirect_url": case_sudo.get_portal_url(query_string="&notice=plan_signed"),
        }

    # ------------------------------------------------------------------
    # Requests (POST with CSRF; each reads only the fields it names)
    # ------------------------------------------------------------------

    @http.route(["/my/debts/<int:case_id>/promise"], **DEBTOR_REQUEST)
    def portal_debt_collection_promise(self, case_id, access_token=None, **post):
        def register(case_sudo):
            try:
                date_promised = fields.Date.to_date(post.get("date_promised") or None)
            except ValueError:
                date_promised = None
            promise = case_sudo._portal_register_promise(
                post.get("amount"), date_promised, post.get("note")
            )
            return "promise_accepted" if promise else "promise_sent"

        return self._debt_collection_submit(case_id, access_token, "promise", register)

    @http.route(["/my/debts/<int:case_id>/dispute"], **DEBTOR_REQUEST)
    def portal_debt_collection_dispute(self, case_id, access_token=None, **post):
        def register(case_sudo):
            upload = request.httprequest.files.get("attachment")
            attachment = None
            if upload and upload.filename:
                attachment = (upload.filename, upload.read(), upload.mimetype)
            invoice_ids = self._debt_collection_parse_ids([post.get("invoice_id") or ""])
            case_sudo._portal_register_dispute(
                invoice_ids[0] if invoice_ids else 0, post.get("reason"), attachment
            )
            return "dispute"

        return self._debt_collection_submit(case_id, access_token, "dispute", register)

    @http.route(["/my/debts/<int:case_id>/optout"], **DEBTOR_REQUEST)
    def portal_debt_collection_optout(self, case_id, access_token=None, **post):
        def register(case_sudo):
            case_sudo._portal_register_optout(post.get("channel"), post.get("note"))
            return "optout"

        return self._debt_collection_submit(case_id, access_token, "optout", register)

    @http.route(["/my/debts/<int:case_id>/plan"], **DEBTOR_REQUEST)
    def portal_debt_collection_plan(self, case_id, access_token=None, **post):
        def register(case_sudo):
            case_sudo._portal_request_plan(post.get("instalments"), post.get("reason"))
            return "plan"

        return self._debt_collection_submit(case_id, access_token, "plan", register)

    @http.route(["/my/debts/<int:case_id>/contact"], **DEBTOR_REQUEST)
    def portal_debt_collection_contact(self, case_id, access_token=None, **post):
        def register(case_sudo):
            case_sudo._portal_request_contact_update(post)
            return "contact"

        return self._debt_collection_submit(case_id, access_token, "contact", register)

    @http.route(["/my/debts/<int:case_id>/message"], **DEBTOR_REQUEST)
    def portal_debt_collection_message(self, case_id, access_token=None, **post):
        def register(case_sudo):
            case_sudo._portal_post_message(post.get("body"))
            return "message"

        return self._debt_collection_submit(case_id, access_token, "message", register)
