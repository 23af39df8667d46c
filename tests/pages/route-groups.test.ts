/**
 * The route groups: each group's layout checks the role and renders the header once, and never sends a
 * signed-out visitor anywhere itself (it does not know the address to come back to: it renders just the
 * page, whose check does); each page in a group asks for its viewer with its own address, which is the check that guards what it reads (a layout
 * is not rendered again on a client-side navigation).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createElement, isValidElement, type ReactElement, type ReactNode } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const viewer = vi.hoisted(() => ({
  current: null as null | { id: string; name: string; email: string; role: 'AGENT' | 'MANAGER' | 'ADMIN'; timezone: string },
}));

vi.mock('@/lib/platform/auth/viewer', () => ({
  getViewer: async () => viewer.current,
  isManager: (v: { role: string }) => v.role === 'MANAGER' || v.role === 'ADMIN',
  requireViewer: async () => {
    throw new Error('a layout must not call requireViewer: it would send the visitor to sign in without the way back');
  },
}));
vi.mock('next/navigation', () => ({
  forbidden: () => {
    throw new Error('forbidden');
  },
  redirect: () => {
    throw new Error('a layout must not redirect');
  },
}));
vi.mock('@/components/ui/app-header', () => ({ AppHeader: (props: { name: string; home?: string }) => createElement('header', props) }));
vi.mock('@/components/offline/offline-header', () => ({ OfflineHeader: () => createElement('header') }));

type Layout = (props: { children: ReactNode }) => Promise<ReactNode> | ReactNode;
const layouts = {
  agent: async () => (await import('@/app/(agent)/layout')).default as Layout,
  manager: async () => (await import('@/app/(manager)/layout')).default as Layout,
  offline: async () => (await import('@/app/(offline)/layout')).default as Layout,
};
const person = (role: 'AGENT' | 'MANAGER' | 'ADMIN') => ({
  id: 'u1',
  name: `A ${role.toLowerCase()}`,
  email: 'u1@example.test',
  role,
  timezone: 'UTC',
});
const page = createElement('main', { id: 'page' });

/** The header element a layout rendered before the page, and the page itself. */
function parts(result: ReactNode): { header: ReactElement<{ name?: string; home?: string }>; rest: ReactNode[] } {
  expect(isValidElement(result)).toBe(true);
  const [header, ...rest] = ([] as ReactNode[]).concat((result as ReactElement<{ children: ReactNode }>).props.children);
  expect(isValidElement(header)).toBe(true);
  return { header: header as ReactElement<{ name?: string; home?: string }>, rest };
}

beforeEach(() => {
  viewer.current = null;
});

describe.each([
  { title: 'app/(agent)/layout.tsx', group: 'agent', allowed: ['AGENT'], refused: ['MANAGER', 'ADMIN'], home: undefined },
  { title: 'app/(manager)/layout.tsx', group: 'manager', allowed: ['MANAGER', 'ADMIN'], refused: ['AGENT'], home: '/dashboard' },
] as const)('$title', ({ group, allowed, refused, home }) => {
  it('renders only the page for a signed-out visitor, and sends them nowhere: the page does, with its address', async () => {
    const Layout = await layouts[group]();
    // The page must render: its requireViewer is what sends the visitor to sign in (a layout that rendered
    // nothing would leave that redirect to a race between the two).
    await expect(Layout({ children: page })).resolves.toBe(page);
  });

  it.each(refused)('refuses the role %s', async (role) => {
    viewer.current = person(role);
    const Layout = await layouts[group]();
    await expect(Layout({ children: page })).rejects.toThrow('forbidden');
  });

  it.each(allowed)('renders the header once, then the page, for %s', async (role) => {
    viewer.current = person(role);
    const Layout = await layouts[group]();
    const { header, rest } = parts(await Layout({ children: page }));
    expect([header.props.name, header.props.home]).toEqual([`A ${role.toLowerCase()}`, home]);
    expect(rest).toEqual([page]);
  });
});

describe('app/(offline)/layout.tsx', () => {
  it('needs no viewer (the pages are static and precached)', async () => {
    const Layout = await layouts.offline();
    const { rest } = parts(await Layout({ children: page }));
    expect(rest).toHaveLength(1);
    const source = readFileSync('app/(offline)/layout.tsx', 'utf8');
    expect(source).not.toMatch(/platform\/auth|next\/headers|cookies\(|headers\(/);
  });
});

/** Every page.tsx under a group folder, with its address (the group dropped). */
function groupPages(group: string): { file: string; url: string }[] {
  const root = path.join('app', group);
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((file) => path.basename(file) === 'page.tsx')
    .map((file) => ({ file: path.join(root, file), url: `/${path.dirname(file).split(path.sep).join('/')}` }));
}

describe.each([
  { title: 'pages in app/(agent)', group: '(agent)', roles: "['AGENT']" },
  { title: 'pages in app/(manager)', group: '(manager)', roles: "['MANAGER', 'ADMIN']" },
])('$title', ({ group, roles }) => {
  const pages = groupPages(group);

  it('are there', () => {
    expect(pages.length).toBeGreaterThan(0);
  });

  it.each(pages)('$url checks its viewer itself, with its own address to come back to', ({ file, url }) => {
    expect(readFileSync(file, 'utf8')).toContain(`requireViewer(${roles}, '${url}')`);
  });
});
