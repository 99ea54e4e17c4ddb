/* sip-i18n-private.h: the library's translatable messages
 *
 * The GError messages libsipctx gives to applications are meant for people,
 * so they are translated, in the libsipctx gettext domain. `_()` and `C_()`
 * here bind that domain on first use, whichever function of the library
 * comes first, as GLib's own glibintl.h does.
 *
 * A message built from pieces marks its pieces with NC_() at the call site
 * and translates them with C_() where the message is made; the contexts,
 * "failed action" (as in "Cannot %s: ...") and "checked item" (as in
 * "Empty %s"), keep these short words apart from the demo's.
 *
 * Only messages for people: not g_debug()/g_warning() (for developers) and
 * not SIP reason phrases on the wire.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib/gi18n-lib.h>

G_BEGIN_DECLS

const char *sip_gettext  (const char *msgid) G_GNUC_FORMAT (1);
const char *sip_pgettext (const char *context,
                          const char *msgid) G_GNUC_FORMAT (2);

G_END_DECLS

#undef _
#define _(String) sip_gettext (String)
#undef C_
#define C_(Context, String) sip_pgettext (Context, String)
