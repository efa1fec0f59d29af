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
 * Take lk: at once if it is free, or else by waiting in line until a
 * releasesleep() hands it over.  The lock is never free while anyone
 * waits, so a newcomer cannot take it from under the process that
 * waited longest.
 */
void
acquiresleep(struct sleeplock *lk)
{
  struct proc *me = myproc();

  acquire(&lk->guard);
  if (!lk->locked) {
    lk->locked = 1;
    lk->holder = me->pid;
  }
  /* Woken by kill, the process joins the line again (at its end). */
  while (lk->holder != me->pid)
    wq_sleep(&lk->waiters);
  me->sleeplocks++;
  release(&lk->guard);
}

/*
 * Give up lk, which the calling process must hold: to the process that
 * has waited longest, which wakes up holding it, or, if none waits, to
 * nobody.
 */
void
releasesleep(struct sleeplock *lk)
{
  struct proc *me = myproc(), *next;

  acquire(&lk->guard);
  if (!lk->locked || lk->holder != me->pid)
    panic("releasesleep: not the holder");
  me->sleeplocks--;
  next = wq_wake_one(&lk->waiters);
  if (next != 0) {
    lk->holder = next->pid;
  } else {
    lk->locked = 0;
    lk->holder = 0;
  }
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
