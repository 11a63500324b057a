import { describe, expect, it } from 'vitest'
import { InputErrors } from '../types/run'
import { parseScenario } from './parse'
import { serializeScenario } from './serialize'

const BASE = `schema: patchlab.scenario/1
name: t
guest:
  asm: |
    KVM_FEP
    x: mov %dr0, %rax
    hlt
vcpu:
  dr: { dr0: x+1, dr7: 0x2400 }
kvm:
  guest_debug: { control: [ENABLE, USE_HW_BP], debugreg: { dr7: 0x2400 } }
vmm:
  - on: { exit: DEBUG, nth: 1 }
    do: [get_vcpu_events, { set_debugregs: { dr6: 0xffff0ff0 } }, { set_regs: { rip: next } }, resume]
handlers:
  DB: { clear_dr6: false }
expect:
  post/fep: { exits: [{ reason: DEBUG, exception: 1, pc: x, dr6: 0xffff2ff0 }] }
`

function errorsOf(text: string): InputErrors['errors'] {
  try {
    parseScenario(text, 's.yaml')
  } catch (e) {
    if (e instanceof InputErrors) return e.errors
    throw e
  }
  throw new Error('expected InputErrors')
}

describe('parseScenario', () => {
  it('applies the documented defaults and keeps labels symbolic', () => {
    const s = parseScenario(BASE, 's.yaml')
    expect(s.vendor).toBe('intel')
    expect(s.vcpu.rflags).toBe(0x2n)
    expect(s.vcpu.dr).toEqual({ dr0: { label: 'x', offset: 1n }, dr7: 0x2400n })
    expect(s.kvm).toMatchObject({ force_emulation_prefix: true, exception_payload: false })
    expect(s.handlers.DB).toEqual({ kind: 'recorder', clear_dr6: false, set_rf: 'code-bp' })
    expect(s.limits).toEqual({ instructions: 100000, exits: 64 })
    expect(s.guest.asm_line).toBe(5)
  })
  it('names file, line, column and key for an unknown key and a bad hex value', () => {
    const errors = errorsOf(BASE.replace('dr7: 0x2400 }\nkvm', 'dr7: 0x24g0, dr9: 1 }\nkvm'))
    expect(errors).toEqual([
      { file: 's.yaml', line: 9, column: 24, key: 'vcpu.dr.dr7', message: 'bad value "0x24g0": expected a non-negative number (0x… or decimal)' },
      { file: 's.yaml', line: 9, column: 32, key: 'vcpu.dr.dr9', message: "unknown key 'dr9'" },
    ])
  })
  it('maps assembler errors into the YAML file (line of the asm line, column past the indentation)', () => {
    const errors = errorsOf(BASE.replace('    hlt\n', '    hlt %eax\n'))
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatchObject({ file: 's.yaml', line: 7, column: 5, key: 'guest.asm' })
  })
  it('reports unknown labels and unknown builds in expect keys', () => {
    const errors = errorsOf(BASE.replace('dr0: x+1', 'dr0: nowhere').replace('post/fep:', 'pst/fep:'))
    expect(errors.map((e) => [e.line, e.key, e.message.split(' (')[0]])).toEqual([
      [18, 'expect.pst/fep', "unknown build 'pst'"],
      [9, 'vcpu.dr.dr0', "unknown label 'nowhere'"],
    ])
  })
  it('reports YAML syntax errors with their position', () => {
    const errors = errorsOf('schema: patchlab.scenario/1\nname: t\nname: u\n')
    expect(errors).toEqual([{ file: 's.yaml', line: 3, column: 1, message: 'Map keys must be unique' }])
  })
})

describe('serializeScenario', () => {
  it('round-trips through parseScenario', () => {
    const s = parseScenario(BASE, 's.yaml')
    const again = parseScenario(serializeScenario(s), 's.yaml')
    expect({ ...again, guest: { ...again.guest, asm_line: 0 } }).toEqual({ ...s, guest: { ...s.guest, asm_line: 0 } })
  })
  it('writes guest values as lowercase hex and labels as label+N', () => {
    const text = serializeScenario(parseScenario(BASE, 's.yaml'))
    expect(text).toContain('dr7: 0x2400')
    expect(text).toContain('dr0: x+1')
    expect(text).toContain('dr6: 0xffff2ff0')
  })
})
