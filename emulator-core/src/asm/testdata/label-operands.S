# Label values as immediates, displacements and data (absolute addresses need the link: as + ld).
start:
  mov $start, %eax
  mov $end, %rax
  push $end
  cmp $start, %rdx
  lea end, %rax
  jmp *table(,%rax,8)
  mov table(%rbx), %ecx
  movabs $end, %rdi
  add $end-start, %rcx
  .long end
  .quad start
table: .quad start, end
end: ret
