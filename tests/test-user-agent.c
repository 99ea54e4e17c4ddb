/* test-user-agent.c: SipUserAgent lifecycle, transports and identity
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "sip-test-utils.h"

static void
notify_count_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_start_binds_free_port (void)
{
  g_autoptr(GError) error = NULL;
  SipUserAgent *ua = sip_user_agent_new ("sip:alice@127.0.0.1");
  guint running_notifies = 0, contact_notifies = 0;
  g_autofree char *uri = NULL;
  const char *contact;
  guint64 port;

  sip_user_agent_set_bind_uri (ua, "sip:127.0.0.1:0");
  g_signal_connect (ua, "notify::running", G_CALLBACK (notify_count_cb), &running_notifies);
  g_signal_connect (ua, "notify::contact-uri", G_CALLBACK (notify_count_cb), &contact_notifies);

  g_assert_false (sip_user_agent_is_running (ua));
  g_assert_null (sip_user_agent_get_contact_uri (ua));

  g_assert_true (sip_user_agent_start (ua, &error));
  g_assert_no_error (error);
  g_assert_true (sip_user_agent_is_running (ua));
  g_assert_cmpuint (running_notifies, ==, 1);
  g_assert_cmpuint (contact_notifies, ==, 1);

  contact = sip_user_agent_get_contact_uri (ua);
  g_assert_true (g_str_has_prefix (contact, "sip:127.0.0.1:"));
  port = g_ascii_strtoull (contact + strlen ("sip:127.0.0.1:"), NULL, 10);
  g_assert_cmpuint (port, >, 0);
  g_assert_cmpuint (port, <, 65536);

  /* Starting twice is a state error and changes nothing. */
  g_assert_false (sip_user_agent_start (ua, &error));
  g_assert_error (error, SIP_ERROR, SIP_ERROR_INVALID_STATE);
  g_assert_cmpstr (sip_user_agent_get_contact_uri (ua), ==, contact);

  sip_test_user_agent_stop (ua);
  g_assert_cmpuint (running_notifies, ==, 2);
  g_assert_null (sip_user_agent_get_contact_uri (ua));

  g_assert_finalize_object (ua);
}

static void
test_start_port_taken (void)
{
  g_autoptr(GError) error = NULL;
  guint16 port = sip_test_free_port ();
  g_autofree char *bind = g_strdup_printf ("sip:127.0.0.1:%u", port);
  g_autofree char *expected = g_strdup_printf ("sip:127.0.0.1:%u", port);
  SipUserAgent *first = g_object_new (SIP_TYPE_USER_AGENT,
                                      "aor", "sip:a@127.0.0.1", "bind-uri", bind, NULL);
  SipUserAgent *second = g_object_new (SIP_TYPE_USER_AGENT,
                                       "aor", "sip:b@127.0.0.1", "bind-uri", bind, NULL);

  g_assert_true (sip_user_agent_start (first, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sip_user_agent_get_contact_uri (first), ==, expected);

  g_assert_false (sip_user_agent_start (second, &error));
  g_assert_error (error, SIP_ERROR, SIP_ERROR_TRANSPORT);
  g_assert_false (sip_user_agent_is_running (second));
  g_assert_null (sip_user_agent_get_contact_uri (second));
  g_clear_error (&error);

  /* The failed user agent can try again elsewhere. */
  sip_user_agent_set_bind_uri (second, "sip:127.0.0.1:0");
  g_assert_true (sip_user_agent_start (second, &error));
  g_assert_no_error (error);

  sip_test_user_agent_finish (first);
  sip_test_user_agent_finish (second);
}

static void
test_start_bad_input (void)
{
  struct {
    const char *aor;
    const char *bind;
    int code;
  } cases[] = {
    { NULL, "sip:127.0.0.1:0", SIP_ERROR_INVALID_ARGUMENT },
    { "alice", "sip:127.0.0.1:0", SIP_ERROR_INVALID_ARGUMENT },
    { "sip:alice@example.org\r\nX: y", "sip:127.0.0.1:0", SIP_ERROR_INVALID_ARGUMENT },
    { "sip:alice@127.0.0.1", "http://127.0.0.1:0", SIP_ERROR_INVALID_ARGUMENT },
    { "sip:alice@127.0.0.1", "not a uri", SIP_ERROR_INVALID_ARGUMENT },
    { "sip:alice@127.0.0.1", "sip:example.invalid:0", SIP_ERROR_INVALID_ARGUMENT },
    /* Documentation range (RFC 5737): not an address of this machine. */
    { "sip:alice@127.0.0.1", "sip:192.0.2.1:0", SIP_ERROR_TRANSPORT },
    { "sip:alice@127.0.0.1", "sip:192.0.2.1:5999", SIP_ERROR_TRANSPORT },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      SipUserAgent *ua = g_object_new (SIP_TYPE_USER_AGENT,
                                       "aor", cases[i].aor,
                                       "bind-uri", cases[i].bind, NULL);

      g_test_message ("aor %s, bind %s", cases[i].aor, cases[i].bind);
      g_assert_false (sip_user_agent_start (ua, &error));
      g_assert_error (error, SIP_ERROR, cases[i].code);
      g_assert_false (sip_user_agent_is_running (ua));
      g_assert_finalize_object (ua);
    }
}

static void
stop_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(GError) error = NULL;
  guint *count = data;

  g_assert_true (sip_user_agent_stop_finish (SIP_USER_AGENT (source), result, &error));
  g_assert_no_error (error);
  (*count)++;
}

static void
test_stop_is_async_and_idempotent (void)
{
  SipUserAgent *ua = sip_user_agent_new ("sip:alice@127.0.0.1");
  guint done = 0;

  /* Not running: completes, but never synchronously. */
  sip_user_agent_stop_async (ua, NULL, stop_done_cb, &done);
  g_assert_cmpuint (done, ==, 0);
  sip_test_wait_until (done == 1, 5000);

  g_object_unref (ua);
  ua = sip_test_user_agent_new ("alice");

  /* Two stops in flight complete together. */
  sip_user_agent_stop_async (ua, NULL, stop_done_cb, &done);
  sip_user_agent_stop_async (ua, NULL, stop_done_cb, &done);
  g_assert_false (sip_user_agent_is_running (ua));
  g_assert_cmpuint (done, ==, 1);
  sip_test_wait_until (done == 3, 35000);

  /* A stopped user agent can start again. */
  {
    g_autoptr(GError) error = NULL;

    sip_user_agent_set_bind_uri (ua, "sip:127.0.0.1:0");
    g_assert_true (sip_user_agent_start (ua, &error));
    g_assert_no_error (error);
    sip_test_user_agent_stop (ua);
  }

  g_assert_finalize_object (ua);
}

static void
test_dispose_while_running (void)
{
  SipUserAgent *ua = sip_test_user_agent_new ("alice");

  /* Dropping a running user agent shuts the stack down in order. */
  g_assert_finalize_object (ua);
}

static void
test_factories_need_running (void)
{
  g_autoptr(GError) error = NULL;
  SipUserAgent *ua = sip_user_agent_new ("sip:alice@127.0.0.1");

  g_assert_null (sip_user_agent_message (ua, "sip:bob@127.0.0.1", "hi", NULL, NULL, &error));
  g_assert_error (error, SIP_ERROR, SIP_ERROR_INVALID_STATE);
  g_clear_error (&error);

  g_assert_null (sip_user_agent_request (ua, "OPTIONS", "sip:bob@127.0.0.1", NULL, &error));
  g_assert_error (error, SIP_ERROR, SIP_ERROR_INVALID_STATE);

  g_assert_finalize_object (ua);
}

/* Only registrations watch the network: GIO's default monitor is taken
 * when a running user agent first has one, not at start. */
static void
test_network_monitor_for_registrations (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SipRegistration) early = NULL;
  g_autoptr(SipRegistration) late = NULL;
  SipUserAgent *listener = sip_test_user_agent_new ("alice");
  SipUserAgent *registrant = g_object_new (SIP_TYPE_USER_AGENT,
                                           "aor", "sip:bob@127.0.0.1",
                                           "bind-uri", "sip:127.0.0.1:0",
                                           NULL);
  guint listener_notified = 0, registrant_notified = 0;

  g_signal_connect (listener, "notify::network-monitor",
                    G_CALLBACK (notify_count_cb), &listener_notified);
  g_signal_connect (registrant, "notify::network-monitor",
                    G_CALLBACK (notify_count_cb), &registrant_notified);

  /* Running, but nothing to register: no monitor. */
  g_assert_null (sip_user_agent_get_network_monitor (listener));

  /* Its first registration takes the default monitor, once. */
  late = sip_user_agent_create_registration (listener, "sip:127.0.0.1:9", &error);
  g_assert_no_error (error);
  g_assert_true (sip_user_agent_get_network_monitor (listener) == g_network_monitor_get_default ());
  g_assert_cmpuint (listener_notified, ==, 1);

  /* A registration made before the start: taken when it starts. */
  early = sip_user_agent_create_registration (registrant, "sip:127.0.0.1:9", &error);
  g_assert_no_error (error);
  g_assert_null (sip_user_agent_get_network_monitor (registrant));
  g_assert_cmpuint (registrant_notified, ==, 0);
  sip_user_agent_start (registrant, &error);
  g_assert_no_error (error);
  g_assert_true (sip_user_agent_get_network_monitor (registrant) == g_network_monitor_get_default ());
  g_assert_cmpuint (registrant_notified, ==, 1);

  g_clear_object (&late);
  g_clear_object (&early);
  g_assert_finalize_object (listener);
  g_assert_finalize_object (registrant);
}

static void
test_identity_on_the_wire (void)
{
  SipUserAgent *alice = sip_test_user_agent_new ("alice");
  SipUserAgent *bob = sip_test_user_agent_new ("bob");
  g_autofree char *target = sip_test_user_agent_uri (bob, "bob");
  g_autoptr(SipMessageServerContext) received = NULL;
  g_autoptr(GError) error = NULL;
  SipMessageClientContext *sent;
  SipRequest *request;
  SipNameAddr *from;

  sip_user_agent_set_display_name (alice, "Alice \"the\" Tester");
  sip_user_agent_set_user_agent_string (alice, "test-agent/1.0");

  /* Both take effect at the next start. */
  sip_test_user_agent_stop (alice);
  sip_user_agent_set_bind_uri (alice, "sip:127.0.0.1:0");
  g_assert_true (sip_user_agent_start (alice, &error));
  g_assert_no_error (error);

  g_signal_connect_swapped (bob, "message", G_CALLBACK (g_set_object), &received);
  sent = sip_user_agent_message (alice, target, "who am I?", NULL, NULL, &error);
  g_assert_no_error (error);
  sip_test_wait_until (received != NULL, 10000);

  request = sip_context_get_request (SIP_CONTEXT (received));
  from = sip_message_get_from (SIP_MESSAGE (request));
  g_assert_cmpstr (sip_name_addr_get_display_name (from), ==, "Alice \"the\" Tester");
  g_assert_cmpstr (sip_name_addr_get_uri (from), ==, "sip:alice@127.0.0.1");
  g_assert_nonnull (sip_name_addr_get_tag (from));
  g_assert_cmpstr (sip_message_get_header (SIP_MESSAGE (request), "User-Agent"), ==, "test-agent/1.0");
  g_assert_true (sip_name_addr_equal_uri (sip_context_get_remote_identity (SIP_CONTEXT (received)), from));

  g_assert_true (sip_server_context_accept (SIP_SERVER_CONTEXT (received), NULL, &error));
  g_assert_no_error (error);
  sip_test_wait_until (sip_context_is_terminated (SIP_CONTEXT (sent)), 10000);

  g_object_unref (sent);
  g_clear_object (&received);
  sip_test_user_agent_finish (alice);
  sip_test_user_agent_finish (bob);
}

static void
test_stack_answers_other_methods (void)
{
  SipUserAgent *alice = sip_test_user_agent_new ("alice");
  SipUserAgent *bob = sip_test_user_agent_new ("bob");
  g_autofree char *target = sip_test_user_agent_uri (bob, "bob");
  g_autoptr(GError) error = NULL;
  SipClientContext *options, *foo, *info;
  g_autoptr(SipTestRecorder) options_rec = NULL;
  g_autoptr(SipTestRecorder) foo_rec = NULL;
  g_autoptr(SipTestRecorder) info_rec = NULL;
  g_auto(GStrv) allow = NULL;
  SipMessage *response;
  guint messages = 0;

  g_signal_connect_swapped (bob, "message", G_CALLBACK (notify_count_cb), &messages);

  options = sip_user_agent_request (alice, "OPTIONS", target, NULL, &error);
  g_assert_no_error (error);
  options_rec = sip_test_recorder_new (SIP_CONTEXT (options));
  foo = sip_user_agent_request (alice, "FOO", target, NULL, &error);
  g_assert_no_error (error);
  foo_rec = sip_test_recorder_new (SIP_CONTEXT (foo));
  /* INFO only makes sense inside a call. */
  info = sip_user_agent_request (alice, "INFO", target, NULL, &error);
  g_assert_no_error (error);
  info_rec = sip_test_recorder_new (SIP_CONTEXT (info));

  sip_test_wait_until (sip_context_is_terminated (SIP_CONTEXT (options)) &&
                       sip_context_is_terminated (SIP_CONTEXT (foo)) &&
                       sip_context_is_terminated (SIP_CONTEXT (info)), 10000);
  sip_test_recorder_assert (info_rec, "rejected 481 sip-failure-code, failed 481 sip-failure-code, "
                                      "terminated sip-failure-code");

  sip_test_recorder_assert (options_rec, "accepted 200, terminated none");
  response = SIP_MESSAGE (sip_context_get_response (SIP_CONTEXT (options)));
  allow = sip_message_get_header_values (response, "Allow");
  g_assert_cmpuint (g_strv_length (allow), ==, 1);
  g_assert_cmpstr (allow[0], ==, "INVITE, ACK, BYE, CANCEL, OPTIONS, MESSAGE, INFO, REFER, NOTIFY, UPDATE");

  sip_test_recorder_assert (foo_rec, "rejected 501 sip-failure-code, failed 501 sip-failure-code, "
                                     "terminated sip-failure-code");
  g_assert_cmpuint (messages, ==, 0);

  g_object_unref (options);
  g_object_unref (foo);
  g_object_unref (info);
  sip_test_user_agent_finish (alice);
  sip_test_user_agent_finish (bob);
}

static void
sofia_log_cb (const char     *domain,
              GLogLevelFlags  level,
              const char     *message,
              gpointer        data)
{
  GPtrArray *lines = data;

  g_assert_cmpstr (domain, ==, "sofia-sip");
  g_assert_null (strchr (message, '\n'));
  g_ptr_array_add (lines, g_strdup (message));
}

static void
test_sofia_log_routed (void)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  SipUserAgent *alice = sip_test_user_agent_new ("alice");
  g_autofree char *target = g_strdup_printf ("sip:nobody@127.0.0.1:%u", sip_test_free_port ());
  g_autoptr(GError) error = NULL;
  SipClientContext *context;
  gboolean refused = FALSE;
  guint handler;

  handler = g_log_set_handler ("sofia-sip", G_LOG_LEVEL_MASK, sofia_log_cb, lines);

  /* The ICMP error of a closed port is something sofia-sip logs. */
  context = sip_user_agent_request (alice, "OPTIONS", target, NULL, &error);
  g_assert_no_error (error);
  sip_test_wait_until (sip_context_is_terminated (SIP_CONTEXT (context)), 20000);
  g_log_remove_handler ("sofia-sip", handler);

  for (guint i = 0; i < lines->len; i++)
    if (strstr (g_ptr_array_index (lines, i), "Connection refused"))
      refused = TRUE;
  g_assert_true (refused);

  g_assert_finalize_object (context);
  sip_test_user_agent_finish (alice);
}

int
main (int    argc,
      char **argv)
{
  sip_test_init (&argc, &argv);

  g_test_add_func ("/user-agent/start/free-port", test_start_binds_free_port);
  g_test_add_func ("/user-agent/start/port-taken", test_start_port_taken);
  g_test_add_func ("/user-agent/start/bad-input", test_start_bad_input);
  g_test_add_func ("/user-agent/stop/async-idempotent", test_stop_is_async_and_idempotent);
  g_test_add_func ("/user-agent/stop/dispose-while-running", test_dispose_while_running);
  g_test_add_func ("/user-agent/factories-need-running", test_factories_need_running);
  g_test_add_func ("/user-agent/network-monitor-for-registrations", test_network_monitor_for_registrations);
  g_test_add_func ("/user-agent/identity-on-the-wire", test_identity_on_the_wire);
  g_test_add_func ("/user-agent/stack-answers-other-methods", test_stack_answers_other_methods);
  g_test_add_func ("/user-agent/sofia-log-routed", test_sofia_log_routed);

  return g_test_run ();
}
