/* test-name-addr.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "sip-test-utils.h"

static void
test_parse (void)
{
  struct {
    const char *text, *display, *uri, *user, *host, *tag, *formatted;
  } cases[] = {
    { "sip:alice@example.org", NULL, "sip:alice@example.org", "alice", "example.org", NULL,
      "<sip:alice@example.org>" },
    { "\"Alice Liddell\" <sip:alice@example.org:5070>;tag=abc", "Alice Liddell",
      "sip:alice@example.org:5070", "alice", "example.org:5070", "abc",
      "Alice Liddell <sip:alice@example.org:5070>;tag=abc" },
    { "Bob <sips:bob@[::1]:5061>", "Bob", "sips:bob@[::1]:5061", "bob", "[::1]:5061", NULL,
      "Bob <sips:bob@[::1]:5061>" },
    { "\"Say \\\"hi\\\"\" <sip:c@h>", "Say \"hi\"", "sip:c@h", "c", "h", NULL,
      "\"Say \\\"hi\\\"\" <sip:c@h>" },
    { "<sip:127.0.0.1>", NULL, "sip:127.0.0.1", NULL, "127.0.0.1", NULL, "<sip:127.0.0.1>" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SipNameAddr) addr = sip_name_addr_parse (cases[i].text, &error);
      g_autofree char *formatted = NULL;
      g_autoptr(SipNameAddr) again = NULL;

      g_test_message ("%s", cases[i].text);
      g_assert_no_error (error);
      g_assert_cmpstr (sip_name_addr_get_display_name (addr), ==, cases[i].display);
      g_assert_cmpstr (sip_name_addr_get_uri (addr), ==, cases[i].uri);
      g_assert_cmpstr (sip_name_addr_get_user (addr), ==, cases[i].user);
      g_assert_cmpstr (sip_name_addr_get_host (addr), ==, cases[i].host);
      g_assert_cmpstr (sip_name_addr_get_tag (addr), ==, cases[i].tag);

      formatted = sip_name_addr_to_string (addr);
      g_assert_cmpstr (formatted, ==, cases[i].formatted);

      /* What we format, we parse back to the same thing. */
      again = sip_name_addr_parse (formatted, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (sip_name_addr_get_display_name (again), ==, cases[i].display);
      g_assert_true (sip_name_addr_equal_uri (addr, again));
    }
}

static void
test_malformed (void)
{
  const char *bad[] = {
    "", "alice", "<sip:alice@example.org", "http://example.org/", "sip:",
    "\"Alice\" <sip:alice@example.org>\r\nX-Evil: 1", "mailto:alice@example.org",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("\"%s\"", bad[i]);
      g_assert_null (sip_name_addr_parse (bad[i], &error));
      g_assert_error (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT);
    }
}

static void
test_new (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SipNameAddr) addr = sip_name_addr_new ("Carol", "sip:carol@example.org", &error);
  g_autoptr(SipNameAddr) other = sip_name_addr_new (NULL, "sip:carol@EXAMPLE.org", &error);
  g_autofree char *s = NULL;

  g_assert_no_error (error);
  g_assert_true (sip_name_addr_equal_uri (addr, other));
  s = sip_name_addr_to_string (addr);
  g_assert_cmpstr (s, ==, "Carol <sip:carol@example.org>");

  g_assert_null (sip_name_addr_new ("Carol", "carol at example", &error));
  g_assert_error (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (sip_name_addr_new ("Carol\r\nX: 1", "sip:carol@example.org", &error));
  g_assert_error (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT);
}

static gpointer
ref_and_release (gpointer data)
{
  SipNameAddr *addr = data;

  for (guint i = 0; i < 10000; i++)
    {
      SipNameAddr *held = sip_name_addr_ref (addr);

      g_assert_cmpstr (sip_name_addr_get_user (held), ==, "dave");
      sip_name_addr_unref (held);
    }
  sip_name_addr_unref (addr);
  return NULL;
}

static void
test_boxed (void)
{
  SipNameAddr *addr = sip_name_addr_parse ("Dave <sip:dave@example.org>;tag=t1", NULL);
  GValue value = G_VALUE_INIT;
  GThread *threads[4];
  SipNameAddr *copy;

  g_assert_true (G_TYPE_IS_BOXED (SIP_TYPE_NAME_ADDR));
  g_assert_cmpstr (g_type_name (SIP_TYPE_NAME_ADDR), ==, "SipNameAddr");

  /* A copy is the same immutable value, with one more reference. */
  copy = g_boxed_copy (SIP_TYPE_NAME_ADDR, addr);
  g_assert_true (copy == addr);
  g_boxed_free (SIP_TYPE_NAME_ADDR, copy);

  g_value_init (&value, SIP_TYPE_NAME_ADDR);
  g_value_set_boxed (&value, addr);
  sip_name_addr_unref (addr);
  /* The GValue's reference keeps it whole. */
  addr = g_value_get_boxed (&value);
  g_assert_cmpstr (sip_name_addr_get_display_name (addr), ==, "Dave");
  g_assert_cmpstr (sip_name_addr_get_tag (addr), ==, "t1");

  /* The count is atomic: threads take and drop references at once. */
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("name-addr", ref_and_release, sip_name_addr_ref (addr));
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);

  g_assert_cmpstr (sip_name_addr_get_uri (addr), ==, "sip:dave@example.org");
  g_value_unset (&value);
}

static void
test_causes_and_phrases (void)
{
  g_assert_cmpint (sip_cause_from_status (200), ==, SIP_CAUSE_NONE);
  g_assert_cmpint (sip_cause_from_status (302), ==, SIP_CAUSE_REDIRECTED);
  g_assert_cmpint (sip_cause_from_status (401), ==, SIP_CAUSE_AUTHENTICATION_ERROR);
  g_assert_cmpint (sip_cause_from_status (404), ==, SIP_CAUSE_NOT_FOUND);
  g_assert_cmpint (sip_cause_from_status (480), ==, SIP_CAUSE_UNAVAILABLE);
  g_assert_cmpint (sip_cause_from_status (486), ==, SIP_CAUSE_BUSY);
  g_assert_cmpint (sip_cause_from_status (600), ==, SIP_CAUSE_BUSY);
  g_assert_cmpint (sip_cause_from_status (603), ==, SIP_CAUSE_REJECTED);
  g_assert_cmpint (sip_cause_from_status (488), ==, SIP_CAUSE_INCOMPATIBLE_SDP);
  g_assert_cmpint (sip_cause_from_status (500), ==, SIP_CAUSE_SIP_FAILURE_CODE);

  g_assert_cmpstr (sip_get_reason_phrase (180), ==, "Ringing");
  g_assert_cmpstr (sip_get_reason_phrase (480), ==, "Temporarily Unavailable");
  g_assert_cmpstr (sip_get_reason_phrase (299), ==, "");
  g_assert_cmpstr (sip_get_reason_phrase (1000), ==, "");
}

int
main (int    argc,
      char **argv)
{
  sip_test_init (&argc, &argv);

  g_test_add_func ("/name-addr/parse", test_parse);
  g_test_add_func ("/name-addr/malformed", test_malformed);
  g_test_add_func ("/name-addr/new", test_new);
  g_test_add_func ("/name-addr/boxed", test_boxed);
  g_test_add_func ("/types/causes-and-phrases", test_causes_and_phrases);

  return g_test_run ();
}
