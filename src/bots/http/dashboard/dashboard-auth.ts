// Who may see the dashboard: a request carrying MLTRAINER_DASHBOARD_TOKEN as a bearer token or `?token=`, or the
// cookie set after one did (so the page's own polling needs no token in its URLs). Compared in constant time; the
// cookie holds a hash of the token, never the token.
import { createHash, timingSafeEqual } from 'node:crypto';
import type http from 'node:http';

export const DASHBOARD_COOKIE = 'mltrainer_dashboard';

const digest = (text: string) => createHash('sha256').update(`mltrainer-dashboard:${text}`).digest();

export class DashboardAuth {
  private readonly expected: Buffer;

  constructor(token: string) {
    this.expected = digest(token);
  }

  private matches(candidate: string | undefined | null): boolean {
    return !!candidate && timingSafeEqual(digest(candidate), this.expected);
  }

  /** The cookie value that stands for the token. */
  cookieValue(): string {
    return this.expected.toString('hex');
  }

  /** `token`: the request showed the token itself (then the cookie is set); `cookie`: the cookie; null: refused. */
  check(req: http.IncomingMessage): 'token' | 'cookie' | null {
    const auth = req.headers.authorization;
    const bearer = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : null;
    const query = new URL(req.url ?? '/', 'http://localhost').searchParams.get('token');
    if (this.matches(bearer) || this.matches(query)) return 'token';
    const cookie = (req.headers.cookie ?? '')
      .split(';')
      .map((c) => c.trim().split('='))
      .find(([name]) => name === DASHBOARD_COOKIE)?.[1];
    if (cookie && cookie.length === 64 && timingSafeEqual(Buffer.from(cookie), Buffer.from(this.cookieValue()))) return 'cookie';
    return null;
  }
}
