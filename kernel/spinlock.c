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

  /*
   * An atomic swap (amoswap.aq) that finds 0 wins the lock.  Acquire
   * ordering: no load or store of the critical section can be
   * performed before the swap.
   */
  while (__atomic_exchange_n(&lk->locked, 1, __ATOMIC_ACQUIRE) != 0)
    ;

  lk->cpu = mycpu();
}

/* Give up lk, which this hart must hold. */
void
release(struct spinlock *lk)
{
  if (!holding(lk))
    panic("release: lock not held by this hart");

  lk->cpu = 0;

  /*
   * Release ordering: every load and store of the critical section is
   * performed before other harts can see locked == 0.
   */
  __atomic_store_n(&lk->locked, 0, __ATOMIC_RELEASE);

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
 * Nesting interrupt disable.  The first push_off() on a hart records
 * whether interrupts were on; only the pop_off() that ends the last
 * nesting level turns them back on, and only if they were.
 */
void
push_off(void)
{
  int were_on = intr_get();
  struct cpu *c;

  /* Off before mycpu(): until then this thread could change harts. */
  intr_off();
  c = mycpu();
  if (c->noff++ == 0)
    c->intena = were_on;
}

void
pop_off(void)
{
  struct cpu *c = mycpu();

  if (intr_get() || c->noff <= 0)
    panic("pop_off: not inside push_off");
  if (--c->noff == 0 && c->intena)
    intr_on();
}
