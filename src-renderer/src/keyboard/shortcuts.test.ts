import { describe, expect, it } from 'vitest'
import { shortcutOf } from './shortcuts'

const key = (k: string, mods: { ctrl?: boolean; shift?: boolean; meta?: boolean; alt?: boolean } = {}) => ({
  key: k,
  ctrlKey: mods.ctrl ?? false,
  metaKey: mods.meta ?? false,
  shiftKey: mods.shift ?? false,
  altKey: mods.alt ?? false,
})

describe('shortcutOf', () => {
  it('maps the issue\'s shortcuts', () => {
    expect(shortcutOf(key('Enter', { ctrl: true }))).toBe('run')
    expect(shortcutOf(key('s', { ctrl: true }))).toBe('save')
    expect(shortcutOf(key('S', { ctrl: true, shift: true }))).toBe('save-as')
    expect(shortcutOf(key('o', { meta: true }))).toBe('open')
    expect(shortcutOf(key('Escape'))).toBe('cancel')
  })
  it('leaves other keys alone', () => {
    expect(shortcutOf(key('s'))).toBeUndefined()
    expect(shortcutOf(key('Enter'))).toBeUndefined()
    expect(shortcutOf(key('s', { ctrl: true, alt: true }))).toBeUndefined()
    expect(shortcutOf(key('Escape', { ctrl: true }))).toBeUndefined()
  })
})
