import { describe, it, expect } from 'vitest';
import { backoffDelay, parseRetryAfter, retryWait } from '../../src/compliance/backoff.js';
import { Pacer } from '../../src/compliance/pacer.js';
import { endpointLabel } from '../../src/compliance/client.js';

describe('backoff', () => {
  it('grows exponentially with jitter and a ceiling', () => {
    expect(backoffDelay(1, 100, 10_000, () => 0)).toBe(50);
    expect(backoffDelay(1, 100, 10_000, () => 1)).toBe(100);
    expect(backoffDelay(4, 100, 10_000, () => 1)).toBe(800);
    expect(backoffDelay(20, 100, 10_000, () => 1)).toBe(10_000);
  });

  it('reads Retry-After as seconds or an HTTP date, and lets it win when longer', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
    expect(parseRetryAfter(undefined)).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
    expect(retryWait(1, 5000, 100, 1000, () => 1)).toBe(5000);
    expect(retryWait(1, null, 100, 1000, () => 1)).toBe(100);
  });
});

describe('pacer', () => {
  it('lets a minute of requests through at once, then waits until the oldest is a minute old', async () => {
    let t = 0;
    const waits: number[] = [];
    const pacer = new Pacer(3, () => t, async (ms) => {
      waits.push(ms);
      t += ms;
    });
    for (let i = 0; i < 3; i++) {
      await pacer.take();
      t += 1000;
    }
    await pacer.take();
    expect(waits).toEqual([57_050]);
    expect(t).toBe(60_050);
  });
});

describe('endpoint labels', () => {
  it('drop ids', () => {
    expect(endpointLabel('/compliance/workspaces/w1/logs/file-9')).toBe('logs/{id}');
    expect(endpointLabel('/compliance/workspaces/w1/conversations')).toBe('conversations');
  });
});
