/* sip-test-utils.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "sip-test-utils.h"

#include <glib/gstdio.h>

#include <gio/gio.h>
#include <signal.h>

void
sip_test_init (int    *argc,
               char ***argv)
{
  g_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
}

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* One blocking iteration of the thread-default main context (the global
 * default one on the main thread), which a 50 ms tick keeps from hanging. */
void
sip_test_iterate (void)
{
  GMainContext *context = g_main_context_get_thread_default ();
  GSource *tick = g_timeout_source_new (50);

  g_source_set_callback (tick, wake_cb, NULL, NULL);
  g_source_attach (tick, context);
  g_main_context_iteration (context, TRUE);
  g_source_destroy (tick);
  g_source_unref (tick);
}

void
sip_test_spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    sip_test_iterate ();
}

SipUserAgent *
sip_test_user_agent_new (const char *user)
{
  return sip_test_user_agent_new_with (user, NULL, NULL);
}

SipUserAgent *
sip_test_user_agent_new_with (const char *user,
                              const char *first_property,
                              ...)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *aor = g_strdup_printf ("sip:%s@127.0.0.1", user);
  SipUserAgent *ua;
  va_list args;

  ua = g_object_new (SIP_TYPE_USER_AGENT,
                     "aor", aor,
                     "bind-uri", "sip:127.0.0.1:0",
                     NULL);
  va_start (args, first_property);
  if (first_property)
    g_object_set_valist (G_OBJECT (ua), first_property, args);
  va_end (args);
  sip_user_agent_start (ua, &error);
  g_assert_no_error (error);
  g_assert_true (sip_user_agent_is_running (ua));

  return ua;
}

char *
sip_test_user_agent_uri (SipUserAgent *ua,
                         const char   *user)
{
  const char *contact = sip_user_agent_get_contact_uri (ua);

  g_assert_nonnull (contact);
  g_assert_true (g_str_has_prefix (contact, "sip:"));

  return g_strdup_printf ("sip:%s@%s", user, contact + 4);
}

static void
stopped_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(GError) error = NULL;

  sip_user_agent_stop_finish (SIP_USER_AGENT (source), result, &error);
  g_assert_no_error (error);
  *(gboolean *) data = TRUE;
}

void
sip_test_user_agent_stop (SipUserAgent *ua)
{
  gboolean done = FALSE;

  sip_user_agent_stop_async (ua, NULL, stopped_cb, &done);
  sip_test_wait_until (done, 40000);
  g_assert_false (sip_user_agent_is_running (ua));
}

void
sip_test_user_agent_finish (SipUserAgent *ua)
{
  sip_test_user_agent_stop (ua);
  g_assert_finalize_object (ua);
}

static const char *
enum_nick (GType type,
           int   number)
{
  GEnumClass *klass = g_type_class_ref (type);
  GEnumValue *value = g_enum_get_value (klass, number);

  g_type_class_unref (klass);
  return value ? value->value_nick : "?";
}

const char *
sip_test_cause_nick (SipCause cause)
{
  return enum_nick (SIP_TYPE_CAUSE, cause);
}

const char *
sip_test_state_nick (SipContextState state)
{
  return enum_nick (SIP_TYPE_CONTEXT_STATE, state);
}

static void
record (SipTestRecorder *recorder,
        char            *text)
{
  g_ptr_array_add (recorder->events, text);
}

static void
progress_cb (SipContext *c, guint status, SipResponse *r, SipTestRecorder *rec)
{
  g_assert_nonnull (r);
  g_assert_cmpuint (sip_response_get_status_code (r), ==, status);
  g_assert_false (sip_context_is_terminated (c));
  record (rec, g_strdup_printf ("progress %u", status));
}

static void
accepted_cb (SipContext *c, guint status, SipResponse *r, SipTestRecorder *rec)
{
  g_assert_nonnull (r);
  g_assert_cmpuint (sip_response_get_status_code (r), ==, status);
  g_assert_false (sip_context_is_terminated (c));
  record (rec, g_strdup_printf ("accepted %u", status));
}

static void
rejected_cb (SipContext *c, guint status, SipResponse *r, SipCause cause, SipTestRecorder *rec)
{
  g_assert_nonnull (r);
  g_assert_cmpuint (sip_response_get_status_code (r), ==, status);
  g_assert_false (sip_context_is_terminated (c));
  record (rec, g_strdup_printf ("rejected %u %s", status, sip_test_cause_nick (cause)));
}

static void
failed_cb (SipContext *c, guint status, SipResponse *r, SipCause cause, SipTestRecorder *rec)
{
  g_assert_false (sip_context_is_terminated (c));
  if (r)
    g_assert_cmpuint (sip_response_get_status_code (r), ==, status);
  record (rec, g_strdup_printf ("failed %u %s", status, sip_test_cause_nick (cause)));
}

static void
terminated_cb (SipContext *c, SipCause cause, SipTestRecorder *rec)
{
  g_assert_true (sip_context_is_terminated (c));
  g_assert_cmpint (sip_context_get_state (c), ==, SIP_CONTEXT_STATE_TERMINATED);
  rec->n_terminated++;
  g_assert_cmpuint (rec->n_terminated, ==, 1);
  record (rec, g_strdup_printf ("terminated %s", sip_test_cause_nick (cause)));
}

static void
bye_cb (SipInviteContext *c, SipRequest *request, SipTestRecorder *rec)
{
  g_assert_cmpstr (sip_message_get_method (SIP_MESSAGE (request)), ==, "BYE");
  record (rec, g_strdup ("bye"));
}

static void
cancel_cb (SipInviteContext *c, SipTestRecorder *rec)
{
  record (rec, g_strdup ("cancel"));
}

static void
dtmf_cb (SipInviteContext *c, const char *tone, guint duration, SipTestRecorder *rec)
{
  record (rec, g_strdup_printf ("dtmf %s %u", tone, duration));
}

static void
transfer_progress_cb (SipInviteContext *c, guint status, const char *phrase, SipTestRecorder *rec)
{
  record (rec, g_strdup_printf ("transfer-progress %u", status));
}

static void
transfer_finished_cb (SipInviteContext *c, guint status, const char *phrase, SipTestRecorder *rec)
{
  record (rec, g_strdup_printf ("transfer-finished %u", status));
}

SipTestRecorder *
sip_test_recorder_new (SipContext *context)
{
  SipTestRecorder *rec = g_new0 (SipTestRecorder, 1);

  rec->events = g_ptr_array_new_with_free_func (g_free);
  rec->context = context;
  g_object_add_weak_pointer (G_OBJECT (context), (gpointer *) &rec->context);

  g_signal_connect (context, "progress", G_CALLBACK (progress_cb), rec);
  g_signal_connect (context, "accepted", G_CALLBACK (accepted_cb), rec);
  g_signal_connect (context, "rejected", G_CALLBACK (rejected_cb), rec);
  g_signal_connect (context, "failed", G_CALLBACK (failed_cb), rec);
  g_signal_connect (context, "terminated", G_CALLBACK (terminated_cb), rec);
  if (SIP_IS_INVITE_CONTEXT (context))
    {
      g_signal_connect (context, "bye", G_CALLBACK (bye_cb), rec);
      g_signal_connect (context, "cancel", G_CALLBACK (cancel_cb), rec);
      g_signal_connect (context, "dtmf", G_CALLBACK (dtmf_cb), rec);
      g_signal_connect (context, "transfer-progress", G_CALLBACK (transfer_progress_cb), rec);
      g_signal_connect (context, "transfer-finished", G_CALLBACK (transfer_finished_cb), rec);
    }

  return rec;
}

void
sip_test_recorder_free (SipTestRecorder *rec)
{
  if (rec->context)
    {
      g_signal_handlers_disconnect_by_data (rec->context, rec);
      g_object_remove_weak_pointer (G_OBJECT (rec->context), (gpointer *) &rec->context);
    }
  g_ptr_array_unref (rec->events);
  g_free (rec);
}

char *
sip_test_join (GPtrArray *strings)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < strings->len; i++)
    {
      if (i > 0)
        g_string_append (s, ", ");
      g_string_append (s, g_ptr_array_index (strings, i));
    }

  return g_string_free (s, FALSE);
}

char *
sip_test_recorder_dump (SipTestRecorder *rec)
{
  return sip_test_join (rec->events);
}

guint16
sip_test_free_port (void)
{
  for (guint attempt = 0; attempt < 64; attempt++)
    {
      g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
      g_autoptr(GSocketAddress) any = g_inet_socket_address_new (lo, 0);
      g_autoptr(GSocketAddress) bound = NULL;
      g_autoptr(GSocketAddress) same = NULL;
      g_autoptr(GSocket) tcp = NULL;
      g_autoptr(GSocket) udp = NULL;
      guint16 port;

      tcp = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
      g_assert_true (g_socket_bind (tcp, any, FALSE, NULL));
      bound = g_socket_get_local_address (tcp, NULL);
      port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));

      udp = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, NULL);
      same = g_inet_socket_address_new (lo, port);
      if (g_socket_bind (udp, same, FALSE, NULL))
        return port;
    }

  g_error ("no free port on 127.0.0.1");
}

GSubprocess *
sip_test_process_start (GError     **error,
                        const char  *argv0,
                        ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *arg;
  va_list ap;

  g_ptr_array_add (args, (gpointer) argv0);
  va_start (ap, argv0);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  return g_subprocess_newv ((const char * const *) args->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_SILENCE, error);
}

/* The wait outlives sip_test_process_wait() when that gives up, so its
 * state lives on the heap and the callback frees it once abandoned. */
typedef struct
{
  gboolean exited;
  gboolean abandoned;
} ProcessWait;

static void
process_exited_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  ProcessWait *wait = data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  if (wait->abandoned)
    g_free (wait);
  else
    wait->exited = TRUE;
}

int
sip_test_process_wait (GSubprocess *process,
                       guint        timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  ProcessWait *wait = g_new0 (ProcessWait, 1);

  g_subprocess_wait_async (process, NULL, process_exited_cb, wait);
  while (!wait->exited && g_get_monotonic_time () < deadline)
    sip_test_iterate ();

  if (!wait->exited)
    {
      wait->abandoned = TRUE;
      sip_test_process_stop (process);
      return -1;
    }

  g_free (wait);
  return g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
}

void
sip_test_process_stop (GSubprocess *process)
{
  gint64 deadline;

  if (g_subprocess_get_identifier (process) == NULL)
    return;   /* already reaped */

  /* Ask politely, then for at most 5 s, then kill. GSubprocess reaps the
   * child in GLib's worker thread, which clears the identifier. */
  g_subprocess_send_signal (process, SIGTERM);
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (g_subprocess_get_identifier (process) != NULL && g_get_monotonic_time () < deadline)
    g_usleep (10 * 1000);

  if (g_subprocess_get_identifier (process) != NULL)
    {
      g_subprocess_force_exit (process);
      g_subprocess_wait (process, NULL, NULL);
    }
}

gboolean
sip_test_have_program (const char *program,
                       const char *package)
{
  g_autofree char *path = g_find_program_in_path (program);
  g_autofree char *sbin = g_build_filename ("/usr/sbin", program, NULL);

  if (path == NULL && !g_file_test (sbin, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_autofree char *reason = g_strdup_printf ("%s (Debian package %s) is not installed",
                                                 program, package);
      g_test_skip (reason);
      return FALSE;
    }
  return TRUE;
}

void
sip_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        sip_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}
