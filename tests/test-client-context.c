/* test-client-context.c: sending a request and following it to the end
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "sip-test-utils.h"

#include <gio/gio.h>

static void
record_state_cb (GObject    *object,
                 GParamSpec *pspec,
                 GString    *states)
{
  GEnumClass *klass = g_type_class_ref (SIP_TYPE_CONTEXT_STATE);
  GEnumValue *value = g_enum_get_value (klass, sip_context_get_state (SIP_CONTEXT (object)));

  g_string_append_printf (states, "%s%s", states->len ? " " : "", value->value_nick);
  g_type_class_unref (klass);
}

static void
accept_cb (SipUserAgent            *ua,
           SipMessageServerContext *context,
           gpointer                 data)
{
  g_autoptr(GError) error = NULL;

  sip_server_context_accept (SIP_SERVER_CONTEXT (context), NULL, &error);
  g_assert_no_error (error);
}

static void
test_properties_and_states (void)
{
  SipUserAgent *alice = sip_test_user_agent_new ("alice");
  SipUserAgent *bob = sip_test_user_agent_new ("bob");
  g_autofree char *target = sip_test_user_agent_uri (bob, "bob");
  g_autoptr(GString) states = g_string_new (NULL);
  g_autoptr(SipRequestOptions) options = sip_request_options_new ();
  g_autoptr(SipTestRecorder) rec = NULL;
  g_autoptr(GError) error = NULL;
  SipClientContext *context;
  SipRequest *request;
  SipResponse *response;

  g_signal_connect (bob, "message", G_CALLBACK (accept_cb), NULL);
  sip_options_add_extra_header (SIP_OPTIONS (options), "Subject: lunch");

  context = sip_user_agent_request (alice, "OPTIONS", target, options, &error);
  g_assert_no_error (error);
  g_assert_true (SIP_IS_CLIENT_CONTEXT (context));
  g_assert_false (SIP_IS_MESSAGE_CONTEXT (context));
  g_signal_connect (context, "notify::state", G_CALLBACK (record_state_cb), states);
  rec = sip_test_recorder_new (SIP_CONTEXT (context));

  /* Sent, and nothing emitted before the factory returned. */
  g_assert_cmpint (sip_context_get_state (SIP_CONTEXT (context)), ==, SIP_CONTEXT_STATE_SENT);
  g_assert_cmpstr (sip_context_get_method (SIP_CONTEXT (context)), ==, "OPTIONS");
  g_assert_cmpstr (sip_client_context_get_target (context), ==, target);
  g_assert_true (sip_context_get_user_agent (SIP_CONTEXT (context)) == alice);
  g_assert_cmpstr (sip_name_addr_get_uri (sip_context_get_local_identity (SIP_CONTEXT (context))),
                   ==, "sip:alice@127.0.0.1");
  g_assert_cmpstr (sip_name_addr_get_uri (sip_context_get_remote_identity (SIP_CONTEXT (context))),
                   ==, target);

  request = sip_context_get_request (SIP_CONTEXT (context));
  g_assert_cmpstr (sip_message_get_method (SIP_MESSAGE (request)), ==, "OPTIONS");
  g_assert_cmpstr (sip_request_get_request_uri (request), ==, target);
  g_assert_cmpstr (sip_message_get_header (SIP_MESSAGE (request), "Subject"), ==, "lunch");
  g_assert_nonnull (sip_message_get_call_id (SIP_MESSAGE (request)));
  g_assert_null (sip_context_get_response (SIP_CONTEXT (context)));

  sip_test_wait_until (sip_context_is_terminated (SIP_CONTEXT (context)), 10000);
  sip_test_recorder_assert (rec, "accepted 200, terminated none");
  g_assert_cmpstr (states->str, ==, "accepted terminated");

  response = sip_context_get_response (SIP_CONTEXT (context));
  g_assert_cmpuint (sip_response_get_status_code (response), ==, 200);
  g_assert_cmpstr (sip_message_get_call_id (SIP_MESSAGE (response)), ==,
                   sip_message_get_call_id (SIP_MESSAGE (request)));
  g_assert_cmpstr (sip_message_get_method (SIP_MESSAGE (response)), ==, "OPTIONS");
  g_assert_cmpuint (sip_message_get_cseq (SIP_MESSAGE (response)), >, 0);
  g_assert_nonnull (sip_name_addr_get_tag (sip_message_get_to (SIP_MESSAGE (response))));

  g_assert_finalize_object (context);
  sip_test_user_agent_finish (alice);
  sip_test_user_agent_finish (bob);
}

static void
test_kept_alive_by_user_agent (void)
{
  SipUserAgent *alice = sip_test_user_agent_new ("alice");
  SipUserAgent *bob = sip_test_user_agent_new ("bob");
  g_autofree char *target = sip_test_user_agent_uri (bob, "bob");
  g_autoptr(SipTestRecorder) rec = NULL;
  g_autoptr(GError) error = NULL;
  SipMessageClientContext *context;
  gpointer weak;

  g_signal_connect (bob, "message", G_CALLBACK (accept_cb), NULL);

  context = sip_user_agent_message (alice, target, "fire and forget", NULL, NULL, &error);
  g_assert_no_error (error);
  rec = sip_test_recorder_new (SIP_CONTEXT (context));
  weak = context;
  g_object_add_weak_pointer (G_OBJECT (context), &weak);

  /* The application lets go at once; its signals still come. */
  g_object_unref (context);
  g_assert_nonnull (weak);

  sip_test_wait_until (weak == NULL, 10000);
  sip_test_recorder_assert (rec, "accepted 200, terminated none");

  sip_test_user_agent_finish (alice);
  sip_test_user_agent_finish (bob);
}

static void
test_bad_input_sends_nothing (void)
{
  SipUserAgent *alice = sip_test_user_agent_new ("alice");
  SipUserAgent *bob = sip_test_user_agent_new ("bob");
  g_autofree char *target = sip_test_user_agent_uri (bob, "bob");
  const char *bad_targets[] = {
    "not a uri", "bob@127.0.0.1", "http://127.0.0.1/", "sip:", "sip:bob@127.0.0.1\r\nX: y",
    "sip:bob@<127.0.0.1>", "",
  };
  const char *bad_methods[] = { "INVITE", "bye", "REGISTER", "BAD METHOD", "FOO\r\n", "", "ACK" };
  g_autoptr(GError) error = NULL;
  guint messages = 0;

  g_signal_connect_swapped (bob, "message", G_CALLBACK (g_atomic_int_inc), &messages);

  for (guint i = 0; i < G_N_ELEMENTS (bad_targets); i++)
    {
      g_test_message ("target \"%s\"", bad_targets[i]);
      g_assert_null (sip_user_agent_message (alice, bad_targets[i], "x", NULL, NULL, &error));
      g_assert_error (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad_methods); i++)
    {
      g_test_message ("method \"%s\"", bad_methods[i]);
      g_assert_null (sip_user_agent_request (alice, bad_methods[i], target, NULL, &error));
      g_assert_error (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);
    }

  {
    g_autoptr(SipRequestOptions) options = sip_request_options_new ();

    sip_options_add_extra_header (SIP_OPTIONS (options), "X-Evil: 1\r\nContent-Length: 0");
    g_assert_null (sip_user_agent_message (alice, target, "x", NULL, options, &error));
    g_assert_error (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
  }

  {
    g_assert_null (sip_user_agent_message (alice, target, "x", "text/plain\r\nX: 1", NULL, &error));
    g_assert_error (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
    g_assert_null (sip_user_agent_message (alice, target, "x", "not a type", NULL, &error));
    g_assert_error (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
  }

  sip_test_spin (500);
  g_assert_cmpuint (messages, ==, 0);

  sip_test_user_agent_finish (alice);
  sip_test_user_agent_finish (bob);
}

static void
test_nothing_listens (void)
{
  SipUserAgent *alice = sip_test_user_agent_new ("alice");
  guint16 port = sip_test_free_port ();
  const char *transports[] = { "", ";transport=tcp" };

  for (guint i = 0; i < G_N_ELEMENTS (transports); i++)
    {
      g_autofree char *target = g_strdup_printf ("sip:nobody@127.0.0.1:%u%s", port, transports[i]);
      g_autoptr(SipTestRecorder) rec = NULL;
      g_autoptr(GError) error = NULL;
      SipMessageClientContext *context;

      context = sip_user_agent_message (alice, target, "anyone?", NULL, NULL, &error);
      g_assert_no_error (error);
      rec = sip_test_recorder_new (SIP_CONTEXT (context));

      sip_test_wait_until (sip_context_is_terminated (SIP_CONTEXT (context)), 40000);
      sip_test_recorder_assert (rec, "failed 0 connection-error, terminated connection-error");
      g_assert_null (sip_context_get_response (SIP_CONTEXT (context)));
      g_assert_cmpint (sip_context_get_cause (SIP_CONTEXT (context)), ==, SIP_CAUSE_CONNECTION_ERROR);
      g_assert_finalize_object (context);
    }

  sip_test_user_agent_finish (alice);
}

static void
test_request_timeout (void)
{
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GSocket) silent = NULL;
  g_autoptr(SipTestRecorder) rec = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *target = NULL;
  SipMessageClientContext *context;
  SipUserAgent *alice;
  char buf[4096];
  gssize len;

  /* A peer that reads every request and never answers. */
  silent = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, &error);
  g_assert_no_error (error);
  g_assert_true (g_socket_bind (silent, any, FALSE, &error));
  bound = g_socket_get_local_address (silent, &error);
  target = g_strdup_printf ("sip:silent@127.0.0.1:%u",
                            g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

  alice = g_object_new (SIP_TYPE_USER_AGENT,
                        "aor", "sip:alice@127.0.0.1",
                        "bind-uri", "sip:127.0.0.1:0",
                        "request-timeout", 2000,
                        NULL);
  g_assert_true (sip_user_agent_start (alice, &error));
  g_assert_no_error (error);

  context = sip_user_agent_message (alice, target, "hello?", NULL, NULL, &error);
  g_assert_no_error (error);
  rec = sip_test_recorder_new (SIP_CONTEXT (context));

  sip_test_wait_until (sip_context_is_terminated (SIP_CONTEXT (context)), 30000);
  sip_test_recorder_assert (rec, "failed 0 request-timeout, terminated request-timeout");

  /* The request did reach the silent peer, and was retransmitted. */
  len = g_socket_receive (silent, buf, sizeof buf - 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (len, >, 0);
  buf[len] = '\0';
  g_assert_true (g_str_has_prefix (buf, "MESSAGE sip:silent@127.0.0.1"));
  g_assert_true (g_socket_condition_check (silent, G_IO_IN) & G_IO_IN);

  g_assert_finalize_object (context);
  sip_test_user_agent_finish (alice);
}

static void
test_pending_at_stop (void)
{
  SipUserAgent *alice = sip_test_user_agent_new ("alice");
  SipUserAgent *bob = sip_test_user_agent_new ("bob");
  g_autofree char *target = sip_test_user_agent_uri (bob, "bob");
  g_autoptr(SipMessageServerContext) held = NULL;
  g_autoptr(SipTestRecorder) rec = NULL;
  g_autoptr(GError) error = NULL;
  SipMessageClientContext *context;

  g_signal_connect_swapped (bob, "message", G_CALLBACK (g_set_object), &held);
  context = sip_user_agent_message (alice, target, "pending", NULL, NULL, &error);
  g_assert_no_error (error);
  rec = sip_test_recorder_new (SIP_CONTEXT (context));
  sip_test_wait_until (held != NULL, 10000);

  /* Alice stops with her request unanswered: it fails, terminated last. */
  sip_test_user_agent_stop (alice);
  sip_test_recorder_assert (rec, "failed 0 stopped, terminated stopped");

  g_clear_object (&held);
  g_assert_finalize_object (context);
  sip_test_user_agent_stop (bob);
  g_assert_finalize_object (alice);
  g_assert_finalize_object (bob);
}

int
main (int    argc,
      char **argv)
{
  sip_test_init (&argc, &argv);

  g_test_add_func ("/client-context/properties-and-states", test_properties_and_states);
  g_test_add_func ("/client-context/kept-alive-by-user-agent", test_kept_alive_by_user_agent);
  g_test_add_func ("/client-context/bad-input-sends-nothing", test_bad_input_sends_nothing);
  g_test_add_func ("/client-context/nothing-listens", test_nothing_listens);
  g_test_add_func ("/client-context/request-timeout", test_request_timeout);
  g_test_add_func ("/client-context/pending-at-stop", test_pending_at_stop);

  return g_test_run ();
}
