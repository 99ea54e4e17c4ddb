/* sipctx-output.h: the events the sipctx tool prints, one per line
 *
 * Every line sipctx prints on standard output is one event: a name, an
 * optional agent (the demo has two), an optional id (the call or message
 * it belongs to), typed fields, and a text for people. In plain mode the
 * line is
 *
 *     [TIME ][AGENT: ]EVENT[ #ID][ TEXT]
 *
 * (the time only where the output is a timeline, as in the demo), and with
 * --json it is one JSON object with "time-ms", "agent", "event", "id" and the
 * fields.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _SipctxOutput SipctxOutput;
typedef struct _SipctxEvent  SipctxEvent;

SipctxOutput *sipctx_output_new          (gboolean      json,
                                          gboolean      show_time);
void          sipctx_output_free         (SipctxOutput *self);
/* Writes the lines printed so far. */
void          sipctx_output_flush        (void);
gboolean      sipctx_output_is_json      (SipctxOutput *self);
guint         sipctx_output_next_id      (SipctxOutput *self);

SipctxEvent  *sipctx_event_new           (SipctxOutput *output,
                                          const char   *agent,
                                          const char   *name,
                                          guint         id);
/* Whether the event takes fields (JSON mode). */
gboolean      sipctx_event_has_fields    (SipctxEvent  *self);
void          sipctx_event_add_string    (SipctxEvent  *self,
                                          const char   *key,
                                          const char   *value);
void          sipctx_event_add_int       (SipctxEvent  *self,
                                          const char   *key,
                                          gint64        value);
void          sipctx_event_add_boolean   (SipctxEvent  *self,
                                          const char   *key,
                                          gboolean      value);
void          sipctx_event_add_double    (SipctxEvent  *self,
                                          const char   *key,
                                          double        value);
/* Plain mode only (nothing in JSON mode, where the fields say it): add
 * TEXT (printf format) to the line, or TEXT quoted: "..." with C escapes,
 * so that a body with a line break stays on one line. */
void          sipctx_event_print         (SipctxEvent  *self,
                                          const char   *format,
                                          ...) G_GNUC_PRINTF (2, 3);
void          sipctx_event_print_quoted  (SipctxEvent  *self,
                                          const char   *text);
/* Prints the event with TEXT (printf format; NULL for none) after what
 * sipctx_event_print() added, and frees it. */
void          sipctx_event_emit          (SipctxEvent  *self,
                                          const char   *format,
                                          ...) G_GNUC_PRINTF (2, 3);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SipctxOutput, sipctx_output_free)

G_END_DECLS
