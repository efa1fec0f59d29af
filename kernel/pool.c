/*
 * Object pools: small fixed-size kernel objects without a fixed table.
 *
 * Each pool page starts with a struct poolpage header; the rest of the
 * page is cut into slots of the pool's object size.  Free slots on a
 * page are chained through their first word.  A pool keeps its pages on
 * two lists, those with a free slot and those without, so that finding
 * a slot and giving one back take constant time however many objects
 * there are.
 *
 * When a page's last object goes, the pool keeps that one page as its
 * spare, so that a program that maps and unmaps over and over does not
 * make kalloc() hand out and take back a page every time.  A spare page
 * is memory free for the asking: sysinfo counts it as free, and kalloc()
 * takes spares back when it runs out (pool_reclaim).
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
  struct poolpage *next;    /* the other pages on the same list */
  struct poolpage *prev;
  struct freeslot *free;    /* this page's free slots */
  uint used;                /* slots handed out from this page */
};

/* Every pool that has had a page, for pool_reclaim and pool_spares. */
static struct spinlock poolslock = { .locked = 0, .name = "pools", .cpu = 0 };
static struct pool *pools;

/* Put pl on the list of pools, once. */
static void
pool_register(struct pool *pl)
{
  acquire(&poolslock);
  if (!pl->registered) {
    pl->registered = 1;
    pl->nextpool = pools;
    pools = pl;
  }
  release(&poolslock);
}

/* Push page pg onto list *head. */
static void
list_push(struct poolpage **head, struct poolpage *pg)
{
  pg->prev = 0;
  pg->next = *head;
  if (*head)
    (*head)->prev = pg;
  *head = pg;
}

/* Take page pg off list *head. */
static void
list_remove(struct poolpage **head, struct poolpage *pg)
{
  if (pg->prev)
    pg->prev->next = pg->next;
  else
    *head = pg->next;
  if (pg->next)
    pg->next->prev = pg->prev;
}

/* Cut page pg into free slots of pl's size. */
static void
page_carve(struct pool *pl, struct poolpage *pg)
{
  char *slot, *limit;

  pg->free = 0;
  pg->used = 0;
  limit = (char *)pg + PGSIZE - pl->objsize;
  for (slot = (char *)(pg + 1); slot <= limit; slot += pl->objsize) {
    ((struct freeslot *)slot)->next = pg->free;
    pg->free = (struct freeslot *)slot;
  }
}

/*
 * Give pl a page with free slots (its spare, or a fresh one from
 * kalloc, which is called without pl->lock since it may reclaim
 * spares).  Returns 0, or -1 if memory is exhausted.  Caller holds
 * pl->lock, which may be released and taken again meanwhile.
 */
static int
pool_grow(struct pool *pl)
{
  struct poolpage *pg;

  if (pl->objsize > PGSIZE - sizeof(struct poolpage))
    panic("pool: object larger than a page");
  if ((pg = pl->spare) != 0) {
    pl->spare = 0;
  } else {
    release(&pl->lock);
    pool_register(pl);
    pg = kalloc();
    acquire(&pl->lock);
    if (pg == 0)
      return -1;
    page_carve(pl, pg);
  }
  list_push(&pl->partial, pg);
  return 0;
}

/* A zeroed object from pl, or 0 if memory is exhausted. */
void*
pool_alloc(struct pool *pl)
{
  struct poolpage *pg;
  struct freeslot *slot;

  acquire(&pl->lock);
  if (pl->partial == 0 && pool_grow(pl) < 0) {
    release(&pl->lock);
    return 0;
  }
  pg = pl->partial;
  slot = pg->free;
  pg->free = slot->next;
  pg->used++;
  if (pg->free == 0) {
    list_remove(&pl->partial, pg);
    list_push(&pl->full, pg);
  }
  release(&pl->lock);

  memset(slot, 0, pl->objsize);
  return slot;
}

/*
 * Give obj (from pool_alloc on pl) back.  A page left empty becomes
 * the pool's spare, or goes back to kalloc if there is one already.
 */
void
pool_free(struct pool *pl, void *obj)
{
  struct poolpage *pg = (struct poolpage *)PGROUNDDOWN((uint64)obj);
  struct freeslot *slot = obj;

  acquire(&pl->lock);
  if (pg->used == 0)
    panic("pool_free: page has no objects");
  if (pg->free == 0) {
    list_remove(&pl->full, pg);
    list_push(&pl->partial, pg);
  }
  slot->next = pg->free;
  pg->free = slot;
  if (--pg->used > 0) {
    release(&pl->lock);
    return;
  }
  list_remove(&pl->partial, pg);
  if (pl->spare == 0) {
    pl->spare = pg;
    pg = 0;
  }
  release(&pl->lock);
  if (pg)
    kfree(pg);
}

/*
 * Give every pool's spare page back to kalloc (which calls this when
 * its free list is empty).  Returns the number of pages freed.
 */
int
pool_reclaim(void)
{
  struct poolpage *pg;
  struct pool *pl;
  int n = 0;

  acquire(&poolslock);
  for (pl = pools; pl != 0; pl = pl->nextpool) {
    acquire(&pl->lock);
    pg = pl->spare;
    pl->spare = 0;
    release(&pl->lock);
    if (pg) {
      kfree(pg);
      n++;
    }
  }
  release(&poolslock);
  return n;
}

/* The number of spare pages in all pools: memory free for the asking. */
uint64
pool_spares(void)
{
  struct pool *pl;
  uint64 n = 0;

  acquire(&poolslock);
  for (pl = pools; pl != 0; pl = pl->nextpool)
    n += pl->spare != 0;   /* a racy glance is fine for a count */
  release(&poolslock);
  return n;
}
