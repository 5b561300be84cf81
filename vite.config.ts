import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The playground is a static site: everything (Monaco, fonts, schemas) is bundled, nothing is
// fetched at run time. The engine and the shell run in a module Web Worker.
export default defineConfig({
  plugins: [react()],
  base: './',
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 4096,
  },
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
});
