/* sip-name-addr.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sip-name-addr.h"
#include "sip-convert-private.h"
#include "sip-message-private.h"
#include "sip-i18n-private.h"

#include <string.h>

/**
 * SipNameAddr:
 *
 * An address as it appears in From, To and Contact: an optional display
 * name, a SIP URI and, inside a dialog, a tag.
 *
 * A `SipNameAddr` is immutable. [property@Sip.Context:local-identity] and
 * [property@Sip.Context:remote-identity] are name-addrs, and so are the From
 * and To of every [class@Sip.Message].
 */

struct _SipNameAddr
{
  GObject parent_instance;

  char *display_name;
  char *uri;
  char *user;
  char *host;
  char *tag;
  char *block;   /* if set, holds all of the above */
};

G_DEFINE_FINAL_TYPE (SipNameAddr, sip_name_addr, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DISPLAY_NAME,
  PROP_URI,
  PROP_USER,
  PROP_HOST,
  PROP_TAG,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static void
sip_name_addr_finalize (GObject *object)
{
  SipNameAddr *self = SIP_NAME_ADDR (object);

  if (self->block != NULL)
    g_free (self->block);
  else
    {
      g_free (self->display_name);
      g_free (self->uri);
      g_free (self->user);
      g_free (self->host);
      g_free (self->tag);
    }

  G_OBJECT_CLASS (sip_name_addr_parent_class)->finalize (object);
}

static void
sip_name_addr_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SipNameAddr *self = SIP_NAME_ADDR (object);

  switch (prop_id)
    {
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;
    case PROP_URI:
      g_value_set_string (value, self->uri);
      break;
    case PROP_USER:
      g_value_set_string (value, self->user);
      break;
    case PROP_HOST:
      g_value_set_string (value, self->host);
      break;
    case PROP_TAG:
      g_value_set_string (value, self->tag);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sip_name_addr_class_init (SipNameAddrClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sip_name_addr_finalize;
  object_class->get_property = sip_name_addr_get_property;

  /**
   * SipNameAddr:display-name:
   *
   * The display name, without quotes, or %NULL.
   */
  props[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * SipNameAddr:uri:
   *
   * The URI, such as `sip:alice@example.org`.
   */
  props[PROP_URI] =
    g_param_spec_string ("uri", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * SipNameAddr:user:
   *
   * The user part of the URI, or %NULL.
   */
  props[PROP_USER] =
    g_param_spec_string ("user", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * SipNameAddr:host:
   *
   * The host part of the URI (with the port, if any), or %NULL.
   */
  props[PROP_HOST] =
    g_param_spec_string ("host", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * SipNameAddr:tag:
   *
   * The `tag` parameter, which identifies one side of a dialog, or %NULL.
   */
  props[PROP_TAG] =
    g_param_spec_string ("tag", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
sip_name_addr_init (SipNameAddr *self)
{
}

/* Takes every string; USER and HOST (with the port) as in the URI. */
static SipNameAddr *
sip_name_addr_new_take_parts (char *display_name,
                              char *uri,
                              char *tag,
                              char *user,
                              char *host)
{
  SipNameAddr *self = g_object_new (SIP_TYPE_NAME_ADDR, NULL);

  self->display_name = display_name;
  self->uri = uri;
  self->tag = tag;
  self->user = user;
  self->host = host;

  return self;
}

/* The parts (a NULL text for none) copied into one block: a From or To of every request received is one
 * allocation, not five. */
SipNameAddr *
sip_name_addr_new_copy_parts (const SipNameAddrPart parts[SIP_NAME_ADDR_N_PARTS])
{
  SipNameAddr *self = g_object_new (SIP_TYPE_NAME_ADDR, NULL);
  char **fields[SIP_NAME_ADDR_N_PARTS] = {
    [SIP_NAME_ADDR_PART_DISPLAY] = &self->display_name,
    [SIP_NAME_ADDR_PART_URI] = &self->uri,
    [SIP_NAME_ADDR_PART_TAG] = &self->tag,
    [SIP_NAME_ADDR_PART_USER] = &self->user,
    [SIP_NAME_ADDR_PART_HOST] = &self->host,
  };
  gsize size = 0;
  char *p;

  for (guint i = 0; i < SIP_NAME_ADDR_N_PARTS; i++)
    if (parts[i].text != NULL)
      size += parts[i].len + 1;

  p = self->block = g_malloc (size);
  for (guint i = 0; i < SIP_NAME_ADDR_N_PARTS; i++)
    {
      if (parts[i].text == NULL)
        continue;
      *fields[i] = p;
      memcpy (p, parts[i].text, parts[i].len);
      p += parts[i].len;
      *p++ = '\0';
    }

  return self;
}

static SipNameAddr *
name_addr_new_take (char *display_name,
                    char *uri,
                    char *tag)
{
  char *user, *host;

  sip_convert_uri_parts (uri, &user, &host);
  return sip_name_addr_new_take_parts (display_name, uri, tag, user, host);
}

/**
 * sip_name_addr_new:
 * @display_name: (nullable): the display name, or %NULL
 * @uri: a SIP or SIPS URI
 * @error: return location for an error
 *
 * Creates a name-addr from a display name and a URI. A malformed URI fails
 * with %SIP_ERROR_INVALID_ARGUMENT.
 *
 * Returns: (transfer full): a new name-addr, or %NULL on error
 */
SipNameAddr *
sip_name_addr_new (const char  *display_name,
                   const char  *uri,
                   GError     **error)
{
  g_return_val_if_fail (uri != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!sip_convert_check_uri (uri, error))
    return NULL;

  if (display_name && strpbrk (display_name, "\r\n"))
    {
      g_set_error (error, SIP_ERROR, SIP_ERROR_INVALID_ARGUMENT,
                   _("Display name contains a line break"));
      return NULL;
    }

  return name_addr_new_take (g_strdup (display_name), g_strdup (uri), NULL);
}

/**
 * sip_name_addr_parse:
 * @text: a name-addr such as `"Alice" <sip:alice@example.org>;tag=1234`
 * @error: return location for an error
 *
 * Parses the value of a From, To or Contact header.
 *
 * Returns: (transfer full): a new name-addr, or %NULL if @text is malformed
 */
SipNameAddr *
sip_name_addr_parse (const char  *text,
                     GError     **error)
{
  char *display_name = NULL, *uri = NULL, *tag = NULL;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!sip_convert_parse_name_addr (text, &display_name, &uri, &tag, error))
    return NULL;

  return name_addr_new_take (display_name, uri, tag);
}

/* For the conversion module: no checks, the stack parsed it already. */
SipNameAddr *
sip_name_addr_new_internal (const char *display_name,
                            const char *uri,
                            const char *tag)
{
  return name_addr_new_take (g_strdup (display_name), g_strdup (uri),
                             g_strdup (tag));
}

/**
 * sip_name_addr_get_display_name:
 * @self: a name-addr
 *
 * Gets [property@Sip.NameAddr:display-name].
 *
 * Returns: (nullable): the display name
 */
const char *
sip_name_addr_get_display_name (SipNameAddr *self)
{
  g_return_val_if_fail (SIP_IS_NAME_ADDR (self), NULL);
  return self->display_name;
}

/**
 * sip_name_addr_get_uri:
 * @self: a name-addr
 *
 * Gets [property@Sip.NameAddr:uri].
 *
 * Returns: the URI
 */
const char *
sip_name_addr_get_uri (SipNameAddr *self)
{
  g_return_val_if_fail (SIP_IS_NAME_ADDR (self), NULL);
  return self->uri;
}

/**
 * sip_name_addr_get_user:
 * @self: a name-addr
 *
 * Gets [property@Sip.NameAddr:user].
 *
 * Returns: (nullable): the user part of the URI
 */
const char *
sip_name_addr_get_user (SipNameAddr *self)
{
  g_return_val_if_fail (SIP_IS_NAME_ADDR (self), NULL);
  return self->user;
}

/**
 * sip_name_addr_get_host:
 * @self: a name-addr
 *
 * Gets [property@Sip.NameAddr:host].
 *
 * Returns: (nullable): the host part of the URI
 */
const char *
sip_name_addr_get_host (SipNameAddr *self)
{
  g_return_val_if_fail (SIP_IS_NAME_ADDR (self), NULL);
  return self->host;
}

/**
 * sip_name_addr_get_tag:
 * @self: a name-addr
 *
 * Gets [property@Sip.NameAddr:tag].
 *
 * Returns: (nullable): the tag
 */
const char *
sip_name_addr_get_tag (SipNameAddr *self)
{
  g_return_val_if_fail (SIP_IS_NAME_ADDR (self), NULL);
  return self->tag;
}

/**
 * sip_name_addr_to_string:
 * @self: a name-addr
 *
 * Formats the name-addr as it would appear in a header, quoting the display
 * name where needed.
 *
 * Returns: (transfer full): the formatted name-addr
 */
char *
sip_name_addr_to_string (SipNameAddr *self)
{
  g_autofree char *base = NULL;

  g_return_val_if_fail (SIP_IS_NAME_ADDR (self), NULL);

  base = sip_convert_name_addr_string (self->display_name, self->uri);
  if (self->tag)
    return g_strdup_printf ("%s;tag=%s", base, self->tag);

  return g_steal_pointer (&base);
}

/**
 * sip_name_addr_equal_uri:
 * @self: a name-addr
 * @other: another name-addr
 *
 * Compares the URIs of two name-addrs, ignoring display names and tags.
 * The scheme and host are compared without regard to case.
 *
 * Returns: %TRUE if both name the same URI
 */
gboolean
sip_name_addr_equal_uri (SipNameAddr *self,
                         SipNameAddr *other)
{
  g_return_val_if_fail (SIP_IS_NAME_ADDR (self), FALSE);
  g_return_val_if_fail (SIP_IS_NAME_ADDR (other), FALSE);

  return g_strcmp0 (self->user, other->user) == 0 &&
         g_ascii_strcasecmp (self->host ? self->host : "",
                             other->host ? other->host : "") == 0 &&
         g_ascii_strncasecmp (self->uri, other->uri, 4) == 0;
}
