/* A lock that sleeps instead of spinning: may be held across disk I/O. */

#include "waitqueue.h"

struct sleeplock {
  uint locked;               /* nonzero while held */
  struct spinlock guard;     /* protects locked and holder; waiters' guard */
  struct waitqueue waiters;  /* processes waiting for it */
  char *name;
  int holder;                /* pid of the holder */
};
