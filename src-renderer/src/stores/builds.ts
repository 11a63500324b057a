// The builds the engine offers, and what each side of the comparison runs.
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { Vendor } from '@patchlab/emulator-core/types'
import type { BuildListing, KnobOverrides, SideSpec } from '../../../src-main/ipc/contract'
import { api } from '../ipc/lab'

export const useBuildsStore = defineStore('builds', () => {
  const builds = ref<BuildListing[]>([])
  const sideA = ref<SideSpec>({ build: 'pre', mode: 'fep' })
  const sideB = ref<SideSpec>({ build: 'post', mode: 'fep' })
  /** undefined: the scenario's own vendor. */
  const vendor = ref<Vendor>()
  const knobs = ref<KnobOverrides>({})
  const instructionBudget = ref<number>()

  async function load(): Promise<void> {
    builds.value = await api.listBuilds()
    const ids = builds.value.map((b) => b.id)
    if (!ids.includes(sideA.value.build) && ids[0]) sideA.value = { ...sideA.value, build: ids[0] }
    if (!ids.includes(sideB.value.build) && ids.at(-1)) sideB.value = { ...sideB.value, build: ids.at(-1) as string }
  }

  /** Side A runs what B ran and B what A ran (build and mode). */
  function swap(): void {
    const a = sideA.value
    sideA.value = { ...sideB.value }
    sideB.value = { ...a }
  }

  return { builds, sideA, sideB, vendor, knobs, instructionBudget, load, swap }
})
