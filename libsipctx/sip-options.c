/* sip-options.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sipctx.h"

#include <string.h>

/**
 * SipOptions:
 *
 * What every request and response can carry beyond its status or method:
 * extra headers and a body.
 *
 * The concrete types are [class@Sip.RequestOptions] and
 * [class@Sip.ReplyOptions]. Options are checked when they are used: a
 * header that is not exactly one `Name: value` line fails the operation
 * with %SIP_ERROR_INVALID_ARGUMENT and nothing is sent.
 *
 * Not to be confused with the OPTIONS method.
 */

typedef struct
{
  GStrv   extra_headers;
  GBytes *body;
  char   *content_type;
} SipOptionsPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (SipOptions, sip_options, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_EXTRA_HEADERS,
  PROP_BODY,
  PROP_CONTENT_TYPE,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static void
sip_options_finalize (GObject *object)
{
  SipOptionsPrivate *priv = sip_options_get_instance_private (SIP_OPTIONS (object));

  g_strfreev (priv->extra_headers);
  g_clear_pointer (&priv->body, g_bytes_unref);
  g_free (priv->content_type);

  G_OBJECT_CLASS (sip_options_parent_class)->finalize (object);
}

static void
sip_options_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  SipOptions *self = SIP_OPTIONS (object);

  switch (prop_id)
    {
    case PROP_EXTRA_HEADERS:
      g_value_set_boxed (value, sip_options_get_extra_headers (self));
      break;
    case PROP_BODY:
      g_value_set_boxed (value, sip_options_get_body (self));
      break;
    case PROP_CONTENT_TYPE:
      g_value_set_string (value, sip_options_get_content_type (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sip_options_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  SipOptions *self = SIP_OPTIONS (object);

  switch (prop_id)
    {
    case PROP_EXTRA_HEADERS:
      sip_options_set_extra_headers (self, g_value_get_boxed (value));
      break;
    case PROP_BODY:
      sip_options_set_body (self, g_value_get_boxed (value));
      break;
    case PROP_CONTENT_TYPE:
      sip_options_set_content_type (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sip_options_class_init (SipOptionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sip_options_finalize;
  object_class->get_property = sip_options_get_property;
  object_class->set_property = sip_options_set_property;

  /**
   * SipOptions:extra-headers:
   *
   * Extra headers, each a single `Name: value` line without CR or LF.
   */
  props[PROP_EXTRA_HEADERS] =
    g_param_spec_boxed ("extra-headers", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SipOptions:body:
   *
   * The body, or %NULL for none.
   */
  props[PROP_BODY] =
    g_param_spec_boxed ("body", NULL, NULL, G_TYPE_BYTES,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * SipOptions:content-type:
   *
   * The media type of [property@Sip.Options:body], such as `text/plain`.
   * When it is %NULL and there is a body, the context picks the type that
   * fits the method.
   */
  props[PROP_CONTENT_TYPE] =
    g_param_spec_string ("content-type", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
sip_options_init (SipOptions *self)
{
}

/**
 * sip_options_get_extra_headers:
 * @self: options
 *
 * Gets [property@Sip.Options:extra-headers].
 *
 * Returns: (nullable) (transfer none) (array zero-terminated=1): the extra
 *   headers
 */
const char * const *
sip_options_get_extra_headers (SipOptions *self)
{
  SipOptionsPrivate *priv;

  g_return_val_if_fail (SIP_IS_OPTIONS (self), NULL);

  priv = sip_options_get_instance_private (self);
  return (const char * const *) priv->extra_headers;
}

static gboolean
strv_equal0 (const char * const *a,
             const char * const *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return g_strv_equal (a, b);
}

/**
 * sip_options_set_extra_headers:
 * @self: options
 * @headers: (nullable) (array zero-terminated=1): headers such as
 *   `X-Priority: 1`, or %NULL for none
 *
 * Sets [property@Sip.Options:extra-headers].
 */
void
sip_options_set_extra_headers (SipOptions         *self,
                               const char * const *headers)
{
  SipOptionsPrivate *priv;

  g_return_if_fail (SIP_IS_OPTIONS (self));

  priv = sip_options_get_instance_private (self);
  if (strv_equal0 ((const char * const *) priv->extra_headers, headers))
    return;

  g_strfreev (priv->extra_headers);
  priv->extra_headers = g_strdupv ((char **) headers);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_EXTRA_HEADERS]);
}

/**
 * sip_options_add_extra_header:
 * @self: options
 * @header: a header such as `X-Priority: 1`
 *
 * Appends one header to [property@Sip.Options:extra-headers].
 */
void
sip_options_add_extra_header (SipOptions *self,
                              const char *header)
{
  SipOptionsPrivate *priv;
  guint len;

  g_return_if_fail (SIP_IS_OPTIONS (self));
  g_return_if_fail (header != NULL);

  priv = sip_options_get_instance_private (self);
  len = priv->extra_headers ? g_strv_length (priv->extra_headers) : 0;
  priv->extra_headers = g_renew (char *, priv->extra_headers, len + 2);
  priv->extra_headers[len] = g_strdup (header);
  priv->extra_headers[len + 1] = NULL;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_EXTRA_HEADERS]);
}

/**
 * sip_options_get_body:
 * @self: options
 *
 * Gets [property@Sip.Options:body].
 *
 * Returns: (transfer none) (nullable): the body
 */
GBytes *
sip_options_get_body (SipOptions *self)
{
  SipOptionsPrivate *priv;

  g_return_val_if_fail (SIP_IS_OPTIONS (self), NULL);

  priv = sip_options_get_instance_private (self);
  return priv->body;
}

/**
 * sip_options_set_body:
 * @self: options
 * @body: (nullable): the body, or %NULL for none
 *
 * Sets [property@Sip.Options:body].
 */
void
sip_options_set_body (SipOptions *self,
                      GBytes     *body)
{
  SipOptionsPrivate *priv;

  g_return_if_fail (SIP_IS_OPTIONS (self));

  priv = sip_options_get_instance_private (self);
  if (priv->body == body ||
      (priv->body && body && g_bytes_equal (priv->body, body)))
    return;

  g_clear_pointer (&priv->body, g_bytes_unref);
  priv->body = body ? g_bytes_ref (body) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_BODY]);
}

/**
 * sip_options_set_body_text:
 * @self: options
 * @text: (nullable): the body as text, or %NULL for none
 *
 * Sets [property@Sip.Options:body] to @text, without its nul terminator.
 */
void
sip_options_set_body_text (SipOptions *self,
                           const char *text)
{
  g_autoptr(GBytes) body = NULL;

  g_return_if_fail (SIP_IS_OPTIONS (self));

  if (text)
    body = g_bytes_new (text, strlen (text));
  sip_options_set_body (self, body);
}

/**
 * sip_options_get_content_type:
 * @self: options
 *
 * Gets [property@Sip.Options:content-type].
 *
 * Returns: (nullable): the content type
 */
const char *
sip_options_get_content_type (SipOptions *self)
{
  SipOptionsPrivate *priv;

  g_return_val_if_fail (SIP_IS_OPTIONS (self), NULL);

  priv = sip_options_get_instance_private (self);
  return priv->content_type;
}

/**
 * sip_options_set_content_type:
 * @self: options
 * @content_type: (nullable): a media type such as `text/plain`
 *
 * Sets [property@Sip.Options:content-type].
 */
void
sip_options_set_content_type (SipOptions *self,
                              const char *content_type)
{
  SipOptionsPrivate *priv;

  g_return_if_fail (SIP_IS_OPTIONS (self));

  priv = sip_options_get_instance_private (self);
  if (g_strcmp0 (priv->content_type, content_type) == 0)
    return;

  g_free (priv->content_type);
  priv->content_type = g_strdup (content_type);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_CONTENT_TYPE]);
}
