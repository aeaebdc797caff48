// A PostgreSQL URL as users write it: the password may hold '@', '/' or ':' without URL-encoding. The user info runs
// to the last '@' (a host or database name holds none), so the password is read whole, encoded for the driver, and
// never left for a parser to mistake a piece of it for the host (and print it).

export interface PostgresUrl {
  /** The same URL with its user and password encoded, for the driver. */
  url: string;
  /** host:port/database, never the user or the password. */
  where: string;
  /** The password as the user wrote it (decoded), for scrubbing; undefined when there is none. */
  password: string | undefined;
}

const SCHEME = /^(postgres(?:ql)?:\/\/)(.*)$/s;

const decoded = (s: string): string => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s; // a bare '%' is a character of the password, not an escape
  }
};

export function parsePostgresUrl(raw: string): PostgresUrl {
  const m = SCHEME.exec(raw);
  if (!m) return { url: raw, where: 'the configured server', password: undefined };
  const [, scheme, rest] = m as unknown as [string, string, string];
  const at = rest.lastIndexOf('@');
  const userInfo = at >= 0 ? rest.slice(0, at) : '';
  const hostPart = at >= 0 ? rest.slice(at + 1) : rest;
  const colon = userInfo.indexOf(':');
  const user = decoded(colon >= 0 ? userInfo.slice(0, colon) : userInfo);
  const password = colon >= 0 ? decoded(userInfo.slice(colon + 1)) : undefined;
  const auth = at >= 0 ? `${encodeURIComponent(user)}${password !== undefined ? `:${encodeURIComponent(password)}` : ''}@` : '';
  const url = `${scheme}${auth}${hostPart}`;
  let where = 'the configured server';
  try {
    const u = new URL(url);
    where = `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    /* not a URL the driver can use either: it will say so */
  }
  return { url, where, password: password || undefined };
}
