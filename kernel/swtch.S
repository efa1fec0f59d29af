#
# swtch(old, new): switch kernel threads.
#
# Saves the callee-saved registers of the calling thread into *old
# (struct context in proc.h: ra at 0, sp at 8, s0..s11 from 16) and
# loads those of *new, then returns on new's stack to new's ra.
# Caller-saved registers need no saving: swtch is an ordinary call.
#

.macro context op, base
  \op ra,    0(\base)
  \op sp,    8(\base)
  \op s0,   16(\base)
  \op s1,   24(\base)
  \op s2,   32(\base)
  \op s3,   40(\base)
  \op s4,   48(\base)
  \op s5,   56(\base)
  \op s6,   64(\base)
  \op s7,   72(\base)
  \op s8,   80(\base)
  \op s9,   88(\base)
  \op s10,  96(\base)
  \op s11, 104(\base)
.endm

  .section .text
  .globl swtch
swtch:
  context sd, a0
  context ld, a1
  ret
