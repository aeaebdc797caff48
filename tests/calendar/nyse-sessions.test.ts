// The NYSE calendar the live loop is scheduled on: closures from nyse-holidays, early closes at 13:00 New York.
import { describe, expect, it } from 'vitest';
import { isLastSessionOfWeek, isSession, lastCompletedSession, nextSessionAfter, sessionClose } from '../../src/calendar/nyse-sessions.ts';
import { zonedTime } from '../../src/calendar/zoned-time.ts';

const iso = (ms: number) => new Date(ms).toISOString();

describe('NYSE calendar', () => {
  it('knows holidays and weekends', () => {
    expect(isSession('2020-04-10')).toBe(false); // Good Friday
    expect(isSession('2020-07-03')).toBe(false); // Independence Day observed
    expect(isSession('2020-12-25')).toBe(false);
    expect(isSession('2026-06-19')).toBe(false); // Juneteenth
    expect(isSession('2020-04-18')).toBe(false); // Saturday
    expect(isSession('2020-04-17')).toBe(true);
  });

  it('closes at 16:00 New York, 13:00 on early-close days', () => {
    expect(iso(sessionClose('2020-04-17'))).toBe('2020-04-17T20:00:00.000Z'); // EDT
    expect(iso(sessionClose('2020-01-17'))).toBe('2020-01-17T21:00:00.000Z'); // EST
    expect(iso(sessionClose('2019-11-29'))).toBe('2019-11-29T18:00:00.000Z'); // day after Thanksgiving
    expect(iso(sessionClose('2019-12-24'))).toBe('2019-12-24T18:00:00.000Z');
    expect(iso(sessionClose('2019-07-03'))).toBe('2019-07-03T17:00:00.000Z');
  });

  it('finds the last completed and the next session around a long weekend', () => {
    const margin = 30 * 60_000;
    expect(lastCompletedSession(Date.parse('2020-04-13T12:00:00Z'), margin)).toBe('2020-04-09');
    expect(nextSessionAfter(Date.parse('2020-04-10T12:00:00Z'), margin)).toBe('2020-04-13');
    expect(lastCompletedSession(Date.parse('2020-04-17T20:29:00Z'), margin)).toBe('2020-04-16');
    expect(lastCompletedSession(Date.parse('2020-04-17T20:30:00Z'), margin)).toBe('2020-04-17');
  });

  it('knows the week\'s last session (the weekly summary follows it)', () => {
    expect(isLastSessionOfWeek('2020-04-17')).toBe(true); // Friday
    expect(isLastSessionOfWeek('2020-04-16')).toBe(false);
    expect(isLastSessionOfWeek('2020-04-09')).toBe(true); // Thursday before Good Friday
    expect(isLastSessionOfWeek('2020-04-13')).toBe(false);
  });

  it('turns the report time in its zone into an instant', () => {
    expect(iso(zonedTime('2020-04-17', '17:00', 'America/New_York'))).toBe('2020-04-17T21:00:00.000Z');
    expect(iso(zonedTime('2020-01-17', '17:00', 'Europe/Berlin'))).toBe('2020-01-17T16:00:00.000Z');
  });
});
