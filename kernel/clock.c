/*
 * The tick clock: hart 0 counts timer interrupts in ticks (clockintr,
 * trap.c), and processes sleep until the count reaches a deadline
 * (sleep() and pause(), and tlb_wait_others()).
 *
 * The sleepers wait in one queue kept in order of their deadlines, so
 * a tick wakes only the processes whose time has come, and a tick when
 * none is due costs a comparison.  Each sleep pays for its place in the
 * queue instead (a walk from the latest deadline back).
 */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "vma.h"
#include "proc.h"
#include "defs.h"

struct spinlock tickslock;         /* guards ticks and sleepers */
uint ticks;                        /* timer ticks since boot */
static struct waitqueue sleepers;  /* in order of deadline */

void
clockinit(void)
{
  initlock(&tickslock, "time");
  wq_init(&sleepers, "the clock", &tickslock);
}

/* A timer tick, on hart 0: count it and wake whoever it makes due. */
void
clock_tick(void)
{
  acquire(&tickslock);
  ticks++;
  wq_wake_due(&sleepers, ticks);
  release(&tickslock);
}

/*
 * Sleep for n ticks.  If killable, a killed process stops sleeping (or
 * never starts): returns -1 then, else 0.
 */
int
clock_sleep(uint n, int killable)
{
  uint deadline;
  int r = 0;

  acquire(&tickslock);
  deadline = ticks + n;
  while (r == 0 && (int)(deadline - ticks) > 0)
    r = wq_sleep_until(&sleepers, deadline, killable);
  release(&tickslock);
  return r;
}
