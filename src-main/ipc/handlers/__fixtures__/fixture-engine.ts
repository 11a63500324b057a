// Test double for emulator-core while its run/scenario/report modules land: hand-made traces of reference
// scenario S3 (kvm-db-semantics.md §4) and a runaway loop. Only the e2e fixture scenarios are meaningful here.
import { parseDocument } from 'yaml'
import { compareTraces } from '../../../../emulator-core/src/compare'
import { NAMED_BUILDS } from '../../../../emulator-core/src/builds'
import { hex, InputErrors, type InputError, type Scenario, type Trace, type TraceEvent } from '../../../../emulator-core/src/types'
import type { Engine } from '../engine'


const MNEMONIC = /^(KVM_FEP|mov|movq|nop|hlt|jmp|int3|cpuid|pushf|popf)\b|^\w+:/i

export const fixtureEngine: Omit<Engine, 'renderReport' | 'listBuilds'> = {
  parseScenario(text, file) {
    const doc = parseDocument(text, { keepSourceTokens: true })
    const errors: InputError[] = doc.errors.map((e) => ({
      file,
      line: e.linePos?.[0].line ?? 1,
      column: e.linePos?.[0].col ?? 1,
      message: e.message.split('\n')[0],
    }))
    if (errors.length) throw new InputErrors(errors)
    const data = doc.toJS() as { name?: string; guest?: { asm?: string }; limits?: { instructions?: number } }
    const asm = data.guest?.asm ?? ''
    const asmLine = text.split('\n').findIndex((l) => /^\s*asm:\s*\|/.test(l)) + 2
    asm.split('\n').forEach((line, i) => {
      const body = line.replace(/#.*$/, '').trim()
      if (body && !MNEMONIC.test(body) && !/^\d+:/.test(body) && !body.startsWith('.'))
        errors.push({ file, line: asmLine + i, column: line.length - line.trimStart().length + 1, message: `unknown instruction '${body.split(/\s/)[0]}'` })
    })
    if (errors.length) throw new InputErrors(errors)
    return {
      schema: 'patchlab.scenario/1',
      name: data.name ?? 'unnamed',
      vendor: 'intel',
      guest: { asm, cpl: 0 },
      vcpu: { regs: {}, rflags: 2n, dr: {}, cr4: { de: false }, cpuid: { rtm: true, bus_lock_detect: true } },
      kvm: { force_emulation_prefix: true, fep_clear_rflags_rf: false, exception_payload: false },
      vmm: [],
      handlers: {},
      limits: { instructions: data.limits?.instructions ?? 10_000, exits: 16 },
      expect: {},
      file,
    } satisfies Scenario
  },
  runScenario(scenario, options) {
    const events: TraceEvent[] = []
    type Unsequenced = TraceEvent extends infer E ? (E extends TraceEvent ? Omit<E, 'seq'> : never) : never
    const push = (e: Unsequenced) => events.push({ ...e, seq: events.length } as TraceEvent)
    const trace = (outcome: Trace['outcome']): Trace => ({
      schema: 'patchlab.trace/1',
      scenario: scenario.name,
      build: options.build,
      stack: NAMED_BUILDS.find((b) => b.id === options.build)?.stack ?? [],
      mode: options.mode,
      vendor: options.vendor ?? scenario.vendor,
      outcome,
      events,
      guest_exceptions: [],
      exits: events.flatMap((e) => (e.kind === 'exit' ? [{ reason: e.reason, exception: e.exception, pc: e.pc, dr6: e.dr6, dr7: e.dr7 }] : [])),
      vmexits: [],
      vmm: [],
      final: { rip: hex(0x1000), rflags: hex(2), dr0: hex(0), dr1: hex(0), dr2: hex(0), dr3: hex(0), dr6: hex(0xffff0ff0), dr7: hex(0x400) },
      symbols: { X: hex(0x1000) },
    })
    if (/1:\s*jmp\s+1b/.test(scenario.guest.asm ?? '')) {
      for (let i = 0; i < scenario.limits.instructions; i++) {
        if (i < 100_000) push({ kind: 'insn', rip: hex(0x1000), text: 'jmp 0x1000', path: 'native', level: 'L1' })
        else spin()
      }
      return trace('limit')
    }
    const emulatedByPre = options.mode === 'fep' && options.build === 'pre'
    push({ kind: 'insn', rip: hex(0x1000), text: 'mov %dr0,%rax', path: options.mode === 'fep' ? 'emulated' : 'native', level: 'L1' })
    if (emulatedByPre) {
      push({ kind: 'insn', rip: hex(0x1008), text: 'hlt', path: 'native', level: 'L1' })
      push({ kind: 'exit', reason: 'HLT', by: 'kvm_emulate_halt' })
      return trace('halted')
    }
    const native = options.mode === 'native'
    push({ kind: 'exit', reason: 'DEBUG', exception: 1, pc: hex(0x1000), dr6: hex(0xffff2ff0), dr7: hex(native ? 0x2400 : 0x400), by: native ? 'handle_dr' : 'kvm_inject_emulated_db' })
    return trace('stopped')
  },
  compareTraces,
}

function spin(): void {
  const until = Date.now() + 1
  while (Date.now() < until);
}
