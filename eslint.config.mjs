import nextCoreWebVitals from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';

/** The layers (docs/architecture.md): app → components → lib/<feature> → lib/platform. */
const FEATURES = ['alerts', 'audit', 'calls', 'imports', 'jobs', 'leads', 'offline', 'performance', 'reports', 'users', 'vitals'];

const databaseModule = {
  group: [
    '**/platform/db/client',
    '**/platform/db/client.ts',
    '**/platform/db/generated/client',
    '**/platform/db/generated/client.ts',
    '**/platform/db/sql',
    '**/platform/db/adapter',
  ],
  message: 'Pages, layouts, route handlers and components read and write through lib/<feature>/ functions, never the database module.',
};

/** String-built SQL: the one place an injection could hide. Typed SQL goes through db.$kysely (docs/architecture.md). */
const noUnsafeSql = [
  {
    selector: "MemberExpression[property.name='$queryRawUnsafe']",
    message: 'No $queryRawUnsafe: use db.$kysely (typed) or the model API.',
  },
  {
    selector: "MemberExpression[property.name='$executeRawUnsafe']",
    message: 'No $executeRawUnsafe: use db.$kysely (typed) or the model API.',
  },
  {
    selector: "MemberExpression[property.name='$queryRaw']",
    message: 'No $queryRaw: use db.$kysely, whose rows are typed from schema.prisma.',
  },
  {
    selector: "MemberExpression[property.name='$executeRaw']",
    message: 'No $executeRaw: use db.$kysely, whose statements are typed from schema.prisma.',
  },
  {
    selector: "MemberExpression[object.name='Prisma'][property.name=/^(sql|raw|join)$/]",
    message: 'No Prisma.sql fragments: build SQL with Kysely.',
  },
];

const belowTheUi = {
  group: ['**/components/**', '@/components/**', '@/app/**', '../app/**', '../../app/**'],
  message: 'lib/ is below components and routes: it never imports them.',
};

const featureFromPlatform = {
  group: FEATURES.flatMap((feature) => [`@/lib/${feature}/**`, `../${feature}/**`, `../../${feature}/**`]),
  message: 'lib/platform is what features use: it never imports a feature (hand it what it needs instead).',
};

const config = [
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    ignores: [
      '.next/**',
      'node_modules/**',
      'lib/platform/db/generated/**',
      '.data/**',
      'test-results/**',
      'playwright-report/**',
      '.lighthouseci/**',
      'next-env.d.ts',
    ],
  },
  {
    files: ['**/*.{ts,tsx,mts,mjs}'],
    rules: {
      'no-restricted-syntax': ['error', ...noUnsafeSql],
      'import/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    files: ['app/**/*.{ts,tsx}', 'components/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: [databaseModule] }] },
  },
  {
    files: ['lib/platform/**/*.{ts,tsx,mjs}'],
    rules: { 'no-restricted-imports': ['error', { patterns: [belowTheUi, featureFromPlatform] }] },
  },
  {
    files: ['lib/**/*.{ts,tsx}'],
    ignores: ['lib/platform/**', 'lib/**/browser/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [belowTheUi] }] },
  },
];

export default config;
