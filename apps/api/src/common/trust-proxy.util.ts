import { isIP } from 'node:net';
import type { Request } from 'express';
import proxyaddr from 'proxy-addr';

/** Whether to believe what the proxy at `address`, `hop` hops from Hermes, says about the request. */
export type TrustProxy = (address: string, hop: number) => boolean;

/**
 * TRUST_PROXY read as Express reads its `trust proxy` setting: a hop count, else a comma-separated
 * list of addresses, CIDR ranges and proxy-addr's names (`loopback`, `linklocal`, `uniquelocal`).
 * Unset trusts no proxy. Throws a TypeError naming an address it cannot read.
 */
export function compileTrustProxy(setting: string | undefined): TrustProxy {
  if (setting === undefined) return () => false;
  const value = setting.trim();
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return (_address, hop) => hop < hops;
  }
  return proxyaddr.compile(value.split(',').map((part) => part.trim()).filter(Boolean));
}

/**
 * The client's address: Cloudflare's `CF-Connecting-IP` when the request came from a trusted proxy,
 * else Express' `req.ip` (the first `X-Forwarded-For` address not vouched for by a trusted proxy,
 * or the peer's own when it is not one). A client talking to Hermes directly cannot choose it.
 */
export function clientAddress(req: Request, trust: TrustProxy): string {
  const peer = req.socket.remoteAddress ?? '';
  const cloudflare = req.header('cf-connecting-ip')?.trim();
  if (cloudflare && isIP(cloudflare) && trust(peer, 0)) return cloudflare;
  return req.ip ?? peer;
}
