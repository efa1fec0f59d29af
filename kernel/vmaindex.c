/*
 * An index over a process's VMA list, so that finding the mapping at
 * an address takes O(log n) steps however many mappings there are.
 *
 * The list (vma.c) stays the way the mappings are kept and visited;
 * this is a second way into it: a treap, a binary search tree ordered
 * by start address in which every VMA also carries a random priority,
 * and every parent's priority is at least its children's.  Random
 * priorities make the tree's shape that of one built from keys in
 * random order, so its depth stays O(log n) in expectation whatever
 * order mappings are made in, with no rebalancing rules to keep.
 *
 * Both operations that change the tree are built on two loops:
 *   split(t, key)  cuts tree t into the VMAs that start below key and
 *                  those that start at or above it;
 *   join(a, b)     joins two trees, every start in a below every start
 *                  in b, back into one.
 * Inserting v is split at v->start, then join(join(below, v), rest);
 * removing v is two splits, around v, and a join of what is left.
 *
 * The owner changes the index under vm->lock, with the list; it reads
 * it without.  Starts never change while a VMA is in the index (a split
 * keeps the lower part's start; merges and growth move only ends).
 */

#include "types.h"
#include "param.h"
#include "riscv.h"
#include "spinlock.h"
#include "vma.h"
#include "defs.h"

/* A priority for a new node: xorshift64 on the vmspace's own state. */
static uint64
next_priority(struct vmspace *vm)
{
  uint64 x = vm->seed ? vm->seed : 0x9e3779b97f4a7c15UL;

  x ^= x << 13;
  x ^= x >> 7;
  x ^= x << 17;
  vm->seed = x;
  return x;
}

/* Cut t into *below (starts < key) and *rest (starts >= key). */
static void
split(struct vma *t, uint64 key, struct vma **below, struct vma **rest)
{
  while (t != 0) {
    if (t->start < key) {
      *below = t;
      below = &t->right;
      t = t->right;
    } else {
      *rest = t;
      rest = &t->left;
      t = t->left;
    }
  }
  *below = 0;
  *rest = 0;
}

/* Join a and b (every start in a below every start in b) into one tree. */
static struct vma*
join(struct vma *a, struct vma *b)
{
  struct vma *root = 0, **link = &root;

  while (a != 0 && b != 0) {
    if (a->priority > b->priority) {
      *link = a;
      link = &a->right;
      a = a->right;
    } else {
      *link = b;
      link = &b->left;
      b = b->left;
    }
  }
  *link = a != 0 ? a : b;
  return root;
}

/* Add v, whose start no VMA in the index shares.  Caller holds vm->lock. */
void
vmaindex_insert(struct vmspace *vm, struct vma *v)
{
  struct vma *below, *rest;

  v->left = v->right = 0;
  v->priority = next_priority(vm);
  split(vm->root, v->start, &below, &rest);
  vm->root = join(join(below, v), rest);
}

/* Take v out of the index.  Caller holds vm->lock. */
void
vmaindex_remove(struct vmspace *vm, struct vma *v)
{
  struct vma *below, *rest, *self, *above;

  split(vm->root, v->start, &below, &rest);
  split(rest, v->start + 1, &self, &above);
  if (self != v)
    panic("vmaindex_remove: not in the index");
  vm->root = join(below, above);
}

/* The VMA with the greatest start at or below va, or 0 if there is none. */
struct vma*
vmaindex_floor(struct vmspace *vm, uint64 va)
{
  struct vma *t = vm->root, *best = 0;

  while (t != 0) {
    if (t->start <= va) {
      best = t;
      t = t->right;
    } else {
      t = t->left;
    }
  }
  return best;
}
