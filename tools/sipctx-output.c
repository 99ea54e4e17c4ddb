/* sipctx-output.c: the events the sipctx tool prints, one per line
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "sipctx-output.h"

#include <json-glib/json-glib.h>
#include <stdio.h>

struct _SipctxOutput
{
  gboolean json;
  gboolean show_time;
  gint64   start_time;
  guint    last_id;
  guint    flush_id;
};

struct _SipctxEvent
{
  SipctxOutput *output;
  JsonBuilder  *builder;   /* JSON mode; plain lines are written at once */
};

/* stdout is fully buffered and flushed once the main loop has nothing
 * else to do: one write for a burst of events (a server under load), and
 * still every line at once for a reader on a pipe. */
static char stdout_buffer[64 * 1024];

SipctxOutput *
sipctx_output_new (gboolean json,
                   gboolean show_time)
{
  SipctxOutput *self = g_new0 (SipctxOutput, 1);

  self->json = json;
  self->show_time = show_time;
  self->start_time = g_get_monotonic_time ();
  setvbuf (stdout, stdout_buffer, _IOFBF, sizeof stdout_buffer);

  return self;
}

void
sipctx_output_free (SipctxOutput *self)
{
  g_clear_handle_id (&self->flush_id, g_source_remove);
  fflush (stdout);
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

SipctxEvent *
sipctx_event_new (SipctxOutput *output,
                  const char   *agent,
                  const char   *name,
                  guint         id)
{
  /* Events do not nest: a plain line goes straight into stdout's buffer,
   * with no allocation (a server prints a few for every request). */
  static SipctxEvent plain_event;
  SipctxEvent *self;

  if (!output->json)
    {
      self = &plain_event;
      self->output = output;
      if (output->show_time)
        fprintf (stdout, "%7.3f ", elapsed (output));
      if (agent != NULL)
        {
          fputs (agent, stdout);
          fputs (": ", stdout);
        }
      fputs (name, stdout);
      if (id != 0)
        fprintf (stdout, " #%u", id);
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

static gboolean
flush_cb (gpointer data)
{
  SipctxOutput *self = data;

  self->flush_id = 0;
  fflush (stdout);
  return G_SOURCE_REMOVE;
}

static void
end_line (SipctxOutput *self)
{
  fputc ('\n', stdout);
  if (self->flush_id == 0)
    self->flush_id = g_idle_add_full (G_PRIORITY_LOW, flush_cb, self, NULL);
}

void
sipctx_event_emit (SipctxEvent *self,
                   const char  *format,
                   ...)
{
  SipctxOutput *output = self->output;

  if (self->builder != NULL)
    {
      g_autoptr(JsonGenerator) generator = json_generator_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_end_object (self->builder);
      root = json_builder_get_root (self->builder);
      json_generator_set_root (generator, root);
      text = json_generator_to_data (generator, NULL);
      fputs (text, stdout);
      g_object_unref (self->builder);
      g_free (self);
    }
  else if (format != NULL)
    {
      va_list args;

      fputc (' ', stdout);
      va_start (args, format);
      vfprintf (stdout, format, args);
      va_end (args);
    }

  end_line (output);
}

char *
sipctx_quote (const char *text)
{
  GString *quoted = g_string_new ("\"");

  /* Only what would break the line or the quotes is escaped: UTF-8 text
   * stays readable. */
  for (const char *p = text ? text : ""; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"':  g_string_append (quoted, "\\\""); break;
        case '\\': g_string_append (quoted, "\\\\"); break;
        case '\n': g_string_append (quoted, "\\n"); break;
        case '\r': g_string_append (quoted, "\\r"); break;
        case '\t': g_string_append (quoted, "\\t"); break;
        default:
          if ((guchar) *p < 0x20 || *p == 0x7f)
            g_string_append_printf (quoted, "\\x%02x", (guchar) *p);
          else
            g_string_append_c (quoted, *p);
        }
    }
  g_string_append_c (quoted, '"');

  return g_string_free (quoted, FALSE);
}
