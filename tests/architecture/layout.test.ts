/**
 * The layout is the architecture (docs/architecture.md): these hold it where
 * a lint rule cannot — what a module imports decides where it may run.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => !file.includes(`${path.sep}generated${path.sep}`));
}

const lib = sources('lib');
const text = (file: string) => readFileSync(file, 'utf8');
const touchesDatabase = (source: string) =>
  /from '[^']*platform\/db\/(client|generated\/client)'/.test(source) || /from '\.\/(client|generated\/client)'/.test(source);

describe('where code runs', () => {
  it('marks every module that touches the database server-only', () => {
    const unmarked = lib.filter(
      (file) =>
        !file.includes(`${path.sep}browser${path.sep}`) && touchesDatabase(text(file)) && !text(file).includes("import 'server-only'"),
    );
    expect(unmarked).toEqual([]);
  });

  it('keeps browser modules free of server code', () => {
    const browser = lib.filter((file) => file.includes(`${path.sep}browser${path.sep}`));
    expect(browser.length).toBeGreaterThan(0);
    const leaking = browser.filter((file) => /server-only|platform\/db\/|platform\/redis\/|node:/.test(text(file)));
    expect(leaking).toEqual([]);
  });

  it('keeps the database out of pages, layouts, route handlers and components', () => {
    const ui = [...sources('app'), ...sources('components')];
    expect(ui.filter((file) => touchesDatabase(text(file)))).toEqual([]);
  });
});
