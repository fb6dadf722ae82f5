"""Issue 23, point 7: a row's e-mail or phone is no match for a debtor whose tax id is another
valid one: the row is skipped and reported, or a new debtor made, never merged."""

from odoo.tests import tagged

from .agency_common import AgencyCommon

HEADER = "Referencia;Nombre;NIF;Teléfono;Email;Vencimiento;Importe\n"


@tagged("post_install", "-at_install", "dc_security")
class TestImportTaxIdConflict(AgencyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.maria = Partner.create(
            {"name": "María López", "email": "maria@example.com", "vat": "ES12345678Z"}
        )
        cls.jose = Partner.create(
            {
                "name": "José Pérez",
                "phone": "612 34 56 79",
                "vat": "ESB12345674",
                "country_id": cls.env.ref("base.es").id,
            }
        )

    def _import(self, rows, **values):
        wizard = self._wizard((HEADER + rows).encode(), **values)
        wizard.action_import()
        placements = self.Placement.search([("mandate_id", "=", self.mandate.id)])
        return wizard, {p.name: p.partner_id for p in placements}

    def test_other_tax_id_is_skipped_and_reported(self):
        wizard, partner_of = self._import(
            "T-1;Otra María;X1234567L;;maria@example.com;01/11/2025;10,00\n"
            "T-2;Otro José;X1234567L;+34612345679;;01/11/2025;20,00\n"
            "T-3;María López;;;maria@example.com;01/11/2025;30,00\n"
            "T-4;María López;12345678Z;;maria@example.com;01/11/2025;40,00\n"
        )
        self.assertNotIn("T-1", partner_of)
        self.assertNotIn("T-2", partner_of)
        # no tax id on the row, or the same one: the debtor it always was
        self.assertEqual(partner_of["T-3"], self.maria)
        self.assertEqual(partner_of["T-4"], self.maria)
        batch = wizard.batch_id
        self.assertEqual(batch.placed_count, 2)
        self.assertEqual(batch.skipped_count, 2)
        self.assertIn("Row 2:", batch.report)
        self.assertIn("Row 3:", batch.report)
        self.assertIn("tax id is another", batch.report)
        self.assertEqual(self.maria.vat, "ES12345678Z")

    def test_other_tax_id_makes_a_new_debtor_when_asked(self):
        _wizard, partner_of = self._import(
            "T-1;Otra María;X1234567L;;maria@example.com;01/11/2025;10,00\n"
            "T-2;Otro José;X1234567L;+34612345679;;01/11/2025;20,00\n",
            tax_id_conflict="create",
        )
        new = partner_of["T-1"]
        self.assertNotIn(new, self.maria | self.jose)
        self.assertEqual(partner_of["T-2"], new, "one new debtor for one tax id")
        self.assertIn("1234567L", new.vat)

    def test_rows_of_the_file_with_two_tax_ids_are_two_debtors(self):
        _wizard, partner_of = self._import(
            "F-1;Ana Ruiz;87654321X;;ana@example.com;01/11/2025;10,00\n"
            "F-2;Ana Ruiz (otra);X1234567L;;ana@example.com;01/11/2025;20,00\n"
            "F-3;Ana Ruiz;;;ana@example.com;01/11/2025;30,00\n",
            tax_id_conflict="create",
        )
        self.assertNotEqual(partner_of["F-1"], partner_of["F-2"])
        self.assertEqual(partner_of["F-3"], partner_of["F-1"])
