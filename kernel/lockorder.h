/*
 * The kernel's locks, and the order in which they may be taken.
 *
 * A thread holding a lock of one row may take locks of later rows only.
 * Sleep locks (they may be held across disk I/O and sleeps):
 *
 *   1. a log transaction (begin_op .. end_op), not a lock but waited for
 *   2. inode locks (ilock): a directory before the entries in it; two
 *      unrelated inodes are never held at once
 *   3. buffer locks (bread .. brelse)
 *
 * Spin locks (held with interrupts off; nothing sleeps under them):
 *
 *   4. wait_lock, then a process's p->lock (parent before child)
 *   5. an inode's maplock (its list of mappings, vma.c), then the
 *      vmspace lock of a process mapping the file (truncation)
 *   6. a vmspace's lock (vma.c), never two at once
 *   7. itable.lock, ftable.lock, the block cache's lock, a pipe's
 *      lock, a memobj's lock, the disk's lock, the console's and
 *      uart's locks
 *   8. taken from inside kalloc() when memory runs short, so kalloc() is
 *      never called under them: the pools' list lock, then one pool's
 *      lock (pool.c); an inode's cachelock (pagecache.c)
 *   9. kalloc's mem.lock, tickslock, pid_lock: innermost
 *
 * The rule for user memory: the kernel never takes a page fault while it
 * holds any lock.  A fault may need an inode lock (to read a file page),
 * a buffer lock, or memory that only the log or another process can give
 * back, so a fault under a lock could wait for itself, or for a process
 * waiting on it.  So:
 *
 *   - copyin and copyout made while the caller holds a lock do not
 *     fault: they stop at a page that is not there yet and fail, noting
 *     the page (vm.c, user_byte);
 *   - the caller drops its locks, takes the noted fault with
 *     vm_fault_deferred() (vmfault.c), and tries again (file.c reads and
 *     writes, the directory reads under an inode lock);
 *   - wait() copies the exit status out after it lets go of its locks.
 *
 * vm_fault() checks the rule: a fault attempted while this hart holds a
 * spin lock, or this process a sleep lock, panics at once, naming the
 * rule, instead of deadlocking some time later.
 */
