// What the build combobox offers for the text typed so far: named builds, or, after a `+`, the patches that can
// extend the stack (a custom stack such as `pre+v3-05`). Each option shows the patch subject it adds.
import type { BuildListing } from '../../../src-main/ipc/contract'

export interface BuildOption {
  /** The field's text once this option is chosen. */
  value: string
  /** What the list shows: the id, then the patch subject or the build's description. */
  label: string
  title: string
}

export function buildLabel(b: BuildListing): string {
  return `${b.id} — ${b.subject ?? b.description}`
}

export function buildOptions(builds: readonly BuildListing[], typed: string): BuildOption[] {
  const plus = typed.lastIndexOf('+')
  if (plus < 0) {
    const query = typed.trim().toLowerCase()
    // An exact id shows the whole list: the field holds a choice, and the list offers the others.
    const all = !query || builds.some((b) => b.id === query)
    return builds
      .filter((b) => all || buildLabel(b).toLowerCase().includes(query))
      .map((b) => ({ value: b.id, label: buildLabel(b), title: `${b.description}${b.stack.length ? ` (stack: ${b.stack.join(' + ')})` : ''}` }))
  }
  const head = typed.slice(0, plus)
  const query = typed.slice(plus + 1).trim().toLowerCase()
  // Patches are the builds whose id is their own patch (v2-02, v3-01 …): their subject is the patch subject.
  return builds
    .filter((b) => b.subject !== undefined && `${b.id} ${b.subject}`.toLowerCase().includes(query))
    .map((b) => ({ value: `${head}+${b.id}`, label: `+${b.id} — ${b.subject}`, title: `${head} with patch ${b.id} added on top` }))
}
