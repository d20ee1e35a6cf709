import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Served by the API under /admin/; Vite's dev and preview servers proxy API calls to HERMES_API_URL.
export default defineConfig({
  root: __dirname,
  base: '/admin/',
  plugins: [react()],
  build: { outDir: '../../dist/apps/admin', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: {
    port: 5173,
    proxy: Object.fromEntries(['/admin-api', '/auth', '/health'].map((path) => [path, process.env.HERMES_API_URL ?? 'http://localhost:8000'])),
  },
});
