"""Cross-addon smoke tests over HTTP: the suite serves its login page and the portal home."""

import odoo.tests


@odoo.tests.tagged("post_install", "-at_install")
class TestHttpSmoke(odoo.tests.HttpCase):
    def test_login_page_answers(self):
        response = self.url_open("/web/login")
        self.assertEqual(response.status_code, 200)
        self.assertIn("password", response.text)

    def test_portal_home_answers_for_portal_user(self):
        odoo.tests.new_test_user(self.env, login="dc_portal", groups="base.group_portal")
        self.authenticate("dc_portal", "dc_portal")
        response = self.url_open("/my")
        self.assertEqual(response.status_code, 200)
