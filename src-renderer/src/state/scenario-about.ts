// The scenario's own name and "what this shows" paragraph (its `description`), read leniently from the text as
// typed: an unparsable text simply has none (the editor's squiggles say why).
import { parse } from 'yaml'

export interface ScenarioAbout {
  name?: string
  description?: string
}

export function scenarioAbout(text: string): ScenarioAbout {
  try {
    const doc: unknown = parse(text)
    if (!doc || typeof doc !== 'object') return {}
    const { name, description } = doc as Record<string, unknown>
    return {
      name: typeof name === 'string' ? name : undefined,
      // YAML block scalars keep the source's line breaks: the paragraph reflows.
      description: typeof description === 'string' ? description.replace(/\s+/g, ' ').trim() : undefined,
    }
  } catch {
    return {}
  }
}
