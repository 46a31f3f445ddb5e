import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// No plugins: vite 8 compiles TSX itself, taking jsx/jsxImportSource (preact) from tsconfig.json.
const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  // The generated API contract (npm run generate): served as /api/openapi.json next to the app.
  publicDir: 'generated/public',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // swagger-ui is a ~1.5 MB lazy chunk loaded only on /api-docs.
    chunkSizeWarningLimit: 2000,
  },
  server: { port: 5173 },
});
