import { isIP } from "node:net";

// An IPv4-mapped IPv6 address, as the WHATWG URL parser writes every IPv6 address.
const IPV4_MAPPED = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/;

/**
 * One spelling for each IP address, so that lists compare what they mean: an IPv4-mapped
 * IPv6 address (what libzmq reports for an IPv4 peer of a socket with ZMQ_IPV6) as the IPv4
 * address it maps, other IPv6 addresses compressed and lower-case. Anything else as given.
 */
export function canonicalAddress(address: string): string {
  if (isIP(address) !== 6) return address;
  let host: string;
  try {
    host = new URL(`http://[${address}]/`).hostname.slice(1, -1);
  } catch {
    return address; // a zone index (fe80::1%eth0), which URLs do not take
  }
  const mapped = IPV4_MAPPED.exec(host);
  if (mapped === null) return host;
  const high = parseInt(mapped[1], 16);
  const low = parseInt(mapped[2], 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join(".");
}
