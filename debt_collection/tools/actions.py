"""The buttons' one way to open a window action of the suite, or a record's form."""


def window_action(env, xmlid, domain=None, context=None):
    """The window action ``xmlid`` as a dict, with ``domain`` and ``context`` when given."""
    action = env["ir.actions.act_window"]._for_xml_id(xmlid)
    if domain is not None:
        action["domain"] = domain
    if context is not None:
        action["context"] = context
    return action


def related_action(record, xmlid, field, **context):
    """The window action ``xmlid`` showing the records whose ``field`` is ``record`` (one
    record), with ``context`` when given."""
    record.ensure_one()
    return window_action(
        record.env, xmlid, domain=[(field, "=", record.id)], context=context or None
    )


def form_action(record, target=None, **extra):
    """The form of ``record`` (one record) as a window action: in a dialog with ``target="new"``
    (a wizard shown again), in the main window with ``"current"``; ``extra`` keys added."""
    action = {
        "type": "ir.actions.act_window",
        "res_model": record._name,
        "res_id": record.id,
        "view_mode": "form",
        **extra,
    }
    if target:
        action["target"] = target
    return action
