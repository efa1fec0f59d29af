/*
 * Supervisor-mode entry: start.c's mret lands every hart here.
 *
 * The kernel starts as a set of steps, one per subsystem, in the table
 * below.  Each step names the steps it needs, and may have two parts:
 * "once", run by hart 0 alone to build the subsystem's shared state,
 * and "each_hart", run on every hart for what a hart keeps to itself
 * (page-table register, trap vector, interrupt-controller context).
 *
 * Hart 0 runs every step whose needs are met, over and over, until all
 * have run; the table's order only breaks ties.  It records the order,
 * prints it on one line, and lets the other harts go; each of them
 * runs the each_hart parts in that same order.  Then every hart becomes
 * a scheduler and never comes back.
 *
 * To add a subsystem, add a step: its name, its functions and what it
 * needs.  A step that needs itself, or a cycle of needs, stops the boot
 * with a panic naming the steps left.
 */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "defs.h"
#include "swap.h"

void main(void);

enum step {
  STEP_CONSOLE, STEP_PRINTF, STEP_MEMORY, STEP_PAGING, STEP_PROCESSES,
  STEP_TRAPS, STEP_PLIC, STEP_BCACHE, STEP_INODES, STEP_FILES, STEP_DISK,
  STEP_SWAP, STEP_RECLAIM, STEP_USERINIT,
  NSTEP
};

#define STEP_BIT(s) (1u << (s))
#define NEEDS(name) STEP_BIT(STEP_##name)   /* NEEDS(PAGING): paging first */

struct boot_step {
  const char *name;
  void (*once)(void);        /* hart 0, before any other hart starts */
  void (*each_hart)(void);   /* every hart, hart 0 included; or 0 */
  uint needs;                /* the steps that must run first: NEEDS()s */
};

/* printf works once its lock exists: say so at once. */
static void
start_printing(void)
{
  printfinit();
  printf("\nxv6-mmap kernel is booting\n\n");
}

static const struct boot_step steps[NSTEP] = {
  [STEP_CONSOLE]   = { "console",   consoleinit,      0,            0 },
  [STEP_PRINTF]    = { "printf",    start_printing,   0,            NEEDS(CONSOLE) },
  [STEP_MEMORY]    = { "memory",    kinit,            0,            NEEDS(PRINTF) },
  [STEP_PAGING]    = { "paging",    kvminit,          kvminithart,  NEEDS(MEMORY) },
  [STEP_PROCESSES] = { "processes", procinit,         0,            0 },
  [STEP_TRAPS]     = { "traps",     trapinit,         trapinithart, 0 },
  /* The PLIC and the disk are reached through the kernel page table. */
  [STEP_PLIC]      = { "plic",      plicinit,         plicinithart, NEEDS(PAGING) },
  [STEP_BCACHE]    = { "bcache",    binit,            0,            0 },
  [STEP_INODES]    = { "inodes",    iinit,            0,            0 },
  [STEP_FILES]     = { "files",     fileinit,         0,            0 },
  [STEP_DISK]      = { "disk",      virtio_disk_init, 0,            NEEDS(PAGING) | NEEDS(PLIC) },
  [STEP_SWAP]      = { "swap",      swapinit,         0,
                       NEEDS(PRINTF) | NEEDS(PAGING) | NEEDS(PLIC) },
  [STEP_RECLAIM]   = { "reclaim",   reclaiminit,      0,            0 },
  /* The first process runs (and mounts the disk) as soon as hart 0
     schedules: everything it uses must be ready before it exists. */
  [STEP_USERINIT]  = { "userinit",  userinit,         0,
                       NEEDS(PRINTF) | NEEDS(MEMORY) | NEEDS(PAGING) |
                       NEEDS(PROCESSES) | NEEDS(TRAPS) | NEEDS(PLIC) |
                       NEEDS(BCACHE) | NEEDS(INODES) | NEEDS(FILES) |
                       NEEDS(DISK) | NEEDS(SWAP) | NEEDS(RECLAIM) },
};

/* The steps in the order hart 0 ran them: what the other harts follow. */
static enum step ran[NSTEP];

/* Set by hart 0 once every step has run. */
static volatile int kernel_ready = 0;

/* Run step s on hart 0 and append it to ran[] (n steps so far). */
static void
run_first(enum step s, int n)
{
  steps[s].once();
  if (steps[s].each_hart)
    steps[s].each_hart();
  ran[n] = s;
}

/* Print the steps in the order they ran. */
static void
print_order(void)
{
  int i;

  printf("boot:");
  for (i = 0; i < NSTEP; i++)
    printf(" %s", steps[ran[i]].name);
  printf("\n");
}

/* No step left can run: name them all and stop. */
static void
stuck(uint done)
{
  enum step s;

  printf("boot: these steps wait for each other:");
  for (s = 0; s < NSTEP; s++)
    if (!(done & STEP_BIT(s)))
      printf(" %s", steps[s].name);
  printf("\n");
  panic("boot: a cycle of needs");
}

/* Hart 0: run every step once its needs have run. */
static void
boot_first_hart(void)
{
  uint done = 0;
  int n = 0, progress;
  enum step s;

  while (n < NSTEP) {
    progress = 0;
    for (s = 0; s < NSTEP; s++) {
      if ((done & STEP_BIT(s)) || (steps[s].needs & ~done))
        continue;
      run_first(s, n++);
      done |= STEP_BIT(s);
      progress = 1;
    }
    if (!progress)
      stuck(done);
  }
  print_order();

  /* Make every write above visible before the other harts see the flag. */
  __sync_synchronize();
  kernel_ready = 1;
}

/* Every other hart: wait for hart 0, then set up this hart's own state. */
static void
boot_other_hart(void)
{
  int i;

  while (kernel_ready == 0)
    ;
  /* Do not let reads of shared state move above the wait. */
  __sync_synchronize();

  for (i = 0; i < NSTEP; i++)
    if (steps[ran[i]].each_hart)
      steps[ran[i]].each_hart();
  printf("hart %d starting\n", cpuid());
}

void
main(void)
{
  if (cpuid() == 0)
    boot_first_hart();
  else
    boot_other_hart();

  scheduler();
}
