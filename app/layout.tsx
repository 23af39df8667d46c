import type { Metadata, Viewport } from 'next';
import { ServiceWorker } from '@/components/pwa/service-worker';
import { VitalsReporter } from '@/components/vitals/vitals-reporter';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Callpace', template: '%s · Callpace' },
  description: 'The fast, offline-first calling workspace for outbound sales teams.',
  applicationName: 'Callpace',
  appleWebApp: { capable: true, title: 'Callpace', statusBarStyle: 'default' },
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  themeColor: '#155ac0',
};

export default function RootLayout({ children }: Readonly<{ children: React.ReactNode }>) {
  return (
    <html lang="en">
      <body className="min-h-dvh font-sans">
        {children}
        <ServiceWorker />
        <VitalsReporter />
      </body>
    </html>
  );
}
