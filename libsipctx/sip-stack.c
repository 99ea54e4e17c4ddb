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
#include "sip-registration-private.h"

#include <errno.h>
#include <string.h>

#include <sofia-sip/su_uniqueid.h>
#include <sofia-sip/nta_tag.h>
#include <sofia-sip/soa_tag.h>

struct _SipStack
{
  su_root_t            *root;
  GSource              *source;
  nua_t                *nua;

  SipStackIncomingFunc  incoming;
  SipStackShutdownFunc  shutdown_done;
  gpointer              user_data;

  guint                 shutdown_idle_id;
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
      if (log_line->str[0] != '\0')
        g_log ("sofia-sip", G_LOG_LEVEL_DEBUG, "%s", log_line->str);
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
      g_once_init_leave (&initialized, 1);
    }
}

static gboolean
is_indication (nua_event_t event)
{
  return (event >= nua_i_error && event <= nua_i_media_error) ||
         event == nua_i_network_changed || event == nua_i_register;
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
            g_idle_add_full (G_PRIORITY_DEFAULT, shutdown_done_idle_cb, stack, NULL);
        }
      return;
    }

  if (hmagic != NULL)
    {
      if (SIP_IS_REGISTRATION (hmagic))
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

char *
sip_stack_resolve_bind_uri (const char  *bind_uri,
                            GError     **error)
{
  su_home_t home[1] = { SU_HOME_INIT (home) };
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *host = NULL;
  g_autofree char *params = NULL;
  url_t *url;
  char *result = NULL;

  url = url_make (home, bind_uri);
  if (url == NULL || (url->url_type != url_sip && url->url_type != url_sips) ||
      url->url_host == NULL || strpbrk (bind_uri, " \r\n") != NULL)
    {
      g_set_error (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT,
                   "Malformed bind URI \"%s\": expected sip:HOST[:PORT]", bind_uri);
      goto out;
    }

  /* A concrete port, or no port at all (5060): sofia-sip binds it. */
  if (url->url_port && strcmp (url->url_port, "0") != 0 &&
      strcmp (url->url_port, "*") != 0)
    {
      result = g_strdup (bind_uri);
      goto out;
    }
  if (url->url_port == NULL)
    {
      result = g_strdup (bind_uri);
      goto out;
    }

  /* Port 0: find one port that is free for both UDP and TCP, since nua
   * binds the same port for every transport. */
  host = g_strdup (url->url_host);
  if (host[0] == '[')
    {
      host[strlen (host) - 1] = '\0';
      memmove (host, host + 1, strlen (host));
    }
  if (strcmp (host, "*") == 0)
    address = g_inet_address_new_any (G_SOCKET_FAMILY_IPV4);
  else
    address = g_inet_address_new_from_string (host);
  if (address == NULL)
    {
      g_set_error (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT,
                   "Bind URI \"%s\": port 0 needs a numeric address", bind_uri);
      goto out;
    }

  if (url->url_params)
    params = g_strdup_printf (";%s", url->url_params);

  for (guint attempt = 0; attempt < 32 && result == NULL; attempt++)
    {
      g_autoptr(GSocket) tcp = NULL;
      g_autoptr(GSocket) udp = NULL;
      g_autoptr(GSocketAddress) any = NULL;
      g_autoptr(GSocketAddress) bound = NULL;
      g_autoptr(GSocketAddress) same = NULL;
      g_autoptr(GError) local_error = NULL;
      GSocketFamily family = g_inet_address_get_family (address);
      guint16 port;

      tcp = g_socket_new (family, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &local_error);
      any = g_inet_socket_address_new (address, 0);
      if (tcp == NULL || !g_socket_bind (tcp, any, FALSE, &local_error) ||
          (bound = g_socket_get_local_address (tcp, &local_error)) == NULL)
        {
          g_set_error (error, SIP_ERROR, SIP_ERROR_TRANSPORT,
                       "Cannot bind to %s: %s", bind_uri, local_error->message);
          goto out;
        }
      port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));

      udp = g_socket_new (family, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, NULL);
      same = g_inet_socket_address_new (address, port);
      if (udp == NULL || !g_socket_bind (udp, same, FALSE, NULL))
        continue;

      result = g_strdup_printf ("%s:%s:%u%s",
                                url->url_type == url_sips ? "sips" : "sip",
                                url->url_host, port, params ? params : "");
    }

  if (result == NULL)
    g_set_error (error, SIP_ERROR, SIP_ERROR_TRANSPORT,
                 "Cannot find a port free for both UDP and TCP on %s", bind_uri);

out:
  su_home_deinit (home);
  return result;
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

  stack->root = su_glib_root_create (NULL);
  if (stack->root == NULL)
    {
      g_set_error_literal (error, SIP_ERROR, SIP_ERROR_FAILED,
                           "Cannot create the sofia-sip main loop source");
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
                           TAG_END ());
  saved_errno = errno;

  if (stack->nua == NULL)
    {
      g_set_error (error, SIP_ERROR, SIP_ERROR_TRANSPORT,
                   "Cannot bind the SIP transports to %s: %s",
                   config->bind_uri,
                   saved_errno ? g_strerror (saved_errno)
                               : "address in use or not available");
      g_source_destroy (stack->source);
      su_root_destroy (stack->root);
      g_free (stack);
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

  g_clear_handle_id (&stack->shutdown_idle_id, g_source_remove);
  nua_destroy (stack->nua);
  g_source_destroy (stack->source);
  su_root_destroy (stack->root);
  g_free (stack);
}
