import { describe, expect, it } from 'vitest';
import { parseDateHeader } from '../../../src/ingest/parse/date-header.ts';

describe('parseDateHeader', () => {
  it.each([
    ['Tue, 1 Jul 2003 10:52:37 +0200', '2003-07-01T08:52:37.000Z'],
    ['Fri, 21 Nov 1997 09:55:06 -0600', '1997-11-21T15:55:06.000Z'],
    ['Tue, 30 Dec 1969 23:32:54 -0330', '1969-12-31T03:02:54.000Z'],
    ['Thu,\r\n   13\r\n  Feb\r\n    1969\r\n  23:32\r\n  -0330 (Newfoundland Time)', '1969-02-14T03:02:00.000Z'], // folded, no seconds
    [' 1 Jul 2003 (comment about date) 10:52:37 +0200', '2003-07-01T08:52:37.000Z'], // no day of week
    ['Tue, 1 Jul 2003 ((tricky)\r\n comment) 10:52:37 +0200', '2003-07-01T08:52:37.000Z'], // nested comment
    ['21 Nov 97 09:55:06 GMT', '1997-11-21T09:55:06.000Z'], // obsolete two-digit year and zone name
    ['Wed, 27 Jun 49 04:11 +0900', '2049-06-26T19:11:00.000Z'], // 00-49 → 20xx (RFC 5322 4.3)
    ['Sun, 27 Oct 2002 23:57:07 EST', '2002-10-28T04:57:07.000Z'],
    ['Thu, 10 Jul 1997 14:53:31 EST5EDT', '1997-07-10T19:53:31.000Z'],
    ['Thu, 10 Jul 1997 14:53:31 A', '1997-07-10T14:53:31.000Z'], // military zones mean -0000
    ['Mon, 5 Jan 2026 09:00:00 +0100 (CET)', '2026-01-05T08:00:00.000Z'],
    ['Mon, 05 Jan 2026 09:00:00', '2026-01-05T09:00:00.000Z'], // no zone: read as UTC
    ['Wed Dec 24 17:06:04 2008', '2008-12-24T17:06:04.000Z'], // asctime
    ['2008-12-24T17:06:04+01:00', '2008-12-24T16:06:04.000Z'], // ISO 8601 from broken mailers
    ['17 May 2026 22:15:15 +1345', '2026-05-17T08:30:15.000Z'],
  ])('%j → %s', (value, iso) => {
    expect(parseDateHeader(value)?.toISOString()).toBe(iso);
  });

  it.each([
    [' some numbers 0 1 2 but invalid '],
    ['Tue, 1 Jul 2003 ((invalid)\r\ncomment 10:52:37 +0200'], // unbalanced comment
    ['13 zzz 2021 09:55:06 +0200'],
    ['Tue, 7 00 2026 19:14:51 +0000'],
    ['Mon, 31 Feb 2026 10:00:00 +0000'], // no such day
    ['Mon, 5 Jan 2026 25:00:00 +0000'],
    ['Mon, 5 Jan 2026 10:00:00 +0199'],
    ['tomorrow'],
    [''],
    ['   '],
  ])('%j → null, never the current time', (value) => {
    expect(parseDateHeader(value)).toBeNull();
  });

  it('is null when absent', () => {
    expect(parseDateHeader(null)).toBeNull();
    expect(parseDateHeader(undefined)).toBeNull();
  });
});
