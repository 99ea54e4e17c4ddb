/* sipctx-register.c: sipctx register, a binding kept up until interrupted
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "sipctx-tool.h"

typedef struct
{
  SipctxTool      *tool;
  SipRegistration *registration;
  gboolean         registered_once;
  gboolean         unregistered;
  gboolean         failed;          /* the first REGISTER failed */
  gboolean         done;
} Register;

static void
state_cb (SipRegistration *registration,
          GParamSpec      *pspec,
          Register        *self)
{
  const char *state = sipctx_enum_nick (SIP_TYPE_REGISTRATION_STATE,
                                        sip_registration_get_state (registration));
  SipctxEvent *event = sipctx_event_new (self->tool->output, NULL, "registration", 0);

  sipctx_event_add_string (event, "state", state);
  sipctx_event_emit (event, "%s", state);
}

static void
registered_cb (SipRegistration *registration,
               SipResponse     *response,
               Register        *self)
{
  guint status = sip_response_get_status_code (response);
  guint expires = sip_registration_get_granted_expires (registration);
  SipctxEvent *event = sipctx_event_new (self->tool->output, NULL, "registered", 0);

  sipctx_event_add_int (event, "status", status);
  sipctx_event_add_string (event, "reason", sipctx_reason_phrase (status, response));
  sipctx_event_add_int (event, "expires", expires);
  sipctx_event_add_boolean (event, "refresh", self->registered_once);
  sipctx_event_emit (event, "%u %s, expires in %u s%s", status, sipctx_reason_phrase (status, response),
                     expires, self->registered_once ? " (refresh)" : "");
  self->registered_once = TRUE;
}

static void
unregistered_cb (SipRegistration *registration,
                 SipResponse     *response,
                 Register        *self)
{
  SipctxEvent *event = sipctx_event_new (self->tool->output, NULL, "unregistered", 0);

  if (response != NULL)
    {
      guint status = sip_response_get_status_code (response);

      sipctx_event_add_int (event, "status", status);
      sipctx_event_add_string (event, "reason", sipctx_reason_phrase (status, response));
      sipctx_event_emit (event, "%u %s", status, sipctx_reason_phrase (status, response));
    }
  else
    sipctx_event_emit (event, "without a confirmation");
}

static void
failed_cb (SipRegistration *registration,
           guint            status,
           SipResponse     *response,
           SipCause         cause,
           Register        *self)
{
  const char *nick = sipctx_enum_nick (SIP_TYPE_CAUSE, cause);
  SipctxEvent *event = sipctx_event_new (self->tool->output, NULL, "registration-failed", 0);

  sipctx_event_add_int (event, "status", status);
  sipctx_event_add_string (event, "reason", status ? sipctx_reason_phrase (status, response) : NULL);
  sipctx_event_add_string (event, "cause", nick);
  if (status != 0)
    sipctx_event_emit (event, "%u %s (%s)", status, sipctx_reason_phrase (status, response), nick);
  else
    sipctx_event_emit (event, "no response (%s)", nick);
}

static void
register_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Register *self = user_data;
  g_autoptr(GError) error = NULL;

  if (sip_registration_register_finish (SIP_REGISTRATION (source), result, &error))
    return;

  /* The first REGISTER failed ("registration-failed" said how): give up,
   * unless the user interrupted it. */
  if (!self->done)
    {
      sipctx_tool_print_error (self->tool, NULL, "%s", error->message);
      self->failed = TRUE;
      self->done = TRUE;
      g_main_loop_quit (self->tool->loop);
    }
}

static void
unregister_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Register *self = user_data;
  g_autoptr(GError) error = NULL;

  if (sip_registration_unregister_finish (SIP_REGISTRATION (source), result, &error))
    self->unregistered = TRUE;
  else
    sipctx_tool_print_error (self->tool, NULL, "Cannot unregister: %s", error->message);
  g_main_loop_quit (self->tool->loop);
}

static void
interrupt_cb (SipctxTool *tool,
              int         signum,
              gpointer    user_data)
{
  Register *self = user_data;

  if (self->done)
    {
      /* Interrupted again while unregistering: stop at once (stopping
       * the user agent still removes the binding). */
      g_main_loop_quit (tool->loop);
      return;
    }

  self->done = TRUE;
  sip_registration_unregister_async (self->registration, FALSE, NULL, unregister_done_cb, self);
}

static const char register_summary[] =
  "Registers this user agent's contact for its address of record at the\n"
  "registrar, prints the expiry the registrar granted, keeps the binding\n"
  "refreshed until SIGINT or SIGTERM, then unregisters and exits.\n"
  "\n"
  "The exit status is 0 when the registration was accepted and removed\n"
  "again, 1 when the registrar refused it (the status is printed).";

static const char register_description[] =
  "Challenges are answered with SIPCTX_PASSWORD (or the password asked on\n"
  "the terminal for --user). A failed refresh is retried with backoff.\n"
  "\n"
  "Events: started, registration (the state), registered (each accepted\n"
  "REGISTER, with \"expires\"), registration-failed, unregistered,\n"
  "interrupted, stopped, result.";

int
sipctx_cmd_register (SipctxTool  *tool,
                     int          argc,
                     char       **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(SipUserAgent) ua = NULL;
  g_autoptr(SipRegistration) registration = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *registrar_arg = NULL;
  g_autofree char *registrar = NULL;
  int expires = 0;
  const GOptionEntry entries[] = {
    { "registrar", 0, 0, G_OPTION_ARG_STRING, &registrar_arg,
      "The registrar, such as sip:example.org (required)", "URI" },
    { "expires", 0, 0, G_OPTION_ARG_INT, &expires,
      "Ask for a binding of SECONDS (default: 600)", "SECONDS" },
    G_OPTION_ENTRY_NULL
  };
  Register self = { .tool = tool };
  SipctxEvent *event;
  gboolean ok;
  int status;

  context = sipctx_command_context (tool, "register", "--registrar URI",
                                    register_summary, register_description, entries);
  status = sipctx_command_parse (tool, "register", context, &argc, &argv);
  if (status != SIPCTX_EXIT_OK)
    return status;

  if (argc > 1)
    return sipctx_tool_usage_error (tool, "register", "Unexpected argument \"%s\"", argv[1]);
  if (registrar_arg == NULL)
    return sipctx_tool_usage_error (tool, "register", "Missing --registrar URI");
  if (expires < 0)
    return sipctx_tool_usage_error (tool, "register", "--expires must be 1 or more seconds");

  registrar = sipctx_tool_normalize_uri (registrar_arg, &error);
  if (registrar == NULL)
    return sipctx_tool_usage_error (tool, "register", "--registrar: %s", error->message);

  ua = sipctx_tool_new_user_agent (tool, NULL, &error);
  if (ua == NULL)
    return sipctx_tool_usage_error (tool, "register", "%s", error->message);

  status = sipctx_tool_start (tool, ua, NULL);
  if (status != SIPCTX_EXIT_OK)
    return status;

  registration = sip_user_agent_create_registration (ua, registrar, &error);
  if (registration == NULL)
    {
      sipctx_tool_print_error (tool, NULL, "Cannot register at %s: %s", registrar, error->message);
      sipctx_tool_stop (tool, ua, NULL);
      return g_error_matches (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT)
             ? SIPCTX_EXIT_USAGE : SIPCTX_EXIT_FAILURE;
    }
  self.registration = registration;
  if (expires > 0)
    sip_registration_set_expires (registration, expires);

  g_signal_connect (registration, "notify::state", G_CALLBACK (state_cb), &self);
  g_signal_connect (registration, "registered", G_CALLBACK (registered_cb), &self);
  g_signal_connect (registration, "unregistered", G_CALLBACK (unregistered_cb), &self);
  g_signal_connect (registration, "failed", G_CALLBACK (failed_cb), &self);
  sipctx_tool_on_interrupt (tool, interrupt_cb, &self);

  event = sipctx_event_new (tool->output, NULL, "registering", 0);
  sipctx_event_add_string (event, "registrar", registrar);
  sipctx_event_add_int (event, "expires", sip_registration_get_expires (registration));
  sipctx_event_emit (event, "at %s for %u s", registrar, sip_registration_get_expires (registration));
  sip_registration_register_async (registration, NULL, register_done_cb, &self);

  g_main_loop_run (tool->loop);

  sipctx_tool_stop (tool, ua, NULL);
  g_signal_handlers_disconnect_by_data (registration, &self);

  ok = self.registered_once && self.unregistered && !self.failed;
  event = sipctx_event_new (tool->output, NULL, "result", 0);
  sipctx_event_add_boolean (event, "success", ok);
  if (ok)
    sipctx_event_emit (event, "success: registered, then unregistered");
  else if (self.registered_once)
    sipctx_event_emit (event, "failure: registered, but the binding was not removed");
  else
    sipctx_event_emit (event, "failure: not registered");

  return ok ? SIPCTX_EXIT_OK : SIPCTX_EXIT_FAILURE;
}
