#
# Trap vector while in supervisor mode (stvec, set by trap.c).
#
# A trap here interrupts kernel code at an arbitrary instruction, so
# every register that a C call may clobber is saved on the current
# kernel stack around the call to kerneltrap(); the callee-saved ones
# are preserved by kerneltrap() itself.
#
# tp is saved but not restored: kerneltrap() may yield, and the thread
# may resume on another hart, whose id must stay in tp.
#

#define FRAME 144   /* 17 saved registers, rounded up to keep sp 16-byte aligned */

# Apply op (sd or ld) to each saved register and its stack slot.
.macro each_saved op
  \op ra,  0(sp)
  \op t0,  8(sp)
  \op t1, 16(sp)
  \op t2, 24(sp)
  \op t3, 32(sp)
  \op t4, 40(sp)
  \op t5, 48(sp)
  \op t6, 56(sp)
  \op a0, 64(sp)
  \op a1, 72(sp)
  \op a2, 80(sp)
  \op a3, 88(sp)
  \op a4, 96(sp)
  \op a5, 104(sp)
  \op a6, 112(sp)
  \op a7, 120(sp)
.endm

  .section .text
  .globl kernelvec
  .align 4                  # stvec needs a 4-byte aligned vector
kernelvec:
  addi sp, sp, -FRAME
  each_saved sd
  sd tp, 128(sp)

  call kerneltrap

  each_saved ld
  addi sp, sp, FRAME
  sret
