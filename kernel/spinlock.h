/* A mutual-exclusion lock that busy-waits; held with interrupts off. */
struct spinlock {
  uint locked;       /* nonzero while held */
  char *name;        /* for debugging */
  struct cpu *cpu;   /* the holder */
};
