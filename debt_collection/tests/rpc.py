"""Test helper: a model's method called over JSON-RPC, as a browser or a script would."""

import json


class JsonRpcMixin:
    """For an ``HttpCase``: ``_call`` posts to ``/web/dataset/call_kw`` as the session's user."""

    def _call(self, model, method, args, kwargs=None):
        response = self.url_open(
            "/web/dataset/call_kw",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "params": {
                        "model": model,
                        "method": method,
                        "args": args,
                        "kwargs": kwargs or {},
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        return response.json()
