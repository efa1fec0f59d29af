/*
 * A wait queue: the processes asleep until one thing happens (a pipe
 * gets data, a sleep lock is let go, a disk request is done).
 *
 * A queue belongs to one condition and is guarded by the spin lock
 * that protects that condition: sleepers test the condition and join
 * the queue holding it, wakers change the condition and wake the queue
 * holding it.  So a wakeup reaches exactly the processes waiting for
 * that event, and none is lost (waitqueue.c says why).
 *
 * The waiters themselves live on their sleepers' kernel stacks.  This
 * header needs no other, so proc.h and sleeplock.h include it.
 */
#ifndef XV6_WAITQUEUE_H
#define XV6_WAITQUEUE_H

struct spinlock;
struct waiter;

struct waitqueue {
  struct spinlock *guard;   /* held by every sleeper and every waker */
  char *name;               /* what is waited for, for procdump */
  struct waiter *first;     /* woken first: the longest waiting, or, in a */
  struct waiter *last;      /*   queue of deadlines, the earliest one */
};

#endif
