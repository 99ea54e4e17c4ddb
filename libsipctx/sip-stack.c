/* sip-stack.c: the one module that owns the sofia-sip nua stack, its
 * su_root and its callback, on the GLib main loop of the thread that
 * creates it
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sip-sofia-private.h"
#include "sip-context-private.h"
#include "sip-convert-private.h"
#include "sip-digest-private.h"
#include "sip-registration-private.h"
#include "sip-i18n-private.h"

#include <errno.h>
#include <unistd.h>
#include <string.h>

#include <sofia-sip/su_uniqueid.h>
#include <sofia-sip/nta_tag.h>
#include <sofia-sip/soa_tag.h>
#include <sofia-sip/tport_tag.h>
#include <glib/gstdio.h>

/* Exported by libsofia-sip-ua, not declared in its headers. */
extern su_log_t tport_log[];
extern su_log_t iptsec_log[];

struct _SipStack
{
  su_root_t            *root;
  GSource              *source;
  nua_t                *nua;

  SipStackIncomingFunc  incoming;
  SipStackShutdownFunc  shutdown_done;
  gpointer              user_data;

  char                 *tls_dir;       /* made for TPTAG_CERTIFICATE */

  guint                 shutdown_idle_id;
  gboolean              debug_events;  /* G_MESSAGES_DEBUG asked for them */
  gboolean              shutting_down;
  gboolean              shut_down;
  gboolean              shut_down_clean;
};

/* Requests this user agent answers. Methods outside this list get
 * 405 Method Not Allowed (with this list as Allow) from the stack. */
#define SIP_STACK_ALLOW \
  "INVITE, ACK, BYE, CANCEL, OPTIONS, MESSAGE, INFO, REFER, NOTIFY, UPDATE"
/* Requests the application answers through a server context; nua
 * answers the others itself. */
#define SIP_STACK_APPL_METHODS "MESSAGE, REFER, INFO"
/* RFC 4028 session timers and RFC 3891 Replaces. Reliable provisional
 * responses (100rel) are not offered. */
#define SIP_STACK_SUPPORTED "timer, replaces"
/* The shortest session interval accepted, in seconds (RFC 4028 says 90;
 * a shorter session-expires lowers it, for tests). */
#define SIP_STACK_MIN_SE 90

/* sofia-sip writes log lines in pieces; collect them into whole lines
 * before handing them to GLib. */
static GString *log_line;

/* The last TLS failure tport logged, and when. */
static SipTlsFailure tls_failure;
static gint64 tls_failure_time;

#define TLS_FAILURE_VALID_US (5 * G_USEC_PER_SEC)

/* tport reports why a TLS connection failed only in its log. */
static void
watch_tls_failure (const char *line)
{
  SipTlsFailure failure = SIP_TLS_FAILURE_NONE;

  if (strstr (line, "Peer Subject Mismatch") != NULL)
    failure = SIP_TLS_FAILURE_HOST_MISMATCH;
  else if (strstr (line, "Error with certificate") != NULL)
    failure = SIP_TLS_FAILURE_UNTRUSTED;
  else if (strstr (line, "TLS setup failed") != NULL && tls_failure == SIP_TLS_FAILURE_NONE)
    failure = SIP_TLS_FAILURE_HANDSHAKE;

  if (failure != SIP_TLS_FAILURE_NONE)
    {
      /* The first reason wins: a certificate error is followed by a
       * generic one as the connection closes. */
      if (tls_failure == SIP_TLS_FAILURE_NONE ||
          g_get_monotonic_time () - tls_failure_time > TLS_FAILURE_VALID_US)
        {
          tls_failure = failure;
          tls_failure_time = g_get_monotonic_time ();
        }
    }
}

SipTlsFailure
sip_stack_take_tls_failure (void)
{
  SipTlsFailure failure = tls_failure;

  if (failure != SIP_TLS_FAILURE_NONE &&
      g_get_monotonic_time () - tls_failure_time > TLS_FAILURE_VALID_US)
    failure = SIP_TLS_FAILURE_NONE;
  tls_failure = SIP_TLS_FAILURE_NONE;

  return failure;
}

int
sip_stack_local_failure_cause (int            status,
                               SipTlsFailure *tls)
{
  SipTlsFailure failure = SIP_TLS_FAILURE_NONE;
  SipCause cause;

  switch (status)
    {
    case 408:
      cause = SIP_CAUSE_REQUEST_TIMEOUT;
      break;
    case 500:
      cause = SIP_CAUSE_INTERNAL_ERROR;
      break;
    default:
      /* 503 and the 9xx codes sofia-sip reports for unreachable peers and
       * broken transports; a refused TLS certificate is one of them. */
      failure = sip_stack_take_tls_failure ();
      cause = failure != SIP_TLS_FAILURE_NONE ? SIP_CAUSE_TLS_ERROR
                                              : SIP_CAUSE_CONNECTION_ERROR;
      break;
    }

  if (tls)
    *tls = failure;
  return cause;
}

const char *
sip_tls_failure_describe (SipTlsFailure failure)
{
  switch (failure)
    {
    case SIP_TLS_FAILURE_UNTRUSTED:
      return _("The server's TLS certificate is not trusted");
    case SIP_TLS_FAILURE_HOST_MISMATCH:
      return _("The server's TLS certificate is not valid for its host name");
    case SIP_TLS_FAILURE_HANDSHAKE:
      return _("The TLS handshake with the server failed");
    case SIP_TLS_FAILURE_NONE:
    default:
      return NULL;
    }
}

/* Lines of sofia-sip's digest code that show a password's HA1 (and the
 * values a response is computed from), should its log level be raised
 * after all. */
static gboolean
shows_secret (const char *line)
{
  return strstr (line, "auth_digest_ha1") != NULL ||
         strstr (line, "auth_response") != NULL ||
         strstr (line, "A1 = MD5(") != NULL;
}

static void
sofia_log_cb (void       *stream,
              const char *fmt,
              va_list     ap)
{
  char *newline;

  g_string_append_vprintf (log_line, fmt, ap);

  while ((newline = strchr (log_line->str, '\n')) != NULL)
    {
      *newline = '\0';
      if (log_line->str[0] != '\0' && !shows_secret (log_line->str))
        {
          watch_tls_failure (log_line->str);
          g_log ("sofia-sip", G_LOG_LEVEL_DEBUG, "%s", log_line->str);
        }
      g_string_erase (log_line, 0, newline - log_line->str + 1);
    }
}

static void
sip_stack_global_init (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      su_init ();
      /* Debian's 1.12.11 crashes at exit in su_uniqueid's destructor if no
       * random number was ever generated (sofia-sip#58). */
      su_random ();
      log_line = g_string_new (NULL);
      su_log_redirect (NULL, sofia_log_cb, NULL);
      su_log_redirect (tport_log, sofia_log_cb, NULL);
      /* The digest code logs the HA1 of the password it hashes: never let
       * it speak (and see keep_secret ()). */
      su_log_redirect (iptsec_log, sofia_log_cb, NULL);
      su_log_set_level (iptsec_log, 0);
      /* Certificate errors are logged at level 3. */
      if (g_getenv ("TPORT_DEBUG") == NULL)
        su_log_set_level (tport_log, 3);
      g_once_init_leave (&initialized, 1);
    }
}

static gboolean
is_indication (nua_event_t event)
{
  return (event >= nua_i_error && event <= nua_i_media_error) ||
         event == nua_i_network_changed || event == nua_i_register;
}

static guint
attach_here (GSource     *source,
             GSourceFunc  function,
             gpointer     data)
{
  guint id;

  g_source_set_callback (source, function, data, NULL);
  id = g_source_attach (source, g_main_context_get_thread_default ());
  g_source_unref (source);

  return id;
}

guint
sip_timeout_add (guint        interval_ms,
                 GSourceFunc  function,
                 gpointer     data)
{
  return attach_here (g_timeout_source_new (interval_ms), function, data);
}

guint
sip_timeout_add_seconds (guint        interval,
                         GSourceFunc  function,
                         gpointer     data)
{
  return attach_here (g_timeout_source_new_seconds (interval), function, data);
}

void
sip_source_remove (guint id)
{
  GSource *source = g_main_context_find_source_by_id (g_main_context_get_thread_default (), id);

  if (source != NULL)
    g_source_destroy (source);
}

static gboolean
shutdown_done_idle_cb (gpointer data)
{
  SipStack *stack = data;

  stack->shutdown_idle_id = 0;
  stack->shutdown_done (stack->user_data, stack->shut_down_clean);

  return G_SOURCE_REMOVE;
}

static void
answer_unwanted (const SipEvent *ev,
                 int             status,
                 const char     *phrase)
{
  nua_respond (ev->nh, status, phrase, NUTAG_WITH_THIS (ev->nua), TAG_END ());
}

static void
incoming_invite (SipStack       *stack,
                 const SipEvent *ev)
{
  gpointer replaced = NULL;

  if (ev->sip && ev->sip->sip_replaces)
    {
      /* RFC 3891: the INVITE replaces a call of ours, or gets 481. */
      nua_handle_t *other = nua_handle_by_replaces (ev->nua, ev->sip->sip_replaces);

      if (other)
        {
          replaced = nua_handle_magic (other);
          nua_handle_unref (other);
        }
      if (replaced == NULL)
        {
          answer_unwanted (ev, SIP_481_NO_TRANSACTION);
          return;
        }
    }

  stack->incoming (stack->user_data, SIP_INCOMING_INVITE, ev, replaced);
}

static void
nua_callback (nua_event_t   event,
              int           status,
              char const   *phrase,
              nua_t        *nua,
              nua_magic_t  *magic,
              nua_handle_t *nh,
              nua_hmagic_t *hmagic,
              sip_t const  *sip,
              tagi_t        tags[])
{
  SipStack *stack = magic;
  SipEvent ev = { event, status, phrase, nua, nh, sip, tags };

  /* GLib formats a message before its writer drops it: 4k instructions
   * for every event, as much as some of the events cost nua. Asking the
   * writer costs a getenv() (G_MESSAGES_DEBUG): that is read once, when
   * the stack starts. */
  if (stack->debug_events || g_log_get_debug_enabled ())
    g_debug ("nua event %s: %d %s (handle %p, context %p)",
             nua_event_name (event), status, phrase ? phrase : "", nh, hmagic);

  if (event == nua_r_shutdown)
    {
      if (status >= 200 && !stack->shut_down)
        {
          stack->shut_down = TRUE;
          stack->shut_down_clean = status < 300;
          /* nua_destroy() may not run inside the callback. */
          stack->shutdown_idle_id =
            sip_timeout_add (0, shutdown_done_idle_cb, stack);
        }
      return;
    }

  if (hmagic != NULL)
    {
      /* SipRegistration is final: comparing the type costs nothing, where
       * SIP_IS_REGISTRATION() looks a context's type up (seven times per
       * call). */
      if (G_TYPE_FROM_INSTANCE (hmagic) == SIP_TYPE_REGISTRATION)
        sip_registration_handle_event (SIP_REGISTRATION (hmagic), &ev);
      else
        sip_context_handle_event (SIP_CONTEXT (hmagic), &ev);
      return;
    }

  if (nh == NULL || !is_indication (event))
    return;

  switch (event)
    {
    case nua_i_message:
      if (stack->shutting_down)
        answer_unwanted (&ev, SIP_503_SERVICE_UNAVAILABLE);
      else
        stack->incoming (stack->user_data, SIP_INCOMING_MESSAGE, &ev, NULL);
      break;

    case nua_i_invite:
      if (stack->shutting_down)
        answer_unwanted (&ev, SIP_503_SERVICE_UNAVAILABLE);
      else
        incoming_invite (stack, &ev);
      break;

    case nua_i_info:
      /* INFO lives in a dialog (RFC 6086). */
      answer_unwanted (&ev, SIP_481_NO_TRANSACTION);
      break;

    case nua_i_refer:
      /* A transfer outside any call: nothing to transfer (SIP.js's
       * allowOutOfDialogRefers is off too). */
      answer_unwanted (&ev, 403, "Out-of-dialog REFER Not Accepted");
      break;

    default:
      /* Everything else was answered by the stack already (OPTIONS with
       * 200 and Allow, other methods with 405 or 501). */
      break;
    }

  /* A handle the stack created for a request nobody took over. */
  if (nua_handle_magic (nh) == NULL)
    nua_handle_destroy (nh);
}

/* The address to bind for the host of a bind URI: "*" is any IPv4
 * address; NULL for a name. */
static GInetAddress *
host_address (const char *url_host)
{
  g_autofree char *host = g_strdup (url_host);

  if (host[0] == '[')
    {
      host[strlen (host) - 1] = '\0';
      memmove (host, host + 1, strlen (host));
    }
  if (strcmp (host, "*") == 0)
    return g_inet_address_new_any (G_SOCKET_FAMILY_IPV4);
  return g_inet_address_new_from_string (host);
}

/* A port free for TCP on ADDRESS, and also for UDP if WITH_UDP; 0 if
 * none was found. */
static guint16
find_free_port (GInetAddress  *address,
                gboolean       with_udp,
                GError       **error)
{
  GSocketFamily family = g_inet_address_get_family (address);

  for (guint attempt = 0; attempt < 32; attempt++)
    {
      g_autoptr(GSocket) tcp = NULL;
      g_autoptr(GSocket) udp = NULL;
      g_autoptr(GSocketAddress) any = NULL;
      g_autoptr(GSocketAddress) bound = NULL;
      g_autoptr(GSocketAddress) same = NULL;
      guint16 port;

      tcp = g_socket_new (family, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);
      any = g_inet_socket_address_new (address, 0);
      if (tcp == NULL || !g_socket_bind (tcp, any, FALSE, error) ||
          (bound = g_socket_get_local_address (tcp, error)) == NULL)
        return 0;
      port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
      if (!with_udp)
        return port;

      udp = g_socket_new (family, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, NULL);
      same = g_inet_socket_address_new (address, port);
      if (udp != NULL && g_socket_bind (udp, same, FALSE, NULL))
        return port;
    }

  g_set_error_literal (error, SIP_ERROR, SIP_ERROR_TRANSPORT,
                       _("Cannot find a port free for both UDP and TCP"));
  return 0;
}

static url_t *
parse_bind_uri (su_home_t   *home,
                const char  *bind_uri,
                GError     **error)
{
  url_t *url = url_make (home, bind_uri);

  if (url == NULL || (url->url_type != url_sip && url->url_type != url_sips) ||
      url->url_host == NULL || strpbrk (bind_uri, " \r\n") != NULL)
    {
      g_set_error (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT,
                   _("Malformed bind URI \"%s\": expected sip:HOST[:PORT]"), bind_uri);
      return NULL;
    }

  return url;
}

/* A bind URI with a concrete port (TLS: the sips: URI to bind next to
 * it, on the same host and a TCP port of its own). */
static char *
resolve_uri (const char  *bind_uri,
             gboolean     tls,
             GError     **error)
{
  su_home_t home[1] = { SU_HOME_INIT (home) };
  g_autoptr(GInetAddress) address = NULL;
  g_autoptr(GError) local_error = NULL;
  url_t *url;
  char *result = NULL;
  guint16 port;

  url = parse_bind_uri (home, bind_uri, error);
  if (url == NULL)
    goto out;

  /* A concrete port, or no port at all (5060): sofia-sip binds it. */
  if (!tls && (url->url_port == NULL ||
               (strcmp (url->url_port, "0") != 0 && strcmp (url->url_port, "*") != 0)))
    {
      result = g_strdup (bind_uri);
      goto out;
    }

  /* Port 0: find one port that is free for both UDP and TCP, since nua
   * binds the same port for every transport; TLS needs TCP only. */
  address = host_address (url->url_host);
  if (address == NULL && tls)
    {
      /* A host name: let sofia-sip pick the port. */
      result = g_strdup_printf ("sips:%s:0", url->url_host);
      goto out;
    }
  if (address == NULL)
    {
      g_set_error (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT,
                   _("Bind URI \"%s\": port 0 needs a numeric address"), bind_uri);
      goto out;
    }

  port = find_free_port (address, !tls, &local_error);
  if (port == 0)
    {
      g_set_error (error, SIP_ERROR, SIP_ERROR_TRANSPORT,
                   /* Translators: a bind URI, such as sip:127.0.0.1:5060,
                    * and the reason */
                   tls ? _("Cannot bind TLS next to %s: %s") : _("Cannot bind to %s: %s"),
                   bind_uri, local_error->message);
      goto out;
    }

  if (tls)
    result = g_strdup_printf ("sips:%s:%u", url->url_host, port);
  else
    result = g_strdup_printf ("%s:%s:%u%s%s",
                              url->url_type == url_sips ? "sips" : "sip",
                              url->url_host, port,
                              url->url_params ? ";" : "",
                              url->url_params ? url->url_params : "");

out:
  su_home_deinit (home);
  return result;
}

char *
sip_stack_resolve_bind_uri (const char  *bind_uri,
                            GError     **error)
{
  return resolve_uri (bind_uri, FALSE, error);
}

char *
sip_stack_resolve_tls_uri (const char  *bind_uri,
                           GError     **error)
{
  return resolve_uri (bind_uri, TRUE, error);
}

/* The address of a concrete bind URI, for the c= line of our SDP; NULL
 * for a wildcard, where soa picks an interface itself. */
static char *
bind_address (const char *bind_uri)
{
  su_home_t home[1] = { SU_HOME_INIT (home) };
  char *address = NULL;
  url_t *url = url_make (home, bind_uri);

  if (url && url->url_host && strcmp (url->url_host, "*") != 0)
    {
      address = g_strdup (url->url_host);
      if (address[0] == '[')
        {
          address[strlen (address) - 1] = '\0';
          memmove (address, address + 1, strlen (address));
        }
    }

  su_home_deinit (home);
  return address;
}

static void
sip_stack_free_parts (SipStack *stack)
{
  if (stack->tls_dir)
    {
      g_autofree char *agent = g_build_filename (stack->tls_dir, "agent.pem", NULL);
      g_autofree char *cafile = g_build_filename (stack->tls_dir, "cafile.pem", NULL);

      g_unlink (agent);
      g_unlink (cafile);
      g_rmdir (stack->tls_dir);
      g_free (stack->tls_dir);
    }
  g_source_destroy (stack->source);
  su_root_destroy (stack->root);
  g_free (stack);
}

#define SYSTEM_CA_DIR "/etc/ssl/certs"
#define SYSTEM_CA_FILE SYSTEM_CA_DIR "/ca-certificates.crt"

static gboolean
link_file (const char  *dir,
           const char  *name,
           const char  *target,
           const char  *what,
           GError     **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *absolute = g_canonicalize_filename (target, NULL);
  int saved_errno;

  if (g_access (absolute, R_OK) != 0)
    {
      saved_errno = errno;
      g_set_error (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT,
                   /* Translators: what is read, such as "TLS certificate"
                    * (translated on its own), a file name and the reason */
                   _("Cannot read the %s %s: %s"), C_("checked item", what), target, g_strerror (saved_errno));
      return FALSE;
    }
  if (symlink (absolute, path) != 0)
    {
      saved_errno = errno;
      g_set_error (error, SIP_ERROR, SIP_ERROR_FAILED,
                   /* Translators: what is set up, such as "TLS certificate"
                    * (translated on its own), and the reason */
                   _("Cannot set up the %s: %s"), C_("checked item", what), g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

/* sofia-sip reads its TLS files from one directory: agent.pem (key and
 * certificate) and cafile.pem (the trusted CAs), and uses the directory
 * itself as a hashed CA directory. With only the system's CAs and no
 * certificate, that is the system's directory; otherwise a private one,
 * with links to the files. */
static gboolean
make_tls_dir (SipStack              *stack,
              const SipStackConfig  *config,
              GError               **error)
{
  const char *ca_file = config->tls_ca_file;
  g_autoptr(GError) local_error = NULL;

  if (ca_file == NULL && config->tls_certificate == NULL)
    {
      stack->tls_dir = NULL;
      return TRUE;
    }

  stack->tls_dir = g_dir_make_tmp ("sipctx-tls-XXXXXX", &local_error);
  if (stack->tls_dir == NULL)
    {
      g_set_error (error, SIP_ERROR, SIP_ERROR_FAILED,
                   _("Cannot set up TLS: %s"), local_error->message);
      return FALSE;
    }

  if (ca_file == NULL && g_file_test (SYSTEM_CA_FILE, G_FILE_TEST_EXISTS))
    ca_file = SYSTEM_CA_FILE;
  if (ca_file && !link_file (stack->tls_dir, "cafile.pem", ca_file, NC_("checked item", "TLS CA file"), error))
    return FALSE;
  if (config->tls_certificate &&
      !link_file (stack->tls_dir, "agent.pem", config->tls_certificate, NC_("checked item", "TLS certificate"), error))
    return FALSE;

  return TRUE;
}

SipStack *
sip_stack_new (const SipStackConfig  *config,
               SipStackIncomingFunc   incoming,
               SipStackShutdownFunc   shutdown_done,
               gpointer               user_data,
               GError               **error)
{
  g_autofree char *from = NULL;
  g_autofree char *address = NULL;
  SipStack *stack;
  int saved_errno;

  sip_stack_global_init ();

  stack = g_new0 (SipStack, 1);
  stack->incoming = incoming;
  stack->shutdown_done = shutdown_done;
  stack->user_data = user_data;
  stack->debug_events = !g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, G_LOG_DOMAIN);

  stack->root = su_glib_root_create (NULL);
  if (stack->root == NULL)
    {
      g_set_error_literal (error, SIP_ERROR, SIP_ERROR_FAILED,
                           _("Cannot create the sofia-sip main loop source"));
      g_free (stack);
      return NULL;
    }
  /* Run the stack itself on this thread's main loop, not in a thread of
   * its own (the default of GLib roots). */
  su_root_threading (stack->root, 0);
  stack->source = su_glib_root_gsource (stack->root);
  g_source_attach (stack->source, g_main_context_get_thread_default ());

  from = sip_convert_name_addr_string (config->display_name, config->aor);
  address = bind_address (config->bind_uri);

  if (config->tls_uri && !make_tls_dir (stack, config, error))
    {
      sip_stack_free_parts (stack);
      return NULL;
    }

  /* Before the first challenge makes its client. */
  sip_digest_client_install ();

  errno = 0;
  stack->nua = nua_create (stack->root, nua_callback, stack,
                           NUTAG_URL (config->bind_uri),
                           SIPTAG_FROM_STR (from),
                           SIPTAG_USER_AGENT_STR (config->user_agent),
                           SIPTAG_ALLOW_STR (SIP_STACK_ALLOW),
                           SIPTAG_SUPPORTED_STR (SIP_STACK_SUPPORTED),
                           NUTAG_ENABLEMESSAGE (1),
                           NUTAG_ENABLEINVITE (1),
                           NUTAG_APPL_METHOD (SIP_STACK_APPL_METHODS),
                           NUTAG_AUTOALERT (0),
                           NUTAG_AUTOANSWER (0),
                           /* Media (soa) is enabled below, once the
                            * transports are bound: sofia-sip 1.12.11
                            * leaks the soa of a nua_create() that fails. */
                           NUTAG_MEDIA_ENABLE (0),
                           NUTAG_SESSION_TIMER (config->session_expires),
                           NUTAG_MIN_SE (config->session_expires > 0
                                         ? MIN (config->session_expires, SIP_STACK_MIN_SE)
                                         : SIP_STACK_MIN_SE),
                           NUTAG_SESSION_REFRESHER (nua_any_refresher),
                           NTATAG_SIP_T1X64 (config->request_timeout_ms),
                           /* RFC 3581 rport on every request */
                           NTATAG_CLIENT_RPORT (1),
                           TAG_IF (config->outbound_proxy != NULL,
                                   NUTAG_PROXY (config->outbound_proxy)),
                           NUTAG_KEEPALIVE (config->keepalive_ms),
                           /* Registrations are checked by their refresh
                            * and keepalives, not by an OPTIONS probe. */
                           NUTAG_OUTBOUND ("natify no-validate options-keepalive"),
                           TAG_IF (config->tls_uri != NULL, NUTAG_SIPS_URL (config->tls_uri)),
                           TAG_IF (config->tls_uri != NULL,
                                   TPTAG_CERTIFICATE (stack->tls_dir ? stack->tls_dir : SYSTEM_CA_DIR)),
                           TAG_IF (config->tls_uri != NULL,
                                   TPTAG_TLS_VERIFY_POLICY (config->tls_verify
                                                            ? TPTLS_VERIFY_SUBJECTS_OUT
                                                            : TPTLS_VERIFY_NONE)),
                           /* A connection that fails (a refused TLS
                            * certificate) fails its requests at once,
                            * not at their timeout. */
                           TPTAG_SDWN_ERROR (1),
                           TAG_END ());
  saved_errno = errno;

  if (stack->nua == NULL)
    {
      g_set_error (error, SIP_ERROR, SIP_ERROR_TRANSPORT,
                   /* Translators: a bind URI, such as sip:127.0.0.1:5060,
                    * and the reason */
                   _("Cannot bind the SIP transports to %s: %s"),
                   config->bind_uri,
                   saved_errno ? g_strerror (saved_errno)
                               : _("address in use or not available"));
      sip_stack_free_parts (stack);
      return NULL;
    }

  /* Queued before anything else can reach the stack. */
  nua_set_params (stack->nua,
                  NUTAG_MEDIA_ENABLE (1),
                  TAG_IF (address != NULL, SOATAG_ADDRESS (address)),
                  TAG_END ());

  return stack;
}

nua_t *
sip_stack_get_nua (SipStack *stack)
{
  return stack->nua;
}

void
sip_stack_shutdown (SipStack *stack)
{
  if (stack->shutting_down)
    return;

  stack->shutting_down = TRUE;
  nua_shutdown (stack->nua);
}

void
sip_stack_free (SipStack *stack)
{
  g_return_if_fail (stack->shut_down);

  g_clear_handle_id (&stack->shutdown_idle_id, sip_source_remove);
  nua_destroy (stack->nua);
  sip_stack_free_parts (stack);
}
