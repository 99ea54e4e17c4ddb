/* sip-auth.c: digest authentication of the requests we send
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sip-auth-private.h"
#include "sip-context-private.h"
#include "sip-convert-private.h"
#include "sip-digest-private.h"
#include "sip-sofia-private.h"
#include "sip-i18n-private.h"

#include <string.h>

#include <sofia-sip/auth_digest.h>

/**
 * SipAuth:
 *
 * One authentication challenge (a 401 or 407 response) that a request of
 * this user agent received, waiting for credentials.
 *
 * Challenges are answered inside the object that sent the request: the
 * context (or [class@Sip.Registration]) resends its request with
 * credentials and goes on with the response to that; the application sees
 * the challenge only when it has to. The credentials come from, in order:
 *
 * 1. the user agent's credentials for the realm, or for any realm, set with
 *    [method@Sip.UserAgent.set_credentials];
 * 2. the application, through the `authenticate` signal of the sender
 *    ([signal@Sip.Context::authenticate],
 *    [signal@Sip.Registration::authenticate]) with a `SipAuth`. The handler
 *    calls [method@Sip.Auth.authenticate] (at once or later, for instance
 *    after asking the user) or [method@Sip.Auth.cancel], and returns %TRUE;
 *    returning %FALSE without answering declines the challenge.
 *
 * Each of the two answers a realm at most once per request, so a request
 * is never resent forever: when the user agent's credentials are refused,
 * the signal is emitted with `retrying` set; when the application's are
 * refused too, or nobody answers, the request fails with the 401 or 407
 * and %SIP_CAUSE_AUTHENTICATION_ERROR. A challenge that says the nonce
 * was stale is answered again with the same credentials, without asking.
 *
 * Only the Digest scheme is answered, with MD5 (as RFC 3261 requires),
 * SHA-256 (RFC 8760) or their "-sess" forms; when a realm offers several
 * algorithms, the first of these in the response is used, and the
 * application is asked once. User names may contain any character but control
 * characters (`:`, `"` and `\\` too: they are escaped in the header). The
 * password never reaches the SIP stack: it is hashed with the realm into
 * the digest's HA1 first, and neither it nor the HA1 is ever logged.
 */

struct _SipAuth
{
  GObject           parent_instance;

  SipAuthenticator *authenticator;   /* NULL once answered or abandoned */
  char             *scheme;
  char             *realm;           /* unquoted */
  char             *quoted_realm;    /* as the challenge gave it */
  char             *method;
  SipResponse      *response;
  gboolean          proxy;
  gboolean          retrying;
  gboolean          answered;
};

G_DEFINE_FINAL_TYPE (SipAuth, sip_auth, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SCHEME,
  PROP_REALM,
  PROP_PROXY,
  PROP_METHOD,
  PROP_RESPONSE,
  PROP_RETRYING,
  PROP_ANSWERED,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

/* Which source already answered a realm for the request under way. */
enum {
  TRIED_USER_AGENT = 1 << 0,
  TRIED_APPLICATION = 1 << 1,
};

struct _SipAuthenticator
{
  GObject            *owner;          /* not a reference: it owns us */
  guint               signal_id;
  SipAuthReplayFunc   replay;

  /* "event|quoted realm" -> TRIED_* flags, for the request under way */
  GHashTable         *tried;

  /* A challenge waiting for the application */
  nua_t              *nua;
  nua_handle_t       *nh;
  nua_saved_event_t   saved[1];
  gboolean            has_saved;      /* the challenge being answered */
  gboolean            emitting;
  GPtrArray          *pending;        /* SipAuth waiting for an answer */
  GPtrArray          *answers;        /* NUTAG_AUTH strings, wiped on free */
};

/**
 * sip_auth_check_username:
 * @username: a user name for digest authentication
 * @error: return location for a #GError
 *
 * Checks that @username can be sent in a digest `Authorization` header:
 * it must be valid UTF-8 without control characters. Any other character,
 * `:`, `"` and `\\` included, is sent escaped as the header requires.
 *
 * (Should the SIP stack not take libsipctx's digest implementation, which
 * cannot happen with the sofia-sip it was built against, `:`, `"` and
 * `\\` are refused too.)
 *
 * Returns: %TRUE if @username can be used
 */
gboolean
sip_auth_check_username (const char  *username,
                         GError     **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (username == NULL || *username == '\0' || !g_utf8_validate (username, -1, NULL))
    {
      g_set_error_literal (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT,
                           _("The user name is empty or not valid UTF-8"));
      return FALSE;
    }

  for (const char *p = username; *p; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      {
        g_set_error (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT,
                     _("The user name may not contain control characters "
                       "(found at position %d)"),
                     (int) (p - username));
        return FALSE;
      }
    else if ((*p == ':' || *p == '"' || *p == '\\') && !sip_digest_client_install ())
      {
        g_set_error (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT,
                     _("The user name may not contain control characters, "
                       "':', '\"' or '\\' (found at position %d)"),
                     (int) (p - username));
        return FALSE;
      }

  return TRUE;
}

gboolean
sip_auth_check_credentials (const char  *username,
                            const char  *password,
                            GError     **error)
{
  if (!sip_auth_check_username (username, error))
    return FALSE;
  if (password == NULL)
    {
      g_set_error_literal (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT,
                           _("No password given"));
      return FALSE;
    }

  return TRUE;
}

/* The credentials in the form NUTAG_AUTH() takes, with the password
 * already hashed: the hash has no ':', so any password fits. With our
 * digest client the user name is encoded (sip-digest.c); sofia-sip's own
 * takes "HA1+Digest:"realm":user:HA1+hex". */
static char *
make_answer (const char *scheme,
             const char *quoted_realm,
             const char *realm,
             const char *username,
             const char *password)
{
  auth_hexmd5_t ha1;
  char *answer;

  if (sip_digest_client_install ())
    return sip_digest_credentials (quoted_realm, realm, username, password);

  auth_digest_ha1 (ha1, username, realm, password);
  answer = g_strdup_printf ("HA1+%s:%s:%s:HA1+%s", scheme, quoted_realm, username, ha1);
  explicit_bzero (ha1, sizeof ha1);

  return answer;
}

static char *
tried_key (const SipEvent *ev,
           const char     *quoted_realm)
{
  return g_strdup_printf ("%d|%s", (int) ev->event, quoted_realm);
}

SipAuthenticator *
sip_authenticator_new (GObject           *owner,
                       guint              authenticate_signal,
                       SipAuthReplayFunc  replay)
{
  SipAuthenticator *self = g_new0 (SipAuthenticator, 1);

  self->owner = owner;
  self->signal_id = authenticate_signal;
  self->replay = replay;
  /* self->tried is made at the first challenge: most contexts never see
   * one, and a live call should not carry an empty hash table. */

  return self;
}

static void
clear_pending (SipAuthenticator *self)
{
  if (self->pending)
    {
      for (guint i = 0; i < self->pending->len; i++)
        {
          SipAuth *auth = g_ptr_array_index (self->pending, i);

          auth->authenticator = NULL;
        }
      g_clear_pointer (&self->pending, g_ptr_array_unref);
    }
  g_clear_pointer (&self->answers, g_ptr_array_unref);
  if (self->nh)
    {
      nua_handle_unref (self->nh);
      self->nh = NULL;
    }
}

static void
drop_saved (SipAuthenticator *self)
{
  if (self->has_saved)
    {
      nua_destroy_event (self->saved);
      self->has_saved = FALSE;
    }
}

/* Hands the saved challenge to the owner, which fails the request. */
static void
replay_saved (SipAuthenticator *self)
{
  nua_saved_event_t saved[1];
  const nua_event_data_t *data;
  GObject *owner = self->owner;

  if (!self->has_saved)
    return;

  *saved = *self->saved;
  self->has_saved = FALSE;
  data = nua_event_data (saved);

  {
    SipEvent ev = {
      data->e_event, data->e_status, data->e_phrase,
      self->nua, data->e_nh,
      sip_object (data->e_msg), (tagi_t *) data->e_tags,
    };

    g_object_ref (owner);
    self->replay (owner, &ev);
    g_object_unref (owner);
  }
  nua_destroy_event (saved);
}

/* The owner goes away or ends the request: nobody answers any more. */
void
sip_authenticator_abandon (SipAuthenticator *self)
{
  if (self)
    {
      clear_pending (self);
      drop_saved (self);
    }
}

void
sip_authenticator_free (SipAuthenticator *self)
{
  if (self == NULL)
    return;

  sip_authenticator_abandon (self);
  g_clear_pointer (&self->tried, g_hash_table_unref);
  g_free (self);
}

static void
send_answers (SipAuthenticator *self)
{
  g_autofree tagi_t *tags = g_new0 (tagi_t, self->answers->len + 1);

  for (guint i = 0; i < self->answers->len; i++)
    {
      tags[i].t_tag = nutag_auth;
      tags[i].t_value = (tag_value_t) g_ptr_array_index (self->answers, i);
    }
  tags[self->answers->len].t_tag = NULL;

  /* nua copies the tags before this returns. */
  nua_authenticate (self->nh, TAG_NEXT (tags));
}

/* Every pending challenge has an answer, or one was cancelled. */
static void
settle (SipAuthenticator *self,
        gboolean          cancelled)
{
  if (!cancelled)
    send_answers (self);
  clear_pending (self);
  /* A cancel from the handler: the challenge goes on to the owner as
   * handle_event returns. */
  if (cancelled && !self->emitting)
    replay_saved (self);
}

static void
auth_answered (SipAuth *auth,
               char    *answer,
               gboolean cancelled)
{
  SipAuthenticator *self = auth->authenticator;

  auth->authenticator = NULL;
  auth->answered = !cancelled;
  g_object_notify_by_pspec (G_OBJECT (auth), props[PROP_ANSWERED]);

  g_ptr_array_remove (self->pending, auth);
  if (answer)
    g_ptr_array_add (self->answers, answer);

  /* Answers given from the handler are sent once it has returned. */
  if (cancelled)
    settle (self, TRUE);
  else if (self->pending->len == 0 && !self->emitting)
    settle (self, FALSE);
}

static SipAuth *
auth_new (const char     *scheme,
          const char     *quoted_realm,
          gboolean        proxy,
          gboolean        retrying,
          const SipEvent *ev)
{
  SipAuth *auth = g_object_new (SIP_TYPE_AUTH, NULL);
  const sip_cseq_t *cseq = ev->sip ? ev->sip->sip_cseq : NULL;

  auth->scheme = g_strdup (scheme);
  auth->quoted_realm = g_strdup (quoted_realm);
  auth->realm = msg_unquote_dup (NULL, quoted_realm);
  auth->method = g_strdup (cseq ? cseq->cs_method_name : NULL);
  auth->proxy = proxy;
  auth->retrying = retrying;
  auth->response = sip_convert_response (ev->sip, ev->status, ev->phrase);

  return auth;
}

/* One challenge: answered from the user agent's store now, or left to the
 * application. FALSE: both sources already had their turn. */
static gboolean
take_challenge (SipAuthenticator *self,
                SipUserAgent     *user_agent,
                const SipEvent   *ev,
                const msg_auth_t *challenge,
                gboolean          proxy,
                GPtrArray        *to_ask)
{
  const char *quoted_realm = msg_header_find_param (challenge->au_common, "realm=");
  g_autofree char *key = NULL;
  g_autofree char *realm = NULL;
  const char *username;
  const char *password;
  guint tried;

  key = tried_key (ev, quoted_realm);
  if (self->tried == NULL)
    self->tried = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  tried = GPOINTER_TO_UINT (g_hash_table_lookup (self->tried, key));
  realm = msg_unquote_dup (NULL, quoted_realm);

  if (!(tried & TRIED_USER_AGENT) && user_agent &&
      sip_user_agent_lookup_credentials (user_agent, realm, &username, &password) &&
      sip_auth_check_username (username, NULL))
    {
      g_hash_table_insert (self->tried, g_steal_pointer (&key),
                           GUINT_TO_POINTER (tried | TRIED_USER_AGENT));
      g_debug ("Answering the %s challenge for realm %s with the user agent's credentials",
               challenge->au_scheme, realm);
      g_ptr_array_add (self->answers,
                       make_answer (challenge->au_scheme, quoted_realm, realm,
                                    username, password));
      return TRUE;
    }

  if (!(tried & TRIED_APPLICATION))
    {
      g_hash_table_insert (self->tried, g_steal_pointer (&key),
                           GUINT_TO_POINTER (tried | TRIED_APPLICATION));
      g_ptr_array_add (to_ask, auth_new (challenge->au_scheme, quoted_realm,
                                         proxy, tried != 0, ev));
      return TRUE;
    }

  g_debug ("The credentials for realm %s were refused; giving up", realm);
  return FALSE;
}

static gboolean
is_digest (const msg_auth_t *challenge)
{
  return challenge->au_scheme && g_ascii_strcasecmp (challenge->au_scheme, "Digest") == 0 &&
         msg_header_find_param (challenge->au_common, "realm=") != NULL;
}

/* One realm can offer several algorithms (RFC 8760), in a header each:
 * they take one answer. */
static gboolean
has_earlier_realm (const msg_auth_t *first,
                   const msg_auth_t *challenge)
{
  const char *realm = msg_header_find_param (challenge->au_common, "realm=");

  for (const msg_auth_t *c = first; c != challenge; c = c->au_next)
    if (is_digest (c) && g_strcmp0 (msg_header_find_param (c->au_common, "realm="), realm) == 0)
      return TRUE;

  return FALSE;
}

static gboolean
is_response (nua_event_t event)
{
  return event >= nua_r_register && event <= nua_r_method;
}

/* Forget what was tried once a request got its final answer. */
static void
forget_request (SipAuthenticator *self,
                const SipEvent   *ev)
{
  g_autofree char *prefix = NULL;
  GHashTableIter iter;
  const char *key;

  if (self->tried == NULL)
    return;
  prefix = g_strdup_printf ("%d|", (int) ev->event);
  g_hash_table_iter_init (&iter, self->tried);
  while (g_hash_table_iter_next (&iter, (gpointer *) &key, NULL))
    if (g_str_has_prefix (key, prefix))
      g_hash_table_iter_remove (&iter);
}

/* Called with every event of the owner's handle. TRUE: the event was a
 * challenge now being answered, and the owner must not see it (it will
 * see the response to the request sent again, or the challenge itself
 * through the replay function if nobody answers in the end). */
gboolean
sip_authenticator_handle_event (SipAuthenticator *self,
                                SipUserAgent     *user_agent,
                                const SipEvent   *ev)
{
  g_autoptr(GPtrArray) to_ask = NULL;
  const sip_t *sip = ev->sip;
  gboolean declined = FALSE;
  gboolean any = FALSE;

  if (!is_response (ev->event) || ev->status < 200 || self->pending != NULL)
    return FALSE;

  /* The final response to a request sent again with credentials. nua
   * refuses to send the same credentials twice (904): that is a refusal
   * of the challenge, which the owner gets. */
  if (self->has_saved)
    {
      if (sip_sofia_is_internal (sip) && (ev->status == 900 || ev->status == 904))
        {
          replay_saved (self);
          return TRUE;
        }
      drop_saved (self);
    }

  if ((ev->status != 401 && ev->status != 407) || sip_sofia_is_internal (sip))
    {
      forget_request (self, ev);
      return FALSE;
    }

  to_ask = g_ptr_array_new_with_free_func (g_object_unref);
  self->answers = g_ptr_array_new_with_free_func (sip_digest_wipe);

  for (int pass = 0; pass < 2 && !declined; pass++)
    {
      const msg_auth_t *first = pass == 0 ? sip->sip_www_authenticate
                                          : sip->sip_proxy_authenticate;

      for (const msg_auth_t *challenge = first; challenge && !declined;
           challenge = challenge->au_next)
        {
          if (!is_digest (challenge) || has_earlier_realm (first, challenge))
            continue;
          any = TRUE;
          declined = !take_challenge (self, user_agent, ev, challenge, pass == 1, to_ask);
        }
    }

  if (!any || declined)
    {
      g_clear_pointer (&self->answers, g_ptr_array_unref);
      if (declined)
        forget_request (self, ev);
      return FALSE;
    }

  self->nua = ev->nua;
  self->nh = nua_handle_ref (ev->nh);
  /* Kept until the response to the request sent again, or for the owner
   * if the challenge is refused. */
  self->has_saved = nua_save_event (ev->nua, self->saved) != 0;

  /* Ask the application, one challenge after the other. */
  self->pending = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < to_ask->len; i++)
    {
      SipAuth *auth = g_ptr_array_index (to_ask, i);

      auth->authenticator = self;
      g_ptr_array_add (self->pending, g_object_ref (auth));
    }

  g_object_ref (self->owner);
  self->emitting = TRUE;
  for (guint i = 0; i < to_ask->len && !declined; i++)
    {
      SipAuth *auth = g_ptr_array_index (to_ask, i);
      gboolean taken = FALSE;

      g_signal_emit (self->owner, self->signal_id, 0, auth, auth->retrying, &taken);
      /* Cancelled from the handler, the owner ended meanwhile, or
       * nobody took the challenge. */
      declined = self->pending == NULL || (!taken && auth->authenticator == self);
    }
  self->emitting = FALSE;
  g_object_unref (self->owner);

  if (declined)
    {
      /* The request fails with this challenge now. */
      clear_pending (self);
      drop_saved (self);
      forget_request (self, ev);
      return FALSE;
    }

  if (self->pending->len == 0)
    settle (self, FALSE);

  return TRUE;
}

guint
sip_auth_signal_new (GType owner_type,
                     guint class_offset)
{
  return g_signal_new ("authenticate", owner_type, G_SIGNAL_RUN_LAST,
                       class_offset, g_signal_accumulator_true_handled, NULL, NULL,
                       G_TYPE_BOOLEAN, 2, SIP_TYPE_AUTH, G_TYPE_BOOLEAN);
}

/* GObject */

static void
sip_auth_finalize (GObject *object)
{
  SipAuth *self = SIP_AUTH (object);

  g_free (self->scheme);
  g_free (self->realm);
  g_free (self->quoted_realm);
  g_free (self->method);
  g_clear_object (&self->response);

  G_OBJECT_CLASS (sip_auth_parent_class)->finalize (object);
}

static void
sip_auth_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  SipAuth *self = SIP_AUTH (object);

  switch (prop_id)
    {
    case PROP_SCHEME:
      g_value_set_string (value, self->scheme);
      break;
    case PROP_REALM:
      g_value_set_string (value, self->realm);
      break;
    case PROP_PROXY:
      g_value_set_boolean (value, self->proxy);
      break;
    case PROP_METHOD:
      g_value_set_string (value, self->method);
      break;
    case PROP_RESPONSE:
      g_value_set_object (value, self->response);
      break;
    case PROP_RETRYING:
      g_value_set_boolean (value, self->retrying);
      break;
    case PROP_ANSWERED:
      g_value_set_boolean (value, self->answered);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sip_auth_class_init (SipAuthClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sip_auth_finalize;
  object_class->get_property = sip_auth_get_property;

  /**
   * SipAuth:scheme:
   *
   * The authentication scheme of the challenge, `Digest`.
   */
  props[PROP_SCHEME] =
    g_param_spec_string ("scheme", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * SipAuth:realm:
   *
   * The realm of the challenge (unquoted): the protection domain the
   * credentials are for, usually the provider's domain.
   */
  props[PROP_REALM] =
    g_param_spec_string ("realm", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * SipAuth:proxy:
   *
   * Whether a proxy challenged the request (407, `Proxy-Authenticate`)
   * rather than its destination (401, `WWW-Authenticate`).
   */
  props[PROP_PROXY] =
    g_param_spec_boolean ("proxy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * SipAuth:method:
   *
   * The method of the challenged request, such as `REGISTER` or `BYE`.
   */
  props[PROP_METHOD] =
    g_param_spec_string ("method", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * SipAuth:response:
   *
   * The 401 or 407 response that carried the challenge.
   */
  props[PROP_RESPONSE] =
    g_param_spec_object ("response", NULL, NULL, SIP_TYPE_RESPONSE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * SipAuth:retrying:
   *
   * Whether the user agent's own credentials for this realm were just
   * refused: the application is asked for others.
   */
  props[PROP_RETRYING] =
    g_param_spec_boolean ("retrying", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * SipAuth:answered:
   *
   * Whether [method@Sip.Auth.authenticate] has answered the challenge.
   */
  props[PROP_ANSWERED] =
    g_param_spec_boolean ("answered", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS |
                          G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
sip_auth_init (SipAuth *self)
{
}

/**
 * sip_auth_get_scheme:
 * @self: a challenge
 *
 * Gets [property@Sip.Auth:scheme].
 *
 * Returns: the authentication scheme
 */
const char *
sip_auth_get_scheme (SipAuth *self)
{
  g_return_val_if_fail (SIP_IS_AUTH (self), NULL);

  return self->scheme;
}

/**
 * sip_auth_get_realm:
 * @self: a challenge
 *
 * Gets [property@Sip.Auth:realm].
 *
 * Returns: the realm
 */
const char *
sip_auth_get_realm (SipAuth *self)
{
  g_return_val_if_fail (SIP_IS_AUTH (self), NULL);

  return self->realm;
}

/**
 * sip_auth_is_for_proxy:
 * @self: a challenge
 *
 * Gets [property@Sip.Auth:proxy].
 *
 * Returns: %TRUE for a proxy's challenge (407)
 */
gboolean
sip_auth_is_for_proxy (SipAuth *self)
{
  g_return_val_if_fail (SIP_IS_AUTH (self), FALSE);

  return self->proxy;
}

/**
 * sip_auth_get_method:
 * @self: a challenge
 *
 * Gets [property@Sip.Auth:method].
 *
 * Returns: (nullable): the method of the challenged request
 */
const char *
sip_auth_get_method (SipAuth *self)
{
  g_return_val_if_fail (SIP_IS_AUTH (self), NULL);

  return self->method;
}

/**
 * sip_auth_get_response:
 * @self: a challenge
 *
 * Gets [property@Sip.Auth:response].
 *
 * Returns: (transfer none): the challenging response
 */
SipResponse *
sip_auth_get_response (SipAuth *self)
{
  g_return_val_if_fail (SIP_IS_AUTH (self), NULL);

  return self->response;
}

/**
 * sip_auth_is_retrying:
 * @self: a challenge
 *
 * Gets [property@Sip.Auth:retrying].
 *
 * Returns: %TRUE if the user agent's credentials were refused
 */
gboolean
sip_auth_is_retrying (SipAuth *self)
{
  g_return_val_if_fail (SIP_IS_AUTH (self), FALSE);

  return self->retrying;
}

/**
 * sip_auth_is_answered:
 * @self: a challenge
 *
 * Gets [property@Sip.Auth:answered].
 *
 * Returns: %TRUE once the challenge has been answered
 */
gboolean
sip_auth_is_answered (SipAuth *self)
{
  g_return_val_if_fail (SIP_IS_AUTH (self), FALSE);

  return self->answered;
}

/**
 * sip_auth_authenticate:
 * @self: a challenge
 * @username: the user name, see sip_auth_check_username()
 * @password: the password; any characters
 * @error: return location for a #GError
 *
 * Answers the challenge: the request is sent again with these
 * credentials. It may be called from the `authenticate` handler or any
 * time later, as long as the request still waits.
 *
 * The credentials are used for this request only; to keep them for later
 * requests, use [method@Sip.UserAgent.set_credentials].
 *
 * Returns: %TRUE if the request was sent again; %FALSE with
 *   %SIP_ERROR_INVALID_ARGUMENT for an unusable user name, or
 *   %SIP_ERROR_INVALID_STATE when the challenge was already answered or
 *   cancelled, or its request has ended.
 */
gboolean
sip_auth_authenticate (SipAuth     *self,
                       const char  *username,
                       const char  *password,
                       GError     **error)
{
  g_return_val_if_fail (SIP_IS_AUTH (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->authenticator == NULL)
    {
      g_set_error_literal (error, SIP_ERROR, SIP_ERROR_INVALID_STATE,
                           _("The challenge was already answered or cancelled, "
                             "or its request has ended"));
      return FALSE;
    }
  if (!sip_auth_check_credentials (username, password, error))
    return FALSE;

  g_object_ref (self);
  auth_answered (self, make_answer (self->scheme, self->quoted_realm, self->realm,
                                    username, password), FALSE);
  g_object_unref (self);

  return TRUE;
}

/**
 * sip_auth_cancel:
 * @self: a challenge
 *
 * Declines the challenge: the request fails with the 401 or 407 and
 * %SIP_CAUSE_AUTHENTICATION_ERROR. Does nothing if the challenge was
 * already answered or its request has ended.
 */
void
sip_auth_cancel (SipAuth *self)
{
  g_return_if_fail (SIP_IS_AUTH (self));

  if (self->authenticator == NULL)
    return;

  g_object_ref (self);
  auth_answered (self, NULL, TRUE);
  g_object_unref (self);
}
