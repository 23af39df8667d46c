/** The demo team's admin and its one published password (prisma/seed writes them; the banner and `npm start` name them). */
export const DEMO_ADMIN_EMAIL = 'admin@callpace.test';
export const DEMO_PASSWORD = 'callpace-demo';
