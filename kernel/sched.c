/*
 * Scheduling: which process each hart runs, and the switches between a
 * process and its hart's scheduler.
 *
 * The processes that can run wait in one run queue, first in, first
 * out.  A process that sleeps is on no queue of ours, only on the wait
 * queue of what it waits for (waitqueue.c), so neither a wakeup nor the
 * choice of what to run next ever looks at a sleeping process.
 *
 * Each hart runs scheduler() on a stack of its own.  It takes the first
 * process off the run queue and switches to it; the process switches
 * back through sched() when it leaves the hart: yield() puts it at the
 * back of the run queue (if anyone else waits there), sched_block()
 * puts it to sleep, sched_exit() makes it a zombie.
 *
 * Locking (see also lockorder.h):
 *   p->lock     guards p->state, and is held across every switch in
 *               both directions.  A process takes it before it switches
 *               away, and the scheduler it switched to lets it go once
 *               the process's registers are saved; the scheduler that
 *               picks the process up takes it before switching in (so a
 *               process queued by one hart cannot start on another
 *               until the first is done with it), and the process lets
 *               it go on its side.
 *   runq.lock   guards the run queue: its ends and every p->runq_next.
 *               Taken under p->lock; nothing is taken under it.
 */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "vma.h"
#include "proc.h"
#include "defs.h"

static struct {
  struct spinlock lock;
  struct proc *head;   /* runs next */
  struct proc *tail;   /* queued last */
} runq;

void
schedinit(void)
{
  initlock(&runq.lock, "runq");
}

/*
 * Make p RUNNABLE and queue it behind every other runnable process.
 * Caller holds p->lock; p is RUNNING (yielding) or not queued yet.
 */
void
sched_ready(struct proc *p)
{
  if (!holding(&p->lock))
    panic("sched_ready: p->lock not held");
  if (p->state == RUNNABLE)
    panic("sched_ready: already on the run queue");
  p->state = RUNNABLE;
  p->runq_next = 0;
  acquire(&runq.lock);
  if (runq.tail == 0)
    runq.head = p;
  else
    runq.tail->runq_next = p;
  runq.tail = p;
  release(&runq.lock);
}

/* The process at the front of the run queue, taken off it; 0 if none. */
static struct proc*
runq_take(void)
{
  struct proc *p;

  acquire(&runq.lock);
  p = runq.head;
  if (p != 0) {
    runq.head = p->runq_next;
    if (runq.head == 0)
      runq.tail = 0;
  }
  release(&runq.lock);
  return p;
}

/*
 * Make p runnable if it is asleep in sched_block(); otherwise it is
 * awake already, and nothing changes.  Caller holds p->lock.
 */
void
sched_wake(struct proc *p)
{
  if (p->state == SLEEPING)
    sched_ready(p);
}

/*
 * Switch this hart (c) to p, just taken off the run queue, and come
 * back here once p has left the hart again.
 */
static void
switch_to(struct cpu *c, struct proc *p)
{
  acquire(&p->lock);   /* waits until p's previous hart has let go of it */
  c->proc = p;
  p->state = RUNNING;
  c->intena = p->intena;   /* p's release of p->lock restores its own */
  swtch(&c->context, &p->context);

  /* p has left through sched(), holding p->lock for us. */
  c->proc = 0;
  release(&p->lock);
}

/*
 * Each hart's scheduler, entered once from main() and never left: run
 * the process at the front of the run queue, or, when there is none,
 * stop the hart until an interrupt comes (it may wake someone).
 *
 * Interrupts are let in once per round, so that devices are served
 * however busy the hart is, then kept off from the look at the run
 * queue to the wfi: an interrupt that arrives in between stays pending,
 * and wfi returns at once for a pending interrupt even while they are
 * off.  (A process made runnable by another hart waits for that hart,
 * or for this hart's next timer tick.)
 */
void
scheduler(void)
{
  struct cpu *c = mycpu();
  struct proc *p;

  c->proc = 0;
  for (;;) {
    intr_on();
    intr_off();
    p = runq_take();
    if (p != 0)
      switch_to(c, p);
    else
      asm volatile("wfi");
  }
}

/*
 * The rule a process about to leave its hart breaks, or 0: it must hold
 * its own p->lock and no other spin lock (so interrupts are off), and
 * it must have given up RUNNING for what it becomes.
 */
static char*
switch_rule_broken(struct proc *p, struct cpu *c)
{
  if (!holding(&p->lock) || c->noff != 1 || intr_get())
    return "sched: must hold p->lock and nothing else";
  if (p->state == RUNNING)
    return "sched: process still RUNNING";
  return 0;
}

/*
 * Leave the hart to its scheduler; return when some hart's scheduler
 * picks this process again.  The caller holds p->lock and no other spin
 * lock, and has already set p->state to what the process becomes.
 *
 * Whether the last release() turns interrupts back on belongs to this
 * kernel thread, not to the hart, which meanwhile runs other threads:
 * it is kept in p->intena with the rest of the thread's state while
 * the process is off a hart, and switch_to() hands it to the hart that
 * picks the process up.
 */
void
sched(void)
{
  struct proc *p = myproc();
  struct cpu *c = mycpu();
  char *broken = switch_rule_broken(p, c);

  if (broken != 0)
    panic(broken);
  p->intena = c->intena;
  swtch(&p->context, &c->context);
}

/* Is any process waiting on the run queue?  A hint: it may change. */
static int
runq_waiting(void)
{
  int waiting;

  acquire(&runq.lock);
  waiting = runq.head != 0;
  release(&runq.lock);
  return waiting;
}

/*
 * Let the processes waiting for a hart run first: go to the back of the
 * run queue and switch away.  With nobody waiting there is nobody to
 * let go first, and the process keeps its hart.
 */
void
yield(void)
{
  struct proc *p = myproc();

  acquire(&p->lock);
  if (runq_waiting()) {
    sched_ready(p);
    sched();
  }
  release(&p->lock);
}

/*
 * Put the calling process to sleep, letting go of lk, which the caller
 * holds, only once p->lock is held: whoever wakes the process needs lk
 * to find it (on a wait queue) and then p->lock, which stays held until
 * the process is off its hart, so the wakeup cannot come too early to
 * count.  Returns holding lk again, after sched_wake() made the process
 * runnable and it ran.  what names the wait, for procdump.
 *
 * killable: a killed process does not go to sleep, and returns -1, as
 * it does when it wakes up killed; otherwise returns 0.
 */
int
sched_block(struct spinlock *lk, char *what, int killable)
{
  struct proc *p = myproc();

  acquire(&p->lock);
  if (killable && p->killed) {
    release(&p->lock);
    return -1;
  }
  p->state = SLEEPING;
  p->waiting_for = what;
  release(lk);
  sched();
  p->waiting_for = 0;
  release(&p->lock);

  acquire(lk);
  return killable && killed(p) ? -1 : 0;
}

/*
 * End the calling process's time on the processor: it becomes a ZOMBIE
 * and lk, which the caller holds, is let go once it is one (exit()
 * passes wait_lock, under which the parent looks for zombies).  The
 * zombie keeps p->lock until it is off the hart, so the parent's
 * wait(), which takes it, cannot free the process while it still runs.
 */
void
sched_exit(struct spinlock *lk)
{
  struct proc *p = myproc();

  acquire(&p->lock);
  p->state = ZOMBIE;
  release(lk);
  sched();
  panic("sched_exit: a zombie ran again");
}
