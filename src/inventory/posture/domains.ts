/**
 * Domain matching for the posture checks: action domains against posture.allowed_action_domains,
 * e-mail domains against posture.company_domains. A listed domain covers itself and its
 * subdomains (`example.com` allows `api.example.com`, never `badexample.com`).
 */

/** Lowercase host without scheme, path, port, trailing dot or a leading `*.`; '' if there is none. */
export function normalizeDomain(value: string): string {
  let d = value.trim().toLowerCase();
  const scheme = d.indexOf('://');
  if (scheme >= 0) d = d.slice(scheme + 3);
  d = d.split(/[/?#]/, 1)[0] ?? '';
  d = d.replace(/^[^@]*@/, '');
  if (!d.startsWith('[')) d = d.replace(/:\d*$/, '');
  d = d.replace(/\.+$/, '');
  if (d.startsWith('*.')) d = d.slice(2);
  return d;
}

/** True when `domain` is one of `listed` or a subdomain of one. */
export function domainListed(domain: string, listed: readonly string[]): boolean {
  const d = normalizeDomain(domain);
  if (d === '') return false;
  return listed.some((entry) => {
    const a = normalizeDomain(entry);
    return a !== '' && (d === a || d.endsWith(`.${a}`));
  });
}

/** The domain of an e-mail address (after the last @), normalized; null if it has none. */
export function emailDomain(email: string | null): string | null {
  if (email === null) return null;
  const at = email.lastIndexOf('@');
  if (at < 0 || at === email.length - 1) return null;
  const d = normalizeDomain(email.slice(at + 1));
  return d === '' ? null : d;
}
