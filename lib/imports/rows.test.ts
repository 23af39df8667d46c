import { describe, expect, it } from 'vitest';
import { guessMapping, mappingProblems } from './fields';
import { columnIndexes, normalizePhone, toLeadRow } from './rows';

describe('normalizePhone', () => {
  it.each([
    ['(212) 310-4455', 'US', '+12123104455'],
    ['212.310.4455', 'US', '+12123104455'],
    ['+1 212 310 4455', 'GB', '+12123104455'],
    ['020 7946 0958', 'GB', '+442079460958'],
    ['0044 20 7946 0958', 'GB', '+442079460958'],
    ['030 901820', 'DE', '+4930901820'],
    ['+49 30 901820', 'US', '+4930901820'],
  ])('%s in %s → %s', (raw, region, e164) => {
    expect(normalizePhone(raw, region as never)).toEqual({ phone: e164 });
  });

  it.each([
    ['', 'US', /empty/],
    ['12345', 'US', /12345/],
    ['call me', 'US', /is not a phone number/],
    ['+1 212 310', 'US', /12 310/],
    ['(000) 000-0000', 'US', /not a valid number/],
    ['020 7946 0958', 'US', /020 7946 0958/],
  ])('refuses %j in %s', (raw, region, message) => {
    const result = normalizePhone(raw, region as never);
    expect('error' in result && result.error).toMatch(message);
  });
});

describe('toLeadRow', () => {
  const header = ['Name', 'Phone', 'Email', 'Priority', 'Zone'];
  const columns = columnIndexes(header, { fullName: 'Name', phone: 'Phone', email: 'Email', priority: 'Priority', timezone: 'Zone' });

  it('splits a full name, lower-cases the email and keeps an IANA zone', () => {
    expect(toLeadRow(['  Ada  King Lovelace ', '(212) 310-4455', 'Ada@Example.COM', '2', 'Europe/London'], columns, 'US')).toEqual({
      ok: true,
      row: {
        phone: '+12123104455',
        firstName: 'Ada',
        lastName: 'King Lovelace',
        email: 'ada@example.com',
        company: null,
        timezone: 'Europe/London',
        priority: 2,
        source: null,
        notes: null,
      },
    });
  });

  it('collects every problem of a row in one message', () => {
    const result = toLeadRow(['', '12', 'nope', '7', 'Mars/Olympus'], columns, 'US');
    expect(result.ok).toBe(false);
    const message = (result as { message: string }).message;
    for (const part of [/Phone "12"/, /First name is empty/, /Email "nope"/, /Time zone "Mars\/Olympus"/, /Priority "7"/])
      expect(message).toMatch(part);
  });

  it('needs only a phone on a do-not-call list', () => {
    expect(toLeadRow(['', '(212) 310-4455', '', '', ''], columns, 'US', 'do_not_call')).toMatchObject({
      ok: true,
      row: { phone: '+12123104455' },
    });
  });
});

describe('guessMapping', () => {
  it('maps common CRM headers, each column once', () => {
    expect(guessMapping(['Contact Name', 'Mobile Phone', 'E-mail', 'Account Name', 'Lead Source', 'Phone'])).toEqual({
      phone: 'Mobile Phone',
      fullName: 'Contact Name',
      email: 'E-mail',
      company: 'Account Name',
      source: 'Lead Source',
    });
    expect(guessMapping(['first_name', 'last_name', 'name', 'tel'])).toEqual({
      phone: 'tel',
      firstName: 'first_name',
      lastName: 'last_name',
    });
  });

  it('says what a mapping lacks', () => {
    expect(mappingProblems({}, 'leads')).toHaveLength(2);
    expect(mappingProblems({ phone: 'p' }, 'do_not_call')).toEqual([]);
    expect(mappingProblems({ phone: 'p', fullName: 'n' }, 'leads')).toEqual([]);
  });
});
