import { describe, expect, it } from 'vitest';
import { parseSeparatorLine } from '../../../src/ingest/mbox/separator-line.ts';

describe('parseSeparatorLine', () => {
  it.each([
    ['From MAILER-DAEMON Fri Jul  8 12:08:34 2011', 'MAILER-DAEMON', '2011-07-08T12:08:34.000Z'],
    ['From - Fri Jul 08 12:08:34 2011', '-', '2011-07-08T12:08:34.000Z'],
    ['From 1234@xxx Fri Jul 08 12:08:34 +0000 2011', '1234@xxx', '2011-07-08T12:08:34.000Z'],
    ['From a@b Fri Jul  8 12:08:34 2011 +0200', 'a@b', '2011-07-08T10:08:34.000Z'],
    ['From a@b Fri Jul  8 12:08:34 CEST 2011', 'a@b', '2011-07-08T10:08:34.000Z'],
    ['From a@b Fri Jul  8 12:08:34 -0500 2011', 'a@b', '2011-07-08T17:08:34.000Z'],
    ['From a@b Fri Jul  8 12:08 2011', 'a@b', '2011-07-08T12:08:00.000Z'],
    ['From a@b Jul  8 12:08:34 2011', 'a@b', '2011-07-08T12:08:34.000Z'],
    ['From a@b Fri Jul  8 12:08:34 2011 remote from gateway', 'a@b', '2011-07-08T12:08:34.000Z'],
    ['From a@b Fri, 8 Jul 2011 12:08:34 +0100', 'a@b', '2011-07-08T11:08:34.000Z'],
    ['From a@b Sat Dec 31 23:59:60 2016', 'a@b', '2016-12-31T23:59:59.000Z'],
  ])('%s', (line, sender, iso) => {
    expect(parseSeparatorLine(line)).toEqual({ sender, receivedAt: new Date(iso) });
  });

  it.each([
    ['an unknown zone name', 'From a@b Fri Jul  8 12:08:34 XYZ 2011'],
    ['an impossible day', 'From a@b Fri Feb 31 12:08:34 2011'],
    ['an impossible hour', 'From a@b Fri Jul  8 25:08:34 2011'],
  ])('keeps the separator but has no date for %s', (_why, line) => {
    expect(parseSeparatorLine(line)).toEqual({ sender: 'a@b', receivedAt: null });
  });

  it.each([
    ['prose', 'From what I can see, the parcel never left Lyon.'],
    ['a date with more text after it', 'From a@b Fri Jul  8 12:08:34 2011 and then some'],
    ['no date', 'From a@b'],
    ['not a From line', '>From a@b Fri Jul  8 12:08:34 2011'],
    ['an over-long line', `From ${'x'.repeat(2000)} Fri Jul  8 12:08:34 2011`],
  ])('rejects %s', (_why, line) => {
    expect(parseSeparatorLine(line)).toBeNull();
  });
});
