/** The guest CPU: bare-metal x86-64 with the hypervisor seam the KVM model drives. */
export { Cpu } from './cpu'
export * from './seam'
export { undefinedFlags } from './alu'
export { MAX_MEMORY, DEFAULT_MEMORY } from './guest-memory'
