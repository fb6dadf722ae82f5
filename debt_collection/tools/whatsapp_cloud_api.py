"""Send OCA's WhatsApp gateway to the Cloud API address its gateway names (Meta's by default).

OCA's ``mail_gateway_whatsapp`` calls Meta's Graph API at a fixed address. A business solution
provider's Cloud API-compatible endpoint, or the tests' local stand-in, has another one: the
gateway's ``collection_api_url``. The gateway's methods run inside ``cloud_api(url)``; the
module-level ``requests`` of OCA's modules is replaced by a proxy that rewrites Meta's address to
that one, and changes nothing outside such a block (other databases, other gateways).
"""

import contextlib
import contextvars
import importlib

import requests

META_GRAPH_URL = "https://graph.facebook.com/"
_API_URL = contextvars.ContextVar("debt_collection_whatsapp_api_url", default=None)
OCA_MODULES = (
    "odoo.addons.mail_gateway_whatsapp.models.mail_gateway_whatsapp",
    "odoo.addons.mail_gateway_whatsapp.models.mail_gateway",
    "odoo.addons.mail_gateway_whatsapp.models.mail_whatsapp_template",
)


def route(url):
    """``url`` with Meta's address replaced by the current block's, if any."""
    base = _API_URL.get()
    if base and isinstance(url, str) and url.startswith(META_GRAPH_URL):
        return base.rstrip("/") + "/" + url[len(META_GRAPH_URL) :]
    return url


@contextlib.contextmanager
def cloud_api(url):
    """Inside this block, OCA's gateway talks to ``url`` (nothing changes when it is empty)."""
    token = _API_URL.set(url or None)
    try:
        yield
    finally:
        _API_URL.reset(token)


class _RoutedRequests:
    """``requests`` as OCA's modules use it, with their URLs routed (see ``route``)."""

    def __getattr__(self, name):
        return getattr(requests, name)

    def get(self, url, *args, timeout=10, **kwargs):
        return requests.get(route(url), *args, timeout=timeout, **kwargs)

    def post(self, url, *args, timeout=10, **kwargs):
        return requests.post(route(url), *args, timeout=timeout, **kwargs)


def install():
    """Put the routing proxy in OCA's modules (once, when this addon's code is loaded)."""
    proxy = _RoutedRequests()
    for name in OCA_MODULES:
        module = importlib.import_module(name)
        if not isinstance(module.requests, _RoutedRequests):
            module.requests = proxy
