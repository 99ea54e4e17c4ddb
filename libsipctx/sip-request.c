/* sip-request.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sip-message-private.h"

/**
 * SipRequest:
 *
 * A snapshot of a SIP request: the one a client context sent, or the one a
 * server context received.
 *
 * See [property@Sip.Context:request].
 */

struct _SipRequest
{
  SipMessage parent_instance;

  char *request_uri;
};

G_DEFINE_FINAL_TYPE (SipRequest, sip_request, SIP_TYPE_MESSAGE)

enum {
  PROP_0,
  PROP_REQUEST_URI,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static void
sip_request_finalize (GObject *object)
{
  SipRequest *self = SIP_REQUEST (object);

  g_free (self->request_uri);

  G_OBJECT_CLASS (sip_request_parent_class)->finalize (object);
}

static void
sip_request_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  SipRequest *self = SIP_REQUEST (object);

  switch (prop_id)
    {
    case PROP_REQUEST_URI:
      g_value_set_string (value, sip_request_get_request_uri (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sip_request_class_init (SipRequestClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sip_request_finalize;
  object_class->get_property = sip_request_get_property;

  /**
   * SipRequest:request-uri:
   *
   * The Request-URI of the request line.
   */
  props[PROP_REQUEST_URI] =
    g_param_spec_string ("request-uri", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
sip_request_init (SipRequest *self)
{
}

SipRequest *
sip_request_new_internal (const char *method,
                          const char *request_uri)
{
  SipRequest *self = g_object_new (SIP_TYPE_REQUEST, NULL);

  sip_message_get_data (SIP_MESSAGE (self))->method = g_strdup (method);
  self->request_uri = g_strdup (request_uri);

  return self;
}

/**
 * sip_request_get_request_uri:
 * @self: a request
 *
 * Gets [property@Sip.Request:request-uri].
 *
 * Returns: the Request-URI
 */
const char *
sip_request_get_request_uri (SipRequest *self)
{
  char *uri;

  g_return_val_if_fail (SIP_IS_REQUEST (self), NULL);

  uri = g_atomic_pointer_get (&self->request_uri);
  if (uri == NULL)
    {
      /* A request the stack received: encoded when first asked for. */
      uri = sip_lazy_install ((gpointer *) &self->request_uri,
                              sip_message_dup_request_uri (SIP_MESSAGE (self)), g_free);
    }
  return uri;
}
