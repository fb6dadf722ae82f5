"""The buttons' one way to open a window action of the suite with its own domain and context."""


def window_action(env, xmlid, domain=None, context=None):
    """The window action ``xmlid`` as a dict, with ``domain`` and ``context`` when given."""
    action = env["ir.actions.act_window"]._for_xml_id(xmlid)
    if domain is not None:
        action["domain"] = domain
    if context is not None:
        action["context"] = context
    return action
