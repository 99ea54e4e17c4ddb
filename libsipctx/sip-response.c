/* sip-response.c
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "sip-message-private.h"

/**
 * SipResponse:
 *
 * A snapshot of a SIP response: one a client context received, or one a
 * server context sent.
 *
 * Every signal about a response carries one, such as
 * [signal@Sip.Context::accepted].
 */

struct _SipResponse
{
  SipMessage parent_instance;

  guint status_code;
  char *reason_phrase;
};

G_DEFINE_FINAL_TYPE (SipResponse, sip_response, SIP_TYPE_MESSAGE)

enum {
  PROP_0,
  PROP_STATUS_CODE,
  PROP_REASON_PHRASE,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

static void
sip_response_finalize (GObject *object)
{
  SipResponse *self = SIP_RESPONSE (object);

  g_free (self->reason_phrase);

  G_OBJECT_CLASS (sip_response_parent_class)->finalize (object);
}

static void
sip_response_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SipResponse *self = SIP_RESPONSE (object);

  switch (prop_id)
    {
    case PROP_STATUS_CODE:
      g_value_set_uint (value, self->status_code);
      break;
    case PROP_REASON_PHRASE:
      g_value_set_string (value, self->reason_phrase);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sip_response_class_init (SipResponseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sip_response_finalize;
  object_class->get_property = sip_response_get_property;

  /**
   * SipResponse:status-code:
   *
   * The status code, between 100 and 699.
   */
  props[PROP_STATUS_CODE] =
    g_param_spec_uint ("status-code", NULL, NULL, 0, 699, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * SipResponse:reason-phrase:
   *
   * The reason phrase of the status line.
   */
  props[PROP_REASON_PHRASE] =
    g_param_spec_string ("reason-phrase", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
sip_response_init (SipResponse *self)
{
}

SipResponse *
sip_response_new_internal (guint       status_code,
                           const char *reason_phrase)
{
  SipResponse *self = g_object_new (SIP_TYPE_RESPONSE, NULL);

  self->status_code = status_code;
  self->reason_phrase = g_strdup (reason_phrase ? reason_phrase : "");

  return self;
}

/**
 * sip_response_get_status_code:
 * @self: a response
 *
 * Gets [property@Sip.Response:status-code].
 *
 * Returns: the status code
 */
guint
sip_response_get_status_code (SipResponse *self)
{
  g_return_val_if_fail (SIP_IS_RESPONSE (self), 0);
  return self->status_code;
}

/**
 * sip_response_get_reason_phrase:
 * @self: a response
 *
 * Gets [property@Sip.Response:reason-phrase].
 *
 * Returns: the reason phrase
 */
const char *
sip_response_get_reason_phrase (SipResponse *self)
{
  g_return_val_if_fail (SIP_IS_RESPONSE (self), NULL);
  return self->reason_phrase;
}
