import { describe, it, expect } from 'vitest';
import { ApiHealth, Readiness, cachedCheck } from '../../../../src/ops/metrics/health.js';
import { parseListen } from '../../../../src/config/listen.js';
import { checkpointPosition, lagSeconds } from '../../../../src/ops/metrics/checkpoint-lag.js';
import { parseConfig } from '../../../../src/config/load.js';
import { readyApiWindowSeconds } from '../../../../src/config/schema.js';
import { LeakwatchError } from '../../../../src/errors.js';

describe('API readiness from the client\'s own requests', () => {
  it('is ready after an answer, until the window passes without one', () => {
    let now = 1_000_000;
    const api = new ApiHealth(60_000, () => now);
    expect(api.check()).toEqual({ ok: false, detail: 'no successful API answer yet' });
    api.response(200);
    expect(api.check().ok).toBe(true);
    now += 60_000;
    expect(api.check().ok).toBe(true);
    now += 1;
    expect(api.check()).toEqual({ ok: false, detail: 'no successful API answer for 60 s (metrics.ready_api_window_seconds: 60)' });
    // A 404 is the API answering; 429, 5xx, 401/403 and network errors are not.
    api.response(404);
    expect(api.check().ok).toBe(true);
    now += 61_000;
    for (const status of [429, 503, 401, 403, 0]) api.response(status);
    expect(api.check().ok).toBe(false);
  });

  it('a request that failed after all its attempts marks it down until the next answer', () => {
    let now = 0;
    const api = new ApiHealth(600_000, () => now);
    api.response(200);
    now += 1000;
    api.gaveUp('logs', 'network');
    expect(api.check()).toEqual({ ok: false, detail: 'the latest API request failed after all its attempts (logs: network) just now' });
    now += 1000;
    api.response(200);
    expect(api.check().ok).toBe(true);
  });

  it('readiness is the conjunction of its checks; a throwing check fails with its message', () => {
    const r = new Readiness({ a: () => ({ ok: true, detail: 'fine' }), b: () => { throw new Error('disk I/O error'); } });
    expect(r.run()).toEqual({ ready: false, checks: { a: { ok: true, detail: 'fine' }, b: { ok: false, detail: 'disk I/O error' } } });
    expect(r.passing()).toEqual({ a: true, b: false });
  });

  it('a cached check probes at most once per interval', () => {
    let now = 0;
    let probes = 0;
    const check = cachedCheck(() => ({ ok: ++probes % 2 === 1, detail: String(probes) }), 1000, () => now);
    expect(check()).toEqual({ ok: true, detail: '1' });
    now = 999;
    expect(check()).toEqual({ ok: true, detail: '1' });
    now = 1000;
    expect(check()).toEqual({ ok: false, detail: '2' });
    expect(probes).toBe(2);
  });
});

describe('metrics.listen', () => {
  it('accepts host:port, [v6]:port and port 0', () => {
    expect(parseListen('127.0.0.1:9464')).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(parseListen('0.0.0.0:0')).toEqual({ host: '0.0.0.0', port: 0 });
    expect(parseListen('[::1]:9464')).toEqual({ host: '::1', port: 9464 });
    expect(parseListen('localhost:80')).toEqual({ host: 'localhost', port: 80 });
    expect(parseListen('metrics.internal.example.com:9100')).toEqual({ host: 'metrics.internal.example.com', port: 9100 });
  });

  it('rejects what is not one', () => {
    for (const bad of ['9464', ':9464', '127.0.0.1', '127.0.0.1:65536', '::1:9464', '[::1]', '[not-v6]:1', 'host:port', 'a b:1', 'http://127.0.0.1:9464']) {
      expect(parseListen(bad), bad).toBeNull();
    }
  });

  it('a bad value fails the config load naming the key', () => {
    let err: unknown;
    try {
      parseConfig({ workspace_id: 'w', metrics: { listen: '9464' } }, {});
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LeakwatchError);
    expect((err as LeakwatchError).details).toEqual(['metrics.listen: must be host:port, e.g. 127.0.0.1:9464, 0.0.0.0:9464 or [::1]:9464 (port 0-65535)']);
  });

  it('the readiness window must outlast a poll interval', () => {
    expect(() => parseConfig({ workspace_id: 'w', metrics: { ready_api_window_seconds: 60 }, daemon: { poll_interval_seconds: 120 } }, {}))
      .toThrow(LeakwatchError);
    expect(parseConfig({ workspace_id: 'w' }, {}).metrics).toEqual({ enabled: true, listen: '127.0.0.1:9464', ready_api_window_seconds: 0 });
    // Derived when not set: never shorter than two polls, so an hourly daemon is not unready between polls.
    expect(readyApiWindowSeconds(parseConfig({ workspace_id: 'w' }, {}))).toBe(600);
    expect(readyApiWindowSeconds(parseConfig({ workspace_id: 'w', daemon: { poll_interval_seconds: 3600 } }, {}))).toBe(7200);
  });
});

describe('checkpoint lag', () => {
  it('reads the logs feed and listing checkpoints', () => {
    expect(checkpointPosition('logs', JSON.stringify({ after: '2026-01-01T00:00:00.000Z', doneAtBoundary: [] }))).toBe(Date.parse('2026-01-01T00:00:00Z'));
    expect(checkpointPosition('conversations', JSON.stringify({ since: 1_700_000_000, walkStartedAt: null, after: null }))).toBe(1_700_000_000_000);
    expect(checkpointPosition('logs', '{"after": 3}')).toBeNull();
    expect(checkpointPosition('other', '{}')).toBeNull();
    expect(checkpointPosition('logs', 'not json')).toBeNull();
    expect(lagSeconds(1000, 61_000)).toBe(60);
    expect(lagSeconds(5000, 1000)).toBe(0);
  });
});
