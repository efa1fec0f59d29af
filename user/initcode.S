# The first user program, run by the kernel's first process.
#
# It asks the kernel to exec("/init", {"/init", 0}).  exec only returns
# on failure; then there is nothing sensible left to do, so keep asking
# to exit.  Linked at address 0; the kernel embeds the flat binary.

#include "kernel/syscall.h"

        .text
        .globl start
start:
        la      a0, init_path           # exec's path
        la      a1, init_argv           # exec's argv
        li      a7, SYS_exec
        ecall

give_up:
        li      a0, -1                  # exit(-1)
        li      a7, SYS_exit
        ecall
        j       give_up

init_path:
        .string "/init"

        .p2align 3
init_argv:
        .dword  init_path               # argv[0]
        .dword  0                       # end of argv
