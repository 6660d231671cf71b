import { isIP } from 'node:net';
import { err, ok, type Result } from '#shared/result';

/**
 * The proxies a hub trusts (HUB_TRUST_PROXY): a comma-separated list of addresses or CIDR
 * ranges, e.g. `127.0.0.1` for a TLS proxy on the same machine. Requests coming from one of them
 * are read with their X-Forwarded-For / -Proto / -Host, so that the client's own address counts
 * for login throttling and the agenda's rate limit, and the console's cookie is `Secure` when the
 * client spoke HTTPS to the proxy. "Trust everyone" is refused: any client could then claim any
 * address and escape throttling.
 */
export function parseTrustProxy(text: string): Result<string[]> {
  const entries = text
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  const bad = entries.find((entry) => {
    const [address = '', prefix, ...rest] = entry.split('/');
    const family = isIP(address);
    if (family === 0 || rest.length > 0) return true;
    if (prefix === undefined) return false;
    const bits = Number(prefix);
    return !/^\d{1,3}$/.test(prefix) || bits > (family === 4 ? 32 : 128);
  });
  if (entries.length === 0 || bad !== undefined) {
    return err({
      code: 'trust-proxy-invalid',
      message: `HUB_TRUST_PROXY must list the proxies' addresses or CIDR ranges, comma-separated (e.g. 127.0.0.1 or 10.0.0.0/8)${bad === undefined ? '' : `; "${bad}" is neither`}.`,
    });
  }
  return ok(entries);
}
