import { parse } from 'csv-parse/sync';
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { signInAs } from './support/sign-in';

// A manager imports 1,000 leads of which 20 are bad, downloads the error report with exactly those
// 20 rows, and the new leads are in the team's queues (round-robin): an agent finds them by search.
test('a manager imports a 1,000-row CSV, gets the error report, and agents have the new leads', async ({ page, browser }, testInfo) => {
  test.setTimeout(90_000);
  // Numbers and a surname no other run uses (each project and retry imports its own file).
  const run = `${Date.now().toString(36)}${testInfo.project.name === 'desktop' ? 'd' : 'm'}${testInfo.retry}`;
  const surname = `Importson${run.replace(/\d/g, (d) => 'abcdefghij'[Number(d)])}`;
  const exchange = 300 + (Math.floor(Date.now() / 1000) % 300) * 2 + (testInfo.project.name === 'desktop' ? 1 : 0);
  const phone = (i: number) => `(646) ${exchange}-${String(i).padStart(4, '0')}`;
  const lines = ['First Name,Last Name,Phone,Email,Company'];
  const bad = new Set<number>();
  for (let i = 0; i < 1_000; i++) {
    if (i % 50 === 7) {
      bad.add(i);
      lines.push(
        i % 100 === 7 ? `Bad${i},${surname},12345,bad${i}@example.com,Acme` : `,${surname},${phone(i)},noname${i}@example.com,Acme`,
      );
    } else {
      lines.push(`Lead${i},${surname},${phone(i)},lead${i}.${run}@example.com,"Acme, Inc."`);
    }
  }
  expect(bad.size).toBe(20);

  await signInAs(page, 'manager1@callpace.test', '/leads/import');
  await expect(page.getByRole('heading', { name: 'Import leads', level: 1 })).toBeVisible();
  await page
    .getByLabel('CSV file')
    .setInputFiles({ name: `leads-${run}.csv`, mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
  await expect(page.getByRole('table', { name: 'The first rows of the file' })).toBeVisible();
  await expect(page.getByLabel('Phone *')).toHaveValue('Phone');
  await page.getByLabel('Assign new leads').selectOption('round_robin');
  await page.getByRole('button', { name: 'Import leads' }).click();

  const done = page.getByRole('status').filter({ hasText: 'Imported' });
  await expect(done).toContainText('1,000 rows: 980 new leads', { timeout: 60_000 });
  await expect(done).toContainText('0 duplicates and 20 invalid rows skipped');

  const downloading = page.waitForEvent('download');
  await done.getByRole('link', { name: /Download error report \(20 rows\)/ }).click();
  const download = await downloading;
  const report = parse(await readFile((await download.path())!), { bom: true }) as string[][];
  expect(report[0]).toEqual(['row', 'error', 'First Name', 'Last Name', 'Phone', 'Email', 'Company']);
  expect(report.slice(1).map((row) => Number(row[0]) - 2)).toEqual([...bad]);
  expect(report.slice(1).filter((row) => /Phone "12345"/.test(row[1]))).toHaveLength(10);
  expect(report.slice(1).filter((row) => /First name is empty/.test(row[1]))).toHaveLength(10);

  // The import shows in the history and the audit trail of the lead table.
  await page.goto('/leads');
  await expect(
    page
      .getByRole('region', { name: 'Recent changes' })
      .or(page.locator('section', { has: page.getByRole('heading', { name: 'Recent changes' }) }))
      .getByText(`imported leads-${run}.csv: 980 new, 0 updated`),
  ).toBeVisible();

  // An agent of the team finds the new leads in their queue.
  const agentContext = await browser.newContext({ ...testInfo.project.use });
  const agentPage = await agentContext.newPage();
  await signInAs(agentPage, 'agent1@callpace.test', '/queue');
  await agentPage.getByLabel('Search leads by name, company, email or phone').fill(surname);
  await expect(agentPage.getByText(new RegExp(`^\\d+\\+? results for “${surname}”`))).toBeVisible();
  const found = Number((await agentPage.getByText(/results for/).innerText()).match(/^(\d+)/)![1]);
  expect(found).toBeGreaterThan(0);
  await agentContext.close();
});
