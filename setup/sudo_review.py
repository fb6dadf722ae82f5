"""Bring tests/sudo_review.tsv up to date with the code's ``sudo(`` calls (RELIABILITY AC-4).

Keeps the reasons already reviewed, drops the lines gone from the code, and adds the new ones
with the comment found beside them (or nothing) after ``TO REVIEW:``; the test refuses those
until a person has read the code and written the reason. Run from the repository's root:

    python3 setup/sudo_review.py
"""

import csv
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from test_sudo_review import ADDONS, REVIEW, reviewed_lines


def _comment_near(lines, index):
    """The comment on the line or just above it: the house style's one-line reason."""
    line = lines[index]
    if "#" in line:
        return line.split("#", 1)[1].strip()
    for back in range(index - 1, max(index - 4, -1), -1):
        text = lines[back].strip()
        if text.startswith("#"):
            return text.lstrip("# ").strip()
        if text and not text.startswith(("#", '"""')):
            break
    return ""


def main():
    old = {}
    for row in reviewed_lines() if REVIEW.exists() else []:
        old.setdefault((row[0], row[1]), []).append(row[2])
    rows, seen = [], Counter()
    for addon in ADDONS:
        for path in sorted((ROOT / addon).rglob("*.py")):
            if "tests" in path.relative_to(ROOT / addon).parts:
                continue
            lines = path.read_text(encoding="utf-8").splitlines()
            for index, line in enumerate(lines):
                if "sudo(" not in line:
                    continue
                key = (str(path.relative_to(ROOT)), line.strip())
                reasons = old.get(key, [])
                reason = reasons[seen[key]] if seen[key] < len(reasons) else ""
                seen[key] += 1
                if not reason:
                    reason = f"TO REVIEW: {_comment_near(lines, index)}"
                rows.append([*key, reason])
    with REVIEW.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["file", "code", "why it may bypass access rights here"])
        writer.writerows(rows)
    todo = sum(row[2].startswith("TO REVIEW") for row in rows)
    print(f"{len(rows)} sudo() lines, {todo} to review")


if __name__ == "__main__":
    main()
