"""No collection wording in the letter's address window (CG-8; the Italian Garante forbids
"recupero crediti" on what others can see)."""

import re
import subprocess
import tempfile
from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import find_in_path

from .common import DebtCollectionCommon

# Words that would tell the postman or a neighbour what the letter is about
COLLECTION_WORDS = re.compile(
    r"collection|debt|overdue|reminder|dunning|recupero|crediti|sollecito|diffida|cobro|"
    r"deuda|recobro|impagad|moros|requerimiento|payment|pago|pagamento|debit|legal|notice|"
    r"intimaci|ingiunzion|messa in mora",
    re.IGNORECASE,
)


def window_text(raw, name):
    """The words printed in the address window: the block that starts with the debtor's
    name, as far down as an envelope window reaches (45 mm) and as wide (90 mm)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(raw)
        pdf.flush()
        out = subprocess.run(
            ["pdftotext", "-f", "1", "-l", "1", "-bbox", pdf.name, "-"],
            capture_output=True,
            check=True,
            text=True,
        ).stdout
    words = [
        (float(x0), float(y0), word)
        for x0, y0, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)</word>',
            out,
        )
    ]
    first = name.split()[0]
    x_name, y_name = next((x, y) for x, y, word in words if word == first)
    # the page's own unit: an A4 page is 210 mm wide
    mm = float(re.search(r'<page width="([\d.]+)"', out).group(1)) / 210
    return " ".join(
        word
        for x, y, word in words
        if y_name - 2 <= y <= y_name + 45 * mm and x_name - 2 <= x <= x_name + 90 * mm
    )


@tagged("post_install", "-at_install", "dc_compliance")
class TestAddressWindow(DebtCollectionCommon):
    def test_address_window_shows_name_and_address_only(self):
        if not find_in_path("pdftotext"):
            self.skipTest("poppler-utils (pdftotext) is not installed")
        self.env["res.lang"]._activate_lang("it_IT")
        self.debtor2.write({"lang": "it_IT", "street": "Via Roma 1", "zip": "20121"})
        for partner in (self.debtor, self.debtor2):
            self._create_invoice(partner, 400.0, date(2026, 1, 10), date(2025, 12, 10))
        with freeze_time("2026-01-12 10:00:00"):
            self._run()
        with freeze_time("2026-01-22 10:00:00"):
            self._run()  # the first letter
        for partner in (self.debtor, self.debtor2):
            with self.subTest(partner=partner.name):
                letter = self._case(partner).action_ids.filtered(lambda a: a.channel == "letter")
                text = window_text(letter.attachment_id.raw, partner.name)
                self.assertIn(partner.name.split()[-1], text)
                self.assertIn(partner.zip, text)
                self.assertNotRegex(text, COLLECTION_WORDS)
