import { lookup as lookupCallback, type LookupAddress } from 'node:dns';
import { lookup } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import { BlockList, isIP } from 'node:net';

/** Which non-public destinations result deliveries may reach. */
export type CallbackNetworks = 'public' | 'loopback' | 'private';

export interface CallbackPolicy {
  networks: CallbackNetworks;
  /** Production refuses plain http. */
  requireHttps: boolean;
}

function blockList(ranges: [string, number, 'ipv4' | 'ipv6'][]): BlockList {
  const list = new BlockList();
  for (const [network, prefix, family] of ranges) list.addSubnet(network, prefix, family);
  return list;
}

const LOOPBACK = blockList([
  ['127.0.0.0', 8, 'ipv4'],
  ['::1', 128, 'ipv6'],
]);

/** Private, carrier-grade NAT and unique-local ranges. */
const PRIVATE = blockList([
  ['10.0.0.0', 8, 'ipv4'],
  ['172.16.0.0', 12, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['100.64.0.0', 10, 'ipv4'],
  ['fc00::', 7, 'ipv6'],
]);

/** Never a destination: link-local (cloud metadata lives at 169.254.169.254), "this network", multicast, reserved. */
const NEVER = blockList([
  ['169.254.0.0', 16, 'ipv4'],
  ['fe80::', 10, 'ipv6'],
  ['0.0.0.0', 8, 'ipv4'],
  ['224.0.0.0', 4, 'ipv4'],
  ['240.0.0.0', 4, 'ipv4'],
  ['::', 128, 'ipv6'],
  ['ff00::', 8, 'ipv6'],
]);

/** Why an address may not be called, or undefined when it may. */
export function refuseAddress(address: string, networks: CallbackNetworks): string | undefined {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  const ip = mapped ?? address;
  const family = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
  if (NEVER.check(ip, family)) return `${address} is a link-local or reserved address`;
  if (LOOPBACK.check(ip, family)) return networks === 'public' ? `${address} is a loopback address` : undefined;
  if (PRIVATE.check(ip, family))
    return networks === 'private' ? undefined : `${address} is a private or link-local address`;
  return undefined;
}

/**
 * Checks a callback URL against the policy, resolving its host: a name that resolves to an internal address is
 * refused like the address itself (the delivery checks again before each attempt, against DNS rebinding).
 */
export async function checkCallbackUrl(url: string, policy: CallbackPolicy): Promise<string | undefined> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a URL';
  }
  if (policy.requireHttps && parsed.protocol !== 'https:') return 'must be an https URL';
  if (parsed.username || parsed.password) return 'must not carry credentials';
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);
  } catch {
    return `host ${host} does not resolve`;
  }
  for (const address of addresses) {
    const refusal = refuseAddress(address, policy.networks);
    if (refusal) return `must reach a public address: ${refusal}`;
  }
  return undefined;
}

/**
 * A DNS lookup for outgoing connections that refuses addresses the policy forbids. Used as the connection's own
 * lookup, it checks the very address connected to, so a name cannot resolve to a public address for the check and
 * to an internal one for the connection (DNS rebinding).
 */
export function guardedLookup(networks: CallbackNetworks): LookupFunction {
  return (hostname, options, callback) => {
    lookupCallback(hostname, { ...options, all: true, verbatim: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      const refusal = addresses.map((entry) => refuseAddress(entry.address, networks)).find(Boolean);
      if (refusal) return callback(new Error(`callback_url refused: ${refusal}`), '', 0);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0]!;
      return callback(null, first.address, first.family);
    });
  };
}
