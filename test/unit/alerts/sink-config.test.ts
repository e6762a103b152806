import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSinkConfig, sinkConfigSchema } from '../../../src/alerts/sink-config.js';
import { createSink } from '../../../src/alerts/registry.js';
import { LeakwatchError } from '../../../src/errors.js';
import { silentLogger } from '../../../src/log.js';

function problems(name: string, raw: unknown): string[] {
  try {
    parseSinkConfig(name, raw);
  } catch (err) {
    expect(err).toBeInstanceOf(LeakwatchError);
    expect((err as LeakwatchError).code).toBe('CONFIG_INVALID');
    return [...(err as LeakwatchError).details];
  }
  throw new Error('expected a config error');
}

function createError(name: string, raw: unknown, env: NodeJS.ProcessEnv = {}, configDir?: string): LeakwatchError {
  const config = parseSinkConfig(name, raw);
  try {
    createSink(name, config, { log: silentLogger(), env, ...(configDir === undefined ? {} : { configDir }) });
  } catch (err) {
    expect(err).toBeInstanceOf(LeakwatchError);
    return err as LeakwatchError;
  }
  throw new Error('expected createSink to throw');
}

describe('sink config', () => {
  it('fills the documented defaults', () => {
    expect(sinkConfigSchema.parse({ type: 'log' })).toEqual({ type: 'log', level: 'warn' });
    expect(parseSinkConfig('hook', { type: 'webhook', url: 'https://example.com/h', secret_env: 'HOOK_SECRET' })).toEqual({
      type: 'webhook', url: 'https://example.com/h', secret_env: 'HOOK_SECRET', timeout_seconds: 10, headers: {},
    });
    expect(parseSinkConfig('mail', { type: 'email', host: 'smtp.example.com', from: 'lw@example.com', to: ['sec@example.com'] })).toMatchObject({
      port: 587, secure: false, require_tls: true, tls_reject_unauthorized: true, subject_prefix: '[leakwatch]', timeout_seconds: 30,
    });
    expect(parseSinkConfig('siem', { type: 'syslog', host: 'siem.example.com' })).toMatchObject({
      protocol: 'tcp', port: null, facility: 'local0', app_name: 'leakwatch', hostname: null, format: 'rfc5424', tls_ca_file: null, tls_reject_unauthorized: true,
    });
    expect(parseSinkConfig('chat', { type: 'slack', webhook_url_env: 'SLACK_URL' })).toMatchObject({ timeout_seconds: 10, max_findings: 10 });
  });

  it('names the sink and the key in every problem', () => {
    expect(problems('pager', { type: 'pagerduty' })).toEqual(['sink "pager": type: type must be one of log, webhook, slack, teams, email, syslog']);
    expect(problems('hook', { type: 'webhook', url: 'ftp://x', secret_env: 'S' })).toEqual(['sink "hook": url: must be an http(s) URL']);
    expect(problems('hook', { type: 'webhook', url: 'https://x.example' })[0]).toMatch(/^sink "hook": secret_env: required/);
    expect(problems('hook', { type: 'webhook', url: 'https://x.example', secret: 'a', secret_file: 'f' })).toEqual(['sink "hook": secret_file: give only one of secret, secret_file']);
    expect(problems('hook', { type: 'webhook', url: 'https://x.example', secret_env: 'lower-case-dash' })[0]).toMatch(/^sink "hook": secret_env: must be the name of an environment variable/);
    expect(problems('hook', { type: 'webhook', url: 'https://x.example', secret_env: 'S', headers: { 'Idempotency-Key': 'x' } })[0]).toMatch(/^sink "hook": headers: may not set/);
    expect(problems('chat', { type: 'slack', webhook_url_env: 'U', channel: '#x' })).toEqual(['sink "chat": channel: unknown key']);
    expect(problems('mail', { type: 'email', host: 'h', from: 'a@b.c', to: [], username: 'u' })).toEqual(
      expect.arrayContaining(['sink "mail": to: needs at least one recipient']),
    );
    expect(problems('mail', { type: 'email', host: 'h', from: 'a@b.c', to: ['x@y.z'], username: 'u' })[0]).toMatch(/^sink "mail": password_env: required/);
    expect(problems('mail', { type: 'email', host: 'h', from: 'a@b.c', to: ['x@y.z'], password_env: 'P' })).toEqual(['sink "mail": username: required when a password is given']);
    expect(problems('siem', { type: 'syslog', host: 'h', facility: 'local9' })[0]).toMatch(/^sink "siem": facility: /);
    expect(problems('siem', { type: 'syslog', host: 'h', app_name: 'has space' })[0]).toMatch(/^sink "siem": app_name: /);
  });

  it('reads secrets from env and files, and a missing one is an error naming sink and key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lw-sink-'));
    writeFileSync(join(dir, 'hook.secret'), 'file-secret\n');
    writeFileSync(join(dir, 'empty'), '\n');
    const hook = { type: 'webhook', url: 'https://x.example/h' };
    const ok = (raw: unknown, env: NodeJS.ProcessEnv = {}): void => {
      expect(createSink('hook', parseSinkConfig('hook', raw), { log: silentLogger(), env, configDir: dir }).type).toBe('webhook');
    };
    ok({ ...hook, secret_env: 'HOOK_SECRET' }, { HOOK_SECRET: 's3cret' });
    ok({ ...hook, secret_file: 'hook.secret' });
    ok({ ...hook, secret_file: join(dir, 'hook.secret') });

    const missingEnv = createError('hook', { ...hook, secret_env: 'HOOK_SECRET' });
    expect(missingEnv.message).toBe('sink "hook": secret_env: the environment variable HOOK_SECRET is not set or empty');
    expect(createError('hook', { ...hook, secret_file: 'nope.secret' }, {}, dir).message).toMatch(/^sink "hook": secret_file: cannot read .*nope\.secret: ENOENT$/);
    expect(createError('hook', { ...hook, secret_file: 'empty' }, {}, dir).message).toMatch(/^sink "hook": secret_file: .*empty is empty$/);
    expect(createError('chat', { type: 'slack', webhook_url_env: 'SLACK_URL' }).message).toBe('sink "chat": webhook_url_env: the environment variable SLACK_URL is not set or empty');
    // A URL from the environment is checked, and the error does not echo it.
    const bad = createError('chat', { type: 'teams', webhook_url_env: 'TEAMS_URL' }, { TEAMS_URL: 'not a url with-token-xyz' });
    expect(bad.message).toBe('sink "chat": webhook_url_env: is not a URL');
    expect(createError('mail', { type: 'email', host: 'h', from: 'a@b.c', to: ['x@y.z'], username: 'u', password_env: 'SMTP_PASS' }).message).toBe(
      'sink "mail": password_env: the environment variable SMTP_PASS is not set or empty',
    );
    expect(createError('siem', { type: 'syslog', protocol: 'tls', host: 'h', tls_ca_file: 'ca.pem' }, {}, dir).message).toMatch(/^sink "siem": tls_ca_file: cannot read .*ca\.pem: ENOENT$/);
  });
});
