// Drives Debian's chromium through the "Domains on the panel" page of the test
// network, as a network admin would: logs in through the login form, reads the
// summary and the rows, saves screenshots, removes one unwanted alias, runs a
// dry-run sync and applies it; before that, tries the page and an action as a user
// who is not a super admin. Prints what it saw as one JSON object; the PHPUnit test
// (tests/wordpress/BrowserTest.php) that started it judges it.
//
// Configuration, from the environment:
//   WU_BROWSER_BASE      http://network.test
//   WU_BROWSER_SERVER    127.0.0.1:PORT (where network.test and its subdomains are served)
//   WU_BROWSER_ADMIN     login:password of the super admin
//   WU_BROWSER_OTHER     login:password of a site admin who is not a super admin
//   WU_BROWSER_REMOVE    the alias to remove with its row's button
//   WU_BROWSER_KEEP      an unwanted alias the site admin tries to remove
//   WU_BROWSER_SHOTS     directory for the screenshots
//   WU_BROWSER_CHROMIUM  the browser (default /usr/bin/chromium)

import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};
const base = env('WU_BROWSER_BASE');
const server = env('WU_BROWSER_SERVER');
const shots = env('WU_BROWSER_SHOTS');
const pageUrl = `${base}/wp-admin/network/admin.php?page=wu-hosting-domains`;
const host = new URL(base).hostname;

const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'wu-browser-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.WU_BROWSER_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1600, height: 1000 },
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    `--host-resolver-rules=MAP *.${host} ${server}, MAP ${host} ${server}`,
  ],
});
const seen = {};
const page = context.pages()[0] || (await context.newPage());
try {
  page.setDefaultTimeout(30000);

  const login = async (credentials) => {
    const [user, pass] = credentials.split(':');
    await page.goto(`${base}/wp-login.php`);
    // The login page moves the focus to the user field a moment after loading: type
    // after that, or the password lands in the user field.
    await page.waitForFunction(() => document.activeElement && document.activeElement.id === 'user_login');
    await page.fill('#user_login', user);
    await page.fill('#user_pass', pass);
    await Promise.all([page.waitForNavigation(), page.click('#wp-submit')]);
    return page.url();
  };

  const read = async () => ({
    title: await page.textContent('h1'),
    summary: (await page.textContent('.wu-hosting-summary')).trim(),
    counts: await page.$eval('.wu-hosting-summary', (e) => ({
      fine: +e.dataset.fine, waiting: +e.dataset.waiting, broken: +e.dataset.broken, total: +e.dataset.total,
    })),
    rows: await page.$$eval('table.wu-hosting-domains tbody tr[data-domain]', (trs) => trs.map((tr) => {
      const row = { status_attr: tr.dataset.status };
      tr.querySelectorAll('td[data-col]').forEach((td) => { row[td.dataset.col] = td.textContent.trim(); });
      row.buttons = [...tr.querySelectorAll('button')].map((b) => b.textContent.trim());
      return row;
    })),
    result: (await page.$('.wu-hosting-result')) ? (await page.textContent('.wu-hosting-result > p')).trim() : null,
  });
  const click = async (selector) => {
    await Promise.all([page.waitForNavigation(), page.click(selector)]);
  };

  // First someone who is not a super admin: no page, and no action (the alias
  // WU_BROWSER_KEEP is still there for the dry run below).
  seen.otherLanding = await login(env('WU_BROWSER_OTHER'));
  const denied = await page.goto(pageUrl);
  seen.other = { status: denied.status(), text: (await page.textContent('body')).trim().slice(0, 300) };
  // The form a row's remove button sends, posted from the site's own dashboard.
  await page.goto(`${base}/wp-admin/`);
  const [posted] = await Promise.all([
    page.waitForNavigation(),
    page.evaluate(({ action, fields }) => {
      const form = document.createElement('form');
      form.method = 'post';
      form.action = action;
      for (const [k, v] of Object.entries(fields)) {
        const input = document.createElement('input');
        input.type = 'hidden';
        input.name = k;
        input.value = v;
        form.appendChild(input);
      }
      document.body.appendChild(form);
      form.submit();
    }, {
      action: `${base}/wp-admin/admin-post.php`,
      fields: { action: 'wu_hosting_status', do: 'remove', domain: env('WU_BROWSER_KEEP'), _wpnonce: 'x' },
    }),
  ]);
  seen.otherAction = { status: posted.status(), text: (await page.textContent('body')).replace(/\s+/g, ' ').trim().slice(0, 300) };
  await context.clearCookies();

  seen.adminLanding = await login(env('WU_BROWSER_ADMIN'));
  const first = await page.goto(pageUrl);
  seen.firstStatus = first.status();
  seen.menu = await page.$$eval('#adminmenu a[href*="wu-hosting-domains"]', (as) => as.map((a) => a.textContent.trim()));
  seen.initial = await read();
  await page.screenshot({ path: path.join(shots, 'status-page.png'), fullPage: true });

  await click('a.wu-hosting-attention');
  seen.attention = await read();
  await page.goto(pageUrl);

  await click(`tr[data-domain="${env('WU_BROWSER_REMOVE')}"] button[data-do="remove"]`);
  seen.afterRemove = await read();

  await click('button[data-do="dry-run"]');
  seen.dryRun = await read();
  seen.plan = {
    add: await page.$$eval('.wu-hosting-plan-add li', (lis) => lis.map((l) => l.textContent.trim())),
    remove: await page.$$eval('.wu-hosting-plan-remove li', (lis) => lis.map((l) => l.textContent.trim())),
  };
  await page.screenshot({ path: path.join(shots, 'status-page-dry-run.png'), fullPage: true });

  await click('.wu-hosting-plan button[data-do="sync"]');
  seen.afterSync = await read();
  await page.screenshot({ path: path.join(shots, 'status-page-after-sync.png'), fullPage: true });

} catch (e) {
  // What the browser showed when it went wrong, for the person reading the failure.
  fs.writeFileSync(path.join(shots, 'failure.html'), await page.content().catch(() => ''));
  await page.screenshot({ path: path.join(shots, 'failure.png'), fullPage: true }).catch(() => {});
  throw e;
} finally {
  await context.close();
  fs.rmSync(profile, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(seen) + '\n');
