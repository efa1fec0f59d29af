/*
 * RISC-V definitions: control and status registers, Sv39 page tables.
 * Compiles in user programs too (only r_sp() and friends are usable there).
 */
#ifndef XV6_RISCV_H
#define XV6_RISCV_H

#ifndef __ASSEMBLER__

/* Accessors r_NAME() and w_NAME(v) for a control and status register. */
#define CSR_READER(name)                                        \
  static inline uint64 r_##name(void)                           \
  {                                                             \
    uint64 v;                                                   \
    asm volatile("csrr %0, " #name : "=r"(v));                  \
    return v;                                                   \
  }
#define CSR_WRITER(name)                                        \
  static inline void w_##name(uint64 v)                         \
  {                                                             \
    asm volatile("csrw " #name ", %0" : : "r"(v));              \
  }
#define CSR_ACCESSORS(name) CSR_READER(name) CSR_WRITER(name)

/* Machine mode. */
CSR_READER(mhartid)
CSR_ACCESSORS(mstatus)
CSR_ACCESSORS(mepc)
CSR_ACCESSORS(medeleg)
CSR_ACCESSORS(mideleg)
CSR_ACCESSORS(mie)
CSR_ACCESSORS(mcounteren)
CSR_ACCESSORS(menvcfg)
CSR_ACCESSORS(pmpcfg0)
CSR_ACCESSORS(pmpaddr0)

/* Supervisor mode. */
CSR_ACCESSORS(sstatus)
CSR_ACCESSORS(sip)
CSR_ACCESSORS(sie)
CSR_ACCESSORS(sepc)
CSR_ACCESSORS(stvec)
CSR_ACCESSORS(satp)
CSR_ACCESSORS(scause)
CSR_ACCESSORS(stval)
CSR_ACCESSORS(scounteren)
CSR_ACCESSORS(stimecmp)

/* Readable from any mode once the counters are enabled. */
CSR_READER(time)

/* General registers. */
#define GPR_READER(name)                                        \
  static inline uint64 r_##name(void)                           \
  {                                                             \
    uint64 v;                                                   \
    asm volatile("mv %0, " #name : "=r"(v));                    \
    return v;                                                   \
  }
GPR_READER(sp)
GPR_READER(fp)
GPR_READER(ra)
GPR_READER(tp)

static inline void
w_tp(uint64 v)
{
  asm volatile("mv tp, %0" : : "r"(v));
}

static inline void
sfence_vma(void)
{
  asm volatile("sfence.vma zero, zero");   /* flush the whole TLB */
}

/* Supervisor interrupts on or off; intr_get() says which. */
#define SSTATUS_SIE  (1L << 1)
static inline void intr_on(void)  { w_sstatus(r_sstatus() | SSTATUS_SIE); }
static inline void intr_off(void) { w_sstatus(r_sstatus() & ~SSTATUS_SIE); }
static inline int  intr_get(void) { return (r_sstatus() & SSTATUS_SIE) != 0; }

typedef uint64 pte_t;
typedef uint64 *pagetable_t;   /* 512 PTEs */

#endif /* __ASSEMBLER__ */

/* mstatus */
#define MSTATUS_MPP_MASK  (3L << 11)   /* mode before the trap */
#define MSTATUS_MPP_S     (1L << 11)

/* sstatus */
#define SSTATUS_SPP   (1L << 8)   /* previous mode: 1 = supervisor, 0 = user */
#define SSTATUS_SPIE  (1L << 5)   /* interrupts enabled before the trap */
#define SSTATUS_SUM   (1L << 18)  /* supervisor may touch user pages */

/* sie / mie */
#define SIE_SEIE  (1L << 9)   /* external */
#define SIE_STIE  (1L << 5)   /* timer */
#define SIE_SSIE  (1L << 1)   /* software */
#define MIE_STIE  (1L << 5)

/* Counters and Sstc. */
#define COUNTEREN_TM   (1L << 1)   /* lower modes may read time */
#define MENVCFG_STCE   (1L << 63)  /* supervisor timer (stimecmp) enabled */

/* scause values (interrupt bit set for interrupts). */
#define SCAUSE_INTERRUPT       (1L << 63)
#define SCAUSE_S_SOFTWARE      (SCAUSE_INTERRUPT | 1)
#define SCAUSE_S_TIMER         (SCAUSE_INTERRUPT | 5)
#define SCAUSE_S_EXTERNAL      (SCAUSE_INTERRUPT | 9)
#define SCAUSE_ECALL_U         8
#define SCAUSE_INST_PAGE_FAULT 12
#define SCAUSE_LOAD_PAGE_FAULT 13
#define SCAUSE_STORE_PAGE_FAULT 15

/* satp: Sv39 translation rooted at a page table. */
#define SATP_SV39  (8L << 60)
#define MAKE_SATP(pagetable) (SATP_SV39 | (((uint64)(pagetable)) >> 12))

#define PGSIZE   4096
#define PGSHIFT  12
#define PGROUNDUP(a)   (((a) + PGSIZE - 1) & ~(PGSIZE - 1))
#define PGROUNDDOWN(a) (((a)) & ~(PGSIZE - 1))

/* Page-table entry bits. */
#define PTE_V  (1L << 0)   /* valid */
#define PTE_R  (1L << 1)
#define PTE_W  (1L << 2)
#define PTE_X  (1L << 3)
#define PTE_U  (1L << 4)   /* user may access */
#define PTE_A  (1L << 6)   /* accessed (set by hardware) */
#define PTE_D  (1L << 7)   /* dirty (set by hardware) */
#define PTE_COW (1L << 8)  /* software bit: private page shared until written */
#define PTE_SWAP (1L << 9) /* software bit, with PTE_V clear: the page is in
                              swap, and the PPN field holds its slot */

/* A swapped-out page's entry, and its slot (swapcache.c). */
#define SLOT2PTE(slot)  (((uint64)(slot) << 10) | PTE_SWAP)
#define PTE2SLOT(pte)   ((uint)((pte) >> 10))
#define PTE_SWAPPED(pte) (((pte) & (PTE_V | PTE_SWAP)) == PTE_SWAP)

#define PA2PTE(pa)    ((((uint64)(pa)) >> 12) << 10)
#define PTE2PA(pte)   (((pte) >> 10) << 12)
#define PTE_FLAGS(pte) ((pte) & 0x3FF)

/* Sv39: three levels of 9-bit indexes above a 12-bit page offset. */
#define PXMASK         0x1FF
#define PXSHIFT(level) (PGSHIFT + 9 * (level))
#define PX(level, va)  ((((uint64)(va)) >> PXSHIFT(level)) & PXMASK)

/*
 * One past the highest user address.  Sv39 allows 39 bits, but we stay
 * below bit 38 so no address needs sign extension.
 */
#define MAXVA (1L << (9 + 9 + 9 + 12 - 1))

#endif /* XV6_RISCV_H */
