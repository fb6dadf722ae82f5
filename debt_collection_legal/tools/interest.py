"""Statutory late-payment interest, day by day, as plain functions (no ORM: testable alone).

Simple interest, actual/365: each day late earns ``principal * rate / 100 / 365`` at the rate
of the period (semester or year) the day falls in, on what was still owed that day. Interest
runs from the day after the due date to the notice date, both included (Directive 2011/7/EU
art. 3(3)(a)); a payment made on a day stops interest on the amount paid from that day on.
"""

from datetime import timedelta
from itertools import pairwise

DAY_BASIS = 365


def interest_segments(principal, due_date, end_date, payments, periods):
    """The periods of constant rate and principal between the day after ``due_date`` and
    ``end_date``, and the first day no period covers (or None).

    :param principal: what was due on the due date
    :param payments: ``(date, amount)`` paid or credited against the debt, in any order
    :param periods: ``(date_from, date_to, rate in %)``, both dates included, not overlapping
    :return: ``(segments, missing)``, each segment a dict with ``date_from``, ``date_to``,
        ``days``, ``principal``, ``rate`` and the unrounded ``interest``
    """
    start = due_date + timedelta(days=1)
    if end_date < start or principal <= 0:
        return [], None
    # where something changes: a period starts or ends, or a payment lowers the principal
    cuts = {start, end_date + timedelta(days=1)}
    for date_from, date_to, _rate in periods:
        for cut in (date_from, date_to + timedelta(days=1)):
            if start < cut <= end_date:
                cuts.add(cut)
    for paid_on, _amount in payments:
        if start < paid_on <= end_date:
            cuts.add(paid_on)
    bounds = sorted(cuts)
    segments, missing = [], None
    for seg_start, next_start in pairwise(bounds):
        seg_end = next_start - timedelta(days=1)
        owed = principal - sum(amount for paid_on, amount in payments if paid_on <= seg_start)
        if owed <= 0:
            break
        rate = next((r for f, t, r in periods if f <= seg_start and seg_end <= t), None)
        if rate is None:
            missing = missing or seg_start
            continue
        days = (seg_end - seg_start).days + 1
        segments.append(
            {
                "date_from": seg_start,
                "date_to": seg_end,
                "days": days,
                "principal": owed,
                "rate": rate,
                "interest": owed * rate / 100.0 * days / DAY_BASIS,
            }
        )
    return _merge(segments), missing


def _merge(segments):
    """Join consecutive segments of the same rate and principal (e.g. semesters at 8 %)."""
    merged = []
    for segment in segments:
        last = merged[-1] if merged else None
        if (
            last
            and last["rate"] == segment["rate"]
            and last["principal"] == segment["principal"]
            and last["date_to"] + timedelta(days=1) == segment["date_from"]
        ):
            last["date_to"] = segment["date_to"]
            last["days"] += segment["days"]
            last["interest"] += segment["interest"]
        else:
            merged.append(dict(segment))
    return merged
