/*
 * Spin locks.  A hart holds a spin lock with interrupts off: otherwise
 * an interrupt handler on the same hart could try to take the lock
 * and spin forever.  push_off/pop_off count the nesting so interrupts
 * come back on only when the outermost lock is released.
 */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "spinlock.h"
#include "riscv.h"
#include "vma.h"
#include "proc.h"
#include "defs.h"

void
initlock(struct spinlock *lk, char *name)
{
  lk->locked = 0;
  lk->name = name;
  lk->cpu = 0;
}

/*
 * Take lk, spinning until it is free.  Interrupts stay off until the
 * matching release().  Taking a lock this hart already holds would
 * spin forever, so it panics instead.
 */
void
acquire(struct spinlock *lk)
{
  push_off();
  if (holding(lk))
    panic("acquire: this hart already holds the lock");

  /* Atomically store 1 and fetch the old value: 0 means it is ours. */
  while (__sync_lock_test_and_set(&lk->locked, 1) != 0)
    ;

  /*
   * Fence: nothing done inside the critical section may be seen
   * (or performed) before the lock is taken.
   */
  __sync_synchronize();

  lk->cpu = mycpu();
}

/* Give up lk, which this hart must hold. */
void
release(struct spinlock *lk)
{
  if (!holding(lk))
    panic("release: lock not held by this hart");

  lk->cpu = 0;

  /* Fence: the critical section's stores are out before the unlock. */
  __sync_synchronize();

  /* An atomic store of 0, so the unlock is never torn. */
  __sync_lock_release(&lk->locked);

  pop_off();
}

/*
 * Returns 1 if this hart holds lk.  Call with interrupts off, so the
 * answer cannot go stale by moving to another hart.
 */
int
holding(struct spinlock *lk)
{
  return lk->locked && lk->cpu == mycpu();
}

/*
 * Like intr_off(), but nests: n push_off()s need n pop_off()s before
 * interrupts are restored to what they were at the first push_off().
 */
void
push_off(void)
{
  int were_on = intr_get();
  struct cpu *c;

  /* Off first: mycpu() is only stable while we cannot be moved. */
  intr_off();
  c = mycpu();
  if (c->noff == 0)
    c->intena = were_on;
  c->noff++;
}

void
pop_off(void)
{
  struct cpu *c = mycpu();

  if (intr_get())
    panic("pop_off: interrupts are on");
  if (c->noff < 1)
    panic("pop_off: no matching push_off");

  c->noff--;
  if (c->noff == 0 && c->intena)
    intr_on();
}
