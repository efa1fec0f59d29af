/*
 * The console device (major CONSOLE): the UART seen as a terminal.
 *
 * Typed characters are echoed and collected into a line that can be
 * edited (backspace, ^U) until return or ^D commits it; only then can
 * read() take it.  ^P prints the process table.  Writes go straight
 * to the UART's transmit buffer.
 */
#include "types.h"
#include "param.h"
#include "spinlock.h"
#include "sleeplock.h"
#include "memlayout.h"
#include "riscv.h"
#include "fs.h"
#include "pagetree.h"
#include "file.h"
#include "defs.h"
#include "vma.h"
#include "proc.h"

#define CTRL(x)    ((x) - '@')   /* the control code of letter x */
#define DEL        0x7f
#define BACKSPACE  0x100         /* consputc: rub out the last character */

#define INPUT_SIZE 128           /* bytes of typed-ahead input */
#define COPY_CHUNK 64            /* bytes moved per copyin/copyout */

/*
 * Typed input, as a ring indexed by ever-growing counters
 * (always used modulo INPUT_SIZE):
 *   [taken, ready)    committed lines that read() has not taken yet
 *   [ready, editing)  the line still being typed, which may be erased
 */
static struct {
  struct spinlock lock;   /* protects everything below */
  char buf[INPUT_SIZE];
  uint taken;
  uint ready;
  uint editing;
  struct waitqueue readers;   /* waiting for a committed line */
} input;

/*
 * Print one character on the console without sleeping (used for echo
 * and by printf).  BACKSPACE overwrites the previous character.
 */
void
consputc(int c)
{
  const char *rubout = "\b \b";   /* back over it, blank it, back again */

  if (c != BACKSPACE) {
    uartputc_sync(c);
    return;
  }
  for (; *rubout != '\0'; rubout++)
    uartputc_sync(*rubout);
}

/*
 * Device write: send n bytes from src.  Returns the bytes sent, or -1
 * when src is bad from its first byte.
 */
static int
consolewrite(int user_src, uint64 src, int n)
{
  char chunk[COPY_CHUNK];
  int done = 0;

  while (done < n) {
    int len = n - done;
    if (len > COPY_CHUNK)
      len = COPY_CHUNK;
    if (either_copyin(chunk, user_src, src + done, len) < 0)
      return done > 0 ? done : -1;   /* a bad buffer fails the call */
    uartwrite(chunk, len);
    done += len;
  }
  return done;
}

/*
 * Take up to max committed bytes into dst, stopping after a newline.
 * A ^D ends the take; it is consumed only when it is the first byte,
 * so that a read meeting it at the start of a line returns 0.
 * Sets *line_done when a newline or ^D ended the take.
 * Caller holds input.lock.  Returns the bytes taken.
 */
static int
take_input(char *dst, int max, int first, int *line_done)
{
  int got = 0;

  *line_done = 0;
  while (got < max && input.taken != input.ready) {
    char c = input.buf[input.taken % INPUT_SIZE];
    if (c == CTRL('D')) {
      if (first && got == 0)
        input.taken++;
      *line_done = 1;
      break;
    }
    input.taken++;
    dst[got++] = c;
    if (c == '\n') {
      *line_done = 1;
      break;
    }
  }
  return got;
}

/*
 * Device read: copy at most n bytes of input to dst, waiting until a
 * whole line (or ^D) has been typed.  Returns the bytes read, 0 at end
 * of input (^D on an empty line), or -1 if the process was killed
 * while waiting or dst is bad.
 *
 * The copy to dst happens with input.lock released: copying to user
 * memory may fault in an mmap'ed page, which can sleep.
 */
static int
consoleread(int user_dst, uint64 dst, int n)
{
  char chunk[COPY_CHUNK];
  int done = 0;
  int line_done = 0;

  while (done < n && !line_done) {
    int max = n - done;
    int got;

    if (max > COPY_CHUNK)
      max = COPY_CHUNK;

    acquire(&input.lock);
    while (input.taken == input.ready) {
      if (wq_sleep_killable(&input.readers) < 0) {
        release(&input.lock);
        return -1;
      }
    }
    got = take_input(chunk, max, done == 0, &line_done);
    release(&input.lock);

    if (got > 0 && either_copyout(user_dst, dst + done, chunk, got) < 0)
      return -1;
    done += got;
  }
  return done;
}

/*
 * Rub out the last character of the line being typed, on screen too.
 * The line never holds a newline: a newline commits it.  Caller holds
 * input.lock.  Returns 0 if the line was already empty.
 */
static int
erase_one(void)
{
  if (input.editing == input.ready)
    return 0;
  input.editing--;
  consputc(BACKSPACE);
  return 1;
}

/*
 * Add a typed character to the line being typed, and echo it.  A
 * newline or ^D commits the line for read(); so does a full buffer,
 * since nothing more could be typed.  Caller holds input.lock.
 */
static void
add_typed(int c)
{
  if (input.editing - input.taken >= INPUT_SIZE)
    return;   /* no room: drop it */
  if (c == '\r')
    c = '\n';
  consputc(c);
  input.buf[input.editing % INPUT_SIZE] = c;
  input.editing++;

  if (c == '\n' || c == CTRL('D') || input.editing - input.taken == INPUT_SIZE) {
    input.ready = input.editing;
    wq_wake_all(&input.readers);
  }
}

/*
 * Line discipline: called by uartintr for each received character.
 * ^P lists the processes (without input.lock: the listing is long),
 * ^U erases the line, backspace or DEL one character; anything else
 * but NUL is typed.
 */
void
consoleintr(int c)
{
  if (c == CTRL('P')) {
    procdump();
    return;
  }

  acquire(&input.lock);
  if (c == CTRL('U')) {
    while (erase_one())
      ;
  } else if (c == '\b' || c == DEL) {
    erase_one();
  } else if (c != 0) {
    add_typed(c);
  }
  release(&input.lock);
}

void
consoleinit(void)
{
  initlock(&input.lock, "console");
  wq_init(&input.readers, "console input", &input.lock);
  uartinit();

  devsw[CONSOLE].read = consoleread;
  devsw[CONSOLE].write = consolewrite;
}
