import { Register, RegisterExt } from 'iced-x86'

export type RegisterClass = 'gpr' | 'segment' | 'control' | 'debug' | 'test' | 'xmm' | 'mmx' | 'ip'

export interface RegisterInfo {
  register: Register
  class: RegisterClass
  /** Size in bits (segment/control/debug registers report their natural width). */
  bits: number
}

function classify(register: Register): RegisterClass | undefined {
  if (RegisterExt.isGPR(register)) return 'gpr'
  if (RegisterExt.isSegmentRegister(register)) return 'segment'
  if (RegisterExt.isCR(register)) return 'control'
  if (RegisterExt.isDR(register)) return 'debug'
  if (RegisterExt.isTR(register)) return 'test'
  if (RegisterExt.isXMM(register)) return 'xmm'
  if (RegisterExt.isMM(register)) return 'mmx'
  if (register === Register.RIP) return 'ip'
  return undefined
}

/** GAS spells a few registers differently from iced's enum names. */
function gasNames(icedName: string): string[] {
  const name = icedName.toLowerCase()
  const byteRegister = /^r(\d+)l$/.exec(name)
  if (byteRegister) return [`r${byteRegister[1]}b`, name]
  const debugRegister = /^dr(\d+)$/.exec(name)
  if (debugRegister) return [name, `db${debugRegister[1]}`]
  return [name]
}

/** Every register GAS accepts after `%`, built once from iced's Register enum. */
const registersByName: ReadonlyMap<string, RegisterInfo> = (() => {
  const table = new Map<string, RegisterInfo>()
  for (const [key, value] of Object.entries(Register)) {
    if (typeof value !== 'number' || !Number.isNaN(Number(key))) continue
    const registerClass = classify(value)
    if (!registerClass) continue
    const bits = RegisterExt.size(value) * 8
    for (const name of gasNames(key)) table.set(name, { register: value, class: registerClass, bits })
  }
  return table
})()

/** Looks up a register by its GAS name without the `%` (case-insensitive). */
export function lookupRegister(name: string): RegisterInfo | undefined {
  return registersByName.get(name.toLowerCase())
}
