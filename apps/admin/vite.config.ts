import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Served by the API under /admin/; Vite's dev and preview servers proxy API calls to HERMES_API_URL.
export default defineConfig({
  root: __dirname,
  base: '/admin/',
  plugins: [react()],
  // The record values the API uses too (libs/model holds plain constants only).
  resolve: { alias: { '@hermes/model': resolve(__dirname, '../../libs/model/src/index.ts') } },
  build: { outDir: '../../dist/apps/admin', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: {
    port: 5173,
    proxy: Object.fromEntries(['/admin-api', '/auth', '/health'].map((path) => [path, process.env.HERMES_API_URL ?? 'http://localhost:8000'])),
  },
});
