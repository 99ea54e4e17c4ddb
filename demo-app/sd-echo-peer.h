/* sd-echo-peer.h: the built-in peer that answers, echoes and replies
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <sipctx.h>

G_BEGIN_DECLS

#define SD_ECHO_PEER_ADDRESS "sip:echo@localhost"

#define SD_TYPE_ECHO_PEER (sd_echo_peer_get_type ())

G_DECLARE_FINAL_TYPE (SdEchoPeer, sd_echo_peer, SD, ECHO_PEER, GObject)

SdEchoPeer   *sd_echo_peer_new            (void);
gboolean      sd_echo_peer_start          (SdEchoPeer           *self,
                                           GError              **error);
void          sd_echo_peer_stop_async     (SdEchoPeer           *self,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean      sd_echo_peer_stop_finish    (SdEchoPeer           *self,
                                           GAsyncResult         *result,
                                           GError              **error);
SipUserAgent *sd_echo_peer_get_user_agent (SdEchoPeer           *self);
const char   *sd_echo_peer_get_route_uri  (SdEchoPeer           *self);
guint         sd_echo_peer_get_ring_time  (SdEchoPeer           *self);
void          sd_echo_peer_set_ring_time  (SdEchoPeer           *self,
                                           guint                 ring_time_ms);
gboolean      sd_echo_peer_is_echo_uri    (SdEchoPeer           *self,
                                           const char           *uri);

char         *sd_reply_target_for_request (SipRequest           *request);

G_END_DECLS
