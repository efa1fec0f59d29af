/*
 * Page trees (pagetree.h): the sparse index of pages that shared
 * anonymous memory objects (memobj.c) and file page caches
 * (pagecache.c) keep their pages in.
 *
 *   pagetree_init     an empty tree
 *   pagetree_lookup   the entry at an index, if its node exists
 *   pagetree_slot     the entry at an index, making the nodes on the way
 *   pagetree_walk     visit the entries from an index up, in order,
 *                     letting the visitor change or clear them; nodes
 *                     left empty are freed
 *   pagetree_spare    the nodes that clearing some entries would free
 *
 * Nodes are pages from kalloc, kernel memory of the tree: never taken
 * back by reclaim, freed only once they hold nothing.  So a walk that
 * clears every entry frees the whole tree.  The caller
 * protects a tree with its own lock, held across every call.
 *
 * Locking: a page cache's lock (ip->cachelock) is taken from inside
 * kalloc(), when pagecache_reclaim frees idle pages, so kalloc must
 * never be called under it (lockorder.h).  pagetree_slot therefore
 * lets go of the caller's lock while it allocates a node, and walks
 * the tree again from the top once it has the lock back.  Freeing a
 * node (kfree) is fine under the lock.
 */

#include "types.h"
#include "param.h"
#include "riscv.h"
#include "spinlock.h"
#include "pagetree.h"
#include "defs.h"

/* The part of index idx that selects an entry in a node at level. */
#define PT_SLOT(level, idx) (((idx) >> (PT_BITS * (level))) & (PT_FANOUT - 1))

/* An empty tree of the given levels (1 to 3). */
void
pagetree_init(struct pagetree *t, int levels)
{
  t->root = 0;
  t->levels = levels;
}

/* Does t have room for index idx? */
static int
in_range(struct pagetree *t, uint64 idx)
{
  return (idx >> (PT_BITS * t->levels)) == 0;
}

/*
 * Follow idx down from the top until a missing node.  Returns the entry
 * for idx in its leaf, or 0 with *missing set to the link (the root, or
 * an entry of a node) where the next node down is missing.
 */
static uint64*
descend(struct pagetree *t, uint64 idx, uint64 **missing)
{
  uint64 *link = &t->root, *node;
  int level;

  for (level = t->levels - 1; *link != 0; level--) {
    node = (uint64 *)*link;
    if (level == 0)
      return &node[PT_SLOT(0, idx)];
    link = &node[PT_SLOT(level, idx)];
  }
  *missing = link;
  return 0;
}

/* The entry for idx, or 0 if idx is out of range or its leaf is
   missing (the entry is then 0). */
uint64*
pagetree_lookup(struct pagetree *t, uint64 idx)
{
  uint64 *missing;

  if (!in_range(t, idx))
    return 0;
  return descend(t, idx, &missing);
}

/*
 * The entry for idx, creating the nodes on the way.  The caller holds
 * lk, the tree's lock, which is let go while a node is allocated (see
 * the top of this file), so the tree may change meanwhile: the caller
 * must look again at what it read before the call.  Returns with lk
 * held; 0 if idx is out of range or memory ran out (a node made on the
 * way stays, empty, until a walk passes it).
 */
uint64*
pagetree_slot(struct pagetree *t, uint64 idx, struct spinlock *lk)
{
  uint64 *e, *missing, *fresh = 0;

  if (!in_range(t, idx))
    return 0;
  while ((e = descend(t, idx, &missing)) == 0) {
    if (fresh) {
      *missing = (uint64)fresh;
      fresh = 0;
      continue;
    }
    release(lk);
    fresh = kalloc();
    if (fresh)
      memset(fresh, 0, PGSIZE);
    acquire(lk);
    if (fresh == 0)
      return 0;
  }
  if (fresh)
    kfree(fresh);   /* another thread made the node while we had no lock */
  return e;
}

/* Is node, a page of entries, all zeros? */
static int
node_empty(uint64 *node)
{
  int i;

  for (i = 0; i < PT_FANOUT; i++)
    if (node[i] != 0)
      return 0;
  return 1;
}

/*
 * pagetree_walk's work below node, at level, whose first index is base.
 * Returns 1 once visit asked to stop.
 */
static int
walk_node(uint64 *node, int level, uint64 base, uint64 first,
          int (*visit)(void *, uint64, uint64 *), void *arg)
{
  uint64 span = 1UL << (PT_BITS * level), idx, *child;
  int i, stop = 0;

  i = first > base ? (first - base) / span : 0;
  for (; i < PT_FANOUT && !stop; i++) {
    if (node[i] == 0)
      continue;
    idx = base + i * span;
    if (level == 0) {
      stop = visit(arg, idx, &node[i]);
      continue;
    }
    child = (uint64 *)node[i];
    stop = walk_node(child, level - 1, idx, first, visit, arg);
    if (node_empty(child)) {
      kfree(child);
      node[i] = 0;
    }
  }
  return stop;
}

/*
 * Call visit(arg, idx, &entry) for each nonzero entry at index first or
 * above, in index order, until visit returns nonzero.  visit may change
 * the entry, or clear it; every node found empty on the way is freed.
 */
void
pagetree_walk(struct pagetree *t, uint64 first,
              int (*visit)(void *, uint64, uint64 *), void *arg)
{
  if (t->root == 0 || !in_range(t, first))
    return;
  walk_node((uint64 *)t->root, t->levels - 1, 0, first, visit, arg);
  if (node_empty((uint64 *)t->root)) {
    kfree((void *)t->root);
    t->root = 0;
  }
}

/*
 * Count into *n the nodes below and including node (at level) that
 * would be empty once the entries for which goes() holds were cleared.
 * Returns whether node itself would be.
 */
static int
spare_node(uint64 *node, int level, int (*goes)(uint64), uint64 *n)
{
  int i, empty = 1;

  for (i = 0; i < PT_FANOUT; i++) {
    if (node[i] == 0)
      continue;
    if (level == 0 ? !goes(node[i]) : !spare_node((uint64 *)node[i], level - 1, goes, n))
      empty = 0;
  }
  if (empty)
    (*n)++;
  return empty;
}

/* The nodes of t that clearing every entry e with goes(e) would free
   (what a walk clearing them would give back). */
uint64
pagetree_spare(struct pagetree *t, int (*goes)(uint64))
{
  uint64 n = 0;

  if (t->root != 0)
    spare_node((uint64 *)t->root, t->levels - 1, goes, &n);
  return n;
}
