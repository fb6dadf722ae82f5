"""A debtor's chatter message counts against the page's daily message limit."""

from odoo import http
from odoo.http import request

from odoo.addons.portal.controllers.thread import ThreadController


class DebtCollectionThreadController(ThreadController):
    @http.route()
    def mail_message_post(self, thread_model, thread_id, post_data, context=None, **kwargs):
        """A debtor's message in the page's chatter counts against the same daily limit as the
        page's message form (issue 23): logged in or by the letter's token."""
        if thread_model == "debt.collection.case" and not request.env.user._is_internal():
            Case = request.env[thread_model]
            case = Case._get_thread_with_access(
                int(thread_id), mode=Case._mail_post_access, **kwargs
            )
            if case:
                case._portal_count_chatter_message()
        return super().mail_message_post(thread_model, thread_id, post_data, context, **kwargs)
