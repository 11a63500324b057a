// The renderer alone (browser mode, `npm run serve`, e2e): the same build electron-vite's renderer block uses.
import vue from '@vitejs/plugin-vue'
import { resolve } from 'node:path'
import { defineConfig, type Plugin, type UserConfig } from 'vite'
import { CONTENT_SECURITY_POLICY } from './src-main/security'

const r = (p: string) => resolve(import.meta.dirname, p)

/** One CSP for the page meta, the app:// protocol and the browser bridge: src-main/security.ts. */
const contentSecurityPolicy: Plugin = {
  name: 'patchlab-csp',
  transformIndexHtml: (html) => html.replace('%PATCHLAB_CSP%', CONTENT_SECURITY_POLICY),
}

export const rendererConfig: UserConfig = {
  root: r('src-renderer'),
  base: './',
  plugins: [vue(), contentSecurityPolicy],
  build: {
    outDir: r('out/renderer'),
    emptyOutDir: true,
    // Monaco is one large chunk by nature; the warning says nothing actionable here.
    chunkSizeWarningLimit: 6000,
    rollupOptions: { input: r('src-renderer/index.html') },
  },
  worker: { format: 'es' },
}

export default defineConfig(rendererConfig)
