/* sip-message.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sip-message-private.h"
#include "sip-convert-private.h"

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

#define FIELD_NAME(headers, field)  ((headers)->text->str + (field)->name)
#define FIELD_VALUE(headers, field) ((headers)->text->str + (field)->value)

static void
sip_message_dispose (GObject *object)
{
  SipMessageData *data = sip_message_get_data (SIP_MESSAGE (object));

  g_clear_pointer (&data->from, sip_name_addr_unref);
  g_clear_pointer (&data->to, sip_name_addr_unref);
  g_clear_object (&data->request);

  G_OBJECT_CLASS (sip_message_parent_class)->dispose (object);
}

static void
sip_message_finalize (GObject *object)
{
  SipMessageData *data = sip_message_get_data (SIP_MESSAGE (object));

  g_clear_pointer (&data->msg, msg_destroy);
  g_free (data->call_id);
  g_free (data->method);
  g_clear_pointer (&data->headers, sip_headers_free);
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

  switch (prop_id)
    {
    case PROP_CALL_ID:
      g_value_set_string (value, sip_message_get_call_id (self));
      break;
    case PROP_CSEQ:
      g_value_set_uint (value, sip_message_get_cseq (self));
      break;
    case PROP_METHOD:
      g_value_set_string (value, sip_message_get_method (self));
      break;
    case PROP_FROM:
      g_value_set_boxed (value, sip_message_get_from (self));
      break;
    case PROP_TO:
      g_value_set_boxed (value, sip_message_get_to (self));
      break;
    case PROP_BODY:
      g_value_set_boxed (value, sip_message_get_body (self));
      break;
    case PROP_CONTENT_TYPE:
      g_value_set_string (value, sip_message_get_content_type (self));
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
    g_param_spec_boxed ("from", NULL, NULL, SIP_TYPE_NAME_ADDR,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * SipMessage:to:
   *
   * The To header.
   */
  props[PROP_TO] =
    g_param_spec_boxed ("to", NULL, NULL, SIP_TYPE_NAME_ADDR,
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
sip_message_set_msg (SipMessage *self,
                     msg_t      *msg)
{
  SipMessageData *data = sip_message_get_data (self);

  g_assert (data->msg == NULL);

  /* The snapshot may be dropped on another thread than the stack's: its
   * reference count must then be safe to change from both. */
  su_home_threadsafe (msg_home (msg));
  data->msg = msg_ref_create (msg);
  data->sip = sip_object (msg);
}

void
sip_message_set_request (SipMessage *self,
                         SipMessage *request)
{
  sip_message_get_data (self)->request = g_object_ref (request);
}

char *
sip_message_dup_request_uri (SipMessage *self)
{
  const sip_t *sip = sip_message_get_data (self)->sip;

  if (sip == NULL || sip->sip_request == NULL)
    return NULL;
  return sip_convert_url (sip->sip_request->rq_url);
}

void
sip_message_prime (SipMessage  *self,
                   SipNameAddr *from,
                   SipNameAddr *to,
                   char        *body_text)
{
  SipMessageData *data = sip_message_get_data (self);

  g_assert (data->from == NULL && data->to == NULL && !data->body_text_done);

  data->from = from ? sip_name_addr_ref (from) : NULL;
  data->to = to ? sip_name_addr_ref (to) : NULL;
  if (body_text != NULL)
    {
      data->body_text = body_text;
      data->body_text_done = TRUE;
    }
}

char *
sip_message_text_of (const sip_t *sip)
{
  const sip_payload_t *payload = sip->sip_payload;

  if (payload == NULL || payload->pl_len == 0 ||
      !g_utf8_validate_len (payload->pl_data, payload->pl_len, NULL))
    return NULL;
  return g_strndup (payload->pl_data, payload->pl_len);
}

gpointer
sip_lazy_install (gpointer       *slot,
                  gpointer        value,
                  GDestroyNotify  free_func)
{
  if (value != NULL && !g_atomic_pointer_compare_and_exchange (slot, NULL, value))
    {
      free_func (value);
      value = g_atomic_pointer_get (slot);
    }
  return value;
}

SipHeaders *
sip_headers_new (void)
{
  SipHeaders *headers = g_new (SipHeaders, 1);

  headers->text = g_string_sized_new (256);
  headers->fields = g_array_sized_new (FALSE, FALSE, sizeof (SipHeaderField), 16);
  return headers;
}

void
sip_headers_add (SipHeaders *headers,
                 const char *name,
                 const char *value)
{
  SipHeaderField field;

  field.name = headers->text->len;
  g_string_append_len (headers->text, name, strlen (name) + 1);
  field.value = headers->text->len;
  g_string_append_len (headers->text, value, strlen (value) + 1);
  g_array_append_val (headers->fields, field);
}

/* Gives back what the block of headers reserved for growth: a snapshot
 * is complete, and a held call keeps its INVITE's. */
void
sip_headers_trim (SipHeaders *headers)
{
  GString *text = headers->text;

  if (text->allocated_len > text->len + 1)
    {
      text->str = g_realloc (text->str, text->len + 1);
      text->allocated_len = text->len + 1;
    }
}

void
sip_headers_free (SipHeaders *headers)
{
  g_array_unref (headers->fields);
  g_string_free (headers->text, TRUE);
  g_free (headers);
}

void
sip_message_add_header (SipMessage *self,
                        const char *name,
                        const char *value)
{
  SipMessageData *data = sip_message_get_data (self);

  if (data->headers == NULL)
    data->headers = sip_headers_new ();
  sip_headers_add (data->headers, name, value);
}

void
sip_message_trim (SipMessage *self)
{
  SipMessageData *data = sip_message_get_data (self);

  if (data->headers != NULL)
    sip_headers_trim (data->headers);
}

static SipHeaders *
get_headers (SipMessage *self)
{
  SipMessageData *data = sip_message_get_data (self);
  SipHeaders *headers = g_atomic_pointer_get (&data->headers);

  if (headers == NULL && data->sip != NULL)
    headers = sip_lazy_install ((gpointer *) &data->headers, sip_convert_headers (data->sip),
                       (GDestroyNotify) sip_headers_free);
  return headers;
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

static SipNameAddr *
get_name_addr (SipMessageData    *data,
               SipNameAddr      **slot,
               const sip_addr_t  *addr)
{
  SipNameAddr *value = g_atomic_pointer_get (slot);

  if (value == NULL && addr != NULL)
    value = sip_lazy_install ((gpointer *) slot, sip_convert_name_addr (addr),
                              (GDestroyNotify) sip_name_addr_unref);
  return value;
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
  SipMessageData *data;

  g_return_val_if_fail (SIP_IS_MESSAGE (self), NULL);

  data = sip_message_get_data (self);
  if (data->sip != NULL)
    return data->sip->sip_call_id ? data->sip->sip_call_id->i_id : NULL;
  if (data->request != NULL)
    return sip_message_get_call_id (data->request);
  return data->call_id;
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
  SipMessageData *data;

  g_return_val_if_fail (SIP_IS_MESSAGE (self), 0);

  data = sip_message_get_data (self);
  if (data->sip != NULL)
    return data->sip->sip_cseq ? data->sip->sip_cseq->cs_seq : 0;
  if (data->request != NULL)
    return sip_message_get_cseq (data->request);
  return data->cseq;
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
  SipMessageData *data;

  g_return_val_if_fail (SIP_IS_MESSAGE (self), NULL);

  data = sip_message_get_data (self);
  if (data->sip != NULL)
    return data->sip->sip_request ? data->sip->sip_request->rq_method_name
           : data->sip->sip_cseq ? data->sip->sip_cseq->cs_method_name : NULL;
  if (data->request != NULL)
    return sip_message_get_method (data->request);
  return data->method;
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
  SipMessageData *data;

  g_return_val_if_fail (SIP_IS_MESSAGE (self), NULL);

  data = sip_message_get_data (self);
  if (data->request != NULL)
    return sip_message_get_from (data->request);
  return get_name_addr (data, &data->from, data->sip ? data->sip->sip_from : NULL);
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
  SipMessageData *data;

  g_return_val_if_fail (SIP_IS_MESSAGE (self), NULL);

  data = sip_message_get_data (self);
  if (data->request != NULL)
    return sip_message_get_to (data->request);
  return get_name_addr (data, &data->to, data->sip ? data->sip->sip_to : NULL);
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
  SipHeaders *headers;

  g_return_val_if_fail (SIP_IS_MESSAGE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  headers = get_headers (self);
  for (guint i = 0; headers && i < headers->fields->len; i++)
    {
      SipHeaderField *field = &g_array_index (headers->fields, SipHeaderField, i);

      if (g_ascii_strcasecmp (FIELD_NAME (headers, field), name) == 0)
        return FIELD_VALUE (headers, field);
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
  SipHeaders *headers;

  g_return_val_if_fail (SIP_IS_MESSAGE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  headers = get_headers (self);
  for (guint i = 0; headers && i < headers->fields->len; i++)
    {
      SipHeaderField *field = &g_array_index (headers->fields, SipHeaderField, i);

      if (g_ascii_strcasecmp (FIELD_NAME (headers, field), name) == 0)
        g_strv_builder_add (builder, FIELD_VALUE (headers, field));
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
  SipHeaders *headers;

  g_return_val_if_fail (SIP_IS_MESSAGE (self), NULL);

  seen = g_hash_table_new (g_str_hash, g_str_equal);
  headers = get_headers (self);
  for (guint i = 0; headers && i < headers->fields->len; i++)
    {
      SipHeaderField *field = &g_array_index (headers->fields, SipHeaderField, i);

      if (g_hash_table_add (seen, FIELD_NAME (headers, field)))
        g_strv_builder_add (builder, FIELD_NAME (headers, field));
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
  SipMessageData *data;
  GBytes *body;

  g_return_val_if_fail (SIP_IS_MESSAGE (self), NULL);

  data = sip_message_get_data (self);
  body = g_atomic_pointer_get (&data->body);
  if (body == NULL && data->sip != NULL &&
      data->sip->sip_payload != NULL && data->sip->sip_payload->pl_len > 0)
    body = sip_lazy_install ((gpointer *) &data->body,
                    g_bytes_new (data->sip->sip_payload->pl_data, data->sip->sip_payload->pl_len),
                    (GDestroyNotify) g_bytes_unref);
  return body;
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
  const char *bytes = NULL;
  gsize len = 0;
  GBytes *body;

  g_return_val_if_fail (SIP_IS_MESSAGE (self), NULL);

  data = sip_message_get_data (self);
  if (g_atomic_int_get (&data->body_text_done))
    return g_atomic_pointer_get (&data->body_text);

  /* A text read from the stack's message needs no GBytes on the way. */
  if (data->sip != NULL)
    sip_lazy_install ((gpointer *) &data->body_text, sip_message_text_of (data->sip), g_free);
  else if ((body = sip_message_get_body (self)) != NULL)
    {
      bytes = g_bytes_get_data (body, &len);
      if (g_utf8_validate_len (bytes, len, NULL))
        sip_lazy_install ((gpointer *) &data->body_text, g_strndup (bytes, len), g_free);
    }
  g_atomic_int_set (&data->body_text_done, TRUE);

  return g_atomic_pointer_get (&data->body_text);
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
  SipMessageData *data;

  g_return_val_if_fail (SIP_IS_MESSAGE (self), NULL);

  data = sip_message_get_data (self);
  if (data->sip != NULL)
    return data->sip->sip_content_type ? data->sip->sip_content_type->c_type : NULL;
  return data->content_type;
}
