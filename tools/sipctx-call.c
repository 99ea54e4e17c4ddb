/* sipctx-call.c: sipctx call, one outgoing call
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "sipctx-tool.h"

#include <signal.h>
#include <string.h>

/* Each tone lasts this long, followed by a pause as long. */
#define DTMF_TONE_MS 100
#define DTMF_GAP_MS  100
/* A "," in the tones: the library's pause. */
#define DTMF_PAUSE_MS 2000

typedef struct
{
  SipctxTool             *tool;
  SipUserAgent           *ua;
  SipInviteClientContext *call;
  guint                   id;

  int                     duration;       /* -1: until the peer hangs up */
  char                   *dtmf;
  int                     hold_seconds;   /* 0: no hold */

  gboolean                established;
  gboolean                terminated;
  gboolean                hung_up;        /* by this side */
  SipCause                cause;
  guint                   final_status;
  char                   *final_reason;

  guint                   duration_id;
  guint                   step_id;
} Call;

static SipInviteContext *
invite_of (Call *self)
{
  return SIP_INVITE_CONTEXT (self->call);
}

static void
hang_up (Call       *self,
         const char *why)
{
  g_autoptr(GError) error = NULL;
  SipctxEvent *event;

  if (self->terminated || self->hung_up)
    return;

  self->hung_up = TRUE;
  event = sipctx_event_new (self->tool->output, NULL, "hangup", self->id);
  sipctx_event_add_string (event, "why", why);
  sipctx_event_emit (event, "%s", why);

  if (!sip_invite_context_terminate (invite_of (self), &error))
    sipctx_tool_print_error (self->tool, NULL, "#%u: cannot hang up: %s", self->id, error->message);
}

static gboolean
duration_cb (gpointer user_data)
{
  Call *self = user_data;
  g_autofree char *why = g_strdup_printf ("after %d s", self->duration);

  self->duration_id = 0;
  hang_up (self, why);
  return G_SOURCE_REMOVE;
}

static void
unhold_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Call *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!sip_invite_context_unhold_finish (SIP_INVITE_CONTEXT (source), result, &error) &&
      !self->terminated)
    sipctx_tool_print_error (self->tool, NULL, "#%u: unhold failed: %s", self->id, error->message);
}

static gboolean
unhold_cb (gpointer user_data)
{
  Call *self = user_data;

  self->step_id = 0;
  if (self->terminated || self->hung_up)
    return G_SOURCE_REMOVE;

  sipctx_event_emit (sipctx_event_new (self->tool->output, NULL, "unholding", self->id), NULL);
  sip_invite_context_unhold_async (invite_of (self), NULL, unhold_done_cb, self);
  return G_SOURCE_REMOVE;
}

static void
hold_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Call *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!sip_invite_context_hold_finish (SIP_INVITE_CONTEXT (source), result, &error))
    {
      if (!self->terminated)
        sipctx_tool_print_error (self->tool, NULL, "#%u: hold failed: %s", self->id, error->message);
      return;
    }
  if (!self->terminated && !self->hung_up)
    self->step_id = g_timeout_add_seconds (self->hold_seconds, unhold_cb, self);
}

static gboolean
hold_cb (gpointer user_data)
{
  Call *self = user_data;
  SipctxEvent *event;

  self->step_id = 0;
  if (self->terminated || self->hung_up || self->hold_seconds == 0)
    return G_SOURCE_REMOVE;

  event = sipctx_event_new (self->tool->output, NULL, "holding", self->id);
  sipctx_event_add_int (event, "seconds", self->hold_seconds);
  sipctx_event_emit (event, "for %d s", self->hold_seconds);
  sip_invite_context_hold_async (invite_of (self), NULL, hold_done_cb, self);
  return G_SOURCE_REMOVE;
}

/* Sends the DTMF, then holds once the tones are out. */
static void
start_steps (Call *self)
{
  guint wait_ms = 0;

  if (self->dtmf != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (sip_invite_context_dtmf (invite_of (self), self->dtmf, DTMF_TONE_MS, DTMF_GAP_MS, &error))
        {
          SipctxEvent *event = sipctx_event_new (self->tool->output, NULL, "dtmf-sent", self->id);

          sipctx_event_add_string (event, "tones", self->dtmf);
          sipctx_event_emit (event, "%s", self->dtmf);
          for (const char *p = self->dtmf; *p; p++)
            wait_ms += *p == ',' ? DTMF_PAUSE_MS : DTMF_TONE_MS + DTMF_GAP_MS;
        }
      else
        sipctx_tool_print_error (self->tool, NULL, "#%u: cannot send DTMF: %s", self->id, error->message);
    }

  if (self->hold_seconds > 0)
    self->step_id = g_timeout_add (wait_ms, hold_cb, self);
}

static void
state_cb (SipUserAgent    *ua,
          SipContext      *context,
          SipContextState  old_state,
          Call            *self)
{
  if (context != SIP_CONTEXT (self->call) || self->established ||
      sip_context_get_state (context) != SIP_CONTEXT_STATE_ESTABLISHED)
    return;

  self->established = TRUE;
  if (self->duration >= 0)
    self->duration_id = g_timeout_add_seconds (self->duration, duration_cb, self);
  start_steps (self);
}

static void
final_cb (SipContext  *context,
          guint        status,
          SipResponse *response,
          SipCause     cause,
          Call        *self)
{
  self->final_status = status;
  g_free (self->final_reason);
  self->final_reason = g_strdup (sipctx_reason_phrase (status, response));
}

static void
terminated_cb (SipContext *context,
               SipCause    cause,
               Call       *self)
{
  self->terminated = TRUE;
  self->cause = cause;
  g_clear_handle_id (&self->duration_id, g_source_remove);
  g_clear_handle_id (&self->step_id, g_source_remove);
  g_main_loop_quit (self->tool->loop);
}

static void
interrupt_cb (SipctxTool *tool,
              int         signum,
              gpointer    user_data)
{
  Call *self = user_data;

  if (tool->interrupts == 1)
    hang_up (self, signum == SIGINT ? "interrupted" : "terminated");
  else
    g_main_loop_quit (tool->loop);   /* stopping the user agent ends it */
}

/* The last event: how it went. Returns the exit status. */
static int
print_result (Call *self)
{
  const char *cause = sipctx_enum_nick (SIP_TYPE_CAUSE, self->cause);
  gboolean ok = self->established && self->cause == SIP_CAUSE_BYE;
  SipctxEvent *event = sipctx_event_new (self->tool->output, NULL, "result", self->id);

  sipctx_event_add_boolean (event, "success", ok);
  sipctx_event_add_boolean (event, "established", self->established);
  sipctx_event_add_string (event, "cause", cause);
  if (self->final_status != 0 || !ok)
    {
      sipctx_event_add_int (event, "status", self->final_status);
      sipctx_event_add_string (event, "reason", self->final_reason);
    }

  if (ok)
    sipctx_event_emit (event, "success: the call was established and ended by %s",
                       self->hung_up ? "this side" : "the peer");
  else if (self->final_status != 0)
    sipctx_event_emit (event, "failure: %u %s (%s)", self->final_status, self->final_reason, cause);
  else if (self->established)
    sipctx_event_emit (event, "failure: the call was established and ended abnormally (%s)", cause);
  else
    sipctx_event_emit (event, "failure: no final response (%s)", cause);

  return ok ? SIPCTX_EXIT_OK : SIPCTX_EXIT_FAILURE;
}

static const char call_summary[] =
  "Calls URI, prints the state changes, sends the DTMF tones and holds if\n"
  "asked, and hangs up after --duration seconds (or stays in the call until\n"
  "the peer hangs up). SIGINT or SIGTERM hangs up (or cancels) at once.\n"
  "The call offers the library's default audio (PCMU, PCMA,\n"
  "telephone-event); no media is sent.";

static const char call_description[] =
  "Once the call is established, the tones of --dtmf are sent (each as an\n"
  "INFO application/dtmf-relay of 100 ms; \",\" is a pause of 2 s), then\n"
  "--hold puts the call on hold for SECONDS and takes it off hold.\n"
  "--duration counts from the establishment; without it the call lasts\n"
  "until the peer hangs up.\n"
  "\n"
  "The exit status is 0 if the call was established and ended normally\n"
  "(a BYE from either side), 1 otherwise; the last line (\"result\") gives\n"
  "the final status and reason, such as \"failure: 486 Busy Here (busy)\".\n"
  "\n"
  "Events: started, calling, state, progress, accepted, rejected, failed,\n"
  "media, dtmf-sent, holding, local-hold, unholding, remote-hold, dtmf,\n"
  "hangup, bye, terminated, result, stopped.";

int
sipctx_cmd_call (SipctxTool  *tool,
                 int          argc,
                 char       **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(SipUserAgent) ua = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *target = NULL;
  g_autofree char *dtmf = NULL;
  int duration = G_MININT;   /* not given */
  int hold_seconds = 0;
  const GOptionEntry entries[] = {
    { "duration", 0, 0, G_OPTION_ARG_INT, &duration,
      "Hang up SECONDS after the answer (default: never)", "SECONDS" },
    { "dtmf", 0, 0, G_OPTION_ARG_STRING, &dtmf,
      "Send DTMF once established (0-9 A-D * # ,)", "DIGITS" },
    { "hold", 0, 0, G_OPTION_ARG_INT, &hold_seconds,
      "Hold for SECONDS after the DTMF, then unhold", "SECONDS" },
    G_OPTION_ENTRY_NULL
  };
  Call self = { .tool = tool };
  int status;

  context = sipctx_command_context (tool, "call", "URI", call_summary, call_description, entries);
  status = sipctx_command_parse (tool, "call", context, &argc, &argv);
  if (status != SIPCTX_EXIT_OK)
    return status;

  if (argc < 2)
    return sipctx_tool_usage_error (tool, "call", "Missing the URI to call");
  if (argc > 2)
    return sipctx_tool_usage_error (tool, "call", "Unexpected argument \"%s\"", argv[2]);
  if (duration == G_MININT)
    duration = -1;
  else if (duration < 0)
    return sipctx_tool_usage_error (tool, "call", "--duration must be 0 or more seconds");
  if (hold_seconds < 0)
    return sipctx_tool_usage_error (tool, "call", "--hold must be 1 or more seconds");
  if (dtmf != NULL &&
      (dtmf[0] == '\0' || dtmf[strspn (dtmf, "0123456789ABCDabcd*#,")] != '\0'))
    return sipctx_tool_usage_error (tool, "call",
                                    "--dtmf \"%s\": only 0-9, A-D, *, # and , are allowed", dtmf);

  target = sipctx_tool_normalize_uri (argv[1], &error);
  if (target == NULL)
    return sipctx_tool_usage_error (tool, "call", "%s", error->message);

  ua = sipctx_tool_new_user_agent (tool, NULL, &error);
  if (ua == NULL)
    return sipctx_tool_usage_error (tool, "call", "%s", error->message);

  self.ua = ua;
  self.duration = duration;
  self.dtmf = dtmf;
  self.hold_seconds = hold_seconds;

  status = sipctx_tool_start (tool, ua, NULL);
  if (status != SIPCTX_EXIT_OK)
    return status;

  self.call = sip_user_agent_invite (ua, target, NULL, &error);
  if (self.call == NULL)
    {
      sipctx_tool_print_error (tool, NULL, "Cannot call %s: %s", target, error->message);
      status = g_error_matches (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT)
               ? SIPCTX_EXIT_USAGE : SIPCTX_EXIT_FAILURE;
      sipctx_tool_stop (tool, ua, NULL);
      return status;
    }

  self.id = sipctx_output_next_id (tool->output);
  {
    SipctxEvent *event = sipctx_event_new (tool->output, NULL, "calling", self.id);

    sipctx_event_add_string (event, "target", target);
    sipctx_event_emit (event, "%s", target);
  }
  sipctx_watch (tool, NULL, SIP_CONTEXT (self.call), self.id, SIPCTX_WATCH_STATES, NULL);

  /* After the watch's handler, so that the state is printed before what
   * it starts. */
  g_signal_connect_after (ua, "context-state-changed", G_CALLBACK (state_cb), &self);
  g_signal_connect (self.call, "rejected", G_CALLBACK (final_cb), &self);
  g_signal_connect (self.call, "failed", G_CALLBACK (final_cb), &self);
  g_signal_connect (self.call, "terminated", G_CALLBACK (terminated_cb), &self);
  sipctx_tool_on_interrupt (tool, interrupt_cb, &self);

  g_main_loop_run (tool->loop);

  sipctx_tool_stop (tool, ua, NULL);
  if (!self.terminated)
    self.cause = sip_context_get_cause (SIP_CONTEXT (self.call));
  status = print_result (&self);

  g_signal_handlers_disconnect_by_data (ua, &self);
  g_signal_handlers_disconnect_by_data (self.call, &self);
  g_clear_object (&self.call);
  g_free (self.final_reason);

  return status;
}
