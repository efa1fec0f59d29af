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
 * This hart's struct cpu, found as mycpu() finds it (tp holds the hart
 * id) but without the call into proc.c: locks are taken and released
 * on every system call and fault.  Interrupts must be off.
 */
static struct cpu*
this_cpu(void)
{
  return &cpus[r_tp()];
}

/*
 * Turn interrupts off, one nesting level deeper, and return this
 * hart's struct cpu.  The first level records whether interrupts were
 * on.  acquire() keeps the returned cpu rather than looking it up
 * again.
 */
static struct cpu*
interrupts_off(void)
{
  int were_on = intr_get();
  struct cpu *c;

  /* Off before this_cpu(): until then this thread could change harts. */
  intr_off();
  c = this_cpu();
  if (c->noff++ == 0)
    c->intena = were_on;
  return c;
}

/*
 * Undo one interrupts_off() on c, this hart: only the outermost level
 * turns interrupts back on, and only if they were on before it.
 */
static void
interrupts_restore(struct cpu *c)
{
  if (intr_get() || c->noff <= 0)
    panic("pop_off: not inside push_off");
  if (--c->noff == 0 && c->intena)
    intr_on();
}

/* Is lk held by c, this hart?  Interrupts are off. */
static int
held_by(struct spinlock *lk, struct cpu *c)
{
  return lk->locked && lk->cpu == c;
}

/*
 * Take lk, spinning until it is free.  Interrupts stay off until the
 * matching release().  Taking a lock this hart already holds would
 * spin forever, so it panics instead.
 */
void
acquire(struct spinlock *lk)
{
  struct cpu *c = interrupts_off();

  if (held_by(lk, c))
    panic("acquire: this hart already holds the lock");

  /*
   * An atomic swap (amoswap.aq) that finds 0 wins the lock.  Acquire
   * ordering: no load or store of the critical section can be
   * performed before the swap.
   */
  while (__atomic_exchange_n(&lk->locked, 1, __ATOMIC_ACQUIRE) != 0)
    ;

  lk->cpu = c;
}

/* Give up lk, which this hart must hold. */
void
release(struct spinlock *lk)
{
  struct cpu *c = this_cpu();   /* interrupts are off: this hart's for good */

  if (!held_by(lk, c))
    panic("release: lock not held by this hart");

  lk->cpu = 0;

  /*
   * Release ordering: every load and store of the critical section is
   * performed before other harts can see locked == 0.
   */
  __atomic_store_n(&lk->locked, 0, __ATOMIC_RELEASE);

  interrupts_restore(c);
}

/*
 * Returns 1 if this hart holds lk.  Call with interrupts off, so the
 * answer cannot go stale by moving to another hart.
 */
int
holding(struct spinlock *lk)
{
  return held_by(lk, this_cpu());
}

/*
 * Returns 1 if this hart holds a spin lock (or has interrupts pushed
 * off for another reason), else 0.
 */
int
holding_spinlocks(void)
{
  int n;

  push_off();
  n = this_cpu()->noff;
  pop_off();
  return n > 1;
}

/*
 * Nesting interrupt disable, for code that needs interrupts off without
 * a lock: each push_off() is undone by one pop_off().
 */
void
push_off(void)
{
  interrupts_off();
}

void
pop_off(void)
{
  interrupts_restore(this_cpu());
}
