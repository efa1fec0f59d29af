/*
 * Sleep locks: held for a long time (across disk I/O), so a waiter
 * sleeps instead of spinning.  Only processes may take them.
 */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "vma.h"
#include "proc.h"
#include "defs.h"

void
initsleeplock(struct sleeplock *lk, char *name)
{
  initlock(&lk->guard, "sleeplock guard");
  wq_init(&lk->waiters, name, &lk->guard);
  lk->name = name;
  lk->locked = 0;
  lk->holder = 0;
}

/*
 * The pid of the process running on this hart.  For callers holding
 * lk->guard: interrupts are off, so mycpu() stays this hart's, and
 * myproc() (which turns them off and on again itself) is not needed.
 */
static int
running_pid(void)
{
  return mycpu()->proc->pid;
}

/* Take lk, sleeping for as long as another process holds it. */
void
acquiresleep(struct sleeplock *lk)
{
  acquire(&lk->guard);
  while (lk->locked)
    wq_sleep(&lk->waiters);
  lk->locked = 1;
  lk->holder = running_pid();
  mycpu()->proc->sleeplocks++;
  release(&lk->guard);
}

/*
 * Give up lk, which the calling process must hold, and wake the process
 * that has waited for it longest, if any.  One is enough: it takes the
 * lock, or finds it taken by someone who will wake the next one in
 * turn (waiters never give up, not even when killed).
 */
void
releasesleep(struct sleeplock *lk)
{
  acquire(&lk->guard);
  if (!lk->locked || lk->holder != running_pid())
    panic("releasesleep: not the holder");
  lk->locked = 0;
  lk->holder = 0;
  mycpu()->proc->sleeplocks--;
  wq_wake_one(&lk->waiters);
  release(&lk->guard);
}

/*
 * Returns 1 if the calling process holds lk.  No guard is needed: only
 * the caller itself can make the answer yes (by taking lk) or no again
 * (by releasing it), so another process's acquire or release cannot
 * change what the caller sees.
 */
int
holdingsleep(struct sleeplock *lk)
{
  return lk->locked && lk->holder == myproc()->pid;
}
