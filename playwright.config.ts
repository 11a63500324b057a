// Two tracks: `browser` drives Debian Chromium against the built renderer through the HTTP bridge;
// `electron` launches the real app and skips where no Electron binary exists.
import { defineConfig } from '@playwright/test'

export default defineConfig({
  testDir: 'e2e',
  globalSetup: './e2e/global-setup.ts',
  workers: 1,
  timeout: 60_000,
  reporter: [['list'], ['json', { outputFile: '.reports/e2e.json' }]],
  projects: [
    { name: 'browser', testMatch: /(?<!\.electron)\.spec\.ts$/ },
    { name: 'electron', testMatch: /\.electron\.spec\.ts$/ },
  ],
  use: {
    browserName: 'chromium',
    acceptDownloads: true,
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
})
