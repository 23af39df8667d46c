import type { Config } from 'tailwindcss';

// Loaded by app/globals.css through `@config`. Tailwind 4 finds sources on its
// own; the database folder is kept out of the scan (a socket there once crashed Turbopack).
const config: Config = {
  content: ['./app/**/*.{ts,tsx}', './components/**/*.{ts,tsx}'],
  theme: {
    extend: {
      colors: {
        brand: { 50: '#eef6ff', 100: '#d9eaff', 500: '#1d6fe0', 600: '#155ac0', 700: '#114a9c', 900: '#0b2a57' },
        ink: { 500: '#4b5563', 700: '#1f2937', 900: '#0f172a' },
      },
      fontFamily: {
        sans: ['system-ui', '-apple-system', 'Segoe UI', 'Roboto', 'Helvetica Neue', 'Arial', 'sans-serif'],
      },
    },
  },
};

export default config;
