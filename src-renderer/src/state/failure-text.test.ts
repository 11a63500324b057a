import { describe, expect, it } from 'vitest'
import { blankBuildErrors, failureText, inputErrorText } from './failure-text'

describe('failure text', () => {
  it('gives the scenario errors as file:line:column: key: message, by file name', () => {
    expect(inputErrorText({ file: '/tmp/lib/s03.yaml', line: 4, column: 7, key: 'guest.asm', message: "unknown mnemonic 'bogus'" })).toBe(
      "s03.yaml:4:7: guest.asm: unknown mnemonic 'bogus'",
    )
  })
  it('names the build field instead of the engine pseudo-file', () => {
    expect(inputErrorText({ file: '<build>', line: 1, column: 1, message: "unknown patch 'nope' (known: v3-01)" })).toBe("build: unknown patch 'nope' (known: v3-01)")
  })
  it('refuses blank build fields by side', () => {
    expect(blankBuildErrors(['pre', ' '])).toHaveLength(1)
    expect(failureText({ kind: 'input', errors: blankBuildErrors(['', 'post']) })).toMatch(/^build: side A has no build/)
  })
})
