// Light or dark: follows the OS (prefers-color-scheme) until the user picks one; the choice is remembered.
import { defineStore } from 'pinia'
import { computed, ref, watchEffect } from 'vue'

export type ThemeChoice = 'system' | 'light' | 'dark'
const STORAGE_KEY = 'patchlab.theme'
const CHOICES: ThemeChoice[] = ['system', 'light', 'dark']

export const useThemeStore = defineStore('theme', () => {
  const stored = localStorage.getItem(STORAGE_KEY) as ThemeChoice | null
  const choice = ref<ThemeChoice>(stored && CHOICES.includes(stored) ? stored : 'system')
  const media = window.matchMedia('(prefers-color-scheme: dark)')
  const systemDark = ref(media.matches)
  media.addEventListener('change', (e) => (systemDark.value = e.matches))

  const dark = computed(() => (choice.value === 'system' ? systemDark.value : choice.value === 'dark'))

  watchEffect(() => {
    document.documentElement.dataset.theme = dark.value ? 'dark' : 'light'
  })

  /** The toggle walks system → light → dark → system. */
  function toggle(): void {
    choice.value = CHOICES[(CHOICES.indexOf(choice.value) + 1) % CHOICES.length]
    localStorage.setItem(STORAGE_KEY, choice.value)
  }

  return { choice, dark, toggle }
})
