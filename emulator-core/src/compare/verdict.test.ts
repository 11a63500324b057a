import { describe, expect, it } from 'vitest'
import type { Trace } from '../types'
import { compareTraces } from './compare'
import { s1Post, s1Pre, s3Post, s3Pre, s3nPost, s3nPre } from './__fixtures__/traces'

const limited = (t: Trace, detail: string): Trace => ({ ...t, outcome: 'limit', outcome_detail: detail })

describe('compare verdict words (issue 10 §2: the same words in the app and every report)', () => {
  it('S3 (reference Δ ≠) diverges', () => {
    expect(compareTraces({ name: 'S3' }, s3Pre, s3Post).verdict.text).toBe('diverges')
  })
  it('S1 (reference Δ =, DR6 written at injection on POST) has the same results but different internal steps', () => {
    expect(compareTraces({ name: 'S1' }, s1Pre, s1Post).verdict).toEqual({ kind: 'same-results', text: 'same results, internal KVM steps differ' })
  })
  it('S3n (identical on both builds) is the same', () => {
    expect(compareTraces({ name: 'S3n' }, s3nPre, s3nPost).verdict).toEqual({ kind: 'same', text: 'same' })
  })
  it('a side that stopped at its budget makes the verdict inconclusive, never same or diverges', () => {
    const b = limited(s3nPost, 'exit budget (64) reached')
    expect(compareTraces({ name: 'x' }, s3nPre, b).verdict).toEqual({ kind: 'inconclusive', text: 'inconclusive: budget reached on B', budget: ['B'] })
    const a = limited(s3Pre, 'instruction budget (50) reached')
    expect(compareTraces({ name: 'x' }, a, s3Post).verdict.text).toBe('inconclusive: budget reached on A')
    expect(compareTraces({ name: 'x' }, a, limited(s3Post, 'x')).verdict.text).toBe('inconclusive: budget reached on A and B')
  })
})
