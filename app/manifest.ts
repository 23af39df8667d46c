import type { MetadataRoute } from 'next';

export default function manifest(): MetadataRoute.Manifest {
  return {
    id: '/queue',
    name: 'Callpace',
    short_name: 'Callpace',
    description: 'The fast, offline-first calling workspace for outbound sales teams.',
    start_url: '/queue',
    scope: '/',
    display: 'standalone',
    orientation: 'portrait',
    theme_color: '#155ac0',
    background_color: '#ffffff',
    categories: ['business', 'productivity'],
    icons: [
      { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: '/icons/maskable-192.png', sizes: '192x192', type: 'image/png', purpose: 'maskable' },
      { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
    shortcuts: [
      { name: 'Next lead', short_name: 'Next', url: '/next', icons: [{ src: '/icons/icon-192.png', sizes: '192x192' }] },
      { name: 'Search', short_name: 'Search', url: '/queue?search=1', icons: [{ src: '/icons/icon-192.png', sizes: '192x192' }] },
    ],
  };
}
