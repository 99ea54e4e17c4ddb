/* test-options.c: SipRequestOptions and SipReplyOptions
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "sip-test-utils.h"

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          guint      *count)
{
  (*count)++;
}

static void
test_reply_options (void)
{
  const char *headers[] = { "X-A: 1", "X-B: 2", NULL };
  g_autoptr(GBytes) body = NULL;
  g_auto(GStrv) got_headers = NULL;
  g_autofree char *phrase = NULL;
  SipReplyOptions *options;
  guint status, notifies = 0;

  options = g_object_new (SIP_TYPE_REPLY_OPTIONS,
                          "status-code", 486,
                          "reason-phrase", "Busy Here",
                          "extra-headers", headers,
                          "content-type", "text/plain",
                          NULL);
  g_signal_connect (options, "notify", G_CALLBACK (count_cb), &notifies);

  g_object_get (options, "status-code", &status, "reason-phrase", &phrase,
                "extra-headers", &got_headers, NULL);
  g_assert_cmpuint (status, ==, 486);
  g_assert_cmpstr (phrase, ==, "Busy Here");
  g_assert_cmpstrv (got_headers, headers);

  /* Setting the same value notifies nothing. */
  sip_reply_options_set_status_code (options, 486);
  sip_reply_options_set_reason_phrase (options, "Busy Here");
  sip_options_set_extra_headers (SIP_OPTIONS (options), headers);
  sip_options_set_content_type (SIP_OPTIONS (options), "text/plain");
  g_assert_cmpuint (notifies, ==, 0);

  sip_reply_options_set_status_code (options, 600);
  sip_options_add_extra_header (SIP_OPTIONS (options), "X-C: 3");
  sip_options_set_body_text (SIP_OPTIONS (options), "busy everywhere");
  g_assert_cmpuint (notifies, ==, 3);
  g_assert_cmpuint (g_strv_length ((GStrv) sip_options_get_extra_headers (SIP_OPTIONS (options))), ==, 3);

  g_object_get (options, "body", &body, NULL);
  g_assert_cmpmem (g_bytes_get_data (body, NULL), g_bytes_get_size (body), "busy everywhere", 15);
  sip_options_set_body_text (SIP_OPTIONS (options), "busy everywhere");
  g_assert_cmpuint (notifies, ==, 3);

  sip_options_set_body (SIP_OPTIONS (options), NULL);
  sip_options_set_extra_headers (SIP_OPTIONS (options), NULL);
  g_assert_null (sip_options_get_body (SIP_OPTIONS (options)));
  g_assert_null (sip_options_get_extra_headers (SIP_OPTIONS (options)));
  g_assert_cmpuint (notifies, ==, 5);

  g_assert_finalize_object (options);
}

static void
test_request_options (void)
{
  SipRequestOptions *options = sip_request_options_new ();

  g_assert_true (SIP_IS_OPTIONS (options));
  g_assert_null (sip_options_get_extra_headers (SIP_OPTIONS (options)));
  g_assert_null (sip_options_get_body (SIP_OPTIONS (options)));
  g_assert_null (sip_options_get_content_type (SIP_OPTIONS (options)));
  sip_options_add_extra_header (SIP_OPTIONS (options), "Subject: hello");
  g_assert_cmpstr (sip_options_get_extra_headers (SIP_OPTIONS (options))[0], ==, "Subject: hello");

  g_assert_finalize_object (options);
}

int
main (int    argc,
      char **argv)
{
  sip_test_init (&argc, &argv);

  g_test_add_func ("/options/reply", test_reply_options);
  g_test_add_func ("/options/request", test_request_options);

  return g_test_run ();
}
