"""PR-5: the server's request log never shows a debtor's token.

Werkzeug logs every request line, with its path and query; the opt-out links and the debtor's
page carry their credential there. This filter masks them in every record of the loggers it is
attached to (werkzeug's request log and Odoo's HTTP log).
"""

import logging
import re

TOKEN_PATTERNS = (
    (re.compile(r"(/collection/opt-out/\d+/\w+/)[^\s/?\"']+"), r"\1***"),
    (re.compile(r"((?:access_)?token=)[^\s&\"']+"), r"\1***"),
)


def mask_tokens(text):
    for pattern, replacement in TOKEN_PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def _mask(value):
    return mask_tokens(value) if isinstance(value, str) else value


class TokenMaskFilter(logging.Filter):
    def filter(self, record):
        if isinstance(record.args, dict):
            record.args = {key: _mask(value) for key, value in record.args.items()}
        elif isinstance(record.args, tuple):
            record.args = tuple(_mask(arg) for arg in record.args)
        if isinstance(record.msg, str):
            record.msg = mask_tokens(record.msg)
        return True


def install():
    for name in ("werkzeug", "odoo.http"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, TokenMaskFilter) for f in logger.filters):
            logger.addFilter(TokenMaskFilter())
