# A 200-line guest program in the style of the scenarios: debug-register setup, FEP-prefixed
# instructions, loops and data. Used by the assembler speed test and bench/asm.bench.ts.
.equ DR7_GD, 0x2000
.equ DEBUGCTL, 0x1d9

step0:
  mov $0x1000, %rax
  mov %rax, %dr0
  mov $0x401, %rax
  mov %rax, %dr7
  KVM_FEP
fep0: mov %dr6, %rbx
  pushfq
  orq $0x100, (%rsp)
  popfq
  nop
  cmpq $0x0, counter(%rip)
  jne step3
  lea table+0(%rip), %rcx
  mov (%rcx,%rdx,8), %rsi
  1: dec %rsi
  jnz 1b
  mov $DEBUGCTL, %ecx
  rdmsr
step1:
  mov $0x1008, %rax
  mov %rax, %dr0
  mov $0x411, %rax
  mov %rax, %dr7
  KVM_FEP
fep1: mov %dr6, %rbx
  pushfq
  orq $0x100, (%rsp)
  popfq
  nop
  cmpq $0x1, counter(%rip)
  jne step4
  lea table+8(%rip), %rcx
  mov (%rcx,%rdx,8), %rsi
  1: dec %rsi
  jnz 1b
  mov $DEBUGCTL, %ecx
  rdmsr
step2:
  mov $0x1010, %rax
  mov %rax, %dr0
  mov $0x421, %rax
  mov %rax, %dr7
  KVM_FEP
fep2: mov %dr6, %rbx
  pushfq
  orq $0x100, (%rsp)
  popfq
  nop
  cmpq $0x2, counter(%rip)
  jne step5
  lea table+16(%rip), %rcx
  mov (%rcx,%rdx,8), %rsi
  1: dec %rsi
  jnz 1b
  mov $DEBUGCTL, %ecx
  rdmsr
step3:
  mov $0x1018, %rax
  mov %rax, %dr0
  mov $0x431, %rax
  mov %rax, %dr7
  KVM_FEP
fep3: mov %dr6, %rbx
  pushfq
  orq $0x100, (%rsp)
  popfq
  nop
  cmpq $0x3, counter(%rip)
  jne step6
  lea table+24(%rip), %rcx
  mov (%rcx,%rdx,8), %rsi
  1: dec %rsi
  jnz 1b
  mov $DEBUGCTL, %ecx
  rdmsr
step4:
  mov $0x1020, %rax
  mov %rax, %dr0
  mov $0x401, %rax
  mov %rax, %dr7
  KVM_FEP
fep4: mov %dr6, %rbx
  pushfq
  orq $0x100, (%rsp)
  popfq
  nop
  cmpq $0x4, counter(%rip)
  jne step7
  lea table+32(%rip), %rcx
  mov (%rcx,%rdx,8), %rsi
  1: dec %rsi
  jnz 1b
  mov $DEBUGCTL, %ecx
  rdmsr
step5:
  mov $0x1028, %rax
  mov %rax, %dr0
  mov $0x411, %rax
  mov %rax, %dr7
  KVM_FEP
fep5: mov %dr6, %rbx
  pushfq
  orq $0x100, (%rsp)
  popfq
  nop
  cmpq $0x5, counter(%rip)
  jne step8
  lea table+40(%rip), %rcx
  mov (%rcx,%rdx,8), %rsi
  1: dec %rsi
  jnz 1b
  mov $DEBUGCTL, %ecx
  rdmsr
step6:
  mov $0x1030, %rax
  mov %rax, %dr0
  mov $0x421, %rax
  mov %rax, %dr7
  KVM_FEP
fep6: mov %dr6, %rbx
  pushfq
  orq $0x100, (%rsp)
  popfq
  nop
  cmpq $0x6, counter(%rip)
  jne step9
  lea table+48(%rip), %rcx
  mov (%rcx,%rdx,8), %rsi
  1: dec %rsi
  jnz 1b
  mov $DEBUGCTL, %ecx
  rdmsr
step7:
  mov $0x1038, %rax
  mov %rax, %dr0
  mov $0x431, %rax
  mov %rax, %dr7
  KVM_FEP
fep7: mov %dr6, %rbx
  pushfq
  orq $0x100, (%rsp)
  popfq
  nop
  cmpq $0x7, counter(%rip)
  jne step0
  lea table+56(%rip), %rcx
  mov (%rcx,%rdx,8), %rsi
  1: dec %rsi
  jnz 1b
  mov $DEBUGCTL, %ecx
  rdmsr
step8:
  mov $0x1040, %rax
  mov %rax, %dr0
  mov $0x401, %rax
  mov %rax, %dr7
  KVM_FEP
fep8: mov %dr6, %rbx
  pushfq
  orq $0x100, (%rsp)
  popfq
  nop
  cmpq $0x8, counter(%rip)
  jne step1
  lea table+64(%rip), %rcx
  mov (%rcx,%rdx,8), %rsi
  1: dec %rsi
  jnz 1b
  mov $DEBUGCTL, %ecx
  rdmsr
step9:
  mov $0x1048, %rax
  mov %rax, %dr0
  mov $0x411, %rax
  mov %rax, %dr7
  KVM_FEP
fep9: mov %dr6, %rbx
  pushfq
  orq $0x100, (%rsp)
  popfq
  nop
  cmpq $0x9, counter(%rip)
  jne step2
  lea table+72(%rip), %rcx
  mov (%rcx,%rdx,8), %rsi
  1: dec %rsi
  jnz 1b
  mov $DEBUGCTL, %ecx
  rdmsr
  hlt
.align 8
counter: .quad 0
table:
  .quad step0, fep0
