import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { harness, runCli, testConfig, type CliRun, type Harness } from '../helpers/harness.js';
import { createRuntime } from '../../src/app/runtime.js';
import { runScan } from '../../src/app/scan.js';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { openDb, type Db } from '../../src/store/db.js';

/**
 * The report page end to end: two real scans (two simulated workspaces) into one SQLite file,
 * `leakwatch serve` started as the CLI on port 0, the page opened in headless Chromium, and
 * every number it shows compared with the database's own counts, computed here in SQL.
 */

/** Debian's chromium (CI installs it); LEAKWATCH_TEST_CHROMIUM points elsewhere. */
const CHROMIUM = process.env.LEAKWATCH_TEST_CHROMIUM ?? '/usr/bin/chromium';
const HAS_CHROMIUM = existsSync(CHROMIUM);
if (!HAS_CHROMIUM) {
  console.warn(`report-browser.test.ts: SKIPPING the browser tests of the report page: ${CHROMIUM} not found. Install it with: apt-get install chromium`);
}

const SINCE = new Date(Date.now() - 400 * 86_400_000);
const AT = 'COALESCE(f.message_time, f.first_seen_at)';
const USER = `COALESCE(f.user_email, u.email, f.user_id, '(unknown)')`;

interface Range {
  from: string;
  to: string;
  workspace: string | null;
}

/** The database's own answers, for a range and workspace read off the page. */
function expected(db: Db, r: Range) {
  const where = `${AT} >= ? AND ${AT} < ?${r.workspace === null ? '' : ' AND f.workspace_id = ?'}`;
  const args = r.workspace === null ? [r.from, r.to] : [r.from, r.to, r.workspace];
  const group = (col: string): Record<string, number> => Object.fromEntries(
    (db.prepare(`SELECT f.${col} AS k, COUNT(*) AS n FROM findings f WHERE ${where} GROUP BY f.${col}`).all(...args) as { k: string; n: number }[]).map((x) => [x.k, x.n]));
  return {
    total: (db.prepare(`SELECT COUNT(*) AS n FROM findings f WHERE ${where}`).get(...args) as { n: number }).n,
    severity: group('severity'),
    category: group('category'),
    topUsers: (db.prepare(`SELECT ${USER} AS user, COUNT(*) AS n FROM findings f LEFT JOIN users u ON u.id = f.user_id WHERE ${where}
      GROUP BY user ORDER BY n DESC, user LIMIT 10`).all(...args) as { user: string; n: number }[]).map((x) => [x.user, x.n]),
    // Users at risk: weighted critical 10, high 6, medium 3, low 1; findings without a user left out.
    usersAtRisk: (db.prepare(`SELECT COALESCE(f.user_email, u.email, f.user_id) AS user, SUM(CASE f.severity WHEN 'critical' THEN 10 WHEN 'high' THEN 6
        WHEN 'medium' THEN 3 WHEN 'low' THEN 1 ELSE 0 END) AS risk, COUNT(*) AS n
      FROM findings f LEFT JOIN users u ON u.id = f.user_id WHERE ${where} AND COALESCE(f.user_email, u.email, f.user_id) IS NOT NULL
      GROUP BY user ORDER BY risk DESC, n DESC, user LIMIT 10`).all(...args) as { user: string; risk: number; n: number }[]).map((x) => [x.user, x.risk, x.n]),
    scanErrors: (db.prepare('SELECT COUNT(*) AS n FROM scan_errors WHERE at >= ? AND at < ?').get(r.from, r.to) as { n: number }).n,
    errorCodes: Object.fromEntries((db.prepare('SELECT code AS k, COUNT(*) AS n FROM scan_errors WHERE at >= ? AND at < ? GROUP BY code').all(r.from, r.to) as { k: string; n: number }[]).map((x) => [x.k, x.n])),
  };
}

/** What the page shows, read by data-testid. */
async function shown(page: Page) {
  const num = async (id: string): Promise<number> => Number(await page.getByTestId(id).first().textContent());
  const rows = async (id: string): Promise<Record<string, number>> => {
    const out: Record<string, number> = {};
    for (const row of await page.locator(`tr[data-testid="${id}-row"]`).all()) {
      const cell = row.locator(`td[data-testid^="${id}-"]`);
      const testid = (await cell.getAttribute('data-testid')) as string;
      out[testid.slice(id.length + 1)] = Number(await cell.textContent());
    }
    return out;
  };
  const users: [string, number][] = [];
  for (const row of await page.getByTestId('top-user').all()) {
    users.push([(await row.getByTestId('top-user-name').textContent()) as string, Number(await row.getByTestId('top-user-count').textContent())]);
  }
  const atRisk: [string, number, number][] = [];
  for (const row of await page.getByTestId('risk-user').all()) {
    atRisk.push([(await row.getByTestId('risk-user-name').textContent()) as string, Number(await row.getByTestId('risk-user-score').textContent()),
      Number(await row.getByTestId('risk-user-findings').textContent())]);
  }
  const codes: Record<string, number> = {};
  for (const row of await page.getByTestId('error-code').all()) {
    const cell = row.locator('td[data-testid^="error-code-"]');
    codes[((await cell.getAttribute('data-testid')) as string).slice('error-code-'.length)] = Number(await cell.textContent());
  }
  return {
    range: {
      from: (await page.getByTestId('range-from').getAttribute('datetime')) as string,
      to: (await page.getByTestId('range-to').getAttribute('datetime')) as string,
    },
    total: await num('total-findings'),
    severity: await rows('severity'),
    category: await rows('category'),
    topUsers: users,
    usersAtRisk: atRisk,
    recentRows: await page.getByTestId('recent-finding').count(),
    scanErrors: await num('total-scan-errors'),
    errorCodes: codes,
  };
}

/** Equal to the database: every number the page shows for its own range and workspace. */
async function expectPageMatchesDb(page: Page, db: Db, workspace: string | null): Promise<number> {
  const s = await shown(page);
  const e = expected(db, { ...s.range, workspace });
  expect(s.total).toBe(e.total);
  // The page lists all four severities (zero included) and only the categories present.
  expect(s.severity).toEqual({ critical: 0, high: 0, medium: 0, low: 0, ...e.severity });
  expect(s.category).toEqual(e.category);
  expect(s.topUsers).toEqual(e.topUsers);
  expect(s.usersAtRisk).toEqual(e.usersAtRisk);
  if (e.total > 0) expect(s.usersAtRisk.length).toBeGreaterThan(0);
  expect(s.recentRows).toBe(Math.min(50, e.total));
  expect(s.scanErrors).toBe(e.scanErrors);
  expect(s.errorCodes).toEqual(e.errorCodes);
  return s.total;
}


describe('report page', () => {
  let h: Harness;
  let sim2: Simulator;
  let db: Db;
  let configPath: string;
  let serve: CliRun | undefined;
  let openUrl = '';
  let base = '';
  let browser: Browser | undefined;

  /** A fresh page that records every request and every console error, warning or page error. */
  async function watchedPage(): Promise<{ context: BrowserContext; page: Page; requests: string[]; problems: string[] }> {
    const context = await browser!.newContext();
    const page = await context.newPage();
    const requests: string[] = [];
    const problems: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(e.message));
    return { context, page, requests, problems };
  }
  let planted: string[] = [];

  beforeAll(async () => {
    // Workspace A: 60 days of history, files (including broken ones: scan errors). Workspace B: a smaller one.
    h = await harness({ seed: 31, users: 14, conversations: 90, historyDays: 60, logsRetentionDays: 365 });
    sim2 = await startSimulator({ seed: 32, users: 6, conversations: 30, historyDays: 20, logsRetentionDays: 365, rateLimits: false, files: false });
    const rtA = h.runtime();
    expect((await runScan(rtA, { since: SINCE, until: null, source: 'logs' })).interrupted).toBe(false);
    const rtB = createRuntime(testConfig(sim2, h.dbPath), h.log.logger, { apiKey: sim2.apiKey });
    try {
      expect((await runScan(rtB, { since: SINCE, until: null, source: 'logs' })).interrupted).toBe(false);
    } finally {
      await rtB.close();
    }
    planted = [h.sim, sim2].flatMap((s) => {
      const gt = s.groundTruth();
      return [...gt.planted.map((p) => p.value), ...gt.files.flatMap((f) => f.planted.map((p) => p.value))];
    });
    db = openDb(h.dbPath, { readonly: true });
    configPath = join(h.dir, 'leakwatch.yaml');
    writeFileSync(configPath, `workspace_id: ${h.sim.workspaceId}\ndatabase: { path: ${h.dbPath} }\nlog: { level: warn }\n`);
    const env = { ...process.env };
    delete env.LEAKWATCH_REPORT_TOKEN;
    serve = runCli(['serve', '--config', configPath, '--listen', '127.0.0.1:0'], env);
    openUrl = await new Promise<string>((resolve, reject) => {
      let out = '';
      serve!.child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
        if (m) resolve(m[1] as string);
      });
      void serve!.done.then((r) => reject(new Error(`serve exited ${r.status}: ${r.stderr}`)));
    });
    base = openUrl.slice(0, openUrl.indexOf('?'));
    if (HAS_CHROMIUM) {
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
    }
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    if (serve !== undefined && serve.child.exitCode === null) {
      serve.child.kill('SIGTERM');
      const r = await serve.done;
      expect(r.status).toBe(0);
    }
    db?.close();
    await sim2?.close();
    await h?.close();
    rmSync(h.dir, { recursive: true, force: true });
  });

  it('the scans recorded findings in two workspaces, and scan errors', () => {
    const ws = db.prepare('SELECT workspace_id AS w, COUNT(*) AS n FROM findings GROUP BY workspace_id').all() as { w: string; n: number }[];
    expect(ws.map((r) => r.w).sort()).toEqual([h.sim.workspaceId, sim2.workspaceId].sort());
    expect(ws.every((r) => r.n > 0)).toBe(true);
    expect((db.prepare('SELECT COUNT(*) AS n FROM scan_errors').get() as { n: number }).n).toBeGreaterThan(0);
    expect(planted.length).toBeGreaterThan(20);
  });

  it('answers 401 to every request without the token, and is read-only with it', async () => {
    for (const path of ['', 'api/summary', 'api/summary?since=7d', 'nope', '?token=wrong-token-wrong-token']) {
      const res = await fetch(`${base}${path}`, { redirect: 'manual' });
      expect(res.status, path).toBe(401);
      expect(await res.text()).not.toContain('finding');
    }
    const forged = await fetch(base, { headers: { cookie: 'lw_report=forged' } });
    expect(forged.status).toBe(401);
    const first = await fetch(openUrl, { redirect: 'manual' });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/');
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^lw_report=[\w-]+; HttpOnly; SameSite=Strict; Path=\/$/);
    expect(cookie).not.toContain(new URL(openUrl).searchParams.get('token') as string);
    const session = cookie.split(';')[0] as string;
    const api = await fetch(`${base}api/summary?since=7d`, { headers: { cookie: session } });
    expect(api.status).toBe(200);
    expect(((await api.json()) as { range: { preset: string } }).range.preset).toBe('7d');
    const post = await fetch(base, { method: 'POST', headers: { cookie: session } });
    expect(post.status).toBe(405);
    const page = await fetch(base, { headers: { cookie: session } });
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toMatch(/https?:/);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it.skipIf(!HAS_CHROMIUM)('shows the same numbers as the database, for every filter, with masked previews and no request off loopback', async () => {
    const { context, page, requests, problems } = await watchedPage();
    const htmls: string[] = [];

    await page.goto(openUrl);
    expect(new URL(page.url()).search).toBe(''); // the token is gone from the address bar
    await page.locator('#timeline-chart canvas').first().waitFor(); // the inline scripts ran under the CSP
    const all = await expectPageMatchesDb(page, db, null);
    expect(all).toBeGreaterThan(0);
    htmls.push(await page.content());

    // Workspace filter: B alone.
    await page.getByTestId('filter-workspace').selectOption(sim2.workspaceId);
    await page.getByTestId('filter-apply').click();
    await page.waitForURL((u) => u.searchParams.get('workspace') === sim2.workspaceId);
    expect(await page.getByTestId('report-scope').textContent()).toContain(sim2.workspaceId);
    const onlyB = await expectPageMatchesDb(page, db, sim2.workspaceId);
    expect(onlyB).toBeGreaterThan(0);
    expect(onlyB).toBeLessThan(all);
    htmls.push(await page.content());

    // Date range: the last 7 days, all workspaces.
    await page.getByTestId('filter-workspace').selectOption('');
    await page.getByTestId('filter-range').selectOption('7d');
    await page.getByTestId('filter-apply').click();
    await page.waitForURL((u) => u.searchParams.get('since') === '7d');
    const week = await expectPageMatchesDb(page, db, null);
    expect(week).toBeLessThan(all);
    htmls.push(await page.content());

    // A custom range: 45 to 20 days ago.
    const day = (n: number): string => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
    await page.getByTestId('filter-range').selectOption('custom');
    await page.getByTestId('filter-from').fill(day(45));
    await page.getByTestId('filter-to').fill(day(20));
    await page.getByTestId('filter-apply').click();
    await page.waitForURL((u) => u.searchParams.get('since') === 'custom');
    expect(await page.getByTestId('range-from').getAttribute('datetime')).toBe(`${day(45)}T00:00:00.000Z`);
    const custom = await expectPageMatchesDb(page, db, null);
    expect(custom).toBeGreaterThan(0);
    htmls.push(await page.content());

    const leaked = planted.filter((v) => htmls.some((html) => html.includes(v)));
    expect(leaked).toEqual([]);
    expect(await page.getByTestId('recent-preview').count()).toBeGreaterThan(0);
    for (const preview of await page.getByTestId('recent-preview').allTextContents()) expect(preview).toContain('*');

    expect(requests.length).toBeGreaterThan(3);
    expect(requests.filter((u) => new URL(u).hostname !== '127.0.0.1')).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('writes a self-contained static report with the same numbers', async () => {
    const out = join(h.dir, 'report.html');
    const run = await runCli(['report', '--config', configPath, '--out', out, '--since', '90d'], process.env).done;
    expect(run.status, run.stderr).toBe(0);
    expect(existsSync(out)).toBe(true);
    expect(existsSync(`${out}.tmp`)).toBe(false);
    const html = readFileSync(out, 'utf8');
    expect(html).not.toMatch(/\b(?:src|href|action)\s*=\s*["']?(?:https?:)?\/\//i);
    expect(html).not.toMatch(/url\(|@import/i);
    // The only URL in the file is in uPlot's licence comment.
    const urls = [...html.matchAll(/https?:\/\/[^\s"'<>)]+/g)].map((m) => m[0]);
    expect([...new Set(urls)]).toEqual(['https://github.com/leeoniya/uPlot']);
    expect(html).toMatch(/\/\*! https:\/\/github\.com\/leeoniya\/uPlot/);
    expect(html).toContain('http-equiv="Content-Security-Policy"');
    expect(html).not.toContain('<form');
    expect(planted.filter((v) => html.includes(v))).toEqual([]);
  });

  it.skipIf(!HAS_CHROMIUM)('the static report opens in Chromium from a file, loads nothing, and shows the database\'s numbers', async () => {
    const out = join(h.dir, 'report.html');
    expect(existsSync(out)).toBe(true);
    const { context, page, requests, problems } = await watchedPage();
    await page.goto(`file://${out}`);
    await page.locator('#timeline-chart canvas').first().waitFor();
    expect(await page.getByTestId('report-scope').textContent()).toBe('all workspaces');
    expect(await expectPageMatchesDb(page, db, null)).toBeGreaterThan(0);
    expect(requests).toEqual([`file://${out}`]);
    expect(problems).toEqual([]);
    await context.close();
  });
});
