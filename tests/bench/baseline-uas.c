/* baseline-uas: the benchmarks' baseline, a minimal UAS written directly
 * on sofia-sip's nua
 *
 *   baseline-uas BIND-URI
 *
 * It does what "sipctx listen --answer auto" does on the wire, with no
 * library in between: it answers every INVITE 200 OK with an SDP answer
 * (the same default audio as libsipctx) and every MESSAGE 200 OK, from
 * its nua callback, and destroys each handle when its call or
 * transaction is over. The stack is configured as libsipctx configures
 * it (same Allow, Supported, session timers, media), and runs the same
 * way: single-threaded, on the GLib main loop through su_glib. SIGTERM or
 * SIGINT shuts nua down in order and exits 0.
 *
 * Not installed: built for tests/bench/run-bench only.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include <glib.h>
#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>

#include <sofia-sip/nua.h>
#include <sofia-sip/nua_tag.h>
#include <sofia-sip/nta_tag.h>
#include <sofia-sip/soa_tag.h>
#include <sofia-sip/sip_status.h>
#include <sofia-sip/su_glib.h>

/* The same as libsipctx: see libsipctx/sip-stack.c and
 * sip-invite-context.c. */
#define ALLOW "INVITE, ACK, BYE, CANCEL, OPTIONS, MESSAGE, INFO, REFER, NOTIFY, UPDATE"
#define APPL_METHODS "MESSAGE, REFER, INFO"
#define SUPPORTED "timer, replaces"
#define SESSION_EXPIRES 1800
#define MIN_SE 90
#define DEFAULT_SDP \
  "v=0\r\n" \
  "m=audio 9 RTP/AVP 0 8 101\r\n" \
  "a=rtpmap:0 PCMU/8000\r\n" \
  "a=rtpmap:8 PCMA/8000\r\n" \
  "a=rtpmap:101 telephone-event/8000\r\n" \
  "a=fmtp:101 0-16\r\n"

typedef struct
{
  GMainLoop *loop;
  nua_t     *nua;
  gboolean   shutting_down;
} Uas;

static void
callback (nua_event_t   event,
          int           status,
          char const   *phrase,
          nua_t        *nua,
          nua_magic_t  *magic,
          nua_handle_t *nh,
          nua_hmagic_t *hmagic,
          sip_t const  *sip,
          tagi_t        tags[])
{
  Uas *uas = (Uas *) magic;

  switch (event)
    {
    case nua_i_invite:
      nua_respond (nh, SIP_200_OK,
                   NUTAG_WITH_THIS (nua),
                   SOATAG_USER_SDP_STR (DEFAULT_SDP),
                   TAG_END ());
      break;

    case nua_i_message:
      nua_respond (nh, SIP_200_OK, NUTAG_WITH_THIS (nua), TAG_END ());
      nua_handle_destroy (nh);
      break;

    case nua_i_state:
      {
        int state = nua_callstate_init;

        tl_gets (tags, NUTAG_CALLSTATE_REF (state), TAG_END ());
        if (state == nua_callstate_terminated)
          nua_handle_destroy (nh);
      }
      break;

    case nua_r_shutdown:
      if (status >= 200)
        g_main_loop_quit (uas->loop);
      break;

    default:
      break;
    }
}

static gboolean
signal_cb (gpointer data)
{
  Uas *uas = data;

  if (!uas->shutting_down)
    {
      uas->shutting_down = TRUE;
      nua_shutdown (uas->nua);
    }
  return G_SOURCE_CONTINUE;
}

int
main (int    argc,
      char **argv)
{
  Uas uas = { 0, };
  su_root_t *root;
  GSource *source;

  if (argc != 2)
    {
      fprintf (stderr, "Usage: %s BIND-URI\n", argv[0]);
      return 2;
    }

  su_init ();
  uas.loop = g_main_loop_new (NULL, FALSE);
  root = su_glib_root_create (&uas);
  su_root_threading (root, 0);
  source = su_glib_root_gsource (root);
  g_source_attach (source, NULL);

  uas.nua = nua_create (root, callback, (nua_magic_t *) &uas,
                        NUTAG_URL (argv[1]),
                        SIPTAG_FROM_STR ("<sip:bench@127.0.0.1>"),
                        SIPTAG_ALLOW_STR (ALLOW),
                        SIPTAG_SUPPORTED_STR (SUPPORTED),
                        NUTAG_ENABLEMESSAGE (1),
                        NUTAG_ENABLEINVITE (1),
                        NUTAG_APPL_METHOD (APPL_METHODS),
                        NUTAG_AUTOALERT (0),
                        NUTAG_AUTOANSWER (0),
                        NUTAG_MEDIA_ENABLE (1),
                        NUTAG_SESSION_TIMER (SESSION_EXPIRES),
                        NUTAG_MIN_SE (MIN_SE),
                        NUTAG_SESSION_REFRESHER (nua_any_refresher),
                        NTATAG_CLIENT_RPORT (1),
                        SOATAG_ADDRESS ("127.0.0.1"),
                        TAG_END ());
  if (uas.nua == NULL)
    {
      fprintf (stderr, "Cannot bind %s\n", argv[1]);
      return 1;
    }

  g_unix_signal_add (SIGTERM, signal_cb, &uas);
  g_unix_signal_add (SIGINT, signal_cb, &uas);
  printf ("ready %s\n", argv[1]);
  fflush (stdout);

  g_main_loop_run (uas.loop);

  nua_destroy (uas.nua);
  g_source_destroy (source);
  su_root_destroy (root);
  g_main_loop_unref (uas.loop);
  su_deinit ();

  return 0;
}
