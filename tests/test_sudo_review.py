"""Every ``sudo(`` in the addons is on the reviewed list, with why it is safe (RELIABILITY AC-4).

The list is ``tests/sudo_review.tsv``: file, the line of code, the reason. A new ``sudo(`` (or
a changed line holding one) fails this test until someone reviews it and says why it may
bypass the access rights there; ``setup/sudo_review.py`` adds the new lines with the comment
found beside them as a first draft of the reason, for the reviewer to confirm.
"""

import csv
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REVIEW = ROOT / "tests" / "sudo_review.tsv"
ADDONS = (
    "debt_collection",
    "debt_collection_portal",
    "debt_collection_legal",
    "debt_collection_queue",
)


def sudo_lines():
    """Counter of (file, stripped line) for each line of the addons' code calling sudo()."""
    found = Counter()
    for addon in ADDONS:
        for path in sorted((ROOT / addon).rglob("*.py")):
            if "tests" in path.relative_to(ROOT / addon).parts:
                continue
            for line in path.read_text(encoding="utf-8").splitlines():
                if "sudo(" in line:
                    found[(str(path.relative_to(ROOT)), line.strip())] += 1
    return found


def reviewed_lines():
    with REVIEW.open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.reader(handle, delimiter="\t") if row and row[0] != "file"]
    return rows


def test_every_sudo_is_reviewed_with_a_reason():
    rows = reviewed_lines()
    missing_reason = [row[:2] for row in rows if len(row) < 3 or not row[2].strip()]
    assert not missing_reason, f"reviewed without a reason: {missing_reason}"
    drafts = [row[:2] for row in rows if row[2].startswith("TO REVIEW")]
    assert not drafts, f"not reviewed yet: {drafts}"
    reviewed = Counter((row[0], row[1]) for row in rows)
    actual = sudo_lines()
    unreviewed = actual - reviewed
    stale = reviewed - actual
    assert not unreviewed, (
        "sudo() not on the reviewed list (run setup/sudo_review.py, then review): "
        + "; ".join(f"{path}: {code}" for path, code in unreviewed)
    )
    assert not stale, "reviewed lines no longer in the code: " + "; ".join(
        f"{path}: {code}" for path, code in stale
    )


def test_the_review_covers_the_portal_and_the_crons():
    files = {row[0] for row in reviewed_lines()}
    # the portal's routes take their sudo from _document_check_access (no sudo( of their
    # own); what they read past the rules is in the portal's models
    assert any(path.startswith("debt_collection_portal/models/") for path in files)
    assert any(path.startswith("debt_collection/models/") for path in files)
