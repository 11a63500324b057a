/** PatchLab's version, as reports and `patchlab --version` state it (equal to package.json's; tested). */
export const PATCHLAB_VERSION = '0.1.0'
