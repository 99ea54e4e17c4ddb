/* test-tls.c: requests over TLS between two user agents of ours, with
 * certificates the test makes with openssl; what a refused certificate
 * looks like
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "sip-test-utils.h"

#include <glib/gstdio.h>
#include <string.h>

#define WAIT_MS 20000

typedef struct
{
  char *dir;
} Certs;

static Certs *
certs_new (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "tls", "make-certs.sh", NULL);
  Certs *certs = g_new0 (Certs, 1);
  int status = -1;

  certs->dir = g_dir_make_tmp ("test-tls-XXXXXX", &error);
  g_assert_no_error (error);
  g_spawn_sync (NULL, (char *[]) { "/bin/sh", script, certs->dir, NULL }, NULL,
                G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);

  return certs;
}

static char *
certs_path (Certs      *certs,
            const char *name)
{
  return g_build_filename (certs->dir, name, NULL);
}

static void
certs_free (Certs *certs)
{
  sip_test_remove_tree (certs->dir);
  g_free (certs->dir);
  g_free (certs);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Certs, certs_free)

static gboolean
have_openssl (void)
{
  return sip_test_have_program ("openssl", "openssl");
}

static void
count_message_cb (SipUserAgent            *ua,
                  SipMessageServerContext *context,
                  guint                   *count)
{
  g_autoptr(GError) error = NULL;

  (*count)++;
  g_assert_true (sip_server_context_accept (SIP_SERVER_CONTEXT (context), NULL, &error));
  g_assert_no_error (error);
}

/* Bob accepts TLS with SERVER_PEM; Alice trusts CA_PEM (verify as
 * given) and sends him a MESSAGE over TLS to HOST. Returns the events of
 * Alice's context, and the messages Bob got. */
static char *
message_over_tls (Certs      *certs,
                  const char *server_pem,
                  const char *ca_pem,
                  gboolean    verify,
                  const char *host,
                  guint      *n_received)
{
  g_autofree char *server = certs_path (certs, server_pem);
  g_autofree char *ca = certs_path (certs, ca_pem);
  g_autoptr(SipUserAgent) bob = NULL;
  g_autoptr(SipUserAgent) alice = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SipMessageClientContext) context = NULL;
  g_autoptr(SipTestRecorder) recorder = NULL;
  g_autofree char *target = NULL;
  const char *tls_contact;
  const char *port;

  bob = sip_test_user_agent_new_with ("bob",
                                      "tls-enabled", TRUE,
                                      "tls-certificate", server,
                                      "tls-ca-file", ca,
                                      NULL);
  alice = sip_test_user_agent_new_with ("alice",
                                        "tls-enabled", TRUE,
                                        "tls-ca-file", ca,
                                        "tls-verify", verify,
                                        NULL);
  *n_received = 0;
  g_signal_connect (bob, "message", G_CALLBACK (count_message_cb), n_received);

  tls_contact = sip_user_agent_get_tls_contact_uri (bob);
  g_assert_nonnull (tls_contact);
  g_assert_true (g_str_has_prefix (tls_contact, "sips:127.0.0.1:"));
  port = strrchr (tls_contact, ':') + 1;

  target = g_strdup_printf ("sips:bob@%s:%s", host, port);
  context = sip_user_agent_message (alice, target, "over TLS", "text/plain", NULL, &error);
  g_assert_no_error (error);
  recorder = sip_test_recorder_new (SIP_CONTEXT (context));
  sip_test_wait_until (sip_context_is_terminated (SIP_CONTEXT (context)), WAIT_MS);

  g_clear_object (&context);
  sip_test_user_agent_finish (g_steal_pointer (&alice));
  sip_test_user_agent_finish (g_steal_pointer (&bob));

  return sip_test_recorder_dump (recorder);
}

typedef struct
{
  const char *server_pem;
  gboolean    verify;
  const char *events;
  guint       received;
} TlsCase;

static const TlsCase trusted = {
  "server.pem", TRUE, "accepted 200, terminated none", 1,
};
static const TlsCase untrusted = {
  "rogue-server.pem", TRUE, "failed 0 tls-error, terminated tls-error", 0,
};
static const TlsCase host_mismatch = {
  "other-server.pem", TRUE, "failed 0 tls-error, terminated tls-error", 0,
};
/* The documented way out, for testing: no verification at all. */
static const TlsCase verify_off = {
  "rogue-server.pem", FALSE, "accepted 200, terminated none", 1,
};

static void
test_message_over_tls (gconstpointer data)
{
  const TlsCase *c = data;
  g_autoptr(Certs) certs = NULL;
  g_autofree char *events = NULL;
  guint received;

  if (!have_openssl ())
    return;

  certs = certs_new ();
  events = message_over_tls (certs, c->server_pem, "ca.pem", c->verify, "127.0.0.1", &received);
  g_assert_cmpstr (events, ==, c->events);
  g_assert_cmpuint (received, ==, c->received);
}

static void
test_bad_files (void)
{
  g_autoptr(SipUserAgent) ua = sip_user_agent_new ("sip:alice@127.0.0.1");
  g_autoptr(GError) error = NULL;

  g_object_set (ua,
                "bind-uri", "sip:127.0.0.1:0",
                "tls-enabled", TRUE,
                "tls-ca-file", "/nonexistent/ca.pem",
                NULL);
  g_assert_false (sip_user_agent_start (ua, &error));
  g_assert_error (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "/nonexistent/ca.pem"));
  g_assert_false (sip_user_agent_is_running (ua));
  g_assert_null (sip_user_agent_get_tls_contact_uri (ua));
}

/* Without TLS bound, a sips: target is refused at once (416 from the
 * stack), and nothing is sent over another transport instead. */
static void
test_sips_without_tls (void)
{
  g_autoptr(SipUserAgent) alice = sip_test_user_agent_new ("alice");
  g_autoptr(SipUserAgent) bob = sip_test_user_agent_new ("bob");
  g_autoptr(SipMessageClientContext) context = NULL;
  g_autoptr(SipTestRecorder) recorder = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *target = NULL;
  guint received = 0;

  g_signal_connect (bob, "message", G_CALLBACK (count_message_cb), &received);
  g_assert_null (sip_user_agent_get_tls_contact_uri (alice));
  target = g_strdup_printf ("sips:bob@%s", sip_user_agent_get_contact_uri (bob) + 4);
  context = sip_user_agent_message (alice, target, "hi", "text/plain", NULL, &error);
  g_assert_no_error (error);
  recorder = sip_test_recorder_new (SIP_CONTEXT (context));
  sip_test_wait_until (sip_context_is_terminated (SIP_CONTEXT (context)), WAIT_MS);
  sip_test_spin (200);

  g_assert_cmpint (sip_context_get_state (SIP_CONTEXT (context)), ==, SIP_CONTEXT_STATE_TERMINATED);
  g_assert_cmpint (sip_context_get_cause (SIP_CONTEXT (context)), !=, SIP_CAUSE_NONE);
  g_assert_cmpuint (received, ==, 0);

  g_clear_object (&context);
  sip_test_user_agent_finish (g_steal_pointer (&alice));
  sip_test_user_agent_finish (g_steal_pointer (&bob));
}

int
main (int    argc,
      char **argv)
{
  sip_test_init (&argc, &argv);

  g_test_add_data_func ("/tls/trusted", &trusted, test_message_over_tls);
  g_test_add_data_func ("/tls/untrusted", &untrusted, test_message_over_tls);
  g_test_add_data_func ("/tls/host-mismatch", &host_mismatch, test_message_over_tls);
  g_test_add_data_func ("/tls/verify-off", &verify_off, test_message_over_tls);
  g_test_add_func ("/tls/bad-files", test_bad_files);
  g_test_add_func ("/tls/sips-without-tls", test_sips_without_tls);

  return g_test_run ();
}
