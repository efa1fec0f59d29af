/*
 * Machine-mode setup, run once by every hart before anything else.
 *
 * The kernel proper runs in supervisor mode.  start() hands over to it:
 * it gives supervisor mode the interrupts, exceptions, memory and timer
 * it needs, then "returns" from machine mode into main() with mret.
 */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "defs.h"

void main(void);
void start(uint64 hartid, uint64 fdt);

/* Bytes of boot stack per hart; entry.S repeats this figure. */
#define BOOT_STACK_SIZE 8192

/*
 * The physical address of the flattened device tree QEMU passes every
 * hart in a1 (kalloc.c reads the RAM size from it).  start() runs in
 * machine mode and leaves for main() with mret, which passes no
 * arguments, so it is kept here.
 */
uint64 boot_fdt;

/* Boot stacks, one slice per hart, indexed by mhartid in entry.S. */
__attribute__((aligned(16))) char boot_stacks[NCPU * BOOT_STACK_SIZE];

/* Delegate every exception and interrupt cause (bits 0-15) to S mode. */
#define DELEGATE_ALL 0xffff

/*
 * PMP entry 0 as TOR over the whole 56-bit physical address space,
 * readable, writable and executable (A=TOR, X, W, R).
 */
#define PMP_ADDR_ALL 0x3fffffffffffffUL
#define PMP_CFG_TOR_RWX 0xf

/* Cycles of the 10 MHz QEMU clock until the first timer tick (~0.1 s). */
#define FIRST_TICK 1000000

/* Exceptions and interrupts go straight to the kernel's S-mode handlers. */
static void
give_traps(void)
{
  w_medeleg(DELEGATE_ALL);
  w_mideleg(DELEGATE_ALL);
  w_sie(r_sie() | SIE_SEIE | SIE_STIE | SIE_SSIE);
}

/* Without a PMP entry, S mode may touch no memory at all. */
static void
give_memory(void)
{
  w_pmpaddr0(PMP_ADDR_ALL);
  w_pmpcfg0(PMP_CFG_TOR_RWX);
}

/*
 * Sstc: let S mode program its own timer through stimecmp and read the
 * time CSR, and let the supervisor timer interrupt through.  trap.c
 * rearms stimecmp on every tick; the first one is set here.
 */
static void
give_timer(void)
{
  w_menvcfg(r_menvcfg() | MENVCFG_STCE);
  w_mcounteren(r_mcounteren() | COUNTEREN_TM);
  w_mie(r_mie() | MIE_STIE);
  w_stimecmp(r_time() + FIRST_TICK);
}

/*
 * Leave machine mode for good: mret "returns" to the mode in
 * mstatus.MPP at the pc in mepc, here S mode at entry, with paging
 * off (main() starts on physical addresses; kvminithart() turns paging
 * on).
 */
static void
drop_to_supervisor(void (*entry)(void))
{
  w_mstatus((r_mstatus() & ~MSTATUS_MPP_MASK) | MSTATUS_MPP_S);
  w_mepc((uint64)entry);
  w_satp(0);
  asm volatile("mret");
}

/*
 * Entered from entry.S on this hart's boot stack, in machine mode, with
 * the arguments QEMU gives every hart: its id and the address of the
 * device tree.  Gives supervisor mode what it needs, then drops into
 * main().  Never returns.
 */
void
start(uint64 hartid, uint64 fdt)
{
  boot_fdt = fdt;   /* every hart gets the same address */
  give_traps();
  give_memory();
  give_timer();
  /* cpuid() reads the hart id from tp, which S mode cannot get itself. */
  w_tp(r_mhartid());
  drop_to_supervisor(main);
}
