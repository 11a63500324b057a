// The renderer alone (browser mode, `npm run serve`, e2e): the same build electron-vite's renderer block uses.
import vue from '@vitejs/plugin-vue'
import { resolve } from 'node:path'
import { defineConfig, type UserConfig } from 'vite'

const r = (p: string) => resolve(import.meta.dirname, p)

export const rendererConfig: UserConfig = {
  root: r('src-renderer'),
  base: './',
  plugins: [vue()],
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
