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
}

/* Take lk, sleeping for as long as another process holds it. */
void
acquiresleep(struct sleeplock *lk)
{
  acquire(&lk->guard);
  while (lk->locked)
    sleep(lk, &lk->guard);
  lk->locked = 1;
  lk->holder = myproc()->pid;
  release(&lk->guard);
}

/* Give up lk and wake any process waiting for it. */
void
releasesleep(struct sleeplock *lk)
{
  acquire(&lk->guard);
  lk->locked = 0;
  lk->holder = 0;
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
