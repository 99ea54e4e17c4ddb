/* sipctx-listen.c: sipctx listen, a user agent that answers
 *
 * Every INVITE and MESSAGE is answered here, through the public context
 * API (a handler of the user agent's signal calls accept, progress or
 * reject), never by an automatic answer inside the stack.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "sipctx-tool.h"

#include <stdlib.h>
#include <string.h>

#define DEFAULT_BIND_URI "sip:*:5060"
#define DEFAULT_CALL_REJECT 486
#define DEFAULT_MESSAGE_REJECT 403

typedef enum {
  ANSWER_AUTO,
  ANSWER_RING,
  ANSWER_REJECT,
} AnswerMode;

typedef struct
{
  SipctxTool   *tool;
  SipUserAgent *ua;

  AnswerMode    mode;
  guint         ring_seconds;     /* ring: answer after this; 0: never */
  guint         reject_code;
  gboolean      reject_messages;
  guint         message_code;
  gboolean      stopping;

  guint          calls;
  SipctxCounters call_counters;
  guint          messages;
  guint          messages_accepted;
  guint          messages_rejected;
} Listen;

/* Parsing */

static gboolean
parse_uint (const char *text,
            guint       min,
            guint       max,
            guint      *value)
{
  guint64 number;

  if (!g_ascii_string_to_unsigned (text, 10, min, max, &number, NULL))
    return FALSE;
  *value = number;
  return TRUE;
}

static gboolean
parse_answer (Listen      *self,
              const char  *text,
              GError     **error)
{
  const char *eq = strchr (text, '=');
  g_autofree char *mode = g_strndup (text, eq ? (gsize) (eq - text) : strlen (text));
  const char *value = eq ? eq + 1 : NULL;

  if (strcmp (mode, "auto") == 0 && value == NULL)
    {
      self->mode = ANSWER_AUTO;
      return TRUE;
    }
  if (strcmp (mode, "ring") == 0)
    {
      self->mode = ANSWER_RING;
      if (value == NULL || parse_uint (value, 1, 3600, &self->ring_seconds))
        return TRUE;
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--answer ring=%s: expected a number of seconds from 1 to 3600", value);
      return FALSE;
    }
  if (strcmp (mode, "reject") == 0)
    {
      self->mode = ANSWER_REJECT;
      if (value == NULL || parse_uint (value, 300, 699, &self->reject_code))
        return TRUE;
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--answer reject=%s: expected a status code from 300 to 699", value);
      return FALSE;
    }

  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               "--answer %s: expected auto, ring[=SECONDS] or reject[=CODE]", text);
  return FALSE;
}

static Listen *options_target;   /* for the option callbacks */

static gboolean
answer_option_cb (const char  *option_name,
                  const char  *value,
                  gpointer     data,
                  GError     **error)
{
  return parse_answer (options_target, value, error);
}

static gboolean
reject_messages_option_cb (const char  *option_name,
                           const char  *value,
                           gpointer     data,
                           GError     **error)
{
  Listen *self = options_target;

  self->reject_messages = TRUE;
  if (value == NULL || parse_uint (value, 300, 699, &self->message_code))
    return TRUE;

  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               "--reject-messages=%s: expected a status code from 300 to 699", value);
  return FALSE;
}

/* Answering */

static SipReplyOptions *
reply_options (guint code)
{
  return sip_reply_options_new (code);
}

static void
print_answer_error (Listen     *self,
                    guint       id,
                    const char *what,
                    GError     *error)
{
  sipctx_tool_print_error (self->tool, NULL, "#%u: cannot %s: %s", id, what, error->message);
}

typedef struct
{
  Listen                 *self;
  SipInviteServerContext *call;
  guint                   id;
} RingAnswer;

static void
ring_answer_free (gpointer data)
{
  RingAnswer *ring = data;

  g_object_unref (ring->call);
  g_free (ring);
}

static gboolean
ring_answer_cb (gpointer data)
{
  RingAnswer *ring = data;
  g_autoptr(GError) error = NULL;

  /* The caller may have given up meanwhile; the watch is gone then. */
  if (sip_context_is_terminated (SIP_CONTEXT (ring->call)) ||
      sip_server_context_is_answered (SIP_SERVER_CONTEXT (ring->call)) ||
      ring->self->stopping)
    return G_SOURCE_REMOVE;

  if (sip_server_context_accept (SIP_SERVER_CONTEXT (ring->call), NULL, &error))
    sipctx_watch_answered (SIP_CONTEXT (ring->call), 200);
  else
    print_answer_error (ring->self, ring->id, "accept", error);

  return G_SOURCE_REMOVE;
}

static void
invite_cb (SipUserAgent           *ua,
           SipInviteServerContext *call,
           Listen                 *self)
{
  SipContext *context = SIP_CONTEXT (call);
  SipServerContext *server = SIP_SERVER_CONTEXT (call);
  guint id = sipctx_output_next_id (self->tool->output);
  SipNameAddr *remote = sip_context_get_remote_identity (context);
  SipNameAddr *local = sip_context_get_local_identity (context);
  g_autoptr(SipReplyOptions) reject = NULL;
  g_autoptr(GError) error = NULL;
  SipctxEvent *event;

  self->calls++;
  event = sipctx_event_new (self->tool->output, NULL, "incoming-call", id);
  sipctx_event_add_identity (event, "from", remote);
  sipctx_event_add_identity (event, "to", local);
  sipctx_event_print_identity (event, "from ", remote);
  sipctx_event_print_identity (event, " to ", local);
  sipctx_event_emit (event, NULL);
  sipctx_watch (self->tool, NULL, context, id,
                SIPCTX_WATCH_STATES | SIPCTX_WATCH_OWN_ANSWERS, &self->call_counters);

  switch (self->mode)
    {
    case ANSWER_AUTO:
      if (sip_server_context_accept (server, NULL, &error))
        sipctx_watch_answered (context, 200);
      else
        print_answer_error (self, id, "accept", error);
      break;

    case ANSWER_RING:
      if (!sip_server_context_progress (server, NULL, &error))
        {
          print_answer_error (self, id, "ring", error);
          break;
        }
      sipctx_watch_answered (context, 180);
      if (self->ring_seconds > 0)
        {
          RingAnswer *ring = g_new0 (RingAnswer, 1);

          ring->self = self;
          ring->call = g_object_ref (call);
          ring->id = id;
          g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, self->ring_seconds,
                                      ring_answer_cb, ring, ring_answer_free);
        }
      /* Without a delay it rings until the caller gives up or the
       * listener stops (which answers 480); the watch keeps it. */
      break;

    case ANSWER_REJECT:
      reject = reply_options (self->reject_code);
      if (!sip_server_context_reject (server, reject, &error))
        print_answer_error (self, id, "reject", error);
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
message_cb (SipUserAgent            *ua,
            SipMessageServerContext *message,
            Listen                  *self)
{
  SipContext *context = SIP_CONTEXT (message);
  SipServerContext *server = SIP_SERVER_CONTEXT (message);
  guint id = sipctx_output_next_id (self->tool->output);
  SipNameAddr *remote = sip_context_get_remote_identity (context);
  const char *text = sip_message_context_get_text (SIP_MESSAGE_CONTEXT (message));
  const char *content_type = sip_message_context_get_content_type (SIP_MESSAGE_CONTEXT (message));
  g_autoptr(GError) error = NULL;
  guint answered = 0;
  SipctxEvent *event;

  self->messages++;
  event = sipctx_event_new (self->tool->output, NULL, "incoming-message", id);
  sipctx_event_add_identity (event, "from", remote);
  sipctx_event_add_string (event, "content-type", content_type);
  sipctx_event_add_string (event, "text", text);
  sipctx_event_print_identity (event, "from ", remote);
  if (text != NULL)
    {
      sipctx_event_print (event, " ");
      sipctx_event_print_quoted (event, text);
    }
  else
    sipctx_event_print (event, " %s", content_type ? content_type : "(no body)");
  sipctx_event_emit (event, NULL);

  /* Answered here and now, and printed as sent (the default reason
   * phrase), with no watch on the context and no snapshot of the answer. */
  if (self->reject_messages)
    {
      g_autoptr(SipReplyOptions) reject = reply_options (self->message_code);

      if (sip_server_context_reject (server, reject, &error))
        {
          self->messages_rejected++;
          answered = self->message_code;
        }
      else
        print_answer_error (self, id, "reject", error);
    }
  else if (sip_server_context_accept (server, NULL, &error))
    {
      self->messages_accepted++;
      answered = 200;
    }
  else
    print_answer_error (self, id, "accept", error);
  if (answered != 0)
    sipctx_print_answer (self->tool, NULL, context, id, answered);
}

static void
interrupt_cb (SipctxTool *tool,
              int         signum,
              gpointer    user_data)
{
  Listen *self = user_data;

  self->stopping = TRUE;
  g_main_loop_quit (tool->loop);
}

static void
print_summary (Listen *self)
{
  SipctxEvent *event = sipctx_event_new (self->tool->output, NULL, "summary", 0);

  sipctx_event_add_int (event, "calls", self->calls);
  sipctx_event_add_int (event, "answered", self->call_counters.accepted);
  sipctx_event_add_int (event, "rejected", self->call_counters.rejected);
  sipctx_event_add_int (event, "canceled", self->call_counters.canceled);
  sipctx_event_add_int (event, "messages", self->messages);
  sipctx_event_add_int (event, "messages-accepted", self->messages_accepted);
  sipctx_event_add_int (event, "messages-rejected", self->messages_rejected);
  sipctx_event_add_int (event, "dtmf", self->call_counters.dtmf);
  sipctx_event_add_int (event, "holds", self->call_counters.holds);
  sipctx_event_emit (event,
                     "calls=%u answered=%u rejected=%u canceled=%u messages=%u "
                     "messages-accepted=%u messages-rejected=%u dtmf=%u holds=%u",
                     self->calls, self->call_counters.accepted, self->call_counters.rejected,
                     self->call_counters.canceled, self->messages, self->messages_accepted,
                     self->messages_rejected, self->call_counters.dtmf, self->call_counters.holds);
}

static const char listen_summary[] =
  "Answers every call and MESSAGE until SIGINT or SIGTERM, then stops the\n"
  "user agent cleanly (open requests are answered, calls are hung up) and\n"
  "prints a summary line. It prints the peer's hold, DTMF and BYE as they\n"
  "come.";

static const char listen_description[] =
  "Answer modes:\n"
  "  auto            accept at once: 200 OK with an SDP answer\n"
  "  ring            send 180 Ringing and let it ring until the caller\n"
  "                  gives up (or the listener stops: 480)\n"
  "  ring=SECONDS    send 180 Ringing, accept after SECONDS\n"
  "  reject          answer 486 Busy Here\n"
  "  reject=CODE     answer CODE (300-699)\n"
  "\n"
  "MESSAGEs are accepted with 200 OK, or with --reject-messages rejected\n"
  "with 403 Forbidden (or CODE). Without --bind the listener binds port\n"
  "5060 on every address.\n"
  "\n"
  "Events: started, listening, incoming-call, incoming-message, state,\n"
  "progress, accepted, rejected, failed, media, remote-hold, local-hold,\n"
  "dtmf, bye, cancel, terminated, interrupted, stopped, summary.";

int
sipctx_cmd_listen (SipctxTool  *tool,
                   int          argc,
                   char       **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(SipUserAgent) ua = NULL;
  g_autoptr(GError) error = NULL;
  Listen self = {
    .tool = tool,
    .mode = ANSWER_AUTO,
    .reject_code = DEFAULT_CALL_REJECT,
    .message_code = DEFAULT_MESSAGE_REJECT,
  };
  const GOptionEntry entries[] = {
    { "answer", 0, 0, G_OPTION_ARG_CALLBACK, answer_option_cb,
      "auto, ring[=SECONDS] or reject[=CODE] (default: auto)", "MODE" },
    { "reject-messages", 0, G_OPTION_FLAG_OPTIONAL_ARG, G_OPTION_ARG_CALLBACK,
      reject_messages_option_cb,
      "Reject MESSAGEs, with CODE (default: 403)", "CODE" },
    G_OPTION_ENTRY_NULL
  };
  SipctxEvent *event;
  int status;

  options_target = &self;
  context = sipctx_command_context (tool, "listen", "", listen_summary, listen_description, entries);
  status = sipctx_command_parse (tool, "listen", context, &argc, &argv);
  if (status != SIPCTX_EXIT_OK)
    return status;
  if (argc > 1)
    return sipctx_tool_usage_error (tool, "listen", "Unexpected argument \"%s\"", argv[1]);

  ua = sipctx_tool_new_user_agent (tool, DEFAULT_BIND_URI, &error);
  if (ua == NULL)
    return sipctx_tool_usage_error (tool, "listen", "%s", error->message);
  self.ua = ua;

  g_signal_connect (ua, "invite", G_CALLBACK (invite_cb), &self);
  g_signal_connect (ua, "message", G_CALLBACK (message_cb), &self);
  sipctx_tool_on_interrupt (tool, interrupt_cb, &self);

  status = sipctx_tool_start (tool, ua, NULL);
  if (status != SIPCTX_EXIT_OK)
    return status;

  event = sipctx_event_new (tool->output, NULL, "listening", 0);
  {
    const char *mode = self.mode == ANSWER_AUTO ? "auto"
                       : self.mode == ANSWER_RING ? "ring" : "reject";
    g_autofree char *answer = self.mode == ANSWER_REJECT
                              ? g_strdup_printf ("reject %u", self.reject_code)
                              : self.mode == ANSWER_RING && self.ring_seconds > 0
                              ? g_strdup_printf ("ring, accept after %u s", self.ring_seconds)
                              : g_strdup (mode);
    guint message_code = self.reject_messages ? self.message_code : 200;

    sipctx_event_add_string (event, "answer", mode);
    if (self.mode == ANSWER_RING)
      sipctx_event_add_int (event, "ring-seconds", self.ring_seconds);
    if (self.mode == ANSWER_REJECT)
      sipctx_event_add_int (event, "reject-code", self.reject_code);
    sipctx_event_add_int (event, "message-code", message_code);
    sipctx_event_emit (event, "calls: %s; messages: %u", answer, message_code);
  }

  g_main_loop_run (tool->loop);

  sipctx_tool_stop (tool, ua, NULL);
  g_signal_handlers_disconnect_by_data (ua, &self);
  print_summary (&self);

  return SIPCTX_EXIT_OK;
}
