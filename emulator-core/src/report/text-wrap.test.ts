import { describe, expect, it } from 'vitest'
import { columns, wrapText } from './text-wrap'

describe('wrapText', () => {
  it('breaks at spaces', () => {
    expect(wrapText('get_debugregs dr6=0xffff0ff0 dr7=0x400', 20)).toEqual(['get_debugregs', 'dr6=0xffff0ff0', 'dr7=0x400'])
  })
  it('breaks a long word after a comma or slash, else hard', () => {
    expect(wrapText('DEBUG(pc=0x1005,dr6=0xffff2ff0)', 20)).toEqual(['DEBUG(pc=0x1005,', 'dr6=0xffff2ff0)'])
    expect(wrapText('examples/nested/file.yaml', 12)).toEqual(['examples/', 'nested/', 'file.yaml'])
    expect(wrapText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij'])
  })
  it('returns one empty line for empty text', () => {
    expect(wrapText('', 10)).toEqual([''])
  })
})

describe('columns', () => {
  it('pads cells, indents continuation lines under the prefix and trims the right edge', () => {
    expect(columns('* 1 ', [{ text: 'HLT', width: 8 }, { text: 'get_debugregs dr6=0xffff0ff0', width: 14 }])).toEqual([
      '* 1 HLT       get_debugregs',
      '              dr6=0xffff0ff0',
    ])
  })
})
