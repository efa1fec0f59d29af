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
  lk->name = name;
  lk->locked = 0;
  lk->holder = 0;
  lk->waiters = 0;
}

/* Take lk, sleeping for as long as another process holds it. */
void
acquiresleep(struct sleeplock *lk)
{
  acquire(&lk->guard);
  while (lk->locked) {
    lk->waiters++;
    sleep(lk, &lk->guard);
    lk->waiters--;
  }
  lk->locked = 1;
  lk->holder = myproc()->pid;
  release(&lk->guard);
}

/*
 * Give up lk and wake any process waiting for it.  wakeup() scans the
 * whole process table, so it is skipped when nobody waits: buffers and
 * inodes are unlocked on every file operation and page fault.
 */
void
releasesleep(struct sleeplock *lk)
{
  acquire(&lk->guard);
  lk->locked = 0;
  lk->holder = 0;
  if (lk->waiters > 0)
    wakeup(lk);
  release(&lk->guard);
}

/* Returns 1 if the calling process holds lk. */
int
holdingsleep(struct sleeplock *lk)
{
  int mine;

  acquire(&lk->guard);
  mine = lk->locked && lk->holder == myproc()->pid;
  release(&lk->guard);
  return mine;
}
