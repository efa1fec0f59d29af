/*
 * A pool of equal-sized kernel objects (VMAs, shared page objects),
 * carved out of whole pages taken from kalloc() as needed and given back
 * when the last object on a page is freed.  There is no limit but memory.
 * Define one with a static initializer:
 *   static struct pool vmapool = POOL_INITIALIZER("vma", struct vma);
 */
struct poolpage;

struct pool {
  struct spinlock lock;     /* protects pages and every page's free list */
  uint objsize;             /* bytes per object, a multiple of 8 */
  struct poolpage *pages;   /* pages holding at least one object */
};

#define POOL_INITIALIZER(name_, type_) {                  \
    .lock = { .locked = 0, .name = (name_), .cpu = 0 },   \
    .objsize = (sizeof(type_) + 7) & ~7,                  \
    .pages = 0,                                           \
  }
