import { randomUUID } from 'node:crypto';
import { NextRequest } from 'next/server';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as listImports, POST as upload } from '@/app/api/imports/route';
import { POST as preview } from '@/app/api/imports/preview/route';
import { GET as getImport } from '@/app/api/imports/[id]/route';
import { GET as errorReport } from '@/app/api/imports/[id]/errors/route';
import { openSqlRunner, type SqlRunner } from '@/lib/platform/db/sql';
import { seed } from '@/prisma/seed';
import { invoke, signIn } from '../support/http';

let sql: SqlRunner;
let manager: string;
let otherManager: string;
let agent: string;
let teamIds: string[];
let otherAgentId: string;

beforeAll(async () => {
  sql = await openSqlRunner({ kind: 'postgres', url: process.env.DATABASE_URL!, poolSize: 2 });
  await seed(sql, { scale: 'small' });
  [manager, otherManager, agent] = await Promise.all([
    signIn('manager1@callpace.test'),
    signIn('manager2@callpace.test'),
    signIn('agent1@callpace.test'),
  ]);
  const team = await sql.query<{ id: string }>(
    "SELECT u.id FROM users u JOIN users m ON m.id = u.manager_id WHERE m.email = 'manager1@callpace.test' ORDER BY u.id",
  );
  teamIds = team.map((row) => row.id);
  [{ id: otherAgentId }] = await sql.query<{ id: string }>(
    "SELECT u.id FROM users u JOIN users m ON m.id = u.manager_id WHERE m.email = 'manager2@callpace.test' LIMIT 1",
  );
});
afterAll(() => sql.close());

type Body = string | Uint8Array;

async function send(
  body: Body,
  options: Record<string, unknown> = {},
  init: { id?: string; cookie?: string; type?: string; headers?: Record<string, string> } = {},
) {
  const id = init.id ?? randomUUID();
  const url = `http://localhost:3000/api/imports?id=${id}&options=${encodeURIComponent(JSON.stringify({ fileName: 'leads.csv', ...options }))}`;
  const request = new NextRequest(url, {
    method: 'POST',
    headers: { 'content-type': init.type ?? 'text/csv', cookie: init.cookie ?? manager, ...(init.headers ?? {}) },
    body: typeof body === 'string' ? body : Buffer.from(body),
  });
  const response = await upload(request, { params: Promise.resolve({}) });
  const json = await response.json();
  return { id, status: response.status, json };
}

/** A test phone nobody has: +1 212 555 01xx is reserved for fiction, so use valid New York exchanges instead. */
let serial = 0;
const phone = () => `(212) 3${String(10 + Math.floor(serial / 10000)).padStart(2, '0')}-${String(serial++ % 10000).padStart(4, '0')}`;
const e164 = (raw: string) => `+1${raw.replace(/\D/g, '')}`;

async function leadByPhone(raw: string) {
  const [lead] = await sql.query<{
    id: string;
    first_name: string;
    last_name: string;
    email: string | null;
    status: string;
    owner_id: string | null;
    timezone: string;
    priority: number;
    company: string | null;
  }>('SELECT id, first_name, last_name, email, status::text AS status, owner_id, timezone, priority, company FROM leads WHERE phone = $1', [
    e164(raw),
  ]);
  return lead;
}

async function report(id: string, cookie = manager) {
  const response = await errorReport(new NextRequest(`http://localhost:3000/api/imports/${id}/errors`, { headers: { cookie } }), {
    params: Promise.resolve({ id }),
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    bom: bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])),
    text: bytes.toString('utf8'),
  };
}

describe('POST /api/imports (lead files)', () => {
  it('imports good rows, skips bad and duplicate ones, and reports them with their own values', async () => {
    const [a, b, c, d] = [phone(), phone(), phone(), phone()];
    const csv = [
      'First Name,Last Name,Phone,Email,Company,Priority',
      `Ada,Lovelace,${a},ada@example.com,"Engines, Ltd",1`,
      `Bad,Phone,12345,bad@example.com,Acme,3`,
      `Grace,Hopper,${b},GRACE@Example.com,"Navy ""Labs""",2`,
      `Dup,Phone,${a},other@example.com,Acme,3`,
      `Dup,Email,${c},grace@example.com,Acme,3`,
      `No,Priority,${d},nopri@example.com,Acme,9`,
      `,Nameless,${phone()},,Acme,`,
      `Bad,Email,${phone()},not-an-email,Acme,`,
      `Too,Many,${phone()},x@example.com,Acme,3,extra`,
    ].join('\r\n');
    const result = await send(csv, { assign: { mode: 'round_robin' } });
    expect(result.status).toBe(201);
    expect(result.json.import).toMatchObject({ status: 'COMPLETED', rowsRead: 9, inserted: 2, updated: 0, duplicates: 2, invalid: 5 });

    const ada = await leadByPhone(a);
    expect(ada).toMatchObject({ first_name: 'Ada', email: 'ada@example.com', company: 'Engines, Ltd', priority: 1, status: 'NEW' });
    expect((await leadByPhone(b)).company).toBe('Navy "Labs"');
    expect((await leadByPhone(b)).email).toBe('grace@example.com');
    expect(teamIds).toContain(ada.owner_id);

    const file = await report(result.id);
    expect(file.status).toBe(200);
    expect(file.type).toMatch(/text\/csv/);
    expect(file.bom).toBe(true);
    const rows = parse(file.text, { bom: true, relax_column_count: true }) as string[][];
    expect(rows[0]).toEqual(['row', 'error', 'First Name', 'Last Name', 'Phone', 'Email', 'Company', 'Priority']);
    const byRow = new Map(rows.slice(1).map((row) => [Number(row[0]), row]));
    expect([...byRow.keys()]).toEqual([3, 5, 6, 7, 8, 9, 10]);
    expect(byRow.get(3)![1]).toMatch(/Phone "12345"/);
    expect(byRow.get(3)!.slice(2)).toEqual(['Bad', 'Phone', '12345', 'bad@example.com', 'Acme', '3']);
    expect(byRow.get(5)![1]).toBe(`Duplicate of row 2 (same phone ${e164(a)})`);
    expect(byRow.get(6)![1]).toBe('Duplicate of row 4 (same email grace@example.com)');
    expect(byRow.get(7)![1]).toMatch(/Priority "9"/);
    expect(byRow.get(8)![1]).toMatch(/First name is empty/);
    expect(byRow.get(9)![1]).toMatch(/not-an-email/);
    expect(byRow.get(10)![1]).toMatch(/Has 7 fields; the header has 6/);
  });

  it('updates leads already in the database, matched by phone or by email, and keeps their owner and status', async () => {
    const [byPhone, byEmail] = [phone(), phone()];
    await send(`first_name,last_name,phone,email\nOld,Name,${byPhone},keep@example.com\nMail,Match,${byEmail},mail@example.com\n`, {
      assign: { mode: 'agent', agentId: teamIds[0] },
    });
    await sql.exec(`UPDATE leads SET status = 'CALLBACK', owner_id = '${teamIds[1]}' WHERE phone = '${e164(byPhone)}'`);
    const other = phone();
    const result = await send(`phone,first_name,last_name,company,timezone\n${byPhone},New,Name,NewCo,Europe/Paris\n`, {});
    expect(result.json.import).toMatchObject({ inserted: 0, updated: 1 });
    expect(await leadByPhone(byPhone)).toMatchObject({
      first_name: 'New',
      last_name: 'Name',
      company: 'NewCo',
      email: 'keep@example.com',
      status: 'CALLBACK',
      owner_id: teamIds[1],
      timezone: 'Europe/Paris',
    });

    const viaEmail = await send(`phone,name,email\n${other},Mailed Again,MAIL@example.com\n`, {});
    expect(viaEmail.json.import).toMatchObject({ inserted: 0, updated: 1 });
    const matched = await leadByPhone(byEmail);
    expect(matched).toMatchObject({ first_name: 'Mailed', last_name: 'Again' });
    expect(await leadByPhone(other)).toBeUndefined();

    // Phone of one lead, email of another: the row is refused, not merged.
    const conflict = await send(`phone,first_name,email\n${byPhone},Mixed,mail@example.com\n`, {});
    expect(conflict.json.import).toMatchObject({ inserted: 0, updated: 0, invalid: 1 });
    expect((await report(conflict.id)).text).toMatch(/phone belongs to one existing lead and the email to another/);
  });

  it('defuses formula cells in the error report (=cmd(), +, -, @ get a leading apostrophe)', async () => {
    const result = await send(`first_name,last_name,phone\n=cmd(),@SUM(A1),12345\n`, {});
    expect(result.json.import).toMatchObject({ invalid: 1 });
    const rows = parse((await report(result.id)).text, { bom: true, relax_column_count: true }) as string[][];
    expect(rows[1].slice(2)).toEqual(["'=cmd()", "'@SUM(A1)", '12345']);
  });

  it('neutralises a report cell starting with each of = + - @, and leaves numbers alone', async () => {
    const result = await send(`first_name,last_name,phone,company,notes,email\n=1+2,+1+1,12345,-2+3,@SUM(A1),-5\n`, {});
    expect(result.json.import).toMatchObject({ invalid: 1 });
    const rows = parse((await report(result.id)).text, { bom: true, relax_column_count: true }) as string[][];
    expect(rows[1].slice(2)).toEqual(["'=1+2", "'+1+1", '12345', "'-2+3", "'@SUM(A1)", '-5']);
  });

  it('reads a UTF-8 BOM, semicolons, quoted delimiters and line breaks, and names in one column', async () => {
    const p = phone();
    const csv = `\uFEFFName;Telephone;Notes;Time zone\r\n"Zoë Ångström";"${p}";"line one\nline two; with ""quotes""";America/Chicago\r\n`;
    const result = await send(csv, {});
    expect(result.status).toBe(201);
    expect(result.json.import).toMatchObject({ inserted: 1, invalid: 0 });
    const [lead] = await sql.query<{ first_name: string; last_name: string; notes: string; timezone: string }>(
      'SELECT first_name, last_name, notes, timezone FROM leads WHERE phone = $1',
      [e164(p)],
    );
    expect(lead).toEqual({
      first_name: 'Zoë',
      last_name: 'Ångström',
      notes: 'line one\nline two; with "quotes"',
      timezone: 'America/Chicago',
    });
  });

  it('uses the default region and time zone for numbers and leads without their own', async () => {
    const csv = 'first_name,phone\nLondon,020 7946 0958\nIntl,+49 30 901820\n';
    const result = await send(csv, { region: 'GB', timeZone: 'Europe/London' });
    expect(result.json.import).toMatchObject({ inserted: 2, invalid: 0 });
    const rows = await sql.query<{ phone: string; timezone: string }>(
      "SELECT phone, timezone FROM leads WHERE first_name IN ('London', 'Intl') ORDER BY phone",
    );
    expect(rows).toEqual([
      { phone: '+442079460958', timezone: 'Europe/London' },
      { phone: '+4930901820', timezone: 'Europe/London' },
    ]);
  });

  it('answers files it cannot import with a clear 4xx, and imports nothing from them', async () => {
    const before = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM leads');
    const cases: [string, Body, Record<string, unknown>, number, RegExp][] = [
      ['empty file', '', {}, 422, /empty/],
      ['header only', 'first_name,phone\n', {}, 422, /header row but no rows/],
      [
        'missing mapped column',
        `first_name,phone\nA,${phone()}\n`,
        { mapping: { phone: 'Phone Number', firstName: 'first_name' } },
        422,
        /no column "Phone Number".*"first_name", "phone"/,
      ],
      ['no phone column', 'first_name,company\nA,B\n', {}, 422, /column that holds the phone/],
      [
        'Latin-1',
        Buffer.concat([Buffer.from(`first_name,phone\nJos`), Buffer.from([0xe9]), Buffer.from(`,${phone()}\n`)]),
        {},
        422,
        /not UTF-8 text .*line 2/,
      ],
      ['UTF-16', Buffer.from(`\uFEFFfirst_name,phone\n`, 'utf16le'), {}, 422, /UTF-16/],
      ['a workbook', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), {}, 415, /spreadsheet workbook/],
      ['unclosed quote', `first_name,phone\n"Ada,${phone()}\nBob,${phone()}\n`, {}, 422, /quoted field is never closed/],
      ['bad options', 'first_name,phone\n', { region: 'Narnia' }, 422, /region/],
    ];
    for (const [name, body, options, status, message] of cases) {
      const result = await send(body, options);
      expect(result.status, name).toBe(status);
      expect(result.json.error.message, name).toMatch(message);
    }
    const oversized = await send('first_name,phone\n', {}, { headers: { 'content-length': String(200 * 1024 * 1024) } });
    expect(oversized.status).toBe(413);
    expect(oversized.json.error.message).toMatch(/The file is 200 MB; imports take files up to 50 MB/);
    const forged = await send(`first_name,phone\nX,${phone()}\n`, {}, { headers: { origin: 'https://evil.example' } });
    expect(forged.status).toBe(403);
    const wrongType = await send('{}', {}, { type: 'application/json' });
    expect(wrongType.status).toBe(415);
    const after = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM leads');
    expect(after[0].n).toBe(before[0].n);
  });

  it('leaves nothing half-imported when the file turns bad after good rows', async () => {
    const phones = Array.from({ length: 6_000 }, phone);
    const good = `first_name,phone\n${phones.map((p, i) => `Lead${i},${p}`).join('\n')}\n`;
    const result = await send(Buffer.concat([Buffer.from(good), Buffer.from([0xff, 0x0a])]), {});
    expect(result.status).toBe(422);
    expect(result.json.error.message).toMatch(/line 6002/);
    const [{ n }] = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM leads WHERE phone = ANY($1)', [phones.map(e164)]);
    expect(n).toBe(0);
    const state = await invoke(getImport, `/api/imports/${result.id}`, { cookie: manager, params: { id: result.id } });
    expect(state.json.import).toMatchObject({ status: 'FAILED', inserted: 0 });
    expect(state.json.import.error).toMatch(/not UTF-8/);
  });

  it('returns the first result when the same upload is sent again', async () => {
    const id = randomUUID();
    const p = phone();
    const first = await send(`first_name,phone\nOnce,${p}\n`, {}, { id });
    const again = await send(`first_name,phone\nOnce,${p}\n`, {}, { id });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ replayed: true, import: { id, inserted: 1 } });
    const [{ n }] = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM leads WHERE phone = $1', [e164(p)]);
    expect(n).toBe(1);
    const stolen = await send(`first_name,phone\nOnce,${p}\n`, {}, { id, cookie: otherManager });
    expect(stolen.status).toBe(409);
  });

  it('spreads new leads over the team in turn, or gives them all to one agent', async () => {
    const phones = Array.from({ length: teamIds.length * 3 }, phone);
    await send(`first_name,phone\n${phones.map((p) => `RR,${p}`).join('\n')}\n`, { assign: { mode: 'round_robin' } });
    const owners = await sql.query<{ owner_id: string; n: number }>(
      'SELECT owner_id, count(*)::int AS n FROM leads WHERE phone = ANY($1) GROUP BY owner_id',
      [phones.map(e164)],
    );
    expect(owners.map((row) => row.n)).toEqual(teamIds.map(() => 3));
    expect(owners.map((row) => row.owner_id).sort()).toEqual([...teamIds].sort());

    const single = phone();
    await send(`first_name,phone\nOne,${single}\n`, { assign: { mode: 'agent', agentId: teamIds[1] } });
    expect((await leadByPhone(single)).owner_id).toBe(teamIds[1]);
    const outside = await send(`first_name,phone\nOne,${phone()}\n`, { assign: { mode: 'agent', agentId: otherAgentId } });
    expect(outside.status).toBe(403);
  });

  it('records who imported what in the audit log', async () => {
    const result = await send(`first_name,phone\nAudited,${phone()}\n`, {});
    const [event] = await sql.query<{ action: string; lead_count: number; detail: { importId: string; inserted: number } }>(
      "SELECT action, lead_count, detail FROM audit_events WHERE detail->>'importId' = $1",
      [result.id],
    );
    expect(event).toMatchObject({ action: 'leads.import', lead_count: 1, detail: { importId: result.id, inserted: 1 } });
  });
});

describe('do-not-call lists', () => {
  it('stops calling listed leads, and later lead imports bring listed numbers in as do-not-call', async () => {
    const [listed, later] = [phone(), phone()];
    await send(`first_name,phone\nListed,${listed}\n`, { assign: { mode: 'agent', agentId: teamIds[0] } });
    await sql.exec(
      `UPDATE leads SET reserved_by_id = owner_id, reserved_until = now() + interval '5 minutes', next_call_at = now() WHERE phone = '${e164(listed)}'`,
    );
    const result = await send(`Phone Number\n${listed}\n${later}\nnonsense\n`, { kind: 'do_not_call' });
    expect(result.status).toBe(201);
    expect(result.json.import).toMatchObject({ kind: 'do_not_call', inserted: 2, doNotCall: 1, invalid: 1 });
    const [lead] = await sql.query<{ status: string; reserved_by_id: string | null; next_call_at: Date | null; id: string }>(
      'SELECT id, status::text AS status, reserved_by_id, next_call_at FROM leads WHERE phone = $1',
      [e164(listed)],
    );
    expect(lead).toMatchObject({ status: 'DO_NOT_CALL', reserved_by_id: null, next_call_at: null });
    const changes = await sql.query<{ from_value: string; to_value: string }>(
      'SELECT from_value, to_value FROM lead_changes WHERE lead_id = $1',
      [lead.id],
    );
    expect(changes).toEqual([{ from_value: 'NEW', to_value: 'DO_NOT_CALL' }]);

    const imported = await send(`first_name,phone\nLater,${later}\n`, { assign: { mode: 'round_robin' } });
    expect(imported.json.import).toMatchObject({ inserted: 1, doNotCall: 1 });
    expect(await leadByPhone(later)).toMatchObject({ status: 'DO_NOT_CALL', owner_id: null });
  });
});

describe('preview, progress and authorization', () => {
  it('previews the columns, first rows and a guessed mapping', async () => {
    const body = '\uFEFFFirst Name;Surname;Mobile;E-mail\nAda;Lovelace;(212) 310-0000;ada@example.com\n';
    const result = await invoke(preview, '/api/imports/preview', { cookie: manager, body, headers: { 'content-type': 'text/csv' } });
    expect(result.status).toBe(200);
    expect(result.json).toEqual({
      columns: ['First Name', 'Surname', 'Mobile', 'E-mail'],
      rows: [['Ada', 'Lovelace', '(212) 310-0000', 'ada@example.com']],
      delimiter: ';',
      hadByteOrderMark: true,
      mapping: { phone: 'Mobile', firstName: 'First Name', lastName: 'Surname', email: 'E-mail' },
    });
  });

  it('lists and shows a manager only their own imports', async () => {
    const mine = await send(`first_name,phone\nMine,${phone()}\n`, {});
    const list = await invoke(listImports, '/api/imports', { cookie: manager });
    expect(list.json.imports.map((row: { id: string }) => row.id)).toContain(mine.id);
    const theirs = await invoke(listImports, '/api/imports', { cookie: otherManager });
    expect(theirs.json.imports.map((row: { id: string }) => row.id)).not.toContain(mine.id);
    expect((await invoke(getImport, `/api/imports/${mine.id}`, { cookie: otherManager, params: { id: mine.id } })).status).toBe(404);
    expect((await report(mine.id, otherManager)).status).toBe(404);
  });

  it('answers agents 403 and strangers 401 on every import endpoint', async () => {
    const id = randomUUID();
    for (const cookie of [agent, '']) {
      const expected = cookie ? 403 : 401;
      expect((await send(`first_name,phone\nX,${phone()}\n`, {}, { cookie })).status).toBe(expected);
      expect((await invoke(listImports, '/api/imports', { cookie })).status).toBe(expected);
      expect(
        (await invoke(preview, '/api/imports/preview', { cookie, body: 'a,b\n', headers: { 'content-type': 'text/csv' } })).status,
      ).toBe(expected);
      expect((await invoke(getImport, `/api/imports/${id}`, { cookie, params: { id } })).status).toBe(expected);
      expect((await report(id, cookie)).status).toBe(expected);
    }
  });
});
