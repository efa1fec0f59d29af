/*
 * Object pools: small fixed-size kernel objects without a fixed table.
 *
 * Each pool page starts with a struct poolpage header; the rest of the
 * page is cut into slots of the pool's object size.  Free slots on a
 * page are chained through their first word.  A page whose slots are
 * all free goes straight back to kalloc(), so an idle pool holds no
 * memory and sysinfo's free-memory figure returns to where it was.
 */

#include "types.h"
#include "param.h"
#include "riscv.h"
#include "spinlock.h"
#include "pool.h"
#include "defs.h"

struct freeslot {
  struct freeslot *next;
};

struct poolpage {
  struct poolpage *next;    /* the pool's other pages */
  struct poolpage *prev;
  struct freeslot *free;    /* this page's free slots */
  uint used;                /* slots handed out from this page */
};

/* Take a fresh page from kalloc, cut it into free slots and add it to pl. */
static struct poolpage*
pool_grow(struct pool *pl)
{
  struct poolpage *pg;
  char *slot, *limit;

  if (pl->objsize > PGSIZE - sizeof(struct poolpage))
    panic("pool: object larger than a page");
  pg = kalloc();
  if (pg == 0)
    return 0;
  pg->free = 0;
  pg->used = 0;
  limit = (char *)pg + PGSIZE - pl->objsize;
  for (slot = (char *)(pg + 1); slot <= limit; slot += pl->objsize) {
    ((struct freeslot *)slot)->next = pg->free;
    pg->free = (struct freeslot *)slot;
  }
  pg->prev = 0;
  pg->next = pl->pages;
  if (pl->pages)
    pl->pages->prev = pg;
  pl->pages = pg;
  return pg;
}

/* A zeroed object from pl, or 0 if memory is exhausted. */
void*
pool_alloc(struct pool *pl)
{
  struct poolpage *pg;
  struct freeslot *slot;

  acquire(&pl->lock);
  for (pg = pl->pages; pg != 0 && pg->free == 0; pg = pg->next)
    ;
  if (pg == 0)
    pg = pool_grow(pl);
  if (pg == 0) {
    release(&pl->lock);
    return 0;
  }
  slot = pg->free;
  pg->free = slot->next;
  pg->used++;
  release(&pl->lock);

  memset(slot, 0, pl->objsize);
  return slot;
}

/* Give obj (from pool_alloc on pl) back; its page goes back to kalloc when empty. */
void
pool_free(struct pool *pl, void *obj)
{
  struct poolpage *pg = (struct poolpage *)PGROUNDDOWN((uint64)obj);
  struct freeslot *slot = obj;

  acquire(&pl->lock);
  if (pg->used == 0)
    panic("pool_free: page has no objects");
  slot->next = pg->free;
  pg->free = slot;
  pg->used--;
  if (pg->used > 0) {
    release(&pl->lock);
    return;
  }
  if (pg->prev)
    pg->prev->next = pg->next;
  else
    pl->pages = pg->next;
  if (pg->next)
    pg->next->prev = pg->prev;
  release(&pl->lock);
  kfree(pg);
}
