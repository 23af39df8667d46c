import nextCoreWebVitals from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';

const config = [
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    ignores: ['.next/**', 'node_modules/**', 'lib/platform/db/generated/**', '.data/**', 'test-results/**', 'playwright-report/**', '.lighthouseci/**', 'next-env.d.ts'],
  },
];

export default config;
