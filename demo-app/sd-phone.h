/* sd-phone.h: the softphone without its widgets
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <sipctx.h>

#include "sd-account-store.h"
#include "sd-conversation.h"
#include "sd-echo-peer.h"
#include "sd-history.h"
#include "sd-line.h"
#include "sd-secret-store.h"

G_BEGIN_DECLS

#define SD_TYPE_PHONE (sd_phone_get_type ())

G_DECLARE_FINAL_TYPE (SdPhone, sd_phone, SD, PHONE, GObject)

SdPhone             *sd_phone_new                (GSettings            *settings,
                                                  SdSecretStore        *secrets,
                                                  const char           *history_path);
gboolean             sd_phone_start              (SdPhone              *self,
                                                  GError              **error);
void                 sd_phone_shutdown_async     (SdPhone              *self,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean             sd_phone_shutdown_finish    (SdPhone              *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);

void                 sd_phone_set_account_bind_uri (SdPhone            *self,
                                                  const char           *bind_uri);
SdAccountStore      *sd_phone_get_accounts       (SdPhone              *self);
SdSecretStore       *sd_phone_get_secrets        (SdPhone              *self);
GListModel          *sd_phone_get_lines          (SdPhone              *self);
SdLine              *sd_phone_get_local_line     (SdPhone              *self);
SdLine              *sd_phone_get_line_for_account (SdPhone            *self,
                                                  SdAccount            *account);
SdLine              *sd_phone_get_outgoing_line  (SdPhone              *self);
SdEchoPeer          *sd_phone_get_echo_peer      (SdPhone              *self);
SdHistory           *sd_phone_get_history        (SdPhone              *self);
SdConversationStore *sd_phone_get_conversations  (SdPhone              *self);
GListModel          *sd_phone_get_contacts       (SdPhone              *self);
GListModel          *sd_phone_get_call_lists     (SdPhone              *self);
guint                sd_phone_get_n_calls        (SdPhone              *self);
SipInviteContext    *sd_phone_get_current_call   (SdPhone              *self);
void                 sd_phone_set_current_call   (SdPhone              *self,
                                                  SipInviteContext     *call);
SipInviteContext    *sd_phone_get_ringing_call   (SdPhone              *self);

char                *sd_phone_normalize_target   (SdPhone              *self,
                                                  const char           *text,
                                                  GError              **error);
const char          *sd_phone_get_call_id        (SdPhone              *self,
                                                  SipInviteContext     *call);
SipInviteContext    *sd_phone_find_call          (SdPhone              *self,
                                                  const char           *id);
const char          *sd_phone_get_call_peer_uri  (SdPhone              *self,
                                                  SipInviteContext     *call);
char                *sd_phone_dup_call_title     (SdPhone              *self,
                                                  SipInviteContext     *call);
char                *sd_phone_dup_peer_title     (SdPhone              *self,
                                                  const char           *peer_uri,
                                                  const char           *peer_name);

SipInviteContext    *sd_phone_call               (SdPhone              *self,
                                                  const char           *target,
                                                  GError              **error);
gboolean             sd_phone_answer             (SdPhone              *self,
                                                  SipInviteContext     *call,
                                                  GError              **error);
gboolean             sd_phone_decline            (SdPhone              *self,
                                                  SipInviteContext     *call,
                                                  GError              **error);
gboolean             sd_phone_hangup             (SdPhone              *self,
                                                  SipInviteContext     *call,
                                                  GError              **error);
gboolean             sd_phone_hold               (SdPhone              *self,
                                                  SipInviteContext     *call,
                                                  gboolean              hold,
                                                  GError              **error);
gboolean             sd_phone_transfer           (SdPhone              *self,
                                                  SipInviteContext     *call,
                                                  const char           *target,
                                                  GError              **error);
gboolean             sd_phone_send_dtmf          (SdPhone              *self,
                                                  SipInviteContext     *call,
                                                  const char           *tones,
                                                  GError              **error);
SdChatMessage       *sd_phone_send_message       (SdPhone              *self,
                                                  const char           *target,
                                                  const char           *text,
                                                  GError              **error);

gboolean             sd_phone_save_account       (SdPhone              *self,
                                                  SdAccount            *account,
                                                  const char           *password,
                                                  GError              **error);
void                 sd_phone_remove_account     (SdPhone              *self,
                                                  SdAccount            *account);

G_END_DECLS
