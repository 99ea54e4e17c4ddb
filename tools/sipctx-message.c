/* sipctx-message.c: sipctx message, one MESSAGE
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "sipctx-tool.h"

typedef struct
{
  SipctxTool *tool;
  guint       id;
  gboolean    terminated;
  guint       status;
  char       *reason;
  SipCause    cause;
} Message;

static void
record (Message     *self,
        guint        status,
        SipResponse *response)
{
  self->status = status;
  g_free (self->reason);
  self->reason = g_strdup (sipctx_reason_phrase (status, response));
}

static void
accepted_cb (SipContext  *context,
             guint        status,
             SipResponse *response,
             Message     *self)
{
  record (self, status, response);
}

static void
failed_cb (SipContext  *context,
           guint        status,
           SipResponse *response,
           SipCause     cause,
           Message     *self)
{
  record (self, status, response);
}

static void
terminated_cb (SipContext *context,
               SipCause    cause,
               Message    *self)
{
  self->terminated = TRUE;
  self->cause = cause;
  g_main_loop_quit (self->tool->loop);
}

static void
interrupt_cb (SipctxTool *tool,
              int         signum,
              gpointer    user_data)
{
  /* Stopping the user agent ends the MESSAGE (cause "stopped"). */
  g_main_loop_quit (tool->loop);
}

static int
print_result (Message *self)
{
  gboolean ok = self->status >= 200 && self->status < 300;
  const char *cause = sipctx_enum_nick (SIP_TYPE_CAUSE, self->cause);
  SipctxEvent *event = sipctx_event_new (self->tool->output, NULL, "result", self->id);

  sipctx_event_add_boolean (event, "success", ok);
  sipctx_event_add_int (event, "status", self->status);
  sipctx_event_add_string (event, "reason", self->reason);
  sipctx_event_add_string (event, "cause", cause);

  if (ok)
    sipctx_event_emit (event, "success: %u %s", self->status, self->reason);
  else if (self->status != 0)
    sipctx_event_emit (event, "failure: %u %s (%s)", self->status, self->reason, cause);
  else
    sipctx_event_emit (event, "failure: no response (%s)", cause);

  return ok ? SIPCTX_EXIT_OK : SIPCTX_EXIT_FAILURE;
}

static const char message_summary[] =
  "Sends TEXT to URI in a MESSAGE request and waits for the final answer.\n"
  "The exit status is 0 for a 2xx, 1 otherwise; the last line (\"result\")\n"
  "gives the status and reason.";

static const char message_description[] =
  "Events: started, sending, progress, accepted, rejected, failed,\n"
  "terminated, result, stopped.";

int
sipctx_cmd_message (SipctxTool  *tool,
                    int          argc,
                    char       **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(SipUserAgent) ua = NULL;
  g_autoptr(SipMessageClientContext) message = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *target = NULL;
  g_autofree char *content_type = NULL;
  const GOptionEntry entries[] = {
    { "content-type", 0, 0, G_OPTION_ARG_STRING, &content_type,
      "The type of TEXT (default: text/plain)", "TYPE" },
    G_OPTION_ENTRY_NULL
  };
  Message self = { .tool = tool };
  SipctxEvent *event;
  int status;

  context = sipctx_command_context (tool, "message", "URI TEXT",
                                    message_summary, message_description, entries);
  status = sipctx_command_parse (tool, "message", context, &argc, &argv);
  if (status != SIPCTX_EXIT_OK)
    return status;

  if (argc < 3)
    return sipctx_tool_usage_error (tool, "message", argc < 2 ? "Missing the URI and the TEXT"
                                                              : "Missing the TEXT");
  if (argc > 3)
    return sipctx_tool_usage_error (tool, "message", "Unexpected argument \"%s\"", argv[3]);

  target = sipctx_tool_normalize_uri (argv[1], &error);
  if (target == NULL)
    return sipctx_tool_usage_error (tool, "message", "%s", error->message);

  ua = sipctx_tool_new_user_agent (tool, NULL, &error);
  if (ua == NULL)
    return sipctx_tool_usage_error (tool, "message", "%s", error->message);

  status = sipctx_tool_start (tool, ua, NULL);
  if (status != SIPCTX_EXIT_OK)
    return status;

  message = sip_user_agent_message (ua, target, argv[2],
                                    content_type ? content_type : "text/plain", NULL, &error);
  if (message == NULL)
    {
      sipctx_tool_print_error (tool, NULL, "Cannot send to %s: %s", target, error->message);
      status = g_error_matches (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT)
               ? SIPCTX_EXIT_USAGE : SIPCTX_EXIT_FAILURE;
      sipctx_tool_stop (tool, ua, NULL);
      return status;
    }

  self.id = sipctx_output_next_id (tool->output);
  event = sipctx_event_new (tool->output, NULL, "sending", self.id);
  sipctx_event_add_string (event, "target", target);
  sipctx_event_add_string (event, "text", argv[2]);
  sipctx_event_print_quoted (event, argv[2]);
  sipctx_event_emit (event, " to %s", target);

  sipctx_watch (tool, NULL, SIP_CONTEXT (message), self.id, SIPCTX_WATCH_STATES, NULL);
  g_signal_connect (message, "accepted", G_CALLBACK (accepted_cb), &self);
  g_signal_connect (message, "failed", G_CALLBACK (failed_cb), &self);
  g_signal_connect (message, "terminated", G_CALLBACK (terminated_cb), &self);
  sipctx_tool_on_interrupt (tool, interrupt_cb, &self);

  g_main_loop_run (tool->loop);

  sipctx_tool_stop (tool, ua, NULL);
  if (!self.terminated)
    self.cause = sip_context_get_cause (SIP_CONTEXT (message));
  status = print_result (&self);

  g_signal_handlers_disconnect_by_data (message, &self);
  g_free (self.reason);

  return status;
}
