// Exporting the current comparison in each report format, through the reports handler.
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ReportFormat } from '../../../src-main/ipc/contract'
import { api, bridge } from '../ipc/lab'
import { useComparisonStore } from './comparison'

export const REPORT_FORMATS: ReportFormat[] = ['text', 'md', 'html', 'json']

export const useReportsStore = defineStore('reports', () => {
  const lastExport = ref<string>()
  const error = ref<string>()

  async function exportReport(format: ReportFormat): Promise<void> {
    const runId = useComparisonStore().runId
    if (!runId) return
    error.value = undefined
    try {
      const { fileName, text } = await api.renderReport(runId, format)
      if (bridge.platform === 'electron') {
        const { path } = await api.chooseSave(fileName)
        if (!path) return
        await api.saveText(path, text)
        lastExport.value = path
      } else {
        download(fileName, text)
        lastExport.value = fileName
      }
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e)
    }
  }

  return { lastExport, error, exportReport }
})

/** Browser mode has no file system access: hand the report to the browser's download manager. */
function download(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }))
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.click()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}
