import type { CompareResult, ReportOptions } from '../types'
import { renderHtml } from './html'
import { renderJson } from './json'
import { renderMarkdown } from './markdown'
import { renderText } from './text'

/** Report formats, as `patchlab compare --format` and the app's export name them. */
export type ReportFormat = 'text' | 'md' | 'html' | 'json'

export const REPORT_FORMATS: readonly ReportFormat[] = ['text', 'md', 'html', 'json']

const RENDERERS: Record<ReportFormat, (result: CompareResult, options: ReportOptions) => string> = {
  text: renderText,
  md: renderMarkdown,
  html: renderHtml,
  json: renderJson,
}

/** Renders a comparison in one format; pure, so the CLI and the desktop app share it. */
export function renderReport(result: CompareResult, format: ReportFormat, options: ReportOptions = {}): string {
  return RENDERERS[format](result, options)
}

export { renderHtml, renderJson, renderMarkdown, renderText }
export { eventText } from './event-text'
export { parsePatchMail, replyContext, type PatchMail } from './reply'
export { divergingFunction, reportModel } from './model'
export { scenarioFromText } from './text'
