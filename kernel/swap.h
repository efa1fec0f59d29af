/*
 * The swap area: pages of memory kept on the second virtio disk
 * (virtio-mmio bus 1) while their frames hold something else.
 *
 * The disk is cut into slots of one page (SWAP_SLOT_SECTORS sectors);
 * slot s (1 <= s <= the number of slots) lies at sector
 * (s - 1) * SWAP_SLOT_SECTORS.  Slot 0 names no slot: swap_alloc()
 * returns it when none is free.  Each slot carries a reference count:
 * a slot is in use while any page table entry (or other holder) names
 * it, and fork shares a swapped page by adding a reference.
 *
 * The swap area is as large as the disk, up to SWAP_MAXSLOTS slots
 * (256 MiB); a larger disk's remainder goes unused.  With no disk on
 * bus 1 the kernel runs without swap: swap_present() is 0 and
 * swap_alloc() always returns 0.
 */

#define SWAP_MAXSLOTS     65536                        /* slots the table holds: 256 MiB */
#define SWAP_SLOT_SECTORS (PGSIZE / 512)               /* disk sectors per slot: 8 */
#define SWAP_MAXREFS      0xffff                       /* references a slot can hold */

void   swapinit(void);
int    swap_present(void);
uint   swap_alloc(void);
void   swap_ref(uint slot);
void   swap_free(uint slot);
int    swap_refs(uint slot);
void   swap_write(uint slot, void *pa);
void   swap_read(uint slot, void *pa);
void   swap_stats(uint64 *total, uint64 *used);
void   swap_selftest(void);
