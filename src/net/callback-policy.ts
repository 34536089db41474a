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

/** What an address reaches: `never` is refused in every mode. */
export type AddressReach = 'public' | 'loopback' | 'private' | 'never';

/**
 * The one refusal for every non-public destination. It never names the address a host resolved to (nor its kind),
 * so a refusal cannot be used to map what internal names resolve to.
 */
export const NON_PUBLIC = 'points at a non-public address';

type Range = [network: string, prefix: number, family: 'ipv4' | 'ipv6'];

/**
 * Ranges are Node's `net.BlockList`: no CIDR arithmetic of our own, every IPv6 spelling parsed by Node, and an
 * IPv4-mapped address (`::ffff:127.0.0.1`, `::ffff:7f00:1`) judged by the IPv4 rules, i.e. by its embedded IPv4.
 */
function blockList(ranges: Range[], addresses: [string, 'ipv4' | 'ipv6'][] = []): BlockList {
  const list = new BlockList();
  for (const [network, prefix, family] of ranges) list.addSubnet(network, prefix, family);
  for (const [address, family] of addresses) list.addAddress(address, family);
  return list;
}

/** Cloud metadata services (AWS/GCP/Azure/OCI, AWS IPv6, Alibaba, Azure's wire server): refused in every mode. */
const METADATA = blockList(
  [],
  [
    ['169.254.169.254', 'ipv4'],
    ['fd00:ec2::254', 'ipv6'],
    ['100.100.100.200', 'ipv4'],
    ['168.63.129.16', 'ipv4'],
  ],
);

const LOOPBACK = blockList([
  ['127.0.0.0', 8, 'ipv4'],
  ['::1', 128, 'ipv6'],
]);

/** Private, carrier-grade NAT and unique-local ranges: allowed only in `private` mode. */
const PRIVATE = blockList([
  ['10.0.0.0', 8, 'ipv4'],
  ['172.16.0.0', 12, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['100.64.0.0', 10, 'ipv4'],
  ['fc00::', 7, 'ipv6'],
]);

/**
 * Never a destination: the IANA special-purpose ranges that are not globally reachable (besides loopback and
 * private, above), and every IPv6 form that tunnels or translates to an IPv4 address other than the mapped one.
 * NAT64 (`64:ff9b::/96`, `64:ff9b:1::/48`) and 6to4 (`2002::/16`) are refused outright rather than judged by the
 * IPv4 they embed: the gateway that translates them may sit inside the network (and may reach what the embedded
 * address names there), a callback never needs them (the LOS publishes a real address), and the contract lists
 * them as refused.
 */
const NEVER = blockList([
  ['0.0.0.0', 8, 'ipv4'], // "this network"
  ['169.254.0.0', 16, 'ipv4'], // link-local
  ['192.0.0.0', 24, 'ipv4'], // IETF protocol assignments
  ['192.0.2.0', 24, 'ipv4'], // documentation
  ['192.88.99.0', 24, 'ipv4'], // 6to4 relay anycast
  ['198.18.0.0', 15, 'ipv4'], // benchmarking
  ['198.51.100.0', 24, 'ipv4'], // documentation
  ['203.0.113.0', 24, 'ipv4'], // documentation
  ['224.0.0.0', 4, 'ipv4'], // multicast
  ['240.0.0.0', 4, 'ipv4'], // reserved, broadcast
  ['::', 96, 'ipv6'], // unspecified and IPv4-compatible (::1 is loopback, judged first)
  ['::ffff:0:0:0', 96, 'ipv6'], // IPv4-translated
  ['64:ff9b::', 96, 'ipv6'], // NAT64
  ['64:ff9b:1::', 48, 'ipv6'], // local-use NAT64
  ['100::', 64, 'ipv6'], // discard-only
  ['2001::', 32, 'ipv6'], // Teredo
  ['2001:2::', 48, 'ipv6'], // benchmarking
  ['2001:10::', 28, 'ipv6'], // ORCHID
  ['2001:db8::', 32, 'ipv6'], // documentation
  ['2002::', 16, 'ipv6'], // 6to4
  ['3fff::', 20, 'ipv6'], // documentation
  ['fec0::', 10, 'ipv6'], // site-local
  ['fe80::', 10, 'ipv6'], // link-local
  ['ff00::', 8, 'ipv6'], // multicast
]);

/** What an IP address reaches (an IPv6 zone, `fe80::1%eth0`, is ignored). Anything else is never a destination. */
export function reachOf(zoned: string): AddressReach {
  const address = zoned.replace(/%.*$/, '');
  const family = isIP(address);
  if (family === 0) return 'never';
  const kind = family === 6 ? 'ipv6' : 'ipv4';
  if (METADATA.check(address, kind)) return 'never';
  if (LOOPBACK.check(address, kind)) return 'loopback';
  if (PRIVATE.check(address, kind)) return 'private';
  if (NEVER.check(address, kind)) return 'never';
  return 'public';
}

/** Why an address may not be called ({@link NON_PUBLIC}, whatever the reason), or undefined when it may. */
export function refuseAddress(address: string, networks: CallbackNetworks): string | undefined {
  const reach = reachOf(address);
  const allowed =
    reach === 'public' ||
    (reach === 'loopback' && networks !== 'public') ||
    (reach === 'private' && networks === 'private');
  return allowed ? undefined : NON_PUBLIC;
}

/** The addresses a host name resolves to. */
export type ResolveHost = (host: string) => Promise<readonly string[]>;

/** Every address the system resolver gives for `host`, as it orders them. */
export const resolveHost: ResolveHost = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);

/**
 * Checks a callback URL against the policy, resolving its host: a name that resolves to an internal address is
 * refused like the address itself (the delivery checks again before each attempt, against DNS rebinding). The WHATWG
 * URL parser has already turned decimal, octal and hex IPv4 (`2130706433`, `0x7f.1`, `017700000001`) and trailing
 * dots into dotted IPv4, and IPv6 into its compressed form in brackets. `resolve`: the system resolver, unless the
 * caller keeps answers a while (placement; see `cachedResolver`).
 */
export async function checkCallbackUrl(
  url: string,
  policy: CallbackPolicy,
  resolve: ResolveHost = resolveHost,
): Promise<string | undefined> {
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
    addresses = isIP(host) ? [host] : [...(await resolve(host))];
  } catch {
    return `host ${host} does not resolve`;
  }
  return addresses.map((address) => refuseAddress(address, policy.networks)).find(Boolean);
}

/**
 * A DNS lookup for outgoing connections that refuses addresses the policy forbids. Used as the connection's own
 * lookup, it checks the very address connected to, so a name cannot resolve to a public address for the check and
 * to an internal one for the connection (DNS rebinding). The error names neither the address nor its kind.
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
