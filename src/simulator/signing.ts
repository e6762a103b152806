/**
 * Short-lived signed download URLs, like the pre-signed storage URLs the real API redirects to:
 * they need no API key, are not rate limited, and stop working at `exp` (Unix seconds).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export type SignatureCheck = 'ok' | 'expired' | 'invalid';

export class UrlSigner {
  // Per server start: a URL from an earlier run must not open a later one.
  private readonly secret = randomBytes(32);

  private mac(path: string, exp: number): string {
    return createHmac('sha256', this.secret).update(`${path}\n${exp}`).digest('hex').slice(0, 40);
  }

  /** `path` plus the query that makes it valid until `exp`. */
  sign(path: string, exp: number): string {
    return `${path}?exp=${exp}&sig=${this.mac(path, exp)}`;
  }

  verify(path: string, query: URLSearchParams, nowS: number): SignatureCheck {
    const expRaw = query.get('exp') ?? '';
    const sig = query.get('sig') ?? '';
    if (!/^\d{1,12}$/.test(expRaw) || !/^[0-9a-f]{40}$/.test(sig)) return 'invalid';
    const exp = Number(expRaw);
    const want = Buffer.from(this.mac(path, exp), 'hex');
    if (!timingSafeEqual(want, Buffer.from(sig, 'hex'))) return 'invalid';
    return nowS > exp ? 'expired' : 'ok';
  }
}
