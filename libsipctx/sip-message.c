/* sip-message.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sip-message-private.h"

#include <string.h>

/**
 * SipMessage:
 *
 * What SIP requests and responses have in common: Call-ID, CSeq, From, To,
 * headers and a body.
 *
 * A `SipMessage` is an immutable snapshot, taken when the message was sent
 * or received; it stays valid as long as you hold a reference, whatever
 * happens to the context it came from. The concrete types are
 * [class@Sip.Request] and [class@Sip.Response].
 *
 * Not to be confused with the MESSAGE method: a MESSAGE request is
 * carried by a [iface@Sip.MessageContext].
 */

typedef struct
{
  SipMessageData data;
} SipMessagePrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (SipMessage, sip_message, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CALL_ID,
  PROP_CSEQ,
  PROP_METHOD,
  PROP_FROM,
  PROP_TO,
  PROP_BODY,
  PROP_CONTENT_TYPE,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

#define FIELD_NAME(data, field)  ((data)->header_text->str + (field)->name)
#define FIELD_VALUE(data, field) ((data)->header_text->str + (field)->value)

static void
sip_message_dispose (GObject *object)
{
  SipMessageData *data = sip_message_get_data (SIP_MESSAGE (object));

  g_clear_object (&data->from);
  g_clear_object (&data->to);

  G_OBJECT_CLASS (sip_message_parent_class)->dispose (object);
}

static void
sip_message_finalize (GObject *object)
{
  SipMessageData *data = sip_message_get_data (SIP_MESSAGE (object));

  g_free (data->call_id);
  g_free (data->method);
  g_clear_pointer (&data->headers, g_array_unref);
  if (data->header_text)
    g_string_free (g_steal_pointer (&data->header_text), TRUE);
  g_clear_pointer (&data->body, g_bytes_unref);
  g_free (data->body_text);
  g_free (data->content_type);

  G_OBJECT_CLASS (sip_message_parent_class)->finalize (object);
}

static void
sip_message_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  SipMessage *self = SIP_MESSAGE (object);
  SipMessageData *data = sip_message_get_data (self);

  switch (prop_id)
    {
    case PROP_CALL_ID:
      g_value_set_string (value, data->call_id);
      break;
    case PROP_CSEQ:
      g_value_set_uint (value, data->cseq);
      break;
    case PROP_METHOD:
      g_value_set_string (value, data->method);
      break;
    case PROP_FROM:
      g_value_set_object (value, data->from);
      break;
    case PROP_TO:
      g_value_set_object (value, data->to);
      break;
    case PROP_BODY:
      g_value_set_boxed (value, data->body);
      break;
    case PROP_CONTENT_TYPE:
      g_value_set_string (value, data->content_type);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sip_message_class_init (SipMessageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sip_message_dispose;
  object_class->finalize = sip_message_finalize;
  object_class->get_property = sip_message_get_property;

  /**
   * SipMessage:call-id:
   *
   * The Call-ID of the message.
   */
  props[PROP_CALL_ID] =
    g_param_spec_string ("call-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * SipMessage:cseq:
   *
   * The sequence number of the CSeq header, or 0 where it is not known yet
   * (a request a client context is about to send).
   */
  props[PROP_CSEQ] =
    g_param_spec_uint ("cseq", NULL, NULL, 0, G_MAXUINT32, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * SipMessage:method:
   *
   * The method: of the request line for a request, of the CSeq header for
   * a response.
   */
  props[PROP_METHOD] =
    g_param_spec_string ("method", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * SipMessage:from:
   *
   * The From header.
   */
  props[PROP_FROM] =
    g_param_spec_object ("from", NULL, NULL, SIP_TYPE_NAME_ADDR,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * SipMessage:to:
   *
   * The To header.
   */
  props[PROP_TO] =
    g_param_spec_object ("to", NULL, NULL, SIP_TYPE_NAME_ADDR,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * SipMessage:body:
   *
   * The body, or %NULL if the message has none.
   */
  props[PROP_BODY] =
    g_param_spec_boxed ("body", NULL, NULL, G_TYPE_BYTES,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * SipMessage:content-type:
   *
   * The media type of the body, without parameters, such as `text/plain`,
   * or %NULL.
   */
  props[PROP_CONTENT_TYPE] =
    g_param_spec_string ("content-type", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
sip_message_init (SipMessage *self)
{
  /* data->headers is made with the first header: many responses have
   * none. */
}

SipMessageData *
sip_message_get_data (SipMessage *self)
{
  SipMessagePrivate *priv = sip_message_get_instance_private (self);

  return &priv->data;
}

void
sip_message_add_header (SipMessage *self,
                        const char *name,
                        const char *value)
{
  SipMessageData *data = sip_message_get_data (self);
  SipHeaderField field;

  if (data->header_text == NULL)
    {
      data->header_text = g_string_sized_new (256);
      data->headers = g_array_sized_new (FALSE, FALSE, sizeof (SipHeaderField), 16);
    }
  field.name = data->header_text->len;
  g_string_append_len (data->header_text, name, strlen (name) + 1);
  field.value = data->header_text->len;
  g_string_append_len (data->header_text, value, strlen (value) + 1);
  g_array_append_val (data->headers, field);
}

/* Gives back what the block of headers reserved for growth: a snapshot
 * is complete, and a held call keeps its INVITE's. */
void
sip_message_trim (SipMessage *self)
{
  GString *text = sip_message_get_data (self)->header_text;

  if (text != NULL && text->allocated_len > text->len + 1)
    {
      text->str = g_realloc (text->str, text->len + 1);
      text->allocated_len = text->len + 1;
    }
}

/* Records what the options put on the wire: their extra headers (already
 * checked to be one "Name: value" line each), their body and its type. */
void
sip_message_add_options (SipMessage *self,
                         SipOptions *options,
                         const char *default_content_type)
{
  SipMessageData *data = sip_message_get_data (self);
  const char * const *headers;
  GBytes *body;

  if (options == NULL)
    return;

  headers = sip_options_get_extra_headers (options);
  for (guint i = 0; headers && headers[i]; i++)
    {
      const char *colon = strchr (headers[i], ':');
      g_autofree char *name = g_strndup (headers[i], colon - headers[i]);
      g_autofree char *value = g_strdup (colon + 1);

      sip_message_add_header (self, g_strstrip (name), g_strstrip (value));
    }

  body = sip_options_get_body (options);
  if (body)
    {
      const char *content_type = sip_options_get_content_type (options);

      data->body = g_bytes_ref (body);
      data->content_type = g_strdup (content_type ? content_type : default_content_type);
    }
}

/**
 * sip_message_get_call_id:
 * @self: a message
 *
 * Gets [property@Sip.Message:call-id].
 *
 * Returns: (nullable): the Call-ID
 */
const char *
sip_message_get_call_id (SipMessage *self)
{
  g_return_val_if_fail (SIP_IS_MESSAGE (self), NULL);
  return sip_message_get_data (self)->call_id;
}

/**
 * sip_message_get_cseq:
 * @self: a message
 *
 * Gets [property@Sip.Message:cseq].
 *
 * Returns: the CSeq number, or 0 if not known
 */
guint32
sip_message_get_cseq (SipMessage *self)
{
  g_return_val_if_fail (SIP_IS_MESSAGE (self), 0);
  return sip_message_get_data (self)->cseq;
}

/**
 * sip_message_get_method:
 * @self: a message
 *
 * Gets [property@Sip.Message:method].
 *
 * Returns: (nullable): the method name
 */
const char *
sip_message_get_method (SipMessage *self)
{
  g_return_val_if_fail (SIP_IS_MESSAGE (self), NULL);
  return sip_message_get_data (self)->method;
}

/**
 * sip_message_get_from:
 * @self: a message
 *
 * Gets [property@Sip.Message:from].
 *
 * Returns: (transfer none) (nullable): the From address
 */
SipNameAddr *
sip_message_get_from (SipMessage *self)
{
  g_return_val_if_fail (SIP_IS_MESSAGE (self), NULL);
  return sip_message_get_data (self)->from;
}

/**
 * sip_message_get_to:
 * @self: a message
 *
 * Gets [property@Sip.Message:to].
 *
 * Returns: (transfer none) (nullable): the To address
 */
SipNameAddr *
sip_message_get_to (SipMessage *self)
{
  g_return_val_if_fail (SIP_IS_MESSAGE (self), NULL);
  return sip_message_get_data (self)->to;
}

/**
 * sip_message_get_header:
 * @self: a message
 * @name: a header name, compared without regard to case
 *
 * Gets the first value of the header @name. Compact forms are expanded:
 * ask for `From`, not `f`.
 *
 * Returns: (nullable): the first value of the header, or %NULL if the
 *   message has no such header
 */
const char *
sip_message_get_header (SipMessage *self,
                        const char *name)
{
  SipMessageData *data;
  GArray *headers;

  g_return_val_if_fail (SIP_IS_MESSAGE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  data = sip_message_get_data (self);
  headers = data->headers;
  for (guint i = 0; headers && i < headers->len; i++)
    {
      SipHeaderField *field = &g_array_index (headers, SipHeaderField, i);

      if (g_ascii_strcasecmp (FIELD_NAME (data, field), name) == 0)
        return FIELD_VALUE (data, field);
    }

  return NULL;
}

/**
 * sip_message_get_header_values:
 * @self: a message
 * @name: a header name, compared without regard to case
 *
 * Gets every value of the header @name, in the order of the message. A
 * header with several comma-separated values, such as Via, gives one entry
 * for each.
 *
 * Returns: (transfer full) (array zero-terminated=1): the values; an empty
 *   array if there are none
 */
char **
sip_message_get_header_values (SipMessage *self,
                               const char *name)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  SipMessageData *data;
  GArray *headers;

  g_return_val_if_fail (SIP_IS_MESSAGE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  data = sip_message_get_data (self);
  headers = data->headers;
  for (guint i = 0; headers && i < headers->len; i++)
    {
      SipHeaderField *field = &g_array_index (headers, SipHeaderField, i);

      if (g_ascii_strcasecmp (FIELD_NAME (data, field), name) == 0)
        g_strv_builder_add (builder, FIELD_VALUE (data, field));
    }

  return g_strv_builder_end (builder);
}

/**
 * sip_message_get_header_names:
 * @self: a message
 *
 * Gets the names of the headers of the message, each once, in the order in
 * which they first appear.
 *
 * Returns: (transfer full) (array zero-terminated=1): the header names
 */
char **
sip_message_get_header_names (SipMessage *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = NULL;
  SipMessageData *data;
  GArray *headers;

  g_return_val_if_fail (SIP_IS_MESSAGE (self), NULL);

  seen = g_hash_table_new (g_str_hash, g_str_equal);
  data = sip_message_get_data (self);
  headers = data->headers;
  for (guint i = 0; headers && i < headers->len; i++)
    {
      SipHeaderField *field = &g_array_index (headers, SipHeaderField, i);

      if (g_hash_table_add (seen, FIELD_NAME (data, field)))
        g_strv_builder_add (builder, FIELD_NAME (data, field));
    }

  return g_strv_builder_end (builder);
}

/**
 * sip_message_get_body:
 * @self: a message
 *
 * Gets [property@Sip.Message:body].
 *
 * Returns: (transfer none) (nullable): the body
 */
GBytes *
sip_message_get_body (SipMessage *self)
{
  g_return_val_if_fail (SIP_IS_MESSAGE (self), NULL);
  return sip_message_get_data (self)->body;
}

/**
 * sip_message_get_body_text:
 * @self: a message
 *
 * Gets the body as text.
 *
 * Returns: (nullable): the body as a nul-terminated UTF-8 string, or %NULL
 *   if there is no body or it is not valid UTF-8
 */
const char *
sip_message_get_body_text (SipMessage *self)
{
  SipMessageData *data;

  g_return_val_if_fail (SIP_IS_MESSAGE (self), NULL);

  data = sip_message_get_data (self);
  if (!data->body_text_done && data->body)
    {
      gsize len;
      const char *bytes = g_bytes_get_data (data->body, &len);

      if (g_utf8_validate_len (bytes, len, NULL))
        data->body_text = g_strndup (bytes, len);
    }
  data->body_text_done = TRUE;

  return data->body_text;
}

/**
 * sip_message_get_content_type:
 * @self: a message
 *
 * Gets [property@Sip.Message:content-type].
 *
 * Returns: (nullable): the content type
 */
const char *
sip_message_get_content_type (SipMessage *self)
{
  g_return_val_if_fail (SIP_IS_MESSAGE (self), NULL);
  return sip_message_get_data (self)->content_type;
}
