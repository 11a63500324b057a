import { Formatter, FormatterSyntax, type Instruction } from 'iced-x86'

/** One GAS-syntax formatter for the whole process (creating iced formatters per call is slow). */
const formatter = (() => {
  const f = new Formatter(FormatterSyntax.Gas)
  f.hexPrefix = '0x'
  f.hexSuffix = ''
  f.uppercaseHex = false
  f.smallHexNumbersInDecimal = false
  f.branchLeadingZeros = false
  f.leadingZeros = false
  f.spaceAfterOperandSeparator = false
  f.ripRelativeAddresses = true
  return f
})()

/** Formats one instruction in AT&T syntax with lowercase `0x…` numbers (shared with the CPU trace). */
export function formatGas(instruction: Instruction): string {
  return formatter.format(instruction)
}
