/* sip-test-sipp.c: SIPp (Debian's sip-tester) as a child process of a test
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "sip-test-sipp.h"

#include <glib/gstdio.h>
#include <string.h>

static char *
scenario_dir (void)
{
  const char *env = g_getenv ("SIPP_SCENARIOS");
  g_autofree char *exe = NULL;
  g_autofree char *source = NULL;
  g_autofree char *dir = NULL;

  if (env != NULL && *env != '\0')
    return g_strdup (env);

  /* Run by hand (./_build/tests/test-sipp): meson compiles this file as
   * a path relative to the build root, which is the parent of the
   * directory of the executable. */
  if (g_path_is_absolute (__FILE__))
    source = g_strdup (__FILE__);
  else
    {
      g_autofree char *exe_dir = NULL;
      g_autofree char *build_root = NULL;

      exe = g_file_read_link ("/proc/self/exe", NULL);
      if (exe == NULL)
        return NULL;
      exe_dir = g_path_get_dirname (exe);
      build_root = g_path_get_dirname (exe_dir);
      source = g_build_filename (build_root, __FILE__, NULL);
    }

  dir = g_path_get_dirname (source);
  return g_build_filename (dir, "sipp", NULL);
}

static char *
scenario_path (const char *name)
{
  g_autofree char *dir = scenario_dir ();
  g_autofree char *path = NULL;

  if (dir == NULL)
    g_error ("Cannot find the sipp scenarios: set SIPP_SCENARIOS");
  path = g_build_filename (dir, name, NULL);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    g_error ("No sipp scenario %s: set SIPP_SCENARIOS", path);

  return g_steal_pointer (&path);
}

gboolean
have_sipp (void)
{
  return sip_test_have_program ("sipp", "sip-tester");
}

/* Whether something listens on UDP 127.0.0.1:PORT, from /proc/net/udp:
 * probing by binding the port ourselves could make sipp's own bind fail. */
static gboolean
udp_port_bound (guint16 port)
{
  g_autofree char *contents = NULL;
  g_autofree char *local = g_strdup_printf (" 0100007F:%04X ", port);
  g_autofree char *any = g_strdup_printf (" 00000000:%04X ", port);

  if (!g_file_get_contents ("/proc/net/udp", &contents, NULL, NULL))
    return FALSE;

  return strstr (contents, local) != NULL || strstr (contents, any) != NULL;
}

static void
sipp_dump_file (const char *path)
{
  g_autofree char *contents = NULL;
  g_autofree char *name = g_path_get_basename (path);

  if (g_file_get_contents (path, &contents, NULL, NULL) && *contents != '\0')
    g_printerr ("---- sipp %s ----\n%s\n---- end of %s ----\n", name, contents, name);
}

/* Starts sipp with SCENARIO on 127.0.0.1:<a free port> for CALLS calls.
 * With REMOTE (HOST:PORT) it is a UAC that calls SERVICE there. */
Sipp *
sipp_start (const char *scenario,
            guint       calls,
            const char *remote,
            const char *service)
{
  return sipp_start_full (scenario, calls, remote, service, NULL);
}

/* The same, with EXTRA_ARGS (NULL-terminated, may be NULL) at the end of
 * sipp's command line. */
Sipp *
sipp_start_full (const char         *scenario,
                 guint               calls,
                 const char         *remote,
                 const char         *service,
                 const char * const *extra_args)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sf = scenario_path (scenario);
  g_autofree char *port = NULL;
  g_autofree char *m = g_strdup_printf ("%u", calls);
  Sipp *sipp = g_new0 (Sipp, 1);

  sipp->status = -1;
  sipp->port = sip_test_free_port ();
  port = g_strdup_printf ("%u", sipp->port);
  sipp->tmpdir = g_dir_make_tmp ("test-sipp-XXXXXX", &error);
  g_assert_no_error (error);
  sipp->error_file = g_build_filename (sipp->tmpdir, "errors.log", NULL);
  sipp->message_file = g_build_filename (sipp->tmpdir, "messages.log", NULL);

  {
    g_autoptr(GStrvBuilder) args = g_strv_builder_new ();
    g_auto(GStrv) argv = NULL;

    g_strv_builder_add (args, "sipp");
    if (remote != NULL)
      g_strv_builder_add (args, remote);
    g_strv_builder_add_many (args,
                             "-sf", sf,
                             "-i", "127.0.0.1",
                             "-p", port,
                             "-t", "u1",
                             "-m", m,
                             "-nostdin",
                             "-timeout", SIPP_GLOBAL_TIMEOUT,
                             "-timeout_error",
                             "-max_recv_loops", "1000",
                             "-trace_err", "-error_file", sipp->error_file,
                             "-trace_msg", "-message_file", sipp->message_file,
                             NULL);
    if (remote != NULL)
      g_strv_builder_add_many (args, "-s", service, "-r", "10", NULL);
    if (extra_args != NULL)
      g_strv_builder_addv (args, (const char **) extra_args);
    argv = g_strv_builder_end (args);
    sipp->process = g_subprocess_newv ((const char * const *) argv,
                                       G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error);
  }

  g_assert_no_error (error);
  g_assert_nonnull (sipp->process);
  g_test_message ("sipp %s (pid %s) on 127.0.0.1:%u%s%s",
                  scenario, g_subprocess_get_identifier (sipp->process),
                  sipp->port, remote ? " calling " : "", remote ? remote : "");

  return sipp;
}

/* For a UAS: waits until sipp listens, so that our request does not meet
 * a closed port. */
void
sipp_wait_listening (Sipp *sipp)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) WAIT_MS * 1000;

  while (!udp_port_bound (sipp->port))
    {
      if (g_subprocess_get_identifier (sipp->process) == NULL)
        break;   /* exited already: sipp_wait reports it */
      if (g_get_monotonic_time () > deadline)
        break;
      sip_test_spin (20);
    }
}

static void
sipp_remove_traces (Sipp *sipp)
{
  sip_test_remove_tree (sipp->tmpdir);
}

/* Waits for sipp to exit by itself (spinning the main context, so that
 * the user agent keeps working), stops it in any case and returns its
 * exit status, or -1 if it had to be stopped. */
int
sipp_wait (Sipp *sipp)
{
  sipp->status = sip_test_process_wait (sipp->process, SIPP_WAIT_MS);
  sip_test_process_stop (sipp->process);

  /* SIPP_DUMP_TRACES=1 shows what went on the wire also on success. */
  if (sipp->status != 0 || g_strcmp0 (g_getenv ("SIPP_DUMP_TRACES"), "1") == 0)
    {
      if (sipp->status != 0)
        g_printerr ("sipp exited with status %d\n", sipp->status);
      sipp_dump_file (sipp->error_file);
      sipp_dump_file (sipp->message_file);
    }
  /* Dumped if needed: remove them before an assertion can fail. */
  sipp_remove_traces (sipp);

  return sipp->status;
}

void
sipp_free (Sipp *sipp)
{
  /* Always stop it by its PID, also when the test did not get as far
   * as waiting for it. */
  sip_test_process_stop (sipp->process);
  g_clear_object (&sipp->process);
  sipp_remove_traces (sipp);

  g_free (sipp->tmpdir);
  g_free (sipp->error_file);
  g_free (sipp->message_file);
  g_free (sipp);
}

/* A wait of the test timed out while sipp ran: stop sipp, show its traces
 * and fail (a bare g_error would leave sipp running until -timeout). */
void
sipp_abort (Sipp       *sipp,
            const char *format,
            ...)
{
  g_autofree char *message = NULL;
  va_list ap;

  va_start (ap, format);
  message = g_strdup_vprintf (format, ap);
  va_end (ap);

  sip_test_process_stop (sipp->process);
  g_printerr ("sipp (stopped by the test) traces:\n");
  sipp_dump_file (sipp->error_file);
  sipp_dump_file (sipp->message_file);
  sipp_remove_traces (sipp);
  g_error ("%s", message);
}


