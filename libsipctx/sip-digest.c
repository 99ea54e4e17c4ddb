/* sip-digest.c: the Digest client that sofia-sip's authenticator uses for
 * our requests
 *
 * sofia-sip answers 401 and 407 with a client per scheme and realm, made
 * by a plugin (auth_client_plugin.h). Its own Digest plugin cannot carry
 * every user name: the credentials given to NUTAG_AUTH() are split at ':',
 * and the user name is written into the quoted-string of the
 * Authorization header without escaping, so '"' and '\' break it
 * (RFC 3261 25.1: quoted-pair). It knows MD5 only, and fails the whole
 * request when a response offers another algorithm next to MD5 (RFC 8760).
 *
 * So we put our own Digest plugin in its place, for the whole process
 * (sofia-sip's plugin table is global). It keeps sofia-sip's contract (the
 * credentials string, "HA1+" hashed passwords, stale nonces, nextnonce,
 * clearing), so other users of sofia-sip in the process see no change
 * but the fixes, and adds one credentials scheme of our own, in which the
 * user name is percent-encoded and the password hashed with MD5 and
 * SHA-256: sip_digest_credentials() makes it and the plugin decodes it.
 * The hashes and the header are computed here, with GChecksum.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sip-digest-private.h"

#include <string.h>
#include <unistd.h>

#define SOFIA_EXTEND_AUTH_CLIENT 1
#include <sofia-sip/su_string.h>
#include <sofia-sip/msg_header.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/auth_client.h>
#include <sofia-sip/auth_client_plugin.h>
#include <sofia-sip/auth_common.h>
#include <sofia-sip/auth_digest.h>

/* Our credentials scheme: the user name percent-encoded, the password as
 * "HA1+" and the hex MD5 hash of "user:realm:password", then "+" and its
 * SHA-256 hash. Only our plugin takes it; without it nothing would. */
#define ENCODED_SCHEME "HA1+Digest+pct"
#define HA1_PREFIX "HA1+"

typedef enum
{
  HASH_MD5,
  HASH_SHA256,
  N_HASHES
} Hash;

static const struct
{
  const char    *name;
  GChecksumType  type;
} hashes[N_HASHES] = {
  [HASH_MD5] = { "MD5", G_CHECKSUM_MD5 },
  [HASH_SHA256] = { "SHA-256", G_CHECKSUM_SHA256 },
};

/* A challenge for one hash; its strings are in the client's home. */
typedef struct
{
  auth_challenge_t params[1];   /* ac_nonce NULL: not offered */
  gboolean         session;     /* "-sess" */
  guint32          count;       /* nc: requests sent with this nonce */
} Offer;

typedef struct
{
  auth_client_t  client;        /* first: sofia-sip's part */
  Offer          offers[N_HASHES];
  Hash           first;         /* listed first in the last response */
  Hash           used;          /* by the last request */
  char          *cnonce;

  /* The challenges after the one taken in the last response, each with
   * its nonce: the pointers are only compared, never followed. */
  const void   **later;
  char         **later_nonces;
  gsize          n_later;
} DigestClient;

static char *
hash_hex (GChecksumType type,
          const char   *first,
          ...)
{
  GChecksum *checksum = g_checksum_new (type);
  const char *part = first;
  char *hex;
  va_list ap;

  va_start (ap, first);
  for (gboolean colon = FALSE; part != NULL; part = va_arg (ap, const char *), colon = TRUE)
    {
      if (colon)
        g_checksum_update (checksum, (const guchar *) ":", 1);
      g_checksum_update (checksum, (const guchar *) part, strlen (part));
    }
  va_end (ap);

  hex = g_strdup (g_checksum_get_string (checksum));
  g_checksum_free (checksum);

  return hex;
}

void
sip_digest_wipe (gpointer secret)
{
  char *s = secret;

  if (s)
    {
      explicit_bzero (s, strlen (s));
      g_free (s);
    }
}

/* "HA1+" MD5 "+" SHA-256, each of "user:realm:password". */
static char *
make_password (const char *username,
               const char *realm,
               const char *password)
{
  char *md5 = hash_hex (G_CHECKSUM_MD5, username, realm, password, NULL);
  char *sha256 = hash_hex (G_CHECKSUM_SHA256, username, realm, password, NULL);
  char *hashed = g_strconcat (HA1_PREFIX, md5, "+", sha256, NULL);

  sip_digest_wipe (md5);
  sip_digest_wipe (sha256);

  return hashed;
}

/* The HA1 for @hash in a stored password, or NULL. A "HA1+Digest"
 * password from elsewhere has the MD5 one only. */
static char *
password_ha1 (const char *pass,
              Hash        hash)
{
  const char *p = pass + strlen (HA1_PREFIX);

  for (Hash i = 0; i < hash; i++)
    {
      p = strchr (p, '+');
      if (p == NULL)
        return NULL;
      p++;
    }

  return g_strndup (p, strcspn (p, "+"));
}

/* A cnonce: 16 bytes from the system's random source, in hex. */
static char *
make_cnonce (su_home_t *home)
{
  guint8 bytes[16];
  char *hex = su_alloc (home, 2 * sizeof bytes + 1);

  if (hex == NULL)
    return NULL;
  if (getentropy (bytes, sizeof bytes) != 0)
    for (gsize i = 0; i < sizeof bytes; i++)
      bytes[i] = (guint8) g_random_int ();
  for (gsize i = 0; i < sizeof bytes; i++)
    g_snprintf (hex + 2 * i, 3, "%02x", bytes[i]);

  return hex;
}

/* name="value", with '"' and '\' escaped (RFC 3261 25.1), after a comma
 * unless it is the first parameter after the scheme. */
static void
append_quoted (GString    *s,
               const char *name,
               const char *value)
{
  g_string_append_printf (s, "%s%s=\"", s->str[s->len - 1] == ' ' ? "" : ", ", name);
  for (const char *p = value; *p; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (s, '\\');
      g_string_append_c (s, *p);
    }
  g_string_append_c (s, '"');
}

/* Which hash a challenge asks for; FALSE if none we can answer. */
static gboolean
parse_algorithm (const auth_challenge_t *ac,
                 Hash                   *hash,
                 gboolean               *session)
{
  const char *algorithm = ac->ac_algorithm ? ac->ac_algorithm : "MD5";

  if (ac->ac_nonce == NULL || (ac->ac_qop && !ac->ac_auth && !ac->ac_auth_int))
    return FALSE;

  for (Hash h = 0; h < N_HASHES; h++)
    {
      gsize len = strlen (hashes[h].name);

      if (g_ascii_strncasecmp (algorithm, hashes[h].name, len) == 0 &&
          (algorithm[len] == '\0' || g_ascii_strcasecmp (algorithm + len, "-sess") == 0))
        {
          *hash = h;
          *session = algorithm[len] != '\0';
          return TRUE;
        }
    }

  return FALSE;
}

static void
clear_offers (DigestClient *self)
{
  su_home_t *home = self->client.ca_home;

  for (Hash h = 0; h < N_HASHES; h++)
    {
      auth_digest_challenge_free_params (home, self->offers[h].params);
      memset (&self->offers[h], 0, sizeof self->offers[h]);
    }
  for (gsize i = 0; i < self->n_later; i++)
    su_free (home, self->later_nonces[i]);
  su_free (home, self->later);
  su_free (home, self->later_nonces);
  self->later = NULL;
  self->later_nonces = NULL;
  self->n_later = 0;
}

/* Whether @ch came after the challenge taken in the same response. */
static gboolean
is_later (DigestClient     *self,
          msg_auth_t const *ch,
          const char       *nonce)
{
  for (gsize i = 0; i < self->n_later; i++)
    if (self->later[i] == (const void *) ch && g_strcmp0 (self->later_nonces[i], nonce) == 0)
      return TRUE;

  return FALSE;
}

static gboolean
remember_later (DigestClient     *self,
                msg_auth_t const *ch)
{
  su_home_t *home = self->client.ca_home;
  gsize n = 0;

  for (msg_auth_t const *c = ch->au_next; c; c = c->au_next)
    n++;
  if (n == 0)
    return TRUE;

  self->later = su_zalloc (home, n * sizeof *self->later);
  self->later_nonces = su_zalloc (home, n * sizeof *self->later_nonces);
  if (self->later == NULL || self->later_nonces == NULL)
    return FALSE;
  for (msg_auth_t const *c = ch->au_next; c; c = c->au_next, self->n_later++)
    {
      self->later[self->n_later] = c;
      auth_get_params (home, c->au_params, "nonce=", &self->later_nonces[self->n_later], NULL);
    }

  return TRUE;
}

/* Sofia-sip hands each challenge of a response over in turn. The first
 * we can answer in a response replaces what the last one offered, and is
 * used (RFC 8760 2.4: the server lists its preferred algorithm first); a
 * later one of the same response adds a fallback for another hash, for
 * a password given as a hash that has not this one.
 *
 * Returns 2 when credentials must be sent (again), 1 when the challenge
 * matched but changes nothing, -1 on error. */
static int
digest_challenge (auth_client_t    *ca,
                  msg_auth_t const *ch)
{
  DigestClient *self = (DigestClient *) ca;
  su_home_t *home = ca->ca_home;
  auth_challenge_t ac[1] = { { sizeof ac } };
  gboolean session = FALSE;
  gboolean renewed = FALSE;
  Hash hash = HASH_MD5;
  Offer *offer;

  if (auth_digest_challenge_get (home, ac, ch->au_params) < 0)
    return -1;

  if (!parse_algorithm (ac, &hash, &session))
    {
      auth_digest_challenge_free_params (home, ac);
      return 1;
    }

  if (is_later (self, ch, ac->ac_nonce))
    {
      if (self->offers[hash].params->ac_nonce != NULL)
        {
          auth_digest_challenge_free_params (home, ac);
          return 1;
        }
    }
  else
    {
      gboolean had_nonce = FALSE;

      for (Hash h = 0; h < N_HASHES; h++)
        had_nonce |= self->offers[h].params->ac_nonce != NULL;
      renewed = ac->ac_stale || !had_nonce;

      clear_offers (self);
      self->first = hash;
      su_free (home, self->cnonce);
      self->cnonce = make_cnonce (home);
      if (self->cnonce == NULL || !remember_later (self, ch))
        {
          auth_digest_challenge_free_params (home, ac);
          return -1;
        }
    }

  offer = &self->offers[hash];
  *offer->params = *ac;
  offer->session = session;
  offer->count = 0;

  return renewed ? 2 : 1;
}

static int
digest_authorize (auth_client_t         *ca,
                  su_home_t             *home,
                  char const            *method,
                  url_t const           *url,
                  msg_payload_t const   *body,
                  msg_header_t         **return_header)
{
  DigestClient *self = (DigestClient *) ca;
  const Offer *offer = NULL;
  const auth_challenge_t *ac;
  GChecksumType type;
  const char *qop;
  g_autofree char *ha1 = NULL;
  g_autofree char *ha2 = NULL;
  g_autofree char *response = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(GString) value = NULL;
  char nc[9];
  char *url_string;

  *return_header = NULL;
  if (ca->ca_user == NULL || ca->ca_pass == NULL || ca->ca_clear ||
      !su_casenmatch (ca->ca_pass, HA1_PREFIX, strlen (HA1_PREFIX)))
    return 0;

  /* The first hash offered, or another offered that the password has. */
  for (int i = -1; i < N_HASHES && offer == NULL; i++)
    {
      Hash h = i < 0 ? self->first : (Hash) i;

      if (self->offers[h].params->ac_nonce != NULL &&
          (ha1 = password_ha1 (ca->ca_pass, h)) != NULL)
        {
          offer = &self->offers[h];
          self->used = h;
        }
    }
  if (offer == NULL)
    return 0;

  ac = offer->params;
  type = hashes[self->used].type;
  /* Both offered: "auth", which every server implements. */
  qop = ac->ac_auth ? "auth" : ac->ac_auth_int ? "auth-int" : NULL;

  url_string = url_as_string (home, url);
  if (url_string == NULL)
    return -1;
  uri = g_strdup (url_string);
  su_free (home, url_string);

  g_snprintf (nc, sizeof nc, "%08x", ++self->offers[self->used].count);

  if (offer->session)
    {
      char *session = hash_hex (type, ha1, ac->ac_nonce, self->cnonce, NULL);

      sip_digest_wipe (g_steal_pointer (&ha1));
      ha1 = session;
    }

  if (g_strcmp0 (qop, "auth-int") == 0)
    {
      GChecksum *checksum = g_checksum_new (type);
      g_autofree char *body_hash = NULL;

      if (body)
        g_checksum_update (checksum, (const guchar *) body->pl_data, body->pl_len);
      body_hash = g_strdup (g_checksum_get_string (checksum));
      g_checksum_free (checksum);
      ha2 = hash_hex (type, method, uri, body_hash, NULL);
    }
  else
    ha2 = hash_hex (type, method, uri, NULL);

  if (qop)
    response = hash_hex (type, ha1, ac->ac_nonce, nc, self->cnonce, qop, ha2, NULL);
  else
    response = hash_hex (type, ha1, ac->ac_nonce, ha2, NULL);
  explicit_bzero (ha1, strlen (ha1));

  value = g_string_new ("Digest ");
  append_quoted (value, "username", ca->ca_user);
  append_quoted (value, "realm", ac->ac_realm ? ac->ac_realm : "");
  append_quoted (value, "nonce", ac->ac_nonce);
  append_quoted (value, "uri", uri);
  append_quoted (value, "response", response);
  g_string_append_printf (value, ", algorithm=%s%s", hashes[self->used].name,
                          offer->session ? "-sess" : "");
  if (qop || offer->session)
    append_quoted (value, "cnonce", self->cnonce);
  if (ac->ac_opaque)
    append_quoted (value, "opaque", ac->ac_opaque);
  if (qop)
    g_string_append_printf (value, ", qop=%s, nc=%s", qop, nc);

  *return_header = msg_header_make (home, ca->ca_credential_class, value->str);

  return *return_header ? 0 : -1;
}

static int
digest_info (auth_client_t         *ca,
             msg_auth_info_t const *info)
{
  DigestClient *self = (DigestClient *) ca;
  Offer *offer = &self->offers[self->used];
  char const *nextnonce = NULL;
  issize_t n;

  if (offer->params->ac_nonce == NULL)
    return 0;
  n = auth_get_params (ca->ca_home, info->ai_params, "nextnonce=", &nextnonce, NULL);
  if (n <= 0 || nextnonce == NULL)
    return n;

  su_free (ca->ca_home, (void *) offer->params->ac_nonce);
  offer->params->ac_nonce = nextnonce;
  offer->count = 0;

  return 1;
}

static int
digest_clear (auth_client_t *ca)
{
  ca->ca_clear = 1;
  return 1;
}

static int
digest_save_credentials (auth_client_t *ca,
                         char const    *scheme,
                         char const    *realm,
                         char const    *user,
                         char const    *pass)
{
  g_autofree char *decoded = NULL;
  char *hashed = NULL;
  int result;

  if (realm != NULL && !su_strmatch (realm, ca->ca_realm))
    return 0;
  if (user == NULL || pass == NULL)
    return 0;

  if (su_casematch (scheme, ENCODED_SCHEME) && su_casenmatch (pass, HA1_PREFIX, strlen (HA1_PREFIX)))
    {
      /* No '\0' in a user name. */
      decoded = g_uri_unescape_string (user, "");
      if (decoded == NULL)
        return 0;
      user = decoded;
    }
  else if (su_casematch (scheme, "HA1+Digest") && su_casenmatch (pass, HA1_PREFIX, strlen (HA1_PREFIX)))
    ;
  else if (scheme == NULL || su_casematch (scheme, "Digest"))
    {
      /* A password in clear: kept as its hashes only. */
      char *unquoted_realm = msg_unquote_dup (NULL, ca->ca_realm);

      pass = hashed = make_password (user, unquoted_realm ? unquoted_realm : "", pass);
      su_free (NULL, unquoted_realm);
    }
  else
    return 0;

  result = auth_client_save_credentials (ca, NULL, NULL, user, pass);
  sip_digest_wipe (hashed);

  return result;
}

static const auth_client_plugin_t digest_plugin = {
  .auc_plugin_size = sizeof digest_plugin,
  .auc_size = sizeof (DigestClient),
  .auc_name = "Digest",
  .auc_challenge = digest_challenge,
  .auc_authorize = digest_authorize,
  .auc_info = digest_info,
  .auc_clear = digest_clear,
  .auc_save_credentials = digest_save_credentials,
  /* NULL: sofia-sip's auth_client_copy_credentials() */
};

/* A scheme nobody uses; see install(). */
static int
placeholder_authorize (auth_client_t         *ca,
                       su_home_t             *home,
                       char const            *method,
                       url_t const           *url,
                       msg_payload_t const   *body,
                       msg_header_t         **return_header)
{
  *return_header = NULL;
  return 0;
}

static const auth_client_plugin_t placeholder_plugin = {
  .auc_plugin_size = sizeof placeholder_plugin,
  .auc_size = sizeof (auth_client_t),
  .auc_name = "X-Sipctx-Unused",
  .auc_authorize = placeholder_authorize,
};

/* Whether a Digest challenge now gets a client of ours. */
static gboolean
digest_is_ours (void)
{
  su_home_t *home = su_home_new (sizeof (su_home_t));
  auth_client_t *clients = NULL;
  msg_header_t *challenge;
  gboolean ours = FALSE;

  challenge = msg_header_make (home, sip_www_authenticate_class,
                               "Digest realm=\"sipctx\", nonce=\"0\"");
  if (challenge && auc_challenge (&clients, home, (msg_auth_t *) challenge,
                                  sip_authorization_class) >= 0)
    ours = clients != NULL && clients->ca_auc == &digest_plugin;
  su_home_unref (home);

  return ours;
}

static gboolean
install (void)
{
  /* auc_register_plugin() is meant to replace the plugin of the same
   * name, but in sofia-sip 1.12.11 it replaces the first plugin of
   * another name. Registering a placeholder first puts ours first either
   * way: the placeholder takes the place of sofia-sip's Digest, and ours
   * then takes its place; or, registration fixed, the placeholder is
   * added at the end and ours replaces Digest. */
  if (auc_register_plugin (&placeholder_plugin) < 0 ||
      auc_register_plugin (&digest_plugin) < 0)
    return FALSE;

  if (!digest_is_ours ())
    {
      g_debug ("sofia-sip did not take our Digest client; user names with "
               "':', '\"' or '\\' cannot be used");
      return FALSE;
    }

  return TRUE;
}

gboolean
sip_digest_client_install (void)
{
  static gsize done = 0;
  static gboolean installed = FALSE;

  if (g_once_init_enter (&done))
    {
      installed = install ();
      g_once_init_leave (&done, 1);
    }

  return installed;
}

char *
sip_digest_credentials (const char *quoted_realm,
                        const char *realm,
                        const char *username,
                        const char *password)
{
  g_autofree char *encoded = g_uri_escape_string (username, NULL, TRUE);
  char *hashed = make_password (username, realm, password);
  char *credentials = g_strdup_printf (ENCODED_SCHEME ":%s:%s:%s", quoted_realm, encoded, hashed);

  sip_digest_wipe (hashed);

  return credentials;
}
