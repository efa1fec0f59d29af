/*
 * Wait queues (waitqueue.h): sleeping until a condition holds, and
 * waking only the processes that wait for it.
 *
 * Why no wakeup is lost: a sleeper tests its condition and joins the
 * queue without letting go of the guard, and sched_block() lets go of
 * the guard only after taking the sleeper's p->lock, which it keeps
 * until the process is off its hart.  A waker changes the condition
 * and wakes the queue holding the guard, so it either ran before the
 * test (which then sees the change) or finds the sleeper on the queue;
 * waking it needs p->lock, so it waits until the sleeper is fully
 * asleep.
 *
 * kill() makes a sleeping process runnable without touching the queue
 * it sleeps on (kill cannot take the guard: it holds p->lock, which
 * comes after every guard in lockorder.h).  The process, on waking,
 * takes the guard again and leaves the queue itself.  So a queue may
 * hold a waiter whose process is already runnable; waking it again is
 * harmless.  Every sleeper therefore re-tests its condition in a loop:
 * the wakeup may have come from kill, or another woken process may
 * have used up what it waited for.
 */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "spinlock.h"
#include "vma.h"
#include "proc.h"
#include "defs.h"

/* One sleeping process on a queue; lives on that process's kernel stack. */
struct waiter {
  struct proc *proc;
  struct waiter *prev;     /* toward the queue's first */
  struct waiter *next;
  uint deadline;           /* queues kept in deadline order only */
  int queued;              /* on the queue: no waker has taken it off */
};

/* A queue of processes waiting for name, guarded by the spin lock guard. */
void
wq_init(struct waitqueue *q, char *name, struct spinlock *guard)
{
  q->guard = guard;
  q->name = name;
  q->first = 0;
  q->last = 0;
}

/* Is tick a earlier than tick b?  Right across the counter's wrap. */
static int
tick_before(uint a, uint b)
{
  return (int)(a - b) < 0;
}

/* Put w on q just after after (or first, if after is 0). */
static void
link_after(struct waitqueue *q, struct waiter *after, struct waiter *w)
{
  w->prev = after;
  w->next = after != 0 ? after->next : q->first;
  if (w->prev != 0)
    w->prev->next = w;
  else
    q->first = w;
  if (w->next != 0)
    w->next->prev = w;
  else
    q->last = w;
  w->queued = 1;
}

static void
unlink_waiter(struct waitqueue *q, struct waiter *w)
{
  if (w->prev != 0)
    w->prev->next = w->next;
  else
    q->first = w->next;
  if (w->next != 0)
    w->next->prev = w->prev;
  else
    q->last = w->prev;
  w->queued = 0;
}

static void
check_guard(struct waitqueue *q, char *who)
{
  if (!holding(q->guard))
    panic(who);
}

/*
 * Sleep on q with w, which the caller has linked in, until woken.
 * Returns holding the guard again, w off the queue; -1 if killable and
 * the process has been killed (then perhaps without sleeping), else 0.
 */
static int
sleep_linked(struct waitqueue *q, struct waiter *w, int killable)
{
  int r = sched_block(q->guard, q->name, killable);

  if (w->queued)
    unlink_waiter(q, w);   /* woken by kill, or never asleep */
  return r;
}

/*
 * Sleep on q until a wq_wake_* call wakes this process.  The caller
 * holds q->guard, which is let go while asleep and held again on
 * return.  kill() may end the sleep early: callers test their
 * condition again in a loop.
 */
void
wq_sleep(struct waitqueue *q)
{
  struct waiter w = { .proc = myproc() };

  check_guard(q, "wq_sleep: guard not held");
  link_after(q, q->last, &w);
  sleep_linked(q, &w, 0);
}

/*
 * The same, but a killed process does not sleep, or stops sleeping:
 * returns -1 if the process is killed, else 0.
 */
int
wq_sleep_killable(struct waitqueue *q)
{
  struct waiter w = { .proc = myproc() };

  check_guard(q, "wq_sleep_killable: guard not held");
  link_after(q, q->last, &w);
  return sleep_linked(q, &w, 1);
}

/*
 * Sleep on q, a queue kept in deadline order, until wq_wake_due() is
 * called with a time at or past deadline (or by kill, as wq_sleep).
 * Waiters with equal deadlines keep their order of arrival.  Returns
 * -1 if killable and the process is killed, else 0.
 */
int
wq_sleep_until(struct waitqueue *q, uint deadline, int killable)
{
  struct waiter w = { .proc = myproc(), .deadline = deadline };
  struct waiter *after = q->last;

  check_guard(q, "wq_sleep_until: guard not held");
  while (after != 0 && tick_before(deadline, after->deadline))
    after = after->prev;
  link_after(q, after, &w);
  return sleep_linked(q, &w, killable);
}

/* Take w off q and make its process runnable.  Caller holds q->guard. */
static void
wake_waiter(struct waitqueue *q, struct waiter *w)
{
  struct proc *p = w->proc;

  unlink_waiter(q, w);
  acquire(&p->lock);
  sched_wake(p);
  release(&p->lock);
}

/* Wake every process sleeping on q.  Caller holds q->guard. */
void
wq_wake_all(struct waitqueue *q)
{
  check_guard(q, "wq_wake_all: guard not held");
  while (q->first != 0)
    wake_waiter(q, q->first);
}

/*
 * Wake the process that has slept on q longest, if any, and return it
 * (0 if none), so that the caller may hand it what it waited for.
 * Caller holds q->guard.  Only for queues whose sleepers never give up
 * (wq_sleep): one that left after being woken would take the wakeup
 * with it.
 */
struct proc*
wq_wake_one(struct waitqueue *q)
{
  struct proc *p;

  check_guard(q, "wq_wake_one: guard not held");
  if (q->first == 0)
    return 0;
  p = q->first->proc;
  wake_waiter(q, q->first);
  return p;
}

/*
 * Wake the processes sleeping on q (in deadline order) whose deadline
 * is now or past.  Caller holds q->guard.  Costs nothing when none is
 * due.
 */
void
wq_wake_due(struct waitqueue *q, uint now)
{
  check_guard(q, "wq_wake_due: guard not held");
  while (q->first != 0 && !tick_before(now, q->first->deadline))
    wake_waiter(q, q->first);
}
