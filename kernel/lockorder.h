/*
 * The kernel's locks, and the order in which they may be taken.
 *
 * A thread holding a lock of one row may take locks of later rows only.
 * Sleep locks (they may be held across disk I/O and sleeps):
 *
 *   0. the reclaimer (reclaim.c): taken only by a process that holds
 *      nothing and is in no transaction (vm_fault checks both; sbrk's
 *      growproc is called from the system call with nothing held),
 *      since reclaim locks inodes, begins transactions and waits for
 *      disks
 *   1. a log transaction (begin_op .. end_op), not a lock but waited for
 *   2. inode locks (ilock): a directory before the entries in it; two
 *      unrelated inodes are never held at once
 *   3. buffer locks (bread .. brelse)
 *
 * Spin locks (held with interrupts off; nothing sleeps under them):
 *
 *   4. wait_lock (proc.c), the guard of every p->child_exit queue
 *   5. the guards of the other wait queues (waitqueue.h), one at a
 *      time: the log's lock, a sleep lock's guard, a pipe's lock, the
 *      console's input lock, the uart's lock, each virtio disk's lock
 *      (virtio_disk0, the root; virtio_disk1, swap),
 *      tickslock (clock.c)
 *   6. a process's p->lock, one at a time.  Every guard comes before
 *      it: a wakeup takes each woken process's p->lock under the
 *      queue's guard, and a sleeper takes its own before it lets go of
 *      the guard (waitqueue.c says why).  Taken under p->lock: the run
 *      queue's lock, and in vmainfo (mmap.c) the target's vmspace lock
 *   7. an inode's maplock (its list of mappings, vma.c), then the
 *      vmspace lock of a process mapping the file (truncation)
 *   8. a vmspace's lock (vma.c), never two at once
 *   9. itable.lock, ftable.lock, the block cache's lock; the list of
 *      memobjs (memobj.c), then a memobj's lock
 *  10. taken from inside kalloc() when memory runs short, so kalloc() is
 *      never called under them: the pools' list lock, then one pool's
 *      lock (pool.c); an inode's cachelock (pagecache.c: a node of its
 *      page tree is allocated with the lock let go, pagetree_slot); the
 *      swap cache's lock (swapcache.c)
 *  11. kalloc's mem.lock, pid_lock, the run queue's lock (sched.c), the
 *      swap slot table's lock (swap.c): innermost
 *
 * So no guard is taken under p->lock or under a lock of rows 7 to 11:
 * nothing holding one of those may wake a wait queue (or sleep).
 *
 * The rule for user memory: the kernel never takes a page fault while it
 * holds any lock.  A fault may need an inode lock (to read a file page),
 * a buffer lock, or memory that only the log or another process can give
 * back, so a fault under a lock could wait for itself, or for a process
 * waiting on it.  So:
 *
 *   - copyin and copyout made while the caller holds a lock do not
 *     fault: they stop at a page that is not there yet and fail, noting
 *     the page (vm.c, fault_in);
 *   - the caller drops its locks, takes the noted fault with
 *     vm_fault_deferred() (vmfault.c), and tries again (file.c reads and
 *     writes, the directory reads under an inode lock);
 *   - wait() copies the exit status out after it lets go of its locks.
 *
 * The rule for user PTEs: the reclaimer takes pages from processes
 * other than its own (reclaim.c), so a process reads a user PTE and acts
 * on it, or changes it, only under its vmspace lock (row 8), and never
 * keeps a user page's address past that lock without a reference to the
 * page: vm_fault, copyin/copyout (a page at a time), fork, unmap,
 * mprotect and write-back all do so.  File PTEs also change only under
 * the inode's lock (truncation and the reclaimer's file clock hold it).
 *
 * vm_fault() checks the rule: a fault attempted while this hart holds a
 * spin lock, or this process a sleep lock, panics at once, naming the
 * rule, instead of deadlocking some time later.
 */
