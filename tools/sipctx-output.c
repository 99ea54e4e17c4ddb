/* sipctx-output.c: the events the sipctx tool prints, one per line
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "sipctx-output.h"

#include <json-glib/json-glib.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct _SipctxOutput
{
  gboolean json;
  gboolean show_time;
  gint64   start_time;
  guint    last_id;
};

struct _SipctxEvent
{
  SipctxOutput *output;
  JsonBuilder  *builder;   /* JSON mode; plain lines are written at once */
  gboolean      has_text;  /* plain mode: the line has text after the name */
};

/* The lines are made in one buffer and written to standard output when
 * the main loop is about to wait: one write for a burst of events, and
 * every line at once for a reader on a pipe. A server under load wakes
 * for almost every request, so the writes are also spaced by at least
 * FLUSH_INTERVAL: lines that come sooner after a write wait for the next
 * one, at most that long. Past OUTPUT_MAX bytes, a line is written as it
 * ends. Nothing else in the tool writes to standard output through
 * stdio once the output exists. */
#define FLUSH_INTERVAL (50 * G_TIME_SPAN_MILLISECOND)
#define OUTPUT_MAX (64 * 1024)

static gint64 last_flush = G_MININT64 / 2;

/* What is to be written: whole lines, then the line being made. A server
 * makes a few lines for every request: the pieces are copied here with
 * no more than a length check each, and written from here. */
static struct
{
  char  *data;
  gsize  len;
  gsize  size;
  gsize  complete;   /* the whole lines: what a flush writes */
} line;

static void
line_grow (gsize more)
{
  line.size = MAX (line.size * 2, line.len + more + 1);
  line.data = g_realloc (line.data, line.size);
}

static inline void
line_append_len (const char *text,
                 gsize       len)
{
  if (G_UNLIKELY (line.len + len >= line.size))
    line_grow (len);
  memcpy (line.data + line.len, text, len);
  line.len += len;
}

static inline void
line_append (const char *text)
{
  line_append_len (text, strlen (text));
}

static inline void
line_append_c (char c)
{
  if (G_UNLIKELY (line.len + 1 >= line.size))
    line_grow (1);
  line.data[line.len++] = c;
}

/* The main loop's poll, wrapped: it runs when the loop is about to wait
 * (or to look, with a timeout of 0, when it is busy), and writes what the
 * last dispatches printed. If the last write was too recent, it shortens
 * the wait instead, so that the loop comes back to write when the
 * interval is over. Unlike a GSource's prepare, this costs the loop
 * nothing in the iterations where there is nothing to write. */
static GPollFunc default_poll;

static gint
poll_and_flush (GPollFD *fds,
                guint    n_fds,
                gint     timeout)
{
  if (line.complete > 0)
    {
      gint64 now = g_get_monotonic_time ();
      gint64 since = now - last_flush;

      if (since >= FLUSH_INTERVAL)
        {
          last_flush = now;
          sipctx_output_flush ();
        }
      else if (timeout != 0)
        {
          gint rest = (FLUSH_INTERVAL - since + G_TIME_SPAN_MILLISECOND - 1) / G_TIME_SPAN_MILLISECOND;

          if (timeout < 0 || timeout > rest)
            timeout = rest;
        }
    }

  return default_poll (fds, n_fds, timeout);
}

/* Writes the whole lines, waiting if standard output is non-blocking
 * and full; a line being made (if a nested main loop polls before it
 * ends) stays. If they cannot be written (a reader that went away), the
 * lines are dropped, as stdio would. */
void
sipctx_output_flush (void)
{
  const char *p = line.data;
  gsize left = line.complete;

  while (left > 0)
    {
      gssize n = write (STDOUT_FILENO, p, left);

      if (n >= 0)
        {
          p += n;
          left -= n;
        }
      else if (errno == EAGAIN)
        {
          struct pollfd out = { STDOUT_FILENO, POLLOUT, 0 };

          if (poll (&out, 1, -1) < 0 && errno != EINTR)
            break;
        }
      else if (errno != EINTR)
        break;
    }

  line.len -= line.complete;
  if (line.len > 0)
    memmove (line.data, line.data + line.complete, line.len);
  line.complete = 0;
}

SipctxOutput *
sipctx_output_new (gboolean json,
                   gboolean show_time)
{
  SipctxOutput *self = g_new0 (SipctxOutput, 1);

  self->json = json;
  self->show_time = show_time;
  self->start_time = g_get_monotonic_time ();
  /* Whatever stdio holds goes first. */
  fflush (stdout);
  if (line.data == NULL)
    line_grow (4096);

  default_poll = g_main_context_get_poll_func (NULL);
  g_main_context_set_poll_func (NULL, poll_and_flush);

  return self;
}

void
sipctx_output_free (SipctxOutput *self)
{
  g_main_context_set_poll_func (NULL, default_poll);
  sipctx_output_flush ();
  g_free (self);
}

gboolean
sipctx_output_is_json (SipctxOutput *self)
{
  return self->json;
}

guint
sipctx_output_next_id (SipctxOutput *self)
{
  return ++self->last_id;
}

static double
elapsed (SipctxOutput *self)
{
  return (g_get_monotonic_time () - self->start_time) / (double) G_USEC_PER_SEC;
}

static void
write_uint (guint value)
{
  char digits[16];
  char *p = digits + sizeof digits;

  do
    *--p = '0' + value % 10;
  while ((value /= 10) != 0);
  line_append_len (p, digits + sizeof digits - p);
}

/* printf() for the conversions the lines of the tool use (%s, %u, %d
 * and %%, which need no format parsing); anything else goes to
 * g_strdup_vprintf(). */
static void
write_formatted (const char *format,
                 va_list     args)
{
  const char *p = format;

  for (;;)
    {
      const char *percent = strchr (p, '%');
      const char *s;
      int d;

      if (percent == NULL)
        {
          line_append (p);
          return;
        }
      line_append_len (p, percent - p);

      switch (percent[1])
        {
        case 's':
          s = va_arg (args, const char *);
          line_append (s ? s : "(null)");
          break;
        case 'u':
          write_uint (va_arg (args, guint));
          break;
        case 'd':
          d = va_arg (args, int);
          if (d < 0)
            line_append_c ('-');
          write_uint (d < 0 ? -(guint) d : (guint) d);
          break;
        case '%':
          line_append_c ('%');
          break;
        default:
          {
            g_autofree char *rest = g_strdup_vprintf (percent, args);

            line_append (rest);
          }
          return;
        }
      p = percent + 2;
    }
}

SipctxEvent *
sipctx_event_new (SipctxOutput *output,
                  const char   *agent,
                  const char   *name,
                  guint         id)
{
  /* Events do not nest: a plain line is made in the one line buffer,
   * with no allocation (a server prints a few for every request). */
  static SipctxEvent plain_event;
  SipctxEvent *self;

  if (!output->json)
    {
      self = &plain_event;
      self->output = output;
      self->has_text = FALSE;
      if (output->show_time)
        {
          char time[32];

          g_snprintf (time, sizeof time, "%7.3f ", elapsed (output));
          line_append (time);
        }
      if (agent != NULL)
        {
          line_append (agent);
          line_append_len (": ", 2);
        }
      line_append (name);
      if (id != 0)
        {
          line_append_len (" #", 2);
          write_uint (id);
        }
      return self;
    }

  self = g_new0 (SipctxEvent, 1);
  self->output = output;
  self->builder = json_builder_new ();
  json_builder_begin_object (self->builder);
  /* Milliseconds, as an integer: json-glib prints doubles with 17
   * digits. */
  json_builder_set_member_name (self->builder, "time-ms");
  json_builder_add_int_value (self->builder, (gint64) (elapsed (output) * 1000));
  if (agent != NULL)
    {
      json_builder_set_member_name (self->builder, "agent");
      json_builder_add_string_value (self->builder, agent);
    }
  json_builder_set_member_name (self->builder, "event");
  json_builder_add_string_value (self->builder, name);
  if (id != 0)
    {
      json_builder_set_member_name (self->builder, "id");
      json_builder_add_int_value (self->builder, id);
    }

  return self;
}

gboolean
sipctx_event_has_fields (SipctxEvent *self)
{
  return self->builder != NULL;
}

void
sipctx_event_add_string (SipctxEvent *self,
                         const char  *key,
                         const char  *value)
{
  if (self->builder == NULL)
    return;
  json_builder_set_member_name (self->builder, key);
  if (value != NULL)
    json_builder_add_string_value (self->builder, value);
  else
    json_builder_add_null_value (self->builder);
}

void
sipctx_event_add_int (SipctxEvent *self,
                      const char  *key,
                      gint64       value)
{
  if (self->builder == NULL)
    return;
  json_builder_set_member_name (self->builder, key);
  json_builder_add_int_value (self->builder, value);
}

void
sipctx_event_add_boolean (SipctxEvent *self,
                          const char  *key,
                          gboolean     value)
{
  if (self->builder == NULL)
    return;
  json_builder_set_member_name (self->builder, key);
  json_builder_add_boolean_value (self->builder, value);
}

void
sipctx_event_add_double (SipctxEvent *self,
                         const char  *key,
                         double       value)
{
  if (self->builder == NULL)
    return;
  json_builder_set_member_name (self->builder, key);
  json_builder_add_double_value (self->builder, value);
}

static void
end_line (void)
{
  line_append_c ('\n');
  line.complete = line.len;
  if (line.len >= OUTPUT_MAX)
    sipctx_output_flush ();
}

void
sipctx_event_print (SipctxEvent *self,
                    const char  *format,
                    ...)
{
  va_list args;

  if (self->builder != NULL)
    return;

  if (!self->has_text)
    line_append_c (' ');
  self->has_text = TRUE;
  va_start (args, format);
  write_formatted (format, args);
  va_end (args);
}

/* How C stands in a quoted string: NULL for as it is. Only what would
 * break the line or the quotes is escaped: UTF-8 text stays readable. */
static const char *
escape (guchar c,
        char   buf[5])
{
  switch (c)
    {
    case '"':  return "\\\"";
    case '\\': return "\\\\";
    case '\n': return "\\n";
    case '\r': return "\\r";
    case '\t': return "\\t";
    default:
      if (c >= 0x20 && c != 0x7f)
        return NULL;
      g_snprintf (buf, 5, "\\x%02x", c);
      return buf;
    }
}

static inline gboolean
needs_escape (guchar c)
{
  return c < 0x20 || c == '"' || c == '\\' || c == 0x7f;
}

void
sipctx_event_print_quoted (SipctxEvent *self,
                           const char  *text)
{
  const char *p, *plain;
  char buf[5];

  if (self->builder != NULL)
    return;

  if (!self->has_text)
    line_append_c (' ');
  self->has_text = TRUE;

  /* Written in runs of what needs no escape. */
  line_append_c ('"');
  for (p = plain = text ? text : ""; *p != '\0'; p++)
    {
      if (G_LIKELY (!needs_escape (*p)))
        continue;
      line_append_len (plain, p - plain);
      line_append (escape (*p, buf));
      plain = p + 1;
    }
  line_append_len (plain, p - plain);
  line_append_c ('"');
}

void
sipctx_event_emit (SipctxEvent *self,
                   const char  *format,
                   ...)
{
  if (self->builder != NULL)
    {
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_end_object (self->builder);
      root = json_builder_get_root (self->builder);
      json_generator_set_root (generator, root);
      text = json_generator_to_data (generator, NULL);
      line_append (text);
      g_object_unref (self->builder);
      g_free (self);
    }
  else if (format != NULL)
    {
      va_list args;

      if (!self->has_text)
        line_append_c (' ');
      va_start (args, format);
      write_formatted (format, args);
      va_end (args);
    }

  end_line ();
}
