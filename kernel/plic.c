/*
 * The platform-level interrupt controller (PLIC): routes device
 * interrupts to harts.  Each hart has a supervisor-mode "context" with
 * its own enable bits, priority threshold and claim register (see
 * PLIC_* in memlayout.h).
 *
 * The devices we drive are listed once, in routes[]: plicinit and
 * plicinithart switch on exactly their lines, and plicintr sends each
 * interrupt to its device's handler.  A new device is one more row.
 */
#include "types.h"
#include "param.h"
#include "memlayout.h"
#include "riscv.h"
#include "defs.h"

/* Every PLIC register is a 32-bit word. */
#define PLIC_WORD(addr) (*(volatile uint32 *)(addr))

#define IRQ_PRIORITY   1   /* any nonzero priority beats threshold 0 */
#define ACCEPT_ALL     0   /* threshold: take every enabled priority */
#define NO_IRQ         0   /* claim's answer when nothing is pending */

static void
uart_handler(int unused)
{
  uartintr();
}

/* One interrupt line and the driver that services it. */
struct irq_route {
  int irq;
  void (*handler)(int arg);
  int arg;
};

static const struct irq_route routes[] = {
  { UART0_IRQ,   uart_handler,     0 },
  { VIRTIO0_IRQ, virtio_disk_intr, ROOT_DISK },
  { VIRTIO1_IRQ, virtio_disk_intr, SWAP_DISK },
};

#define NROUTES (sizeof(routes) / sizeof(routes[0]))

/* Once, at boot: a line with priority 0 never interrupts; lift ours. */
void
plicinit(void)
{
  for (uint i = 0; i < NROUTES; i++)
    PLIC_WORD(PLIC_PRIORITY + routes[i].irq * sizeof(uint32)) = IRQ_PRIORITY;
}

/* On each hart: take our devices' interrupts in supervisor mode. */
void
plicinithart(void)
{
  uint32 enabled = 0;
  int hart = cpuid();

  for (uint i = 0; i < NROUTES; i++)
    enabled |= 1U << routes[i].irq;
  PLIC_WORD(PLIC_SENABLE(hart)) = enabled;
  PLIC_WORD(PLIC_SPRIORITY(hart)) = ACCEPT_ALL;
}

/* Returns the pending interrupt this hart now owns, or 0 if none. */
int
plic_claim(void)
{
  return PLIC_WORD(PLIC_SCLAIM(cpuid()));
}

/* Tell the PLIC this hart has finished with irq: it may fire again. */
void
plic_complete(int irq)
{
  PLIC_WORD(PLIC_SCLAIM(cpuid())) = irq;
}

/* The route of irq, or 0 if no device of ours uses that line. */
static const struct irq_route *
route_of(int irq)
{
  for (uint i = 0; i < NROUTES; i++) {
    if (routes[i].irq == irq)
      return &routes[i];
  }
  return 0;
}

/*
 * An external interrupt reached this hart: claim it and run its
 * device's handler.  Finds nothing when another hart claimed it first.
 */
void
plicintr(void)
{
  int irq = plic_claim();
  const struct irq_route *route;

  if (irq == NO_IRQ)
    return;
  route = route_of(irq);
  if (route != 0)
    route->handler(route->arg);
  else
    printf("plicintr: unexpected irq %d\n", irq);
  plic_complete(irq);
}
