// Expected strings come from the SDM's bit definitions (Vol. 3 §18.2.3 DR6, §18.2.4 DR7, Table 6-1,
// Appendix C, §25.9.2) and the DR6 values of docs/reference/kvm-db-semantics.md §4 (S1, S1b, S1c, S3, S7).
import { describe, expect, it } from 'vitest'
import {
  decodeDbPayload, decodeDr6, decodeDr7, decodeExitFields, decodeIntrInfo, decodeNamedValue, decodeSvmExitCode,
  decodeVmExitFields, decodeVmxExitReason, decodedExitText, dr6Delta, exceptionText, exitHeadline, raisedByText,
} from '.'

describe('DR6 (SDM §18.2.3; RTM bit 16 and BLD bit 11 are active low)', () => {
  it('names the set conditions of docs/reference/kvm-db-semantics.md §4 values', () => {
    expect(decodeDr6('0xffff2ff0').text).toBe('0xffff2ff0 (BD)') // S1, S3: general detect
    expect(decodeDr6('0xffff4ff1').text).toBe('0xffff4ff1 (BS B0)') // S1b initial DR6
    expect(decodeDr6('0xffff6ff0').text).toBe('0xffff6ff0 (BS BD)') // S1b after the GD #DB
    expect(decodeDr6('0xfffe0ff0').text).toBe('0xfffe0ff0 (RTM clear)') // S1c: RTM active
    expect(decodeDr6('0xffff0ff1').text).toBe('0xffff0ff1 (B0)') // S7: DR0 code breakpoint
    expect(decodeDr6('0xffff4ff0').text).toBe('0xffff4ff0 (BS)') // S10, S12: single step
    expect(decodeDr6('0xffff0ff0').text).toBe('0xffff0ff0 (none)') // DR6_ACTIVE_LOW, reset value
    expect(decodeDr6('0xffff07f0').names).toEqual(['BLD clear'])
    expect(decodeDr6(0xffff8ff0n).names).toEqual(['BT'])
  })
  it('flags bit 12 and reserved bits that do not read as the SDM says', () => {
    expect(decodeDr6('0xffff1ff0').names).toEqual(['bit12'])
    expect(decodeDr6('0xffff0f00').names).toEqual(['reserved^0xf0'])
  })
  it('gives the bit delta between two DR6 values', () => {
    expect(dr6Delta('0xffff0ff0', '0xffff2ff0')).toEqual(['+BD']) // S2c: BD lost on one side
    expect(dr6Delta('0xffff4ff1', '0xffff6ff0')).toEqual(['+BD', '-B0']) // S1b: B0 cleared, BS kept
    expect(dr6Delta('0xffff0ff0', '0xfffe0ff0')).toEqual(['+RTM clear'])
    expect(dr6Delta('0xffff2ff0', '0xffff2ff0')).toEqual([])
  })
  it('has a bit table with the SDM name of each field, most significant first', () => {
    const table = decodeDr6('0xffff2ff0').table
    expect(table.map((r) => r.bits)).toEqual(['63-32', '31-17', '16', '15', '14', '13', '12', '11', '10-4', '3', '2', '1', '0'])
    expect(table.find((r) => r.bits === '13')).toEqual({ bits: '13', name: 'BD', sdm: 'BD: debug register access detected (DR7.GD)', value: '1', active: true })
    expect(table.find((r) => r.bits === '16')).toMatchObject({ name: 'RTM', value: '1', active: false, meaning: 'set: no condition (active low)' })
    expect(table.find((r) => r.bits === '10-4')).toMatchObject({ value: '0x7f', active: false })
  })
})

describe('#DB payload / VMX pending-debug and #DB exit qualification (all active high)', () => {
  it('decodes S1 and S2 payloads', () => {
    expect(decodeDbPayload('0x2000').text).toBe('0x2000 (BD)')
    expect(decodeDbPayload('0x10000').text).toBe('0x10000 (RTM)')
    expect(decodeDbPayload('0x4001').text).toBe('0x4001 (BS B0)')
    expect(decodeDbPayload('0x1000').names).toEqual(['enabled-bp'])
  })
})

describe('DR7 (SDM §18.2.4)', () => {
  it('lists enabled breakpoints with type and length', () => {
    expect(decodeDr7('0x402').text).toBe('0x402 (G0 exec)') // S7: bit 1 is G0
    expect(decodeDr7('0x401').text).toBe('0x401 (L0 exec)')
    expect(decodeDr7('0x2400').text).toBe('0x2400 (GD)') // S1
    expect(decodeDr7('0x400').text).toBe('0x400 (none)') // DR7 reset value
    // G1 | R/W1 = 01 (write) | LEN1 = 11 (4 bytes)
    expect(decodeDr7(0x400n | 0x8n | (1n << 20n) | (3n << 22n)).text).toBe('0xd00408 (G1 write 4)')
    // L2 and G2 | R/W2 = 11 (read/write) | LEN2 = 10 (8 bytes in 64-bit mode)
    expect(decodeDr7(0x400n | 0x30n | (3n << 24n) | (2n << 26n)).names).toEqual(['L2/G2 rw 8'])
    expect(decodeDr7('0x700').names).toEqual(['LE/GE'])
    expect(decodeDr7('0x500').names).toEqual(['LE'])
  })
  it('has R/W and LEN meanings in the bit table', () => {
    const table = decodeDr7(0x400n | 0x8n | (1n << 20n) | (3n << 22n)).table
    expect(table.find((r) => r.name === 'R/W1')).toMatchObject({ bits: '21-20', value: '0b01', meaning: 'break on data writes only', active: true })
    expect(table.find((r) => r.name === 'LEN1')).toMatchObject({ bits: '23-22', value: '0b11', meaning: '4 bytes' })
    expect(table.find((r) => r.name === 'GD')).toMatchObject({ sdm: 'GD: general detect enable (#DB on any MOV to or from a debug register)', active: false })
  })
})

describe('exceptions and exits', () => {
  it('names vectors as SDM Table 6-1', () => {
    expect(exceptionText(1)).toBe('#DB (vector 1)')
    expect(exceptionText(6)).toBe('#UD (vector 6)')
    expect(exceptionText(33)).toBe('vector 33')
    expect(raisedByText(6, 'Ud2')).toBe('#UD raised by UD2')
  })
  it('decodes KVM_EXIT_DEBUG of S3: exception, pc, dr6, dr7 each decoded', () => {
    const exit = { reason: 'DEBUG' as const, exception: 1, pc: '0x1005' as const, dr6: '0xffff2ff0' as const, dr7: '0x400' as const }
    expect(exitHeadline(exit)).toBe('DEBUG (#DB, vector 1)')
    expect(decodeExitFields(exit).map((f) => [f.name, f.text])).toEqual([
      ['exception', '#DB (vector 1)'], ['pc', '0x1005'], ['dr6', '0xffff2ff0 (BD)'], ['dr7', '0x400 (none)'],
    ])
    expect(decodedExitText(exit)).toBe('DEBUG (#DB, vector 1) pc=0x1005 dr6=0xffff2ff0 (BD) dr7=0x400 (none)')
    expect(decodedExitText({ reason: 'HLT' })).toBe('HLT (KVM_EXIT_HLT 5)')
  })
  it('decodes S12 entry failure reason 0x80000021 (invalid guest state, basic reason 33)', () => {
    expect(decodedExitText({ reason: 'FAIL_ENTRY', hardware_entry_failure_reason: '0x80000021' }))
      .toBe('FAIL_ENTRY (KVM_EXIT_FAIL_ENTRY 9) reason=0x80000021 (VM-entry failure due to invalid guest state (33))')
  })
})

describe('nested VM-exits', () => {
  it('VMX: S15 #DB exit (reason 0, intr_info 0x80000301, qualification as pending-debug bits)', () => {
    expect(decodeVmxExitReason('0x0')).toBe('EXCEPTION_NMI: exception or non-maskable interrupt (0)')
    expect(decodeIntrInfo('0x80000301')).toBe('0x80000301 (valid, hardware exception, #DB)')
    expect(decodeIntrInfo('0x80000b0d')).toBe('0x80000b0d (valid, hardware exception, #GP, error code valid)')
    const fields = decodeVmExitFields({ reason: '0x0', intr_info: '0x80000301', exit_qualification: '0x1', dr6: '0xffff0ff0' }, 'intel')
    expect(fields.map((f) => [f.name, f.text])).toEqual([
      ['reason', 'EXCEPTION_NMI: exception or non-maskable interrupt (0)'],
      ['intr_info', '0x80000301 (valid, hardware exception, #DB)'],
      ['exit_qualification', '0x1 (B0)'],
      ['dr6', '0xffff0ff0 (none)'],
    ])
  })
  it('SVM: S13 #DB intercept exit code 0x41 (SVM_EXIT_EXCP_BASE + 1)', () => {
    expect(decodeSvmExitCode('0x41')).toBe('EXCP_BASE+1: #DB intercept (0x41)')
    expect(decodeSvmExitCode('0x46')).toBe('EXCP_BASE+6: #UD intercept (0x46)')
    expect(decodeVmExitFields({ reason: '0x41', dr6: '0xffff2ff0' }, 'amd').map((f) => f.text)).toEqual(['EXCP_BASE+1: #DB intercept (0x41)', '0xffff2ff0 (BD)'])
  })
})

describe('decodeNamedValue', () => {
  it('decodes trace fields by name', () => {
    expect(decodeNamedValue('dr6_after', '0xffff2ff0')?.text).toBe('0xffff2ff0 (BD)')
    expect(decodeNamedValue('final.dr7', '0x2400')?.text).toBe('0x2400 (GD)')
    expect(decodeNamedValue('exits[0].dr6', '0xffff4ff0')?.text).toBe('0xffff4ff0 (BS)')
    expect(decodeNamedValue('payload', '0x2000', 1)?.text).toBe('0x2000 (BD)')
    expect(decodeNamedValue('payload', '0x1000', 14)).toBeUndefined()
    expect(decodeNamedValue('rip', '0x1000')).toBeUndefined()
  })
})
