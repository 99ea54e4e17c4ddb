/* test-message-context.c: the MESSAGE mixin on both bases
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "sip-test-utils.h"

static void
keep_cb (SipUserAgent            *ua,
         SipMessageServerContext *context,
         GPtrArray               *received)
{
  g_ptr_array_add (received, g_object_ref (context));
}

static void
test_text_both_sides (void)
{
  SipUserAgent *alice = sip_test_user_agent_new ("alice");
  SipUserAgent *bob = sip_test_user_agent_new ("bob");
  g_autofree char *target = sip_test_user_agent_uri (bob, "bob");
  g_autoptr(GPtrArray) received = g_ptr_array_new_with_free_func (g_object_unref);
  const char *text = "Grüße, 世界! \"quoted\"\r\nsecond line";
  g_autoptr(GError) error = NULL;
  g_autofree char *prop_text = NULL;
  g_autofree char *prop_type = NULL;
  g_autoptr(GBytes) prop_body = NULL;
  SipMessageClientContext *sent;
  SipMessageContext *in, *out;
  gsize len;

  g_signal_connect (bob, "message", G_CALLBACK (keep_cb), received);
  sent = sip_user_agent_message (alice, target, text, NULL, NULL, &error);
  g_assert_no_error (error);
  sip_test_wait_until (received->len == 1, 10000);

  in = SIP_MESSAGE_CONTEXT (g_ptr_array_index (received, 0));
  out = SIP_MESSAGE_CONTEXT (sent);
  g_assert_true (SIP_IS_SERVER_CONTEXT (in));
  g_assert_true (SIP_IS_CLIENT_CONTEXT (out));

  /* The same interface reads the same message on either side. */
  g_assert_cmpstr (sip_message_context_get_text (in), ==, text);
  g_assert_cmpstr (sip_message_context_get_text (out), ==, text);
  g_assert_cmpstr (sip_message_context_get_content_type (in), ==, "text/plain");
  g_assert_cmpstr (sip_message_context_get_content_type (out), ==, "text/plain;charset=UTF-8");
  g_assert_cmpmem (g_bytes_get_data (sip_message_context_get_body (in), &len), len, text, strlen (text));
  g_assert_cmpstr (sip_context_get_method (SIP_CONTEXT (in)), ==, "MESSAGE");
  g_assert_cmpstr (sip_name_addr_get_uri (sip_context_get_remote_identity (SIP_CONTEXT (in))),
                   ==, "sip:alice@127.0.0.1");
  g_assert_cmpstr (sip_name_addr_get_uri (sip_context_get_local_identity (SIP_CONTEXT (in))),
                   ==, target);
  g_assert_true (sip_context_get_user_agent (SIP_CONTEXT (in)) == bob);

  /* Properties from the interface. */
  g_object_get (in, "text", &prop_text, "content-type", &prop_type, "body", &prop_body, NULL);
  g_assert_cmpstr (prop_text, ==, text);
  g_assert_cmpstr (prop_type, ==, "text/plain");
  g_assert_true (g_bytes_equal (prop_body, sip_message_context_get_body (in)));

  g_assert_true (sip_server_context_accept (SIP_SERVER_CONTEXT (in), NULL, &error));
  g_assert_no_error (error);
  sip_test_wait_until (sip_context_is_terminated (SIP_CONTEXT (sent)), 10000);

  /* A context sticks around: what it carried is still readable. */
  g_assert_cmpstr (sip_message_context_get_text (out), ==, text);

  g_assert_finalize_object (sent);
  g_ptr_array_set_size (received, 0);
  sip_test_user_agent_finish (alice);
  sip_test_user_agent_finish (bob);
}

static void
test_binary_body (void)
{
  SipUserAgent *alice = sip_test_user_agent_new ("alice");
  SipUserAgent *bob = sip_test_user_agent_new ("bob");
  g_autofree char *target = sip_test_user_agent_uri (bob, "bob");
  g_autoptr(GPtrArray) received = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(SipRequestOptions) options = sip_request_options_new ();
  static const guint8 bytes[] = { 0xff, 0x00, 0xfe, 'a', 0x00, 0x80 };
  g_autoptr(GBytes) body = g_bytes_new_static (bytes, sizeof bytes);
  g_autoptr(GError) error = NULL;
  SipClientContext *sent;
  SipMessageContext *in;
  gsize len;

  g_signal_connect (bob, "message", G_CALLBACK (keep_cb), received);
  sip_options_set_body (SIP_OPTIONS (options), body);
  sip_options_set_content_type (SIP_OPTIONS (options), "application/octet-stream");

  sent = sip_user_agent_request (alice, "MESSAGE", target, options, &error);
  g_assert_no_error (error);
  sip_test_wait_until (received->len == 1, 10000);

  in = SIP_MESSAGE_CONTEXT (g_ptr_array_index (received, 0));
  g_assert_cmpmem (g_bytes_get_data (sip_message_context_get_body (in), &len), len,
                   bytes, sizeof bytes);
  g_assert_cmpstr (sip_message_context_get_content_type (in), ==, "application/octet-stream");
  g_assert_null (sip_message_context_get_text (in));

  g_assert_true (sip_server_context_accept (SIP_SERVER_CONTEXT (in), NULL, &error));
  g_assert_no_error (error);
  sip_test_wait_until (sip_context_is_terminated (SIP_CONTEXT (sent)), 10000);
  g_assert_cmpint (sip_context_get_cause (SIP_CONTEXT (sent)), ==, SIP_CAUSE_NONE);

  g_assert_finalize_object (sent);
  g_ptr_array_set_size (received, 0);
  sip_test_user_agent_finish (alice);
  sip_test_user_agent_finish (bob);
}

static void
test_many_messages (void)
{
  SipUserAgent *alice = sip_test_user_agent_new ("alice");
  SipUserAgent *bob = sip_test_user_agent_new ("bob");
  g_autofree char *target = sip_test_user_agent_uri (bob, "bob");
  g_autoptr(GPtrArray) received = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) sent = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const guint n = 50;

  g_signal_connect (bob, "message", G_CALLBACK (keep_cb), received);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = g_strdup_printf ("message %u", i);

      g_ptr_array_add (sent, sip_user_agent_message (alice, target, text, NULL, NULL, &error));
      g_assert_no_error (error);
    }

  sip_test_wait_until (received->len == n, 20000);
  for (guint i = 0; i < n; i++)
    {
      SipMessageContext *in = g_ptr_array_index (received, i);

      g_assert_true (g_hash_table_add (texts, g_strdup (sip_message_context_get_text (in))));
    }

  /* Answer in reverse order of arrival: odd messages accepted, even ones
   * rejected. */
  for (guint i = n; i-- > 0;)
    {
      SipServerContext *in = g_ptr_array_index (received, i);
      const char *text = sip_message_context_get_text (SIP_MESSAGE_CONTEXT (in));
      guint number = (guint) g_ascii_strtoull (text + strlen ("message "), NULL, 10);
      g_autoptr(GError) error = NULL;

      if (number % 2)
        g_assert_true (sip_server_context_accept (in, NULL, &error));
      else
        g_assert_true (sip_server_context_reject (in, NULL, &error));
      g_assert_no_error (error);
    }
  g_assert_cmpuint (g_hash_table_size (texts), ==, n);

  for (guint i = 0; i < n; i++)
    {
      SipContext *out = g_ptr_array_index (sent, i);

      sip_test_wait_until (sip_context_is_terminated (out), 20000);
      /* Each answer reached the context of its own request. */
      g_assert_cmpint (sip_context_get_cause (out), ==, i % 2 ? SIP_CAUSE_NONE : SIP_CAUSE_UNAVAILABLE);
    }

  g_ptr_array_set_size (sent, 0);
  g_ptr_array_set_size (received, 0);
  sip_test_user_agent_finish (alice);
  sip_test_user_agent_finish (bob);
}

int
main (int    argc,
      char **argv)
{
  sip_test_init (&argc, &argv);

  g_test_add_func ("/message-context/text-both-sides", test_text_both_sides);
  g_test_add_func ("/message-context/binary-body", test_binary_body);
  g_test_add_func ("/message-context/many-messages", test_many_messages);

  return g_test_run ();
}
