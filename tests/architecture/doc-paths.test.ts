/**
 * Docs that stay true: every repository path that the README, docs/ or a code
 * comment cites must exist. A file that moves takes its citations with it, or
 * this test names each one left behind (file:line → path).
 *
 * A cited path is a token rooted at one of ROOTS (`lib/platform/http/handler.ts`,
 * `@/lib/calls/record-call`, `tests/cluster`), with or without an extension;
 * markdown links are also resolved from the document that holds them, anchors
 * included. Globs (`*`, `{a,b}`) and placeholders (`lib/<feature>/`) name no
 * one file and are skipped; route segments (`[id]`, `[...all]`, `(group)`) are
 * folder names, taken literally. Generated code is neither read nor checked.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOTS = ['lib', 'app', 'components', 'scripts', 'prisma', 'tests', 'e2e', 'docs', 'deploy'];
/** Folders whose code comments are read (and the config files at the root). */
const CODE_FOLDERS = ['app', 'components', 'lib', 'scripts', 'prisma', 'tests', 'e2e'];
const CODE_FILE = /\.(ts|tsx|mts|mjs|cjs|js|prisma)$/;
const GENERATED = 'lib/platform/db/generated';
const EXTENSIONS = ['.ts', '.tsx', '.mjs', '.mts', '.md', '/index.ts'];

// A path segment: route segments ([id], [...all], [[...slug]], (group)) or plain name characters;
// `*{}<>` are kept so that a glob or placeholder is recognised as one and skipped, `…` so an elided tail is cut off.
const PART = String.raw`(?:\[{1,2}[\w.]+\]{1,2}|\([\w-]+\)|[\w.\-*{}<>…+~])`;
// Rooted at a word start (not inside `../lib/`, `/work/main/lib/`, `foo.lib/` or `@prisma/`), or right after the `@/` alias.
const CITED_PATH = new RegExp(String.raw`(?:(?<=@\/)|(?<![\w.@/\\-]))(?:${ROOTS.join('|')})(?:\/${PART}*)+`, 'g');
const MARKDOWN_LINK = /\]\(([^)\s]+)\)/g;

interface Citation {
  where: string;
  target: string;
}

const walk = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir, { withFileTypes: true, recursive: true })
        .filter((entry) => entry.isFile())
        .map((entry) => path.relative('.', path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
        .filter((file) => !file.startsWith(`${GENERATED}/`) && !file.split('/').includes('node_modules'))
    : [];

const lineAt = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

/** Every comment of a TypeScript or JavaScript file (line, block and JSDoc), with its offset. */
function codeComments(file: string, text: string): { offset: number; text: string }[] {
  if (file.endsWith('.prisma')) {
    // Prisma comments are `//` and `///` to the end of a line; strings there hold no `//` in this schema.
    return [...text.matchAll(/\/\/.*$/gm)].map((match) => ({ offset: match.index, text: match[0] }));
  }
  // Parsing is the cost: a file whose every rooted path opens a string literal (an import, vi.mock) has none in a comment.
  const outsideStrings = [...text.matchAll(CITED_PATH)].some(
    (match) => !/['"](@\/)?$/.test(text.slice(Math.max(0, match.index - 3), match.index)),
  );
  if (!outsideStrings) return [];
  const kind = file.endsWith('.tsx') ? ts.ScriptKind.TSX : /\.(mjs|cjs|js)$/.test(file) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  const seen = new Map<number, { offset: number; text: string }>();
  const collect = (ranges: ts.CommentRange[] | undefined) => {
    for (const range of ranges ?? []) seen.set(range.pos, { offset: range.pos, text: text.slice(range.pos, range.end) });
  };
  // Comments are trivia around tokens: visiting every token (closing braces and end of file too) finds them all.
  const visit = (node: ts.Node) => {
    if (node.kind >= ts.SyntaxKind.FirstJSDocNode && node.kind <= ts.SyntaxKind.LastJSDocNode) return;
    const children = node.getChildren(source);
    if (children.length === 0) {
      collect(ts.getLeadingCommentRanges(text, node.pos));
      collect(ts.getTrailingCommentRanges(text, node.end));
    }
    children.forEach(visit);
  };
  visit(source);
  return [...seen.values()];
}

/** The rooted paths a text cites, as repository paths with the line they stand on. */
function citedPaths(file: string, text: string, offset = 0, whole = text): Citation[] {
  const citations: Citation[] = [];
  for (const match of text.matchAll(CITED_PATH)) {
    let target = match[0];
    if (/[*{}<>]/.test(target)) continue;
    target = target.replace(/….*$/, '').replace(/[.]+$/, '');
    if (target.startsWith(`${GENERATED}/`) || target === GENERATED) continue;
    citations.push({ where: `${file}:${lineAt(whole, offset + match.index)}`, target });
  }
  return citations;
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
const anchorOf = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');

const anchorsOf = (markdown: string) =>
  new Set(
    markdown
      .replace(/^```[\s\S]*?^```/gm, '')
      .split('\n')
      .filter((line) => /^#{1,6}\s/.test(line))
      .map((line) => anchorOf(line.replace(/^#+\s+/, ''))),
  );

/** Markdown links to files of this repository, resolved from the document; `#anchor` kept. */
function markdownLinks(file: string, text: string): Citation[] {
  const citations: Citation[] = [];
  for (const match of text.matchAll(MARKDOWN_LINK)) {
    const href = match[1];
    if (/^[a-z]+:/i.test(href)) continue; // https:, mailto:
    const [target, anchor] = href.split('#');
    const resolved = target ? path.posix.normalize(path.posix.join(path.posix.dirname(file), target)) : file;
    citations.push({ where: `${file}:${lineAt(text, match.index)}`, target: anchor === undefined ? resolved : `${resolved}#${anchor}` });
  }
  return citations;
}

function exists(target: string): boolean {
  const [file, anchor] = target.split('#');
  const bare = file.replace(/\/+$/, '');
  const found = [bare, ...EXTENSIONS.map((extension) => bare + extension)].find((candidate) => existsSync(candidate));
  if (!found) return false;
  if (anchor === undefined) return true;
  return statSync(found).isFile() && found.endsWith('.md') && anchorsOf(readFileSync(found, 'utf8')).has(anchor);
}

const docs = ['README.md', ...walk('docs').filter((file) => file.endsWith('.md'))];
const rootFiles = readdirSync('.').filter((file) => statSync(file).isFile());
const code = [...CODE_FOLDERS.flatMap(walk), ...rootFiles].filter((file) => CODE_FILE.test(file));

describe('cited paths', () => {
  it('finds citations to check (the scanner reads what it should)', () => {
    const readme = readFileSync('README.md', 'utf8');
    expect(citedPaths('README.md', readme).length).toBeGreaterThan(0);
    expect(
      citedPaths('x.md', 'see `lib/platform/http/handler.ts`, @/lib/calls/record-call and ../lib/ignored.ts').map((c) => c.target),
    ).toEqual(['lib/platform/http/handler.ts', 'lib/calls/record-call']);
    expect(citedPaths('x.md', 'lib/<feature>/ and tests/**/*.test.ts and app/api/auth/[...all]/route.ts.').map((c) => c.target)).toEqual([
      'app/api/auth/[...all]/route.ts',
    ]);
    const sample =
      "/** lib/jsdoc */\nconst a = '// lib/not-a-comment'; /* lib/block */ const r = /'/; // lib/line\nfunction f() {\n  return a;\n  // lib/last\n}\n";
    expect(codeComments('x.ts', sample).map((c) => c.text)).toEqual(['/** lib/jsdoc */', '/* lib/block */', '// lib/line', '// lib/last']);
    expect(codeComments('x.tsx', 'const e = <div title="lib/attr">{/* lib/jsx */}</div>;\n').map((c) => c.text)).toEqual(['/* lib/jsx */']);
    expect(exists('lib/made-up/nowhere.ts')).toBe(false);
    expect(exists('lib/platform/http/handler')).toBe(true);
  });

  it('every path the README and docs/ cite exists', () => {
    const missing = docs
      .flatMap((file) => {
        const text = readFileSync(file, 'utf8');
        return [...citedPaths(file, text), ...markdownLinks(file, text)];
      })
      .filter((citation) => !exists(citation.target))
      .map((citation) => `${citation.where} → ${citation.target}`);
    expect(missing).toEqual([]);
  });

  it('every path a code comment cites exists', () => {
    expect(code.length).toBeGreaterThan(100);
    const missing = code
      .flatMap((file) => {
        const text = readFileSync(file, 'utf8');
        return codeComments(file, text).flatMap((comment) => citedPaths(file, comment.text, comment.offset, text));
      })
      .filter((citation) => !exists(citation.target))
      .map((citation) => `${citation.where} → ${citation.target}`);
    expect(missing).toEqual([]);
  });
});
