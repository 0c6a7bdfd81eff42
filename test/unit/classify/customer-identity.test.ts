import { describe, expect, it } from 'vitest';
import { displayName, extractAccountIds, normaliseAccountId } from '../../../src/ingest/classify/customer-identity.ts';

describe('extractAccountIds', () => {
  const cases: [string, string, string[]][] = [
    ['a French signature', 'Bonjour,\nmon retrait est bloqué.\n\nCamille Martin\nIdentifiant : PP123456\n06 12 34 56 78', ['PP123456']],
    ['"Identifiant client:" in lower case', 'Cordialement\nidentifiant client: pp123456', ['PP123456']],
    ['"N° client :"', 'Jean Dupont\nN° client : 00457812', ['00457812']],
    ['"Nº de client" with the ordinal sign', 'Nº de client : 4578-12', ['4578-12']],
    ['"Numéro client"', 'Numéro client : C-778899', ['C-778899']],
    ['an English signature', 'Thanks,\nJohn\nUsername: jsmith77\nUser ID: 778899', ['JSMITH77', '778899']],
    ['"Account:" with a number', 'Account: 12345678', ['12345678']],
    ['"Pseudo :" without digits', 'Pseudo : LeRoiDuPoker', ['LEROIDUPOKER']],
    ['in a sentence (FR)', 'Bonjour, mon identifiant est PP998877 et je ne peux plus jouer.', ['PP998877']],
    ['in a sentence (EN)', 'Hello, my username is camille_75, I cannot log in.', ['CAMILLE_75']],
    ['de-duplicated across case', 'Identifiant : pp123456\n...\nmon identifiant est PP123456', ['PP123456']],
    ['several different ids in order', 'Identifiant : PP123\nIdentifiant : P1\nIdentifiant : PP222222\nPseudo : zorro99', ['PP123', 'PP222222', 'ZORRO99']],
    ['accents dropped for matching', 'Pseudo : Zoé75', ['ZOE75']],
    ['several sentences on one line', 'Mon identifiant est PP1234 et mon pseudo est Zorro99, votre numéro client : 778899.', ['PP1234', 'ZORRO99', '778899']],
    ['a sentence without a digit next to one with', 'my username is bloqué, my user id is 4455', ['4455']],
    ['CRLF, capitals, a quoted line and a non-breaking space', 'MON IDENTIFIANT EST pp1234\r\n> mon identifiant est PP9999\r\nMon identifiant\u00A0: AB12CD', ['PP1234', 'AB12CD']],
  ];
  it.each(cases)('%s', (_name, text, ids) => {
    expect(extractAccountIds(text)).toEqual(ids);
  });

  const none: [string, string][] = [
    ['"Account: closed" (a word, not an id)', 'Account: closed'],
    ['"mon identifiant est bloqué" (no digit)', 'Mon identifiant est bloqué depuis hier.'],
    ['filler values', 'Identifiant : N/A\nUsername: none\nPseudo : aucun'],
    ['an email address as identifier (the address already identifies)', 'Identifiant : camille@example.fr'],
    ['a sentence after the label', 'Identifiant : je ne le retrouve plus'],
    ['quoted lines', '> Identifiant : PP123456'],
    ['no label', 'PP123456'],
  ];
  it.each(none)('nothing from %s', (_name, text) => {
    expect(extractAccountIds(text)).toEqual([]);
  });

  it('normalises a form value the same way', () => {
    expect(normaliseAccountId(' pp123456. ')).toBe('PP123456');
    expect(normaliseAccountId('n/a')).toBeNull();
    expect(normaliseAccountId(null)).toBeNull();
    expect(normaliseAccountId('closed', 'account')).toBeNull();
  });
});

describe('displayName', () => {
  it.each([
    [{ name: 'Camille Martin', address: 'camille@example.fr' }, 'Camille Martin'],
    [{ name: '  "Martin,  Camille"  ', address: 'camille@example.fr' }, 'Martin, Camille'],
    [{ name: '', address: 'camille@example.fr' }, null],
    [{ name: 'camille@example.fr', address: 'camille@example.fr' }, null],
    [{ name: "'other@example.fr'", address: 'camille@example.fr' }, null],
  ])('%j → %j', (address, name) => {
    expect(displayName(address)).toBe(name);
  });
});
