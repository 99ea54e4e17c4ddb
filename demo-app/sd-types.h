/* sd-types.h: enumerations of the demo softphone's model
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * SdTransport:
 * @SD_TRANSPORT_UDP: UDP
 * @SD_TRANSPORT_TCP: TCP
 * @SD_TRANSPORT_TLS: TLS over TCP
 *
 * How an account reaches its registrar and outbound proxy. The values
 * match the enum of the GSettings schema.
 */
typedef enum {
  SD_TRANSPORT_UDP,
  SD_TRANSPORT_TCP,
  SD_TRANSPORT_TLS,
} SdTransport;

/**
 * SdLineState:
 * @SD_LINE_STATE_OFFLINE: the line's user agent is not running
 * @SD_LINE_STATE_READY: running and reachable without a registration
 *   (the local line)
 * @SD_LINE_STATE_REGISTERING: running; a REGISTER is under way
 * @SD_LINE_STATE_REGISTERED: running and registered
 * @SD_LINE_STATE_FAILED: the line could not start or register; see
 *   its error message
 *
 * The state of an #SdLine, as shown next to an account.
 */
typedef enum {
  SD_LINE_STATE_OFFLINE,
  SD_LINE_STATE_READY,
  SD_LINE_STATE_REGISTERING,
  SD_LINE_STATE_REGISTERED,
  SD_LINE_STATE_FAILED,
} SdLineState;

/**
 * SdCallDirection:
 * @SD_CALL_DIRECTION_OUTGOING: placed by this side
 * @SD_CALL_DIRECTION_INCOMING: received
 */
typedef enum {
  SD_CALL_DIRECTION_OUTGOING,
  SD_CALL_DIRECTION_INCOMING,
} SdCallDirection;

/**
 * SdCallOutcome:
 * @SD_CALL_OUTCOME_ANSWERED: the call was established
 * @SD_CALL_OUTCOME_MISSED: an incoming call nobody answered
 * @SD_CALL_OUTCOME_DECLINED: declined by this side (incoming) or by the
 *   peer (outgoing)
 * @SD_CALL_OUTCOME_CANCELED: an outgoing call this side gave up before
 *   it was answered
 * @SD_CALL_OUTCOME_FAILED: the call failed (unreachable, busy, error)
 *
 * How a call of the history ended.
 */
typedef enum {
  SD_CALL_OUTCOME_ANSWERED,
  SD_CALL_OUTCOME_MISSED,
  SD_CALL_OUTCOME_DECLINED,
  SD_CALL_OUTCOME_CANCELED,
  SD_CALL_OUTCOME_FAILED,
} SdCallOutcome;

/**
 * SdChatMessageState:
 * @SD_CHAT_MESSAGE_STATE_SENT: sent; no final response yet
 * @SD_CHAT_MESSAGE_STATE_DELIVERED: accepted with a 2xx response
 * @SD_CHAT_MESSAGE_STATE_FAILED: refused or undeliverable; see the reason
 * @SD_CHAT_MESSAGE_STATE_RECEIVED: an incoming message
 *
 * The delivery state of a message of a conversation.
 */
typedef enum {
  SD_CHAT_MESSAGE_STATE_SENT,
  SD_CHAT_MESSAGE_STATE_DELIVERED,
  SD_CHAT_MESSAGE_STATE_FAILED,
  SD_CHAT_MESSAGE_STATE_RECEIVED,
} SdChatMessageState;

G_END_DECLS
