/*
 * A pool of equal-sized kernel objects (VMAs, shared page objects),
 * carved out of whole pages taken from kalloc() as needed.  There is no
 * limit but memory.  Define one with a static initializer:
 *   static struct pool vmapool = POOL_INITIALIZER("vma", struct vma);
 */
struct poolpage;

struct pool {
  struct spinlock lock;     /* protects the fields below and every page's slots */
  uint objsize;             /* bytes per object, a multiple of 8 */
  struct poolpage *partial; /* pages with objects and a free slot */
  struct poolpage *full;    /* pages with no free slot */
  struct poolpage *spare;   /* one empty page kept for the next object, or 0 */
  struct pool *nextpool;    /* pools that have had a page (pool.c: reclaim) */
  int registered;           /* on that list */
};

#define POOL_INITIALIZER(name_, type_) {                  \
    .lock = { .locked = 0, .name = (name_), .cpu = 0 },   \
    .objsize = (sizeof(type_) + 7) & ~7,                  \
    .partial = 0,                                         \
    .full = 0,                                            \
    .spare = 0,                                           \
    .nextpool = 0,                                        \
    .registered = 0,                                      \
  }
