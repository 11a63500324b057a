// Exporting the current comparison in each report format, through the reports handler.
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ReportFormat, ReportTrailerKind } from '../../../src-main/ipc/contract'
import { downloadFile } from '../download'
import { api, bridge } from '../ipc/lab'
import { useComparisonStore } from './comparison'

export const REPORT_FORMATS: ReportFormat[] = ['text', 'md', 'html', 'json']

export const useReportsStore = defineStore('reports', () => {
  const lastExport = ref<string>()
  const error = ref<string>()
  /** Opt-in trailer for the exported report; none by default (a model result is not a hardware test). */
  const trailer = ref<ReportTrailerKind | ''>('')

  async function exportReport(format: ReportFormat): Promise<void> {
    const runId = useComparisonStore().resultRunId
    if (!runId) return
    error.value = undefined
    try {
      const { fileName, text } = await api.renderReport(runId, format, trailer.value || undefined)
      if (bridge.platform === 'electron') {
        const { path } = await api.chooseSave(fileName)
        if (!path) return
        await api.saveText(path, text)
        lastExport.value = path
      } else {
        downloadFile(fileName, text, 'text/plain;charset=utf-8')
        lastExport.value = fileName
      }
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e)
    }
  }

  return { lastExport, error, trailer, exportReport }
})
