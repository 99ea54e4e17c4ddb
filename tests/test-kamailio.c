/* test-kamailio.c: registration, digest authentication, messages and
 * calls through Kamailio, the registrar and proxy providers run, started
 * by each test on loopback with tests/kamailio/kamailio.cfg and users the
 * test writes into a db_text table (see tests/kamailio/README.md).
 *
 * Kamailio runs in a process group of its own, so that stopping it by
 * its PID (SIGTERM to the group, then SIGKILL) also stops its workers.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "sip-test-utils.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sys/prctl.h>
#include <string.h>
#include <unistd.h>

#define WAIT_MS 20000

#define ALICE_PASSWORD "alice:pw \"quoted\" \\ %41"
/* db_text escapes ':' and '\' in a field with a '\' */
#define ALICE_PASSWORD_DB "alice\\:pw \"quoted\" \\\\ %41"
#define BOB_PASSWORD "bobpw"

/* {{{ Kamailio as a child process */

typedef struct
{
  GSubprocess *process;
  char        *tmpdir;
  char        *log_file;
  char        *certs_dir;
  guint16      port;
  guint16      tls_port;
} Kamailio;

static char *
write_file (const char *dir,
            const char *name,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);

  return path;
}

G_GNUC_PRINTF (2, 3) static void
add_printf (GStrvBuilder *builder,
            const char   *format,
            ...)
{
  g_autofree char *arg = NULL;
  va_list ap;

  va_start (ap, format);
  arg = g_strdup_vprintf (format, ap);
  va_end (ap);
  g_strv_builder_add (builder, arg);
}

static void
own_process_group (gpointer data)
{
  setpgid (0, 0);
  /* Should the test die before it can stop kamailio (an assertion that
   * aborts), kamailio is told to stop by the kernel, and stops its
   * workers itself. */
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static gboolean
have_kamailio (void)
{
  return sip_test_have_program ("kamailio", "kamailio");
}

static void
make_certs (Kamailio *k)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *script = g_test_build_filename (G_TEST_DIST, "tls", "make-certs.sh", NULL);
  int status = -1;

  k->certs_dir = g_build_filename (k->tmpdir, "tls", NULL);
  g_mkdir (k->certs_dir, 0700);
  g_spawn_sync (NULL, (char *[]) { "/bin/sh", script, k->certs_dir, NULL }, NULL,
                G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
}

static char *
kamailio_cert (Kamailio   *k,
               const char *name)
{
  return g_build_filename (k->certs_dir, name, NULL);
}

/* Answers OPTIONS to the server itself with 200 once it is up. */
static gboolean
kamailio_answers (SipUserAgent *probe,
                  const char   *uri)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SipClientContext) options = sip_user_agent_request (probe, "OPTIONS", uri, NULL, &error);

  g_assert_no_error (error);
  sip_test_wait_until (sip_context_is_terminated (SIP_CONTEXT (options)), WAIT_MS);

  return sip_context_get_cause (SIP_CONTEXT (options)) == SIP_CAUSE_NONE;
}

/* DEFINE: one more -A define for the configuration, or NULL. */
static Kamailio *
kamailio_start_with (gboolean    with_tls,
                     const char *define)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GStrvBuilder) args = g_strv_builder_new ();
  g_autofree char *cfg = g_test_build_filename (G_TEST_DIST, "kamailio", "kamailio.cfg", NULL);
  g_autofree char *db = NULL;
  g_autofree char *subscriber = NULL;
  g_autofree char *pid_file = NULL;
  g_auto(GStrv) argv = NULL;
  g_autoptr(SipUserAgent) probe = NULL;
  g_autofree char *probe_uri = NULL;
  Kamailio *k = g_new0 (Kamailio, 1);
  gint64 deadline;

  k->tmpdir = g_dir_make_tmp ("test-kamailio-XXXXXX", &error);
  g_assert_no_error (error);
  k->log_file = g_build_filename (k->tmpdir, "kamailio.log", NULL);
  pid_file = g_build_filename (k->tmpdir, "kamailio.pid", NULL);

  /* The users: plain passwords (calculate_ha1 is on). */
  db = g_build_filename (k->tmpdir, "db", NULL);
  g_mkdir (db, 0700);
  subscriber = write_file (db, "subscriber",
                           "username(str) domain(str) password(str)\n"
                           "alice:127.0.0.1:" ALICE_PASSWORD_DB "\n"
                           "bob:127.0.0.1:" BOB_PASSWORD "\n"
                           "carol:127.0.0.1:carolpw\n");

  k->port = sip_test_free_port ();
  g_strv_builder_add_many (args, "kamailio", "-f", cfg, "-DD", "-E", "-m", "64", "-M", "8",
                           "-P", pid_file, "-Y", k->tmpdir, "-w", k->tmpdir, NULL);
  add_printf (args, "SIP_PORT=%u", k->port);
  add_printf (args, "DBURL=\"text://%s\"", db);
  if (define)
    g_strv_builder_add (args, define);
  if (with_tls)
    {
      g_autofree char *cert = NULL;
      g_autofree char *key = NULL;

      make_certs (k);
      k->tls_port = sip_test_free_port ();
      cert = kamailio_cert (k, "server.crt");
      key = kamailio_cert (k, "server.key");
      g_strv_builder_add (args, "WITH_TLS");
      add_printf (args, "TLS_PORT=%u", k->tls_port);
      add_printf (args, "TLS_CERT=\"%s\"", cert);
      add_printf (args, "TLS_KEY=\"%s\"", key);
    }
  argv = g_strv_builder_end (args);

  /* "-A" before each define. */
  {
    g_autoptr(GStrvBuilder) full = g_strv_builder_new ();
    gboolean defines = FALSE;

    for (guint i = 0; argv[i]; i++)
      {
        if (g_str_has_prefix (argv[i], "SIP_PORT="))
          defines = TRUE;
        if (defines)
          g_strv_builder_add (full, "-A");
        g_strv_builder_add (full, argv[i]);
      }
    g_strfreev (argv);
    argv = g_strv_builder_end (full);
  }

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_subprocess_launcher_set_stderr_file_path (launcher, k->log_file);
  g_subprocess_launcher_set_child_setup (launcher, own_process_group, NULL, NULL);
  g_subprocess_launcher_setenv (launcher, "PATH", "/usr/sbin:/usr/bin:/sbin:/bin", TRUE);
  k->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv, &error);
  g_assert_no_error (error);
  g_test_message ("kamailio (pid %s) on 127.0.0.1:%u%s",
                  g_subprocess_get_identifier (k->process), k->port,
                  with_tls ? " with TLS" : "");

  /* Ready when it answers OPTIONS. */
  probe = sip_test_user_agent_new ("probe");
  probe_uri = g_strdup_printf ("sip:127.0.0.1:%u", k->port);
  deadline = g_get_monotonic_time () + WAIT_MS * 1000;
  while (!kamailio_answers (probe, probe_uri))
    {
      if (g_get_monotonic_time () > deadline || g_subprocess_get_identifier (k->process) == NULL)
        {
          g_autofree char *log = NULL;

          g_file_get_contents (k->log_file, &log, NULL, NULL);
          g_printerr ("kamailio log:\n%s\n", log ? log : "");
          g_error ("kamailio did not start");
        }
      sip_test_spin (100);
    }
  sip_test_user_agent_finish (g_steal_pointer (&probe));
  /* TCP and TLS come up after UDP. */
  sip_test_spin (with_tls ? 500 : 100);

  return k;
}

static Kamailio *
kamailio_start (gboolean with_tls)
{
  return kamailio_start_with (with_tls, NULL);
}

static void
kamailio_free (Kamailio *k)
{
  const char *id = g_subprocess_get_identifier (k->process);

  if (id != NULL)
    {
      pid_t pid = (pid_t) g_ascii_strtoll (id, NULL, 10);
      gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

      /* Its workers are in its process group. */
      kill (-pid, SIGTERM);
      while (g_subprocess_get_identifier (k->process) != NULL &&
             g_get_monotonic_time () < deadline)
        g_usleep (10 * 1000);
      kill (-pid, SIGKILL);
      g_subprocess_wait (k->process, NULL, NULL);
    }

  if (g_strcmp0 (g_getenv ("KAMAILIO_DUMP_LOG"), "1") == 0)
    {
      g_autofree char *log = NULL;

      g_file_get_contents (k->log_file, &log, NULL, NULL);
      g_printerr ("kamailio log:\n%s\n", log ? log : "");
    }

  g_clear_object (&k->process);
  sip_test_remove_tree (k->tmpdir);
  g_free (k->tmpdir);
  g_free (k->log_file);
  g_free (k->certs_dir);
  g_free (k);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Kamailio, kamailio_free)

/* }}} */
/* {{{ Helpers */

static void
async_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static char *
registrar_uri (Kamailio *k)
{
  return g_strdup_printf ("sip:127.0.0.1:%u", k->port);
}

/* A user agent of USER in Kamailio's domain, with its password, sending
 * everything through Kamailio. */
static SipUserAgent *
user_new (Kamailio   *k,
          const char *user,
          const char *password)
{
  g_autofree char *proxy = g_strdup_printf ("sip:127.0.0.1:%u;lr", k->port);
  SipUserAgent *ua = sip_test_user_agent_new_with (user, "outbound-proxy", proxy, NULL);

  g_assert_true (sip_user_agent_set_credentials (ua, NULL, user, password, NULL));
  return ua;
}

/* Runs REGISTRATION's register_async() to its end. */
static gboolean
run_registration (SipRegistration  *registration,
                  GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  sip_registration_register_async (registration, NULL, async_done_cb, &result);
  sip_test_wait_until (result != NULL, WAIT_MS);

  return sip_registration_register_finish (registration, result, error);
}

/* Registers; returns the registration, or NULL with ERROR set. */
static SipRegistration *
register_user (Kamailio      *k,
               SipUserAgent  *ua,
               GError       **error)
{
  g_autofree char *registrar = registrar_uri (k);
  g_autoptr(SipRegistration) registration = NULL;

  registration = sip_user_agent_create_registration (ua, registrar, NULL);
  if (!run_registration (registration, error))
    return NULL;

  return g_steal_pointer (&registration);
}

typedef struct
{
  guint             n_messages;
  char             *last_text;
  SipInviteContext *call;
} Callee;

static void
callee_message_cb (SipUserAgent            *ua,
                   SipMessageServerContext *context,
                   Callee                  *callee)
{
  g_autoptr(GError) error = NULL;

  callee->n_messages++;
  g_free (callee->last_text);
  callee->last_text = g_strdup (sip_message_context_get_text (SIP_MESSAGE_CONTEXT (context)));
  g_assert_true (sip_server_context_accept (SIP_SERVER_CONTEXT (context), NULL, &error));
  g_assert_no_error (error);
}

static void
callee_invite_cb (SipUserAgent           *ua,
                  SipInviteServerContext *call,
                  Callee                 *callee)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (callee->call);
  callee->call = g_object_ref (SIP_INVITE_CONTEXT (call));
  g_assert_true (sip_server_context_accept (SIP_SERVER_CONTEXT (call), NULL, &error));
  g_assert_no_error (error);
}

static void
callee_watch (SipUserAgent *ua,
              Callee       *callee)
{
  memset (callee, 0, sizeof *callee);
  g_signal_connect (ua, "message", G_CALLBACK (callee_message_cb), callee);
  g_signal_connect (ua, "invite", G_CALLBACK (callee_invite_cb), callee);
}

static void
callee_clear (Callee *callee)
{
  g_clear_object (&callee->call);
  g_free (callee->last_text);
}

static char *
send_message (SipUserAgent *from,
              const char   *to,
              const char   *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SipMessageClientContext) context = NULL;
  g_autoptr(SipTestRecorder) recorder = NULL;

  context = sip_user_agent_message (from, to, text, "text/plain", NULL, &error);
  g_assert_no_error (error);
  recorder = sip_test_recorder_new (SIP_CONTEXT (context));
  sip_test_wait_until (sip_context_is_terminated (SIP_CONTEXT (context)), WAIT_MS);

  return sip_test_recorder_dump (recorder);
}

/* }}} */
/* {{{ Tests */

/* Alice and Bob register with digest credentials (Alice's password has
 * ':' and quotes), then message and call each other through the proxy,
 * which challenges each first request with 407. */
static void
test_register_message_call (void)
{
  g_autoptr(Kamailio) k = NULL;
  g_autoptr(SipUserAgent) alice = NULL;
  g_autoptr(SipUserAgent) bob = NULL;
  g_autoptr(SipRegistration) alice_reg = NULL;
  g_autoptr(SipRegistration) bob_reg = NULL;
  g_autoptr(SipInviteClientContext) call = NULL;
  g_autoptr(SipTestRecorder) recorder = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *events = NULL;
  Callee at_bob, at_alice;

  if (!have_kamailio ())
    return;

  k = kamailio_start (FALSE);
  alice = user_new (k, "alice", ALICE_PASSWORD);
  bob = user_new (k, "bob", BOB_PASSWORD);
  callee_watch (bob, &at_bob);
  callee_watch (alice, &at_alice);

  alice_reg = register_user (k, alice, &error);
  g_assert_no_error (error);
  bob_reg = register_user (k, bob, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sip_registration_get_state (bob_reg), ==, SIP_REGISTRATION_STATE_REGISTERED);
  g_assert_cmpuint (sip_registration_get_granted_expires (bob_reg), >, 0);

  events = send_message (alice, "sip:bob@127.0.0.1", "Hello Bob");
  g_assert_cmpstr (events, ==, "accepted 200, terminated none");
  g_assert_cmpuint (at_bob.n_messages, ==, 1);
  g_assert_cmpstr (at_bob.last_text, ==, "Hello Bob");
  g_clear_pointer (&events, g_free);

  events = send_message (bob, "sip:alice@127.0.0.1", "Hello Alice");
  g_assert_cmpstr (events, ==, "accepted 200, terminated none");
  g_assert_cmpuint (at_alice.n_messages, ==, 1);

  /* A call, record-routed through the proxy; Alice hangs up. */
  call = sip_user_agent_invite (alice, "sip:bob@127.0.0.1", NULL, &error);
  g_assert_no_error (error);
  recorder = sip_test_recorder_new (SIP_CONTEXT (call));
  sip_test_wait_until (at_bob.call != NULL &&
                       sip_context_get_state (SIP_CONTEXT (call)) == SIP_CONTEXT_STATE_ESTABLISHED &&
                       sip_context_get_state (SIP_CONTEXT (at_bob.call)) == SIP_CONTEXT_STATE_ESTABLISHED,
                       WAIT_MS);
  g_assert_true (sip_invite_context_bye (SIP_INVITE_CONTEXT (call), NULL, &error));
  g_assert_no_error (error);
  sip_test_wait_until (sip_context_is_terminated (SIP_CONTEXT (at_bob.call)) &&
                       sip_context_is_terminated (SIP_CONTEXT (call)), WAIT_MS);
  sip_test_recorder_assert (recorder, "accepted 200, terminated bye");
  g_assert_cmpint (sip_context_get_cause (SIP_CONTEXT (at_bob.call)), ==, SIP_CAUSE_BYE);

  g_clear_object (&call);
  callee_clear (&at_bob);
  callee_clear (&at_alice);
  g_clear_object (&alice_reg);
  g_clear_object (&bob_reg);
  sip_test_user_agent_finish (g_steal_pointer (&alice));
  sip_test_user_agent_finish (g_steal_pointer (&bob));
}

static gboolean
count_authenticate_cb (SipRegistration *registration,
                       SipAuth         *auth,
                       gboolean         retrying,
                       guint           *count)
{
  (*count)++;
  g_assert_true (retrying);
  g_assert_cmpstr (sip_auth_get_realm (auth), ==, "127.0.0.1");
  return FALSE;
}

/* A wrong password: the registrar challenges again, the application is
 * asked (and declines), the registration fails and is not retried. */
static void
test_wrong_password (void)
{
  g_autoptr(Kamailio) k = NULL;
  g_autoptr(SipUserAgent) carol = NULL;
  g_autoptr(SipRegistration) registration = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *registrar = NULL;
  guint asked = 0;

  if (!have_kamailio ())
    return;

  k = kamailio_start (FALSE);
  carol = user_new (k, "carol", "not carol's password");
  registrar = registrar_uri (k);
  registration = sip_user_agent_create_registration (carol, registrar, NULL);
  g_signal_connect (registration, "authenticate", G_CALLBACK (count_authenticate_cb), &asked);

  g_assert_false (run_registration (registration, &error));
  g_assert_error (error, SIP_ERROR, SIP_ERROR_AUTHENTICATION);
  g_assert_cmpint (sip_registration_get_state (registration), ==, SIP_REGISTRATION_STATE_FAILED);
  g_assert_cmpuint (sip_response_get_status_code (sip_registration_get_response (registration)), ==, 401);
  g_assert_cmpuint (asked, ==, 1);

  /* No retry of refused credentials. */
  sip_test_spin (1500);
  g_assert_cmpint (sip_registration_get_state (registration), ==, SIP_REGISTRATION_STATE_FAILED);

  g_clear_object (&registration);
  sip_test_user_agent_finish (g_steal_pointer (&carol));
}

/* A registrar that challenges with SHA-256 only (RFC 8760): registering
 * (401) and a MESSAGE through the proxy (407) are answered with SHA-256
 * digests it accepts, and a wrong password is still refused. The
 * registrar logs each credentials header it gets. */
static void
test_sha256 (void)
{
  g_autoptr(Kamailio) k = NULL;
  g_autoptr(SipUserAgent) alice = NULL;
  g_autoptr(SipUserAgent) bob = NULL;
  g_autoptr(SipUserAgent) carol = NULL;
  g_autoptr(SipRegistration) alice_reg = NULL;
  g_autoptr(SipRegistration) bob_reg = NULL;
  g_autoptr(SipRegistration) carol_reg = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *events = NULL;
  g_autofree char *log = NULL;
  Callee at_bob;

  if (!have_kamailio ())
    return;

  k = kamailio_start_with (FALSE, "AUTH_SHA256");
  alice = user_new (k, "alice", ALICE_PASSWORD);
  bob = user_new (k, "bob", BOB_PASSWORD);
  callee_watch (bob, &at_bob);

  alice_reg = register_user (k, alice, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sip_registration_get_state (alice_reg), ==, SIP_REGISTRATION_STATE_REGISTERED);
  bob_reg = register_user (k, bob, &error);
  g_assert_no_error (error);

  events = send_message (alice, "sip:bob@127.0.0.1", "Hello Bob");
  g_assert_cmpstr (events, ==, "accepted 200, terminated none");
  g_assert_cmpuint (at_bob.n_messages, ==, 1);

  carol = user_new (k, "carol", "not carol's password");
  carol_reg = register_user (k, carol, &error);
  g_assert_error (error, SIP_ERROR, SIP_ERROR_AUTHENTICATION);

  g_assert_true (g_file_get_contents (k->log_file, &log, NULL, NULL));
  g_assert_nonnull (strstr (log, "authorization: Digest username=\"alice\""));
  g_assert_nonnull (strstr (log, "proxy-authorization: Digest username=\"alice\""));
  g_assert_nonnull (strstr (log, "algorithm=SHA-256"));
  g_assert_null (strstr (log, "algorithm=MD5"));

  callee_clear (&at_bob);
  g_clear_object (&alice_reg);
  g_clear_object (&bob_reg);
  g_clear_object (&carol_reg);
  sip_test_user_agent_finish (g_steal_pointer (&alice));
  sip_test_user_agent_finish (g_steal_pointer (&bob));
  sip_test_user_agent_finish (g_steal_pointer (&carol));
}

/* Bob removes his binding: a message to him then finds nobody (480). */
static void
test_unregister (void)
{
  g_autoptr(Kamailio) k = NULL;
  g_autoptr(SipUserAgent) alice = NULL;
  g_autoptr(SipUserAgent) bob = NULL;
  g_autoptr(SipRegistration) bob_reg = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *events = NULL;
  Callee at_bob;

  if (!have_kamailio ())
    return;

  k = kamailio_start (FALSE);
  alice = user_new (k, "alice", ALICE_PASSWORD);
  bob = user_new (k, "bob", BOB_PASSWORD);
  callee_watch (bob, &at_bob);
  bob_reg = register_user (k, bob, &error);
  g_assert_no_error (error);

  events = send_message (alice, "sip:bob@127.0.0.1", "before");
  g_assert_cmpstr (events, ==, "accepted 200, terminated none");
  g_clear_pointer (&events, g_free);

  sip_registration_unregister_async (bob_reg, FALSE, NULL, async_done_cb, &result);
  sip_test_wait_until (result != NULL, WAIT_MS);
  g_assert_true (sip_registration_unregister_finish (bob_reg, result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sip_registration_get_state (bob_reg), ==, SIP_REGISTRATION_STATE_UNREGISTERED);

  events = send_message (alice, "sip:bob@127.0.0.1", "after");
  g_assert_cmpstr (events, ==,
                   "rejected 480 unavailable, failed 480 unavailable, terminated unavailable");
  g_clear_pointer (&events, g_free);
  /* Nobody of that name at all. */
  events = send_message (alice, "sip:nobody@127.0.0.1", "?");
  g_assert_cmpstr (events, ==, "rejected 404 not-found, failed 404 not-found, terminated not-found");
  g_assert_cmpuint (at_bob.n_messages, ==, 1);

  callee_clear (&at_bob);
  g_clear_object (&bob_reg);
  sip_test_user_agent_finish (g_steal_pointer (&alice));
  sip_test_user_agent_finish (g_steal_pointer (&bob));
}

static guint
count_in_log (Kamailio   *k,
              const char *needle)
{
  g_autofree char *log = NULL;
  guint count = 0;

  if (!g_file_get_contents (k->log_file, &log, NULL, NULL))
    return 0;
  for (const char *p = strstr (log, needle); p; p = strstr (p + 1, needle))
    count++;

  return count;
}

/* NAT keepalives: a registered user agent with keepalive-interval sends
 * OPTIONS to its address of record through the proxy, which logs each
 * request it gets. */
static void
test_keepalive (void)
{
  g_autoptr(Kamailio) k = NULL;
  g_autoptr(SipUserAgent) alice = NULL;
  g_autoptr(SipRegistration) registration = NULL;
  g_autoptr(GError) error = NULL;
  const char *needle = "OPTIONS sip:alice@127.0.0.1 from sip:alice@127.0.0.1";
  g_autofree char *proxy = NULL;

  if (!have_kamailio ())
    return;

  k = kamailio_start (FALSE);
  proxy = g_strdup_printf ("sip:127.0.0.1:%u;lr", k->port);
  alice = sip_test_user_agent_new_with ("alice", "outbound-proxy", proxy,
                                        "keepalive-interval", 1, NULL);
  g_assert_true (sip_user_agent_set_credentials (alice, NULL, "alice", ALICE_PASSWORD, NULL));

  registration = register_user (k, alice, &error);
  g_assert_no_error (error);

  /* The first goes out with the registration, then one every second;
   * bounded generously. */
  sip_test_wait_until (count_in_log (k, needle) >= 3, WAIT_MS);

  g_clear_object (&registration);
  sip_test_user_agent_finish (g_steal_pointer (&alice));
}

/* Registration over TLS to Kamailio's TLS listener, its certificate
 * checked against the test CA; the same with a CA that did not sign it
 * fails with the TLS error. */
static void
test_tls_register (void)
{
  g_autoptr(Kamailio) k = NULL;
  g_autoptr(SipUserAgent) alice = NULL;
  g_autoptr(SipUserAgent) mallory = NULL;
  g_autoptr(SipRegistration) registration = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ca = NULL;
  g_autofree char *rogue_ca = NULL;
  g_autofree char *registrar = NULL;

  if (!have_kamailio ())
    return;

  k = kamailio_start (TRUE);
  ca = kamailio_cert (k, "ca.pem");
  rogue_ca = kamailio_cert (k, "rogue-ca.pem");
  registrar = g_strdup_printf ("sips:127.0.0.1:%u", k->tls_port);

  alice = sip_test_user_agent_new_with ("alice", "tls-enabled", TRUE, "tls-ca-file", ca, NULL);
  g_assert_true (sip_user_agent_set_credentials (alice, NULL, "alice", ALICE_PASSWORD, NULL));
  registration = sip_user_agent_create_registration (alice, registrar, NULL);
  g_assert_true (run_registration (registration, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sip_registration_get_state (registration), ==, SIP_REGISTRATION_STATE_REGISTERED);
  g_clear_object (&registration);

  mallory = sip_test_user_agent_new_with ("alice", "tls-enabled", TRUE, "tls-ca-file", rogue_ca, NULL);
  g_assert_true (sip_user_agent_set_credentials (mallory, NULL, "alice", ALICE_PASSWORD, NULL));
  registration = sip_user_agent_create_registration (mallory, registrar, NULL);
  g_assert_false (run_registration (registration, &error));
  g_assert_error (error, SIP_ERROR, SIP_ERROR_TLS);
  g_test_message ("untrusted: %s", error->message);
  g_assert_cmpint (sip_registration_get_state (registration), ==, SIP_REGISTRATION_STATE_FAILED);

  g_clear_object (&registration);
  sip_test_user_agent_finish (g_steal_pointer (&alice));
  sip_test_user_agent_finish (g_steal_pointer (&mallory));
}

/* }}} */

int
main (int    argc,
      char **argv)
{
  sip_test_init (&argc, &argv);

  g_test_add_func ("/kamailio/register-message-call", test_register_message_call);
  g_test_add_func ("/kamailio/wrong-password", test_wrong_password);
  g_test_add_func ("/kamailio/sha256", test_sha256);
  g_test_add_func ("/kamailio/unregister", test_unregister);
  g_test_add_func ("/kamailio/keepalive", test_keepalive);
  g_test_add_func ("/kamailio/tls-register", test_tls_register);

  return g_test_run ();
}
