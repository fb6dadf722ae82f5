"""A local stand-in of WhatsApp's Cloud API for the tests: no test reaches the internet.

It answers ``POST /v<version>/<phone number id>/messages`` as Meta documents it (a message id,
or an error object), keeps what it was sent, and builds the signed webhooks Meta posts back
(message statuses, the debtor's messages) for the test to post to Odoo's webhook route.
"""

import hashlib
import hmac
import itertools
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MESSAGES_PATH = re.compile(r"^/v[\d.]+/(?P<phone_id>[^/]+)/messages$")


class CloudApiStandIn:
    def __init__(self, token, app_secret, phone_number_id="109000000000001", account_id="2000"):
        self.token = token
        self.app_secret = app_secret
        self.phone_number_id = phone_number_id
        self.account_id = account_id
        self.sent = []  # the JSON bodies of the messages sent, in order
        self.rejected_templates = set()  # template names Meta answers with error 132001
        self._ids = itertools.count(1)
        self._server = None

    # ------------------------------------------------------------------
    # Server
    # ------------------------------------------------------------------

    def start(self):
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                status, answer = standin._answer(self.path, self.headers, raw)
                body = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    @property
    def url(self):
        return f"http://127.0.0.1:{self._server.server_address[1]}/"

    def stop(self):
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    def _answer(self, path, headers, raw):
        if headers.get("Authorization") != f"Bearer {self.token}":
            return 401, self._error(190, "Invalid OAuth access token.")
        found = MESSAGES_PATH.match(path)
        if not found or found["phone_id"] != self.phone_number_id:
            return 400, self._error(100, "Unsupported post request.")
        payload = json.loads(raw or b"{}")
        if payload.get("type") == "template":
            name = payload["template"]["name"]
            if name in self.rejected_templates:
                return 404, self._error(
                    132001,
                    "(#132001) Template name does not exist in the translation",
                    f"template name ({name}) does not exist in "
                    f"{payload['template']['language']['code']}",
                )
        wamid = f"wamid.STANDIN{next(self._ids):06d}"
        self.sent.append(dict(payload, _wamid=wamid))
        return 200, {
            "messaging_product": "whatsapp",
            "contacts": [{"input": payload.get("to"), "wa_id": payload.get("to")}],
            "messages": [{"id": wamid}],
        }

    @staticmethod
    def _error(code, message, details=None):
        error = {"message": message, "type": "OAuthException", "code": code}
        if details:
            error["error_data"] = {"messaging_product": "whatsapp", "details": details}
        return {"error": error}

    # ------------------------------------------------------------------
    # Webhooks (what Meta posts to the gateway's callback URL)
    # ------------------------------------------------------------------

    def _envelope(self, value):
        value = dict(
            {
                "messaging_product": "whatsapp",
                "metadata": {
                    "display_phone_number": "15550000000",
                    "phone_number_id": self.phone_number_id,
                },
            },
            **value,
        )
        return {
            "object": "whatsapp_business_account",
            "entry": [{"id": self.account_id, "changes": [{"field": "messages", "value": value}]}],
        }

    def status(self, wamid, status, recipient, error_code=None, error_details=""):
        item = {
            "id": wamid,
            "status": status,
            "timestamp": str(int(time.time())),
            "recipient_id": recipient,
        }
        if error_code:
            item["errors"] = [
                {
                    "code": error_code,
                    "title": "Message undeliverable",
                    "error_data": {"details": error_details or "Message undeliverable."},
                }
            ]
        return self._envelope({"statuses": [item]})

    def incoming(self, sender, name, text, context_wamid=None):
        message = {
            "from": sender,
            "id": f"wamid.IN{next(self._ids):06d}",
            "timestamp": str(int(time.time())),
            "type": "text",
            "text": {"body": text},
        }
        if context_wamid:
            message["context"] = {"from": "15550000000", "id": context_wamid}
        return self._envelope(
            {"contacts": [{"profile": {"name": name}, "wa_id": sender}], "messages": [message]}
        )

    def signed(self, payload):
        """(body, headers) of a webhook post, signed with the app secret as Meta signs it."""
        body = json.dumps(payload).encode()
        digest = hmac.new(self.app_secret.encode(), body, hashlib.sha256).hexdigest()
        return body, {
            "Content-Type": "application/json",
            "X-Hub-Signature-256": f"sha256={digest}",
        }
