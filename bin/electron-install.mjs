// Electron's binary is downloaded on first start (electron >= 42 has no install script). When that
// fails (offline, a proxy), say so in one paragraph a user can act on, not with a stack trace.
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

/** Runs Electron's own installer; `{ ok: true }` or the reason it failed, in its own words. */
export function installElectron(env = process.env) {
  const script = require.resolve('electron/install.js')
  const result = spawnSync(process.execPath, [script], { env, encoding: 'utf8' })
  if (result.status === 0) return { ok: true }
  const output = `${result.stderr ?? ''}\n${result.stdout ?? ''}`
  // The first line that says what went wrong (e.g. "TypeError: fetch failed", "HTTPError: 404").
  const reason = output.split('\n').map((l) => l.trim()).find((l) => /error|fail|ENOTFOUND|ECONNREFUSED|EAI_AGAIN/i.test(l)) ?? `exit status ${result.status}`
  return { ok: false, reason }
}

/** The paragraph `npm start` prints when the binary cannot be had. */
export function downloadFailedMessage(reason) {
  const { version } = require('electron/package.json')
  const file = `electron-v${version}-${process.platform}-${process.arch}.zip`
  return [
    `PatchLab could not download Electron ${version}, the desktop shell (${reason.replace(/^\w*Error: /, '')}).`,
    'This happens offline or behind a proxy: Electron fetches its binary from GitHub on first start.',
    `Point ELECTRON_MIRROR at a mirror that has it (ELECTRON_MIRROR=https://mirror.example/electron/ npm start),`,
    `or put ${file} in a folder and start with electron_config_cache=THAT_FOLDER npm start.`,
    'The same lab also runs in your browser without Electron: npm run serve.',
  ].join('\n')
}
