/* A lock that sleeps instead of spinning: may be held across disk I/O. */
struct sleeplock {
  uint locked;            /* nonzero while held */
  struct spinlock guard;  /* protects locked and holder */
  char *name;
  int holder;             /* pid of the holder */
  int waiters;            /* processes asleep in acquiresleep() */
};
