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

/* What a received character asks of the line editor. */
enum key_action {
  KEY_IGNORE,      /* NUL: line noise */
  KEY_TYPE,        /* an ordinary character: append it */
  KEY_END_LINE,    /* return, newline, ^D: append it and commit the line */
  KEY_RUBOUT,      /* backspace, DEL: erase the last character */
  KEY_KILL_LINE,   /* ^U: erase the whole line */
  KEY_PROCDUMP,    /* ^P: list the processes */
};

static enum key_action
key_action(int c)
{
  switch (c) {
  case 0:
    return KEY_IGNORE;
  case '\r':
  case '\n':
  case CTRL('D'):
    return KEY_END_LINE;
  case '\b':
  case DEL:
    return KEY_RUBOUT;
  case CTRL('U'):
    return KEY_KILL_LINE;
  case CTRL('P'):
    return KEY_PROCDUMP;
  default:
    return KEY_TYPE;
  }
}

/* Bytes of the buffer in use: unread lines and the line being typed. */
static uint
input_used(void)
{
  return input.editing - input.taken;
}

/* Hand the line being typed to read().  Caller holds input.lock. */
static void
commit_line(void)
{
  input.ready = input.editing;
  wq_wake_all(&input.readers);
}

/*
 * Append c to the line being typed and echo it.  Caller holds
 * input.lock.  Returns 0, dropping c unechoed, if the buffer is full.
 */
static int
add_typed(int c)
{
  if (input_used() == INPUT_SIZE)
    return 0;
  input.buf[input.editing % INPUT_SIZE] = c;
  input.editing++;
  consputc(c);
  return 1;
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
 * Line discipline: called by uartintr for each received character.
 * ^P runs without input.lock, for the listing is long.  A line that
 * fills the buffer is committed as it stands: nothing more could be
 * typed to end it.
 */
void
consoleintr(int c)
{
  enum key_action action = key_action(c);

  if (action == KEY_PROCDUMP) {
    procdump();
    return;
  }

  acquire(&input.lock);
  switch (action) {
  case KEY_TYPE:
    if (add_typed(c) && input_used() == INPUT_SIZE)
      commit_line();
    break;
  case KEY_END_LINE:
    if (add_typed(c == '\r' ? '\n' : c))   /* a terminal sends return */
      commit_line();
    break;
  case KEY_RUBOUT:
    erase_one();
    break;
  case KEY_KILL_LINE:
    while (erase_one())
      ;
    break;
  default:
    break;
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
