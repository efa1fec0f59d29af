/*
 * First instructions of every hart, in machine mode with paging off.
 *
 * QEMU jumps here (0x80000000, see kernel.ld) on all harts at once,
 * with the hart id in a0 and the device tree's address in a1: both are
 * left alone here, for start(hartid, fdt).
 * C code needs a stack, so each hart takes its own slice of
 * boot_stacks[] (start.c), chosen by its hart id, and calls start().
 * Stacks grow down, so hart h's stack pointer starts at the top of
 * its slice: boot_stacks + (h + 1) * BOOT_STACK_SIZE.
 *
 * The kernel's per-hart tables have NCPU entries: a machine with more
 * harts runs the kernel on harts 0 to NCPU-1, and parks the others here
 * for good, before they touch anything.
 */
#include "param.h"

/* Must equal BOOT_STACK_SIZE in start.c. */
#define BOOT_STACK_SIZE 8192

        .section .text.boot
        .globl _entry
_entry:
        csrr    t0, mhartid
        li      t1, NCPU
        bgeu    t0, t1, hang
        addi    t0, t0, 1
        li      t1, BOOT_STACK_SIZE
        mul     t0, t0, t1
        la      sp, boot_stacks
        add     sp, sp, t0
        call    start

        /* start() ends in mret and never returns; park the hart if it
           does, or if it is one hart too many. */
hang:
        wfi
        j       hang
