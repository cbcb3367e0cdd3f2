import tailwindcss from '@tailwindcss/vite'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// The SPA is built to dist/client and served by the Worker as static assets (wrangler.toml [assets]).
// Tailwind (v4, through its Vite plugin) styles the dashboard; public pages keep their own small CSS.
export default defineConfig({
  root: 'web',
  plugins: [react(), tailwindcss()],
  build: { outDir: '../dist/client', emptyOutDir: true, sourcemap: true },
  server: {
    host: '127.0.0.1',
    port: 5173,
    // `npm run dev:web`: HMR for the SPA, API calls go to the running hub.
    proxy: Object.fromEntries(['/api', '/media', '/l', '/webhooks'].map((p) => [p, 'http://127.0.0.1:8787'])),
  },
})
