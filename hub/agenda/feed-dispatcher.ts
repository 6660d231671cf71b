import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { Agent } from 'undici';

/**
 * Where the hub may fetch feeds from. A feed URL is typed by an operator — a space manager
 * included — so without a check the hub would fetch, and report on, its own loopback services,
 * its LAN and a cloud's metadata address (server-side request forgery). The check is made on the
 * address the connection actually uses (the agent's DNS lookup), so a name that resolves to a
 * private address, a redirect to one, or a name re-pointed between a check and the connection
 * (DNS rebinding) are all refused the same way.
 */

/** Addresses no feed is fetched from unless the hub is told to (HUB_FEEDS_ALLOW_PRIVATE). */
function privateRanges(): BlockList {
  const list = new BlockList();
  const v4: [string, number][] = [
    ['0.0.0.0', 8], // "this network"
    ['10.0.0.0', 8],
    ['100.64.0.0', 10], // carrier-grade NAT
    ['127.0.0.0', 8],
    ['169.254.0.0', 16], // link-local, cloud metadata services
    ['172.16.0.0', 12],
    ['192.0.0.0', 24],
    ['192.168.0.0', 16],
    ['198.18.0.0', 15], // benchmarking
    ['224.0.0.0', 4], // multicast
    ['240.0.0.0', 4], // reserved, broadcast
  ];
  for (const [net, prefix] of v4) list.addSubnet(net, prefix, 'ipv4');
  const v6: [string, number][] = [
    ['::', 128],
    ['::1', 128],
    ['64:ff9b::', 96], // NAT64 to any IPv4 address
    ['fc00::', 7], // unique local
    ['fe80::', 10], // link-local
    ['ff00::', 8], // multicast
  ];
  for (const [net, prefix] of v6) list.addSubnet(net, prefix, 'ipv6');
  return list;
}

const PRIVATE = privateRanges();

/**
 * The IPv4 address inside an IPv4-mapped IPv6 one, dotted (`::ffff:127.0.0.1`) or in hex as URLs
 * normalise it (`::ffff:7f00:1`); undefined for any other address.
 */
function mappedIpv4(address: string): string | undefined {
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (dotted?.[1] !== undefined) return dotted[1];
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (hex?.[1] === undefined || hex[2] === undefined) return undefined;
  const high = parseInt(hex[1], 16);
  const low = parseInt(hex[2], 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** True when `address` (IPv4 or IPv6 text) is loopback, private, link-local or otherwise not public. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  const v4 = mappedIpv4(address);
  if (v4 !== undefined) return PRIVATE.check(v4, 'ipv4');
  return PRIVATE.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** The error a refused connection fails with; fetchFeed turns its code into a sentence. */
export class PrivateAddressError extends Error {
  readonly code = 'FEED_PRIVATE_ADDRESS';
  constructor(host: string, address: string) {
    super(`${host} resolves to ${address}, a private or local address`);
    this.name = 'PrivateAddressError';
  }
}

/** A DNS lookup that fails when any address `host` resolves to is private. */
export const publicOnlyLookup: LookupFunction = (host, options, callback) => {
  dnsLookup(host, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) {
      callback(error, '', 0);
      return;
    }
    const refused = addresses.find((a) => isPrivateAddress(a.address));
    if (refused !== undefined) {
      callback(new PrivateAddressError(host, refused.address), '', 0);
      return;
    }
    if (options.all) {
      (callback as unknown as (e: null, all: LookupAddress[]) => void)(null, addresses);
      return;
    }
    const first = addresses[0];
    if (first === undefined) callback(new PrivateAddressError(host, 'no address'), '', 0);
    else callback(null, first.address, first.family);
  });
};

/**
 * The undici agent feeds are fetched through: `allowPrivate` false (the default) refuses every
 * connection to a private or local address, literal or resolved. A hub whose feeds live on its
 * own LAN (a space's calendar server) sets HUB_FEEDS_ALLOW_PRIVATE=1, as the tests' local feed
 * servers do.
 */
export function feedAgent(allowPrivate: boolean): Agent {
  return new Agent(allowPrivate ? {} : { connect: { lookup: publicOnlyLookup } });
}
