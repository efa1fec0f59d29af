#
# The trampoline: the one page of code that crosses between user and
# kernel space.  vm.c and proc.c map it at TRAMPOLINE in the kernel table
# and in every user table, so it keeps running while satp changes.
#
# uservec is the user-mode trap vector (stvec while in user space).  The
# process's trapframe sits at the fixed address TRAPFRAME in every user
# table; register xN is saved at byte 32 + 8*N of it (see proc.h).
#
# userret(satp) is called by usertrapret() in trap.c to go back.
#
#include "riscv.h"
#include "memlayout.h"

# Byte offsets in struct trapframe (proc.h).
#define TF_KERNEL_SATP    0
#define TF_KERNEL_SP      8
#define TF_KERNEL_TRAP    16
#define TF_KERNEL_HARTID  32
#define TF_REG(n)         (32 + 8 * (n))
#define TF_A0             TF_REG(10)

# Apply op (sd or ld) to each general register and its trapframe slot,
# skipping x0 and a0 (x10), which holds the trapframe's address.
.macro user_regs op
  .irp n, 1,2,3,4,5,6,7,8,9,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    \op x\n, TF_REG(\n)(a0)
  .endr
.endm

  .section trampsec, "ax"
  .globl trampoline
  .globl uservec
  .globl userret

  .align 4                  # stvec needs a 4-byte aligned vector
trampoline:
uservec:
  # Still on the user page table, with user registers live.  Park the
  # user's a0 in sscratch so a0 can address the trapframe.
  csrw sscratch, a0
  li a0, TRAPFRAME
  user_regs sd
  csrr t0, sscratch
  sd t0, TF_A0(a0)

  # Take on the kernel's identity: stack, hart id, and where to go.
  ld sp, TF_KERNEL_SP(a0)
  ld tp, TF_KERNEL_HARTID(a0)
  ld t0, TF_KERNEL_TRAP(a0)
  ld t1, TF_KERNEL_SATP(a0)

  # Switch to the kernel page table; the fences order the switch against
  # the user-table accesses above and drop stale user translations.
  sfence.vma zero, zero
  csrw satp, t1
  sfence.vma zero, zero

  # usertrap() never returns here.
  jr t0

userret:
  # a0: the satp value for the user page table.  sstatus and sepc are
  # already set up by usertrapret().
  sfence.vma zero, zero
  csrw satp, a0
  sfence.vma zero, zero

  li a0, TRAPFRAME
  user_regs ld
  ld a0, TF_A0(a0)          # last: a0 was the base register

  sret
