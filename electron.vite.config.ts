// electron-vite: main (ESM), preload (forced to one CommonJS file: sandboxed preloads cannot be ESM), renderer.
import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import { rendererConfig } from './vite.web.config'

const r = (p: string) => resolve(import.meta.dirname, p)

export default defineConfig({
  main: {
    build: {
      outDir: r('out/main'),
      rollupOptions: { input: { index: r('src-main/index.ts') } },
      // iced-x86 loads its .wasm from beside its own file: keep it in node_modules instead of bundling it.
      // The engine is a workspace package shipped as TypeScript: bundle it (Electron cannot load .ts).
      externalizeDeps: { include: ['iced-x86'], exclude: ['@patchlab/emulator-core'] },
    },
  },
  preload: {
    build: {
      outDir: r('out/preload'),
      rollupOptions: { input: { index: r('src-main/preload/index.ts') }, output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  renderer: rendererConfig,
})
