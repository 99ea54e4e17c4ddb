/* sip-digest.c: the Digest client that sofia-sip's authenticator uses for
 * our requests
 *
 * sofia-sip answers 401 and 407 with a client per scheme and realm, made
 * by a plugin (auth_client_plugin.h). Its own Digest plugin cannot carry
 * every user name: the credentials given to NUTAG_AUTH() are split at ':',
 * and the user name is written into the quoted-string of the
 * Authorization header without escaping, so '"' and '\' break it
 * (RFC 3261 25.1: quoted-pair). It also fails the whole request when a
 * response offers an algorithm it does not know next to MD5 (RFC 8760).
 *
 * So we put our own Digest plugin in its place. It keeps sofia-sip's
 * contract (the credentials string, "HA1+" hashed passwords, stale nonces,
 * nextnonce, clearing), and adds one credentials scheme of our own, in
 * which the user name is percent-encoded: sip_digest_credentials() makes
 * it and the plugin decodes it. The hash and the header are computed here.
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

/* Our credentials scheme: "HA1+" hash, user name percent-encoded. Only
 * our plugin takes it; without it nothing would. */
#define ENCODED_SCHEME "HA1+Digest+pct"
#define HA1_PREFIX "HA1+"

typedef struct
{
  auth_client_t    client;        /* first: sofia-sip's part */
  auth_challenge_t challenge[1];  /* strings in client.ca_home */
  char            *cnonce;        /* in client.ca_home */
  guint32          count;         /* nc: requests sent with this nonce */
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

static void
wipe_free (char *s)
{
  if (s)
    {
      explicit_bzero (s, strlen (s));
      g_free (s);
    }
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

/* Returns 2 when credentials must be sent (again), 1 when the challenge
 * matched but changes nothing, -1 on error. */
static int
digest_challenge (auth_client_t    *ca,
                  msg_auth_t const *ch)
{
  DigestClient *self = (DigestClient *) ca;
  su_home_t *home = ca->ca_home;
  auth_challenge_t ac[1] = { { sizeof ac } };
  gboolean renewed;

  if (auth_digest_challenge_get (home, ac, ch->au_params) < 0)
    return -1;

  /* Another algorithm, offered next to MD5 (RFC 8760): not for us, and no
   * reason to give up on the one we can answer. */
  if ((!ac->ac_md5 && !ac->ac_md5sess) || ac->ac_nonce == NULL ||
      (ac->ac_qop && !ac->ac_auth && !ac->ac_auth_int))
    {
      auth_digest_challenge_free_params (home, ac);
      return 1;
    }

  renewed = ac->ac_stale || self->challenge->ac_nonce == NULL;
  if (self->challenge->ac_nonce == NULL ||
      strcmp (self->challenge->ac_nonce, ac->ac_nonce) != 0)
    self->count = 0;

  auth_digest_challenge_free_params (home, self->challenge);
  *self->challenge = *ac;

  su_free (home, self->cnonce);
  self->cnonce = make_cnonce (home);
  if (self->cnonce == NULL)
    return -1;

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
  const auth_challenge_t *ac = self->challenge;
  /* Both offered: "auth", which every server implements. */
  const char *qop = ac->ac_auth ? "auth" : ac->ac_auth_int ? "auth-int" : NULL;
  const char *algorithm = ac->ac_md5sess ? "MD5-sess" : "MD5";
  g_autofree char *ha1 = NULL;
  g_autofree char *ha2 = NULL;
  g_autofree char *response = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(GString) value = NULL;
  char nc[9];
  char *url_string;

  *return_header = NULL;
  if (ca->ca_user == NULL || ca->ca_pass == NULL || ca->ca_clear ||
      ac->ac_nonce == NULL || !su_casenmatch (ca->ca_pass, HA1_PREFIX, strlen (HA1_PREFIX)))
    return 0;

  url_string = url_as_string (home, url);
  if (url_string == NULL)
    return -1;
  uri = g_strdup (url_string);
  su_free (home, url_string);

  g_snprintf (nc, sizeof nc, "%08x", ++self->count);

  ha1 = g_strdup (ca->ca_pass + strlen (HA1_PREFIX));
  if (ac->ac_md5sess)
    {
      char *session = hash_hex (G_CHECKSUM_MD5, ha1, ac->ac_nonce, self->cnonce, NULL);

      wipe_free (g_steal_pointer (&ha1));
      ha1 = session;
    }

  if (g_strcmp0 (qop, "auth-int") == 0)
    {
      g_autofree char *body_hash =
        g_compute_checksum_for_data (G_CHECKSUM_MD5,
                                     body ? (const guchar *) body->pl_data : (const guchar *) "",
                                     body ? body->pl_len : 0);

      ha2 = hash_hex (G_CHECKSUM_MD5, method, uri, body_hash, NULL);
    }
  else
    ha2 = hash_hex (G_CHECKSUM_MD5, method, uri, NULL);

  if (qop)
    response = hash_hex (G_CHECKSUM_MD5, ha1, ac->ac_nonce, nc, self->cnonce, qop, ha2, NULL);
  else
    response = hash_hex (G_CHECKSUM_MD5, ha1, ac->ac_nonce, ha2, NULL);
  explicit_bzero (ha1, strlen (ha1));

  value = g_string_new ("Digest ");
  append_quoted (value, "username", ca->ca_user);
  append_quoted (value, "realm", ac->ac_realm ? ac->ac_realm : "");
  append_quoted (value, "nonce", ac->ac_nonce);
  append_quoted (value, "uri", uri);
  append_quoted (value, "response", response);
  g_string_append_printf (value, ", algorithm=%s", algorithm);
  if (qop || ac->ac_md5sess)
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
  char const *nextnonce = NULL;
  issize_t n;

  n = auth_get_params (ca->ca_home, info->ai_params, "nextnonce=", &nextnonce, NULL);
  if (n <= 0 || nextnonce == NULL)
    return n;

  su_free (ca->ca_home, (void *) self->challenge->ac_nonce);
  self->challenge->ac_nonce = nextnonce;
  self->count = 0;

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
      /* A password in clear: kept as its hash only. */
      char *unquoted_realm = msg_unquote_dup (NULL, ca->ca_realm);
      g_autofree char *ha1 = NULL;

      ha1 = hash_hex (G_CHECKSUM_MD5, user, unquoted_realm ? unquoted_realm : "", pass, NULL);
      su_free (NULL, unquoted_realm);
      pass = hashed = g_strconcat (HA1_PREFIX, ha1, NULL);
      explicit_bzero (ha1, strlen (ha1));
    }
  else
    return 0;

  result = auth_client_save_credentials (ca, NULL, NULL, user, pass);
  wipe_free (hashed);

  return result;
}

static int
digest_copy_credentials (auth_client_t       *dst,
                         auth_client_t const *src)
{
  return auth_client_copy_credentials (dst, src);
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
  .auc_copy_credentials = digest_copy_credentials,
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
                        const char *username,
                        const char *ha1)
{
  g_autofree char *encoded = g_uri_escape_string (username, NULL, TRUE);

  return g_strdup_printf (ENCODED_SCHEME ":%s:%s:" HA1_PREFIX "%s", quoted_realm, encoded, ha1);
}
