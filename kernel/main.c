/*
 * Supervisor-mode entry: start.c's mret lands every hart here.
 *
 * Hart 0 builds the kernel's shared state; the other harts wait for it
 * and then only set up what is private to a hart (page-table register,
 * trap vector, interrupt-controller context).  Then every hart becomes
 * a scheduler and never comes back.
 */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "defs.h"

void main(void);

/* Set by hart 0 once the shared kernel state is ready. */
static volatile int kernel_ready = 0;

/* Hart 0: initialise every subsystem, in dependency order. */
static void
boot_first_hart(void)
{
  consoleinit();        /* uart too, so printf works from here on */
  printfinit();
  printf("\nxv6-mmap kernel is booting\n\n");

  kinit();              /* physical page allocator */
  kvminit();            /* kernel page table */
  kvminithart();        /* paging on */
  procinit();           /* process table */
  trapinit();
  trapinithart();       /* trap vector */
  plicinit();           /* device interrupt priorities */
  plicinithart();       /* this hart takes device interrupts */
  binit();              /* block cache */
  iinit();              /* inode table */
  fileinit();           /* open-file table */
  virtio_disk_init();   /* the disk */
  userinit();           /* the first user process */

  /* Make every write above visible before the other harts see the flag. */
  __sync_synchronize();
  kernel_ready = 1;
}

/* Every other hart: wait for hart 0, then set up this hart's own state. */
static void
boot_other_hart(void)
{
  while (kernel_ready == 0)
    ;
  /* Do not let reads of shared state move above the wait. */
  __sync_synchronize();

  kvminithart();
  trapinithart();
  plicinithart();
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
