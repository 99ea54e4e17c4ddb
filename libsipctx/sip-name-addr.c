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
 * A `SipNameAddr` is an immutable value with a reference count, like
 * [struct@GLib.Uri]: [method@Sip.NameAddr.ref] and
 * [method@Sip.NameAddr.unref] keep and release it, and it is safe to
 * share between threads. [property@Sip.Context:local-identity] and
 * [property@Sip.Context:remote-identity] are name-addrs, and so are the
 * From and To of every [class@Sip.Message].
 *
 * It is a boxed type rather than a `GObject` because every request
 * received has two: making one is a single allocation, with its text in
 * the same block.
 */

struct _SipNameAddr
{
  const char *display_name;
  const char *uri;
  const char *user;
  const char *host;
  const char *tag;
  /* the text of the parts follows, in the same allocation */
};

G_DEFINE_BOXED_TYPE (SipNameAddr, sip_name_addr, sip_name_addr_ref, sip_name_addr_unref)

/* The parts (a NULL text for none) copied, with the structure, into one
 * block. */
SipNameAddr *
sip_name_addr_new_copy_parts (const SipNameAddrPart parts[SIP_NAME_ADDR_N_PARTS])
{
  SipNameAddr *self;
  const char **fields[SIP_NAME_ADDR_N_PARTS];
  gsize size = sizeof (SipNameAddr);
  char *p;

  for (guint i = 0; i < SIP_NAME_ADDR_N_PARTS; i++)
    if (parts[i].text != NULL)
      size += parts[i].len + 1;

  self = g_atomic_rc_box_alloc (size);
  fields[SIP_NAME_ADDR_PART_DISPLAY] = &self->display_name;
  fields[SIP_NAME_ADDR_PART_URI] = &self->uri;
  fields[SIP_NAME_ADDR_PART_TAG] = &self->tag;
  fields[SIP_NAME_ADDR_PART_USER] = &self->user;
  fields[SIP_NAME_ADDR_PART_HOST] = &self->host;

  p = (char *) (self + 1);
  for (guint i = 0; i < SIP_NAME_ADDR_N_PARTS; i++)
    {
      if (parts[i].text == NULL)
        {
          *fields[i] = NULL;
          continue;
        }
      *fields[i] = p;
      memcpy (p, parts[i].text, parts[i].len);
      p += parts[i].len;
      *p++ = '\0';
    }

  return self;
}

/* USER and HOST (with the port) are read from the URI. */
static SipNameAddr *
name_addr_new_from (const char *display_name,
                    const char *uri,
                    const char *tag)
{
  SipNameAddrPart parts[SIP_NAME_ADDR_N_PARTS];
  g_autofree char *user = NULL;
  g_autofree char *host = NULL;

  sip_convert_uri_parts (uri, &user, &host);
  sip_name_addr_part_set (&parts[SIP_NAME_ADDR_PART_DISPLAY], display_name);
  sip_name_addr_part_set (&parts[SIP_NAME_ADDR_PART_URI], uri);
  sip_name_addr_part_set (&parts[SIP_NAME_ADDR_PART_TAG], tag);
  sip_name_addr_part_set (&parts[SIP_NAME_ADDR_PART_USER], user);
  sip_name_addr_part_set (&parts[SIP_NAME_ADDR_PART_HOST], host);

  return sip_name_addr_new_copy_parts (parts);
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

  return name_addr_new_from (display_name, uri, NULL);
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
  g_autofree char *display_name = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *tag = NULL;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!sip_convert_parse_name_addr (text, &display_name, &uri, &tag, error))
    return NULL;

  return name_addr_new_from (display_name, uri, tag);
}

/* For the conversion module: no checks, the stack parsed it already. */
SipNameAddr *
sip_name_addr_new_internal (const char *display_name,
                            const char *uri,
                            const char *tag)
{
  return name_addr_new_from (display_name, uri, tag);
}

/**
 * sip_name_addr_ref:
 * @self: a name-addr
 *
 * Takes a reference to @self.
 *
 * Returns: (transfer full): @self
 */
SipNameAddr *
sip_name_addr_ref (SipNameAddr *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

/**
 * sip_name_addr_unref:
 * @self: (transfer full): a name-addr
 *
 * Releases a reference to @self, and frees it when that was the last.
 */
void
sip_name_addr_unref (SipNameAddr *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release (self);
}

gboolean
sip_name_addr_set (SipNameAddr **slot,
                   SipNameAddr  *value)
{
  if (*slot == value)
    return FALSE;
  if (value != NULL)
    sip_name_addr_ref (value);
  g_clear_pointer (slot, sip_name_addr_unref);
  *slot = value;
  return TRUE;
}

/**
 * sip_name_addr_get_display_name:
 * @self: a name-addr
 *
 * Gets the display name, without quotes.
 *
 * Returns: (nullable): the display name
 */
const char *
sip_name_addr_get_display_name (SipNameAddr *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->display_name;
}

/**
 * sip_name_addr_get_uri:
 * @self: a name-addr
 *
 * Gets the URI, such as `sip:alice@example.org`.
 *
 * Returns: the URI
 */
const char *
sip_name_addr_get_uri (SipNameAddr *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->uri;
}

/**
 * sip_name_addr_get_user:
 * @self: a name-addr
 *
 * Gets the user part of the URI.
 *
 * Returns: (nullable): the user part of the URI
 */
const char *
sip_name_addr_get_user (SipNameAddr *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->user;
}

/**
 * sip_name_addr_get_host:
 * @self: a name-addr
 *
 * Gets the host part of the URI, with the port if it has one.
 *
 * Returns: (nullable): the host part of the URI
 */
const char *
sip_name_addr_get_host (SipNameAddr *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->host;
}

/**
 * sip_name_addr_get_tag:
 * @self: a name-addr
 *
 * Gets the `tag` parameter, which identifies one side of a dialog.
 *
 * Returns: (nullable): the tag
 */
const char *
sip_name_addr_get_tag (SipNameAddr *self)
{
  g_return_val_if_fail (self != NULL, NULL);
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

  g_return_val_if_fail (self != NULL, NULL);

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
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (other != NULL, FALSE);

  return g_strcmp0 (self->user, other->user) == 0 &&
         g_ascii_strcasecmp (self->host ? self->host : "",
                             other->host ? other->host : "") == 0 &&
         g_ascii_strncasecmp (self->uri, other->uri, 4) == 0;
}
