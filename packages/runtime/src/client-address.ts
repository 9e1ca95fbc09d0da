/**
 * The address of whoever sent a request, given how many proxies in front
 * of this process are trusted (0: none, X-Forwarded-For is ignored). Each
 * trusted proxy appends the address it received from, so the client is
 * found from the right: the socket's peer is the nearest proxy, the last
 * entry is what it saw, and so on, `trustedHops` back. Entries further
 * left were written by the client and prove nothing. With fewer entries
 * than hops, the leftmost is the best there is (as Express's trust proxy).
 * The auth server and the api both take the address from here.
 */
export function clientAddress(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, trustedHops: number): string {
  const socket = socketAddress ?? '';
  if (trustedHops <= 0 || forwardedFor === undefined) return socket;
  const entries = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const chain = [socket, ...entries.reverse()];
  // An address is at most 45 characters (IPv6 with an IPv4 tail); anything longer is not one.
  return (chain[Math.min(trustedHops, chain.length - 1)] ?? socket).slice(0, 64);
}
