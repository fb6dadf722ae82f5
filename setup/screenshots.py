"""Re-take the README's screenshots from a running demo server.

Start the demo database's Odoo server and a headless Chromium first, e.g.::

    chromium --headless=new --remote-debugging-port=9333 --no-sandbox about:blank

then::

    python setup/screenshots.py --url http://127.0.0.1:8069 --case 3 --run 1 \
        --debtor-case 10 --debtor-token TOKEN

(``--portal-only`` takes only the portal's: the debtor's page and the creditor's portfolio;
``--features-only`` only the manager's screens of the external agency, WhatsApp, the credit
bureaus, the court claims and the direct debits; ``--jobs-only`` only the agency's import placed
by job workers and the job queue, with ``debt_collection_queue``.)

Needs ``websocket-client`` (in the suite's Python environment). Logins are the
demo's (login = password). Images are written to ``docs/``; pick the records
with SQL, e.g. the token: ``SELECT id, access_token FROM debt_collection_case``.
"""

import argparse
import base64
import itertools
import json
import pathlib
import time
import urllib.request

import websocket


class Browser:
    """The smallest Chrome DevTools client: one page, commands in order."""

    def __init__(self, devtools_port):
        base = f"http://127.0.0.1:{devtools_port}"
        with urllib.request.urlopen(f"{base}/json") as response:
            pages = [t for t in json.load(response) if t["type"] == "page"]
        self.ws = websocket.create_connection(pages[0]["webSocketDebuggerUrl"], timeout=60)
        self.ids = itertools.count(1)

    @classmethod
    def on_desk(cls, devtools_port):
        """The page, its events on, at a desk's size."""
        browser = cls(devtools_port)
        browser.send("Page.enable")
        browser.send("Network.enable")
        browser.viewport(1400, 900)
        return browser

    def use_company(self, company_id):
        """The web client opens on this company (its company switcher's cookie)."""
        self.send("Runtime.evaluate", expression=f"document.cookie = 'cids={company_id}; path=/'")

    def send(self, method, **params):
        msg_id = next(self.ids)
        self.ws.send(json.dumps({"id": msg_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == msg_id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})

    def evaluate(self, expression):
        result = self.send(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True
        )
        return result.get("result", {}).get("value")

    def viewport(self, width, height, mobile=False):
        self.send(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=mobile,
        )

    def wait_for(self, selector, settle=1.5, timeout=30):
        deadline = time.time() + timeout
        while not self.evaluate(f"!!document.querySelector({json.dumps(selector)})"):
            if time.time() > deadline:
                raise TimeoutError(f"{selector} not found on {self.evaluate('location.href')}")
            time.sleep(0.3)
        time.sleep(settle)  # let images, fonts and the chatter finish

    def goto(self, url, selector, settle=1.5):
        self.send("Page.navigate", url=url)
        time.sleep(0.5)
        self.wait_for(selector, settle)

    def login(self, base_url, login):
        self.send("Network.clearBrowserCookies")
        self.goto(f"{base_url}/web/login", "input#login", settle=0.3)
        self.evaluate(
            f"document.querySelector('input#login').value = {json.dumps(login)};"
            f"document.querySelector('input#password').value = {json.dumps(login)};"
            "document.querySelector('input#login').form.submit();"
        )
        self.wait_for(".o_web_client", settle=0.5)  # the home action, once logged in

    def portal_login(self, base_url, login):
        """A portal user's login: they land on the portal's home (/my), not the web client."""
        self.send("Network.clearBrowserCookies")
        self.goto(f"{base_url}/web/login", "input#login", settle=0.3)
        self.evaluate(
            f"document.querySelector('input#login').value = {json.dumps(login)};"
            f"document.querySelector('input#password').value = {json.dumps(login)};"
            "document.querySelector('input#login').form.submit();"
        )
        self.wait_for(".o_portal_my_home", settle=0.5)

    def shot(self, path, full_page=False):
        # Each navigation reloads the page while the bus worker lives on, and the bus
        # then warns the page is out of date: an artefact of the script, closed here.
        if self.evaluate("document.querySelectorAll('.o_notification_close').length"):
            self.evaluate(
                "document.querySelectorAll('.o_notification_close').forEach(b => b.click())"
            )
            time.sleep(0.5)
        params = {"format": "png"}
        if full_page:
            size = self.send("Page.getLayoutMetrics")["cssContentSize"]
            params["clip"] = {"x": 0, "y": 0, "scale": 1, **size}
            params["captureBeyondViewport"] = True
        data = self.send("Page.captureScreenshot", **params)["data"]
        pathlib.Path(path).write_bytes(base64.b64decode(data))
        print("wrote", path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8069")
    parser.add_argument("--devtools-port", type=int, default=9333)
    parser.add_argument("--case", type=int, help="one of lucia's cases")
    parser.add_argument("--run", type=int, help="a collection run")
    parser.add_argument("--call-case", type=int, help="a case in lucia's queue (default: --case)")
    parser.add_argument("--portal-only", action="store_true", help="only the portal's pages")
    parser.add_argument("--features-only", action="store_true", help="only the features' screens")
    parser.add_argument("--jobs-only", action="store_true", help="only the jobs' screens")
    parser.add_argument("--debtor-case", type=int)
    parser.add_argument("--debtor-token")
    parser.add_argument("--out", default="docs")
    args = parser.parse_args()
    if args.features_only:
        browser = Browser.on_desk(args.devtools_port)
        _features(
            browser, args.url, f"{args.url}/odoo/action-debt_collection", pathlib.Path(args.out)
        )
        return
    if args.jobs_only:
        browser = Browser.on_desk(args.devtools_port)
        _jobs(browser, args.url, f"{args.url}/odoo/action-debt_collection", pathlib.Path(args.out))
        return
    if args.debtor_case is None or not args.debtor_token:
        parser.error("--debtor-case and --debtor-token are needed for the debtor's page")
    if not args.portal_only and (args.case is None or args.run is None):
        parser.error("--case and --run are needed for the back office's screenshots")
    out = pathlib.Path(args.out)
    url = args.url
    action = f"{url}/odoo/action-debt_collection"

    browser = Browser.on_desk(args.devtools_port)

    if not args.portal_only:
        _back_office(browser, url, action, args, out)

    browser.send("Network.clearBrowserCookies")
    browser.viewport(375, 812, mobile=True)
    browser.goto(
        f"{url}/my/debts/{args.debtor_case}?access_token={args.debtor_token}",
        "main",
        settle=1,
    )
    browser.shot(out / "debtor-page.png", full_page=True)

    # the creditor's portfolio (agency mode), on a desk and on a phone
    browser.viewport(1400, 900)
    browser.portal_login(url, "creditor")
    browser.goto(f"{url}/my/portfolio", ".o_debt_collection_portfolio", settle=1)
    browser.shot(out / "creditor-portfolio.png", full_page=True)
    browser.viewport(375, 812, mobile=True)
    browser.goto(f"{url}/my/portfolio", ".o_debt_collection_portfolio", settle=1)
    browser.shot(out / "creditor-portfolio-phone.png", full_page=True)


def _back_office(browser, url, action, args, out):
    browser.login(url, "lucia")
    browser.goto(f"{url}/odoo", ".o_kanban_record")
    browser.shot(out / "cases-kanban.png")
    browser.viewport(1600, 1000)  # wide enough for the chatter beside the form
    browser.goto(f"{action}.debt_collection_case_action/{args.case}", ".o-mail-Message")
    browser.shot(out / "case-form.png")
    browser.viewport(1400, 900)

    browser.login(url, "manager")
    browser.goto(f"{action}.debt_collection_run_action/{args.run}", ".o_form_view")
    browser.shot(out / "collection-run.png")
    browser.goto(f"{action}.debt_collection_settings_action", ".o_form_view")
    browser.shot(out / "manager-settings.png")
    # a dashboard: roll rates between aging buckets, month by month
    browser.goto(f"{action}.debt_collection_roll_rate_action", ".o_pivot")
    browser.shot(out / "dashboard-roll-rates.png")
    browser.goto(
        f"{action}_legal.debt_collection_legal_notice_action", ".o_list_view, .o_kanban_view"
    )
    browser.shot(out / "legal-notices.png")

    # the consultant's day: her queue, then the call screen of a case
    browser.login(url, "lucia")
    browser.goto(f"{action}.debt_collection_queue_action", ".o_data_row")
    browser.shot(out / "work-queue.png")
    browser.viewport(1600, 1000)
    browser.goto(
        f"{action}.debt_collection_case_action/{args.call_case or args.case}", ".o-mail-Message"
    )
    browser.evaluate(
        # the button beside "Log Outcome", whatever the consultant's language
        "document.querySelector('.o_form_view button[name=\"action_log_outcome\"]')"
        ".nextElementSibling.click()"
    )
    browser.wait_for(".o_form_view button[name='action_reached']")
    browser.shot(out / "call-screen.png")
    browser.viewport(1400, 900)


def _open_first_row(browser, selector=".o_form_view .o_form_sheet"):
    browser.evaluate("document.querySelector('.o_data_row td.o_data_cell').click()")
    browser.wait_for(selector)


def _features(browser, url, action, out):
    """The manager's screens of the external agency, WhatsApp, bureaus, claims and debits."""
    browser.login(url, "manager")
    browser.goto(f"{action}.debt_collection_agency_statement_action", ".o_data_row")
    _open_first_row(browser)
    browser.shot(out / "agency-statement.png")
    browser.goto(
        f"{action}.debt_collection_agency_kpi_action", ".o_list_renderer, .o_pivot, .o_graph_view"
    )
    browser.shot(out / "agency-kpi.png")
    browser.goto(f"{action}.debt_collection_whatsapp_message_action", ".o_data_row")
    browser.shot(out / "whatsapp-messages.png")
    browser.goto(f"{action}_legal.debt_collection_bureau_report_action", ".o_data_row")
    browser.shot(out / "bureau-reports.png")
    browser.goto(f"{action}_legal.debt_collection_claim_action", ".o_data_row")
    _open_first_row(browser)
    browser.shot(out / "court-claim.png")


def _jobs(browser, url, action, out):
    """The agency's imports placed by job workers, as its manager reads them, and the jobs."""
    browser.login(url, "manager")
    agency = browser.evaluate(
        "fetch('/web/dataset/call_kw', {method: 'POST', headers: {'Content-Type': "
        "'application/json'}, body: JSON.stringify({jsonrpc: '2.0', method: 'call', params: "
        "{model: 'res.company', method: 'search_read', args: [[['collection_run_parts', '>', 0]], "
        "['id']], kwargs: {limit: 1}}})}).then(r => r.json()).then(r => r.result[0].id)"
    )
    browser.use_company(agency)
    browser.goto(f"{action}.debt_collection_import_batch_action", ".o_data_row")
    # the water utility's file: placed in three chunks
    browser.evaluate(
        "[...document.querySelectorAll('.o_data_row')].find(row => "
        "row.textContent.includes('aguas_del_turia')).querySelector('td.o_data_cell').click()"
    )
    browser.wait_for(".o_form_view .o_form_sheet")
    browser.shot(out / "import-jobs.png")
    browser.login(url, "admin")
    browser.use_company(agency)
    browser.goto(f"{url}/odoo/action-queue_job.action_queue_job", ".o_searchview_facet")
    # the list opens on the jobs still to do: the demo's are done
    browser.evaluate("document.querySelector('.o_searchview_facet .o_facet_remove').click()")
    browser.wait_for(".o_data_row")
    browser.shot(out / "job-queue.png")


if __name__ == "__main__":
    main()
