import { createHash } from 'node:crypto';
import type { CountRow } from '../store/queries.js';
import { chartAssets } from './assets.js';
import { CLIENT_SCRIPT } from './client-script.js';
import { RANGE_PRESETS } from './range.js';
import { SEVERITIES, type Summary } from './summary.js';

/**
 * Renders a Summary to one HTML document: the live page of `leakwatch serve` (with the filter
 * form) or the static report of `leakwatch report` (the same page, filters fixed). Every value
 * from the database passes through esc(); the only script and style are inline blocks whose
 * SHA-256 hashes the Content-Security-Policy names, so nothing else can run or load.
 */

export type PageMode = 'live' | 'static';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** HTML-escapes text for element content and quoted attribute values. */
export function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

/** JSON inside <script type="application/json">: no `<` at all, so no `</script>` or `<!--` can end the block. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

const PAGE_CSS = `
:root { color-scheme: light; --fg: #1d2430; --muted: #5b6575; --line: #dde2ea; --bar: #2f5d8a; --bg: #f6f7f9; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
header { background: #1d2430; color: #fff; padding: 14px 24px; }
header h1 { margin: 0 0 4px; font-size: 20px; }
header p { margin: 0; color: #c9d1dc; }
main { padding: 16px 24px 40px; max-width: 1400px; margin: 0 auto; }
form.filters { display: flex; flex-wrap: wrap; gap: 10px; align-items: end; margin: 10px 0 0; }
form.filters label { display: flex; flex-direction: column; font-size: 12px; color: #c9d1dc; gap: 2px; }
form.filters select, form.filters input, form.filters button { font: inherit; padding: 4px 6px; }
#custom-range { display: flex; gap: 10px; }
#custom-range[hidden] { display: none; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(120px, 1fr)); gap: 12px; margin: 8px 0 16px; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; }
.card .num { font-size: 26px; font-weight: 600; }
.card .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.card.warn .num { color: #b3261e; }
section.panel { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 12px 16px; margin: 0 0 16px; overflow-x: auto; }
section.panel h2 { font-size: 15px; margin: 0 0 8px; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 16px; }
.grid > section.panel { margin: 0; }
.grid.wide { grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); }
.row { margin: 0 0 16px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: 12px; color: var(--muted); font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
td.bar { width: 30%; min-width: 80px; }
td.nowrap { white-space: nowrap; }
.bar span { display: block; height: 10px; background: var(--bar); border-radius: 2px; min-width: 1px; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
.sev { display: inline-block; padding: 0 6px; border-radius: 3px; font-size: 12px; color: #fff; }
.sev-critical { background: #8e1b14; } .sev-high { background: #c2571a; } .sev-medium { background: #9a7b00; } .sev-low { background: #5b6575; }
.muted { color: var(--muted); }
.empty { color: var(--muted); font-style: italic; }
.err { background: #fdecea; border: 1px solid #f3b8b2; padding: 12px 16px; border-radius: 6px; }
#timeline-chart { min-height: 260px; }
footer { color: var(--muted); font-size: 12px; padding: 0 24px 24px; max-width: 1400px; margin: 0 auto; }
${Array.from({ length: 101 }, (_, i) => `.w${i}{width:${i}%}`).join('')}
`;

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

interface Blocks {
  style: string;
  scripts: string[];
  csp: string;
}

let blocks: Blocks | undefined;

/** The inline blocks and the policy that allows exactly them (computed once: they never change). */
function pageBlocks(): Blocks {
  if (blocks === undefined) {
    const assets = chartAssets();
    const style = `${assets.css}\n${PAGE_CSS}`;
    const scripts = [assets.script, CLIENT_SCRIPT];
    const csp = [
      "default-src 'none'",
      `script-src ${scripts.map(sha256).join(' ')}`,
      `style-src ${sha256(style)}`,
      "connect-src 'self'",
      "form-action 'self'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ].join('; ');
    blocks = { style, scripts, csp };
  }
  return blocks;
}

/** The Content-Security-Policy header value for the live page. */
export function pageCsp(): string {
  return pageBlocks().csp;
}

/** A <meta> policy cannot carry frame-ancestors, and a file has no origin to connect to or post to. */
function staticCsp(): string {
  return pageBlocks().csp.split('; ').filter((d) => !d.startsWith('frame-ancestors') && !d.startsWith('connect-src') && !d.startsWith('form-action'))
    .concat(["form-action 'none'"]).join('; ');
}

export function renderPage(s: Summary, mode: PageMode): string {
  const b = pageBlocks();
  const timeline = { t: s.timeline.t, total: s.timeline.total, bySeverity: s.timeline.bySeverity, unit: s.range.unit };
  const scope = s.workspace === null ? 'all workspaces' : `workspace ${s.workspace}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
${mode === 'static' ? `<meta http-equiv="Content-Security-Policy" content="${esc(staticCsp())}">\n` : ''}<title>leakwatch report: ${esc(day(s.range.from))} to ${esc(day(s.range.to))}</title>
<style>${b.style}</style>
</head>
<body>
<header>
<h1>leakwatch report</h1>
<p>Findings from <time data-testid="range-from" datetime="${esc(s.range.from)}">${esc(minute(s.range.from))}</time> to <time data-testid="range-to" datetime="${esc(s.range.to)}">${esc(minute(s.range.to))}</time> UTC,
<span data-testid="report-scope">${esc(scope)}</span>. Generated ${esc(minute(s.generatedAt))} UTC.</p>
${mode === 'live' ? filterForm(s) : ''}
</header>
<main>
${cards(s)}
<section class="panel row"><h2>Findings over time (per ${esc(s.range.unit)}, UTC)</h2><div id="timeline-chart"></div>
<noscript><p class="muted">The chart needs JavaScript; the tables below do not.</p></noscript></section>
<div class="grid row">
${countPanel('By severity', 'severity', withAll(s.bySeverity, SEVERITIES), s.totals.findings)}
${countPanel('By category', 'category', s.byCategory, s.totals.findings)}
${countPanel('By source', 'kind', s.bySourceKind, s.totals.findings)}
${countPanel('By triage status', 'status', s.byStatus, s.totals.findings)}
</div>
<div class="grid wide row">
${usersPanel(s)}
${rulesPanel(s)}
</div>
${riskPanel(s)}
${recentPanel(s)}
<div class="grid wide row">
${errorsPanel(s)}
${checkpointsPanel(s)}
</div>
${deliveryPanel(s)}
</main>
<footer>Previews are masked by leakwatch before they are stored; the raw values were never recorded. A finding's time is when its message was sent (when it was first seen, if unknown).
Scan errors are counted over the time range for all workspaces; checkpoints and alert delivery show the state now.</footer>
<script type="application/json" id="lw-timeline">${scriptJson(timeline)}</script>
${b.scripts.map((js) => `<script>${js}</script>`).join('\n')}
</body>
</html>
`;
}

/** A page for a request the filters reject (the message names the field and how to fix it). */
export function renderErrorPage(message: string): string {
  const b = pageBlocks();
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>leakwatch report</title><style>${b.style}</style></head>
<body><header><h1>leakwatch report</h1></header><main><p class="err" data-testid="error">${esc(message)}</p><p><a href="/">Back to the last 30 days</a></p></main></body></html>
`;
}

function day(iso: string): string {
  return iso.slice(0, 10);
}

/** An ISO time as `YYYY-MM-DD HH:MM` (UTC, as stored). */
function minute(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}

function filterForm(s: Summary): string {
  const presets = [...RANGE_PRESETS, 'custom'].map((p) => `<option value="${p}"${p === s.range.preset ? ' selected' : ''}>${p === 'custom' ? 'custom' : `last ${p.replace('d', ' days')}`}</option>`);
  if (!(RANGE_PRESETS as readonly string[]).includes(s.range.preset) && s.range.preset !== 'custom') {
    presets.unshift(`<option value="${esc(s.range.preset)}" selected>last ${esc(s.range.preset)}</option>`);
  }
  const custom = s.range.preset === 'custom';
  const ws = [`<option value="">all workspaces</option>`, ...s.workspaces.map((w) => `<option value="${esc(w.key)}"${w.key === s.workspace ? ' selected' : ''}>${esc(w.key)} (${w.n})</option>`)];
  return `<form class="filters" id="filters" method="get" action="/">
<label>time range<select name="since" data-testid="filter-range">${presets.join('')}</select></label>
<span id="custom-range"><label>from<input type="date" name="from" data-testid="filter-from" value="${custom ? esc(day(s.range.from)) : ''}"></label>
<label>to (included)<input type="date" name="to" data-testid="filter-to" value="${custom ? esc(inclusiveTo(s.range.to)) : ''}"></label></span>
<label>workspace<select name="workspace" data-testid="filter-workspace">${ws.join('')}</select></label>
<button type="submit" data-testid="filter-apply">Apply</button>
</form>`;
}

/** The last day a [from, to) range includes, for the form's inclusive "to". */
function inclusiveTo(to: string): string {
  return new Date(Date.parse(to) - 1).toISOString().slice(0, 10);
}

function cards(s: Summary): string {
  const t = s.totals;
  const card = (label: string, id: string, n: number, warn = false): string =>
    `<div class="card${warn && n > 0 ? ' warn' : ''}"><div class="num" data-testid="${id}">${n}</div><div class="label">${esc(label)}</div></div>`;
  return `<div class="cards">
${card('findings', 'total-findings', t.findings)}
${card('still open', 'total-open', t.open)}
${card('users', 'total-users', t.users)}
${card('conversations', 'total-conversations', t.conversations)}
${card('rules fired', 'total-rules', t.rules)}
${card('scan errors', 'total-scan-errors', t.scanErrors, true)}
${card('alerts pending', 'total-pending-deliveries', t.pendingDeliveries)}
${card('dead deliveries', 'total-dead-deliveries', t.deadDeliveries, true)}
</div>`;
}

function withAll(rows: readonly CountRow[], keys: readonly string[]): CountRow[] {
  const extra = rows.filter((r) => !keys.includes(r.key));
  return [...keys.map((k) => ({ key: k, n: rows.find((r) => r.key === k)?.n ?? 0 })), ...extra];
}

function bar(n: number, max: number): string {
  const pct = max <= 0 ? 0 : Math.max(n > 0 ? 1 : 0, Math.round((n / max) * 100));
  return `<td class="bar"><div class="bar"><span class="w${pct}"></span></div></td>`;
}

function countPanel(title: string, id: string, rows: readonly CountRow[], total: number): string {
  const max = Math.max(0, ...rows.map((r) => r.n));
  const body = rows.length === 0 ? `<tr><td colspan="3" class="empty">none</td></tr>` : rows.map((r) =>
    `<tr data-testid="${id}-row"><td>${id === 'severity' ? `<span class="sev sev-${esc(r.key)}">${esc(r.key)}</span>` : esc(r.key)}</td>`
    + `<td class="n" data-testid="${id}-${esc(r.key)}">${r.n}</td>${bar(r.n, max)}</tr>`).join('\n');
  return `<section class="panel"><h2>${esc(title)} <span class="muted">(${total})</span></h2><table><tbody>${body}</tbody></table></section>`;
}

function usersPanel(s: Summary): string {
  const rows = s.topUsers.length === 0 ? `<tr><td colspan="6" class="empty">no findings in this range</td></tr>` : s.topUsers.map((u) =>
    `<tr data-testid="top-user"><td data-testid="top-user-name">${esc(u.user)}</td><td class="n" data-testid="top-user-count">${u.n}</td>`
    + `<td class="n">${u.critical}</td><td class="n">${u.high}</td><td class="n">${u.open}</td><td class="mono nowrap">${esc(minute(u.last_at))}</td></tr>`).join('\n');
  return `<section class="panel"><h2>Top users</h2><table><thead><tr><th>user</th><th class="n">findings</th><th class="n">critical</th><th class="n">high</th><th class="n">open</th><th>last (UTC)</th></tr></thead>
<tbody>${rows}</tbody></table></section>`;
}

function riskTrend(u: Summary['usersAtRisk'][number]): string {
  if (u.trend === 'new' || u.trend === 'same') return u.trend;
  return `${u.trend === 'up' ? '▲' : '▼'} ${u.change > 0 ? '+' : ''}${u.change} <span class="muted">(from ${u.previousRisk})</span>`;
}

function riskPanel(s: Summary): string {
  const rows = s.usersAtRisk.length === 0 ? `<tr><td colspan="8" class="empty">no findings with a user in this range</td></tr>` : s.usersAtRisk.map((u) =>
    `<tr data-testid="risk-user"><td class="n">${u.rank}</td><td data-testid="risk-user-name">${esc(u.user)}</td><td class="n" data-testid="risk-user-score">${u.risk}</td>`
    + `<td class="n" data-testid="risk-user-findings">${u.findings}</td><td class="n">${u.critical}</td><td class="n">${u.high}</td>`
    + `<td class="nowrap" data-testid="risk-user-trend">${riskTrend(u)}</td>`
    + `<td>${u.topCategories.map((c) => `${esc(c.category)} <span class="muted">${c.findings}</span>`).join(', ')}</td></tr>`).join('\n');
  return `<section class="panel row"><h2>Users at risk <span class="muted">(risk = findings weighted critical 10, high 6, medium 3, low 1; trend against the ${esc(s.range.preset === 'custom' ? 'same length of time' : s.range.preset)} before)</span></h2>
<table><thead><tr><th class="n">#</th><th>user</th><th class="n">risk</th><th class="n">findings</th><th class="n">critical</th><th class="n">high</th><th>trend</th><th>top categories</th></tr></thead>
<tbody>${rows}</tbody></table></section>`;
}

function rulesPanel(s: Summary): string {
  const max = Math.max(0, ...s.byRule.map((r) => r.n));
  const rows = s.byRule.length === 0 ? `<tr><td colspan="5" class="empty">no findings in this range</td></tr>` : s.byRule.map((r) =>
    `<tr data-testid="rule"><td class="nowrap"><code>${esc(r.rule_id)}</code></td><td>${esc(r.category)}</td><td><span class="sev sev-${esc(r.severity)}">${esc(r.severity)}</span></td>`
    + `<td class="n" data-testid="rule-${esc(r.rule_id)}">${r.n}</td><td class="n">${r.open}</td>${bar(r.n, max)}</tr>`).join('\n');
  return `<section class="panel"><h2>Rules <span class="muted">(top ${s.byRule.length} of ${s.totals.rules})</span></h2><table><thead><tr><th>rule</th><th>category</th><th>severity</th><th class="n">findings</th><th class="n">open</th><th></th></tr></thead>
<tbody>${rows}</tbody></table></section>`;
}

function recentPanel(s: Summary): string {
  const rows = s.recent.length === 0 ? `<tr><td colspan="8" class="empty">no findings in this range</td></tr>` : s.recent.map((f) =>
    `<tr data-testid="recent-finding"><td class="mono nowrap">${esc(minute(f.at))}</td><td class="n">${f.id}</td>`
    + `<td><span class="sev sev-${esc(f.severity)}">${esc(f.severity)}</span></td><td class="nowrap"><code>${esc(f.rule_id)}</code></td>`
    + `<td class="mono" data-testid="recent-preview">${esc(f.preview)}</td><td>${esc(f.user)}</td>`
    + `<td>${esc(f.source_kind)}${f.file_name === null ? '' : `: ${esc(f.file_name)}`}</td><td data-testid="recent-status">${esc(f.status)}</td></tr>`).join('\n');
  return `<section class="panel row"><h2>Recent findings <span class="muted">(newest ${s.recent.length} of ${s.totals.findings}; masked previews)</span></h2>
<table><thead><tr><th>time (UTC)</th><th class="n">id</th><th>severity</th><th>rule</th><th>preview</th><th>user</th><th>where</th><th>status</th></tr></thead>
<tbody>${rows}</tbody></table></section>`;
}

function errorsPanel(s: Summary): string {
  const codes = s.errors.byCode.length === 0 ? `<tr><td colspan="2" class="empty">no scan errors in this range</td></tr>`
    : s.errors.byCode.map((r) => `<tr data-testid="error-code"><td><code>${esc(r.key)}</code></td><td class="n" data-testid="error-code-${esc(r.key)}">${r.n}</td></tr>`).join('\n');
  const recent = s.errors.recent.map((e) =>
    `<tr data-testid="recent-error"><td class="mono nowrap">${esc(minute(e.at))}</td><td><code>${esc(e.code)}</code></td><td>${esc(e.source)}</td>`
    + `<td class="mono">${esc(e.item_key.slice(0, 80))}</td><td>${esc(e.message.slice(0, 300))}</td></tr>`).join('\n');
  return `<section class="panel"><h2>Scan errors <span class="muted">(${s.errors.total})</span></h2>
<table><thead><tr><th>code</th><th class="n">count</th></tr></thead><tbody>${codes}</tbody></table>
${recent === '' ? '' : `<h2>Most recent</h2><table><thead><tr><th>time (UTC)</th><th>code</th><th>source</th><th>item</th><th>message</th></tr></thead><tbody>${recent}</tbody></table>`}
</section>`;
}

/** Seconds as the largest sensible unit: 45 s, 12 min, 5.5 h, 3.2 d. */
export function duration(seconds: number): string {
  if (seconds < 90) return `${seconds} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} d`;
}

function checkpointsPanel(s: Summary): string {
  const rows = s.checkpoints.length === 0 ? `<tr><td colspan="5" class="empty">no checkpoints yet: no scan or daemon has run</td></tr>` : s.checkpoints.map((c) =>
    `<tr data-testid="checkpoint"><td>${esc(c.namespace)}</td><td>${esc(c.source)}</td><td class="mono">${esc(c.position === null ? 'unknown' : minute(c.position))}</td>`
    + `<td class="n" data-testid="checkpoint-lag">${c.lagSeconds === null ? '' : esc(duration(c.lagSeconds))}</td><td class="n">${esc(duration(c.updatedAgoSeconds))} ago</td></tr>`).join('\n');
  return `<section class="panel"><h2>Checkpoints</h2><p class="muted">How far each source has been read; lag = now minus that point.</p>
<table><thead><tr><th>namespace</th><th>source</th><th>read up to (UTC)</th><th class="n">lag</th><th class="n">last moved</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

function deliveryPanel(s: Summary): string {
  const now = Date.parse(s.generatedAt);
  const counts = s.delivery.counts.length === 0 ? `<tr><td colspan="5" class="empty">no alerts or deletions queued yet</td></tr>` : s.delivery.counts.map((c) =>
    `<tr data-testid="delivery"><td>${esc(c.kind)}</td><td>${esc(c.sink ?? '-')}</td><td>${esc(c.status)}</td><td class="n" data-testid="delivery-${esc(c.kind)}-${esc(c.sink ?? '-')}-${esc(c.status)}">${c.n}</td>`
    + `<td class="n">${c.status === 'pending' ? esc(duration(Math.max(0, Math.round((now - Date.parse(c.oldest)) / 1000)))) : ''}</td></tr>`).join('\n');
  const dead = s.delivery.dead.map((d) =>
    `<tr data-testid="dead-delivery"><td class="n">${d.id}</td><td>${esc(d.kind)}</td><td>${esc(d.sink ?? '-')}</td><td>${esc(d.policy)}</td><td class="n">${d.finding_id}</td>`
    + `<td class="n">${d.attempts}</td><td>${esc((d.last_error ?? '').slice(0, 200))}</td></tr>`).join('\n');
  return `<section class="panel row"><h2>Alert delivery</h2>
<table><thead><tr><th>kind</th><th>sink</th><th>state</th><th class="n">count</th><th class="n">oldest waiting</th></tr></thead><tbody>${counts}</tbody></table>
${dead === '' ? '' : `<h2>Dead deliveries <span class="muted">(leakwatch alerts retry sends them again)</span></h2>
<table><thead><tr><th class="n">id</th><th>kind</th><th>sink</th><th>policy</th><th class="n">finding</th><th class="n">attempts</th><th>last error</th></tr></thead><tbody>${dead}</tbody></table>`}
</section>`;
}
